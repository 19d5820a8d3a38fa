"""Finding links in plain text: candidate tokens, where a link ends, which bare hosts count."""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable

from transforms.links.classify import _describe_url
from transforms.links.hosts import CCTLD_EXCLUDE, FUZZY_TLDS
from transforms.links.normalise import _MAX_HOST_CHARS, _clean_host, _registered_domain_of_host, _split_host
from transforms.records import Link

# Characters that always end a link (besides whitespace).
_STOP_CHARS = (
    "<>`|\\^"
    "\u201c\u201d\u201e\u201f\u2018\u2019\u201a\u201b\u00ab\u00bb\u2039\u203a"  # curly quotes, guillemets
    "\u2026\u2013\u2014"  # ellipsis, en and em dash
    "\u3001\u3002\u300c\u300d\u300e\u300f\u3010\u3011"  # CJK punctuation
    "\uff08\uff09\uff0c\uff1a\uff1b\uff01\uff1f\uff5c\uff1c\uff1e"  # full-width ( ) , : ; ! ? | < >
)
_STOP_SET = frozenset(_STOP_CHARS)
_STOP = re.escape(_STOP_CHARS)
_PATH = rf"[^\s{_STOP}]"
_TAIL = rf"(?:[/?#]{_PATH}*)?"
_LABEL = r"[^\W_]+(?:-+[^\W_]+)*"
_TLD = r"(?:[^\W\d_]{2,63}|xn--[a-z0-9-]{1,59})"
_HOST = rf"(?:{_LABEL}\.)+{_TLD}(?![\w-]|\.[^\W_]|@)"
_PORT = r"(?::\d+(?![\w.]))?"
# Anything that can stand in an authority (userinfo@host:port) after '//'; validated later.
_AUTHORITY = rf"(?:[^\s{_STOP}/?#()\[\]'\"{{}}]+|\[[0-9a-f:.]+\](?::\d{{1,5}})?)"
_OCTET = r"(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)"
# A quote mark only as a pair around a piece of the local part (test."foo".bar@...): a lone one
# (a"b@example.com) is text around the address, not part of it.
_LOCAL = r"""[\w+\-&=$%](?:(?:[\w.+\-&=$%']|"[\w.+\-&=$%']{0,62}"){0,62}(?<=[\w+\-&=$%"]))?"""
_NOT_GLUED = r"(?<![\w@.\-/\\#$%&=+~])"

_ALTERNATIVES = {
    # a URL with a scheme, or protocol-relative '//host' at the start of a word
    "scheme": rf"\b(?:https?|ftp)://{_AUTHORITY}{_TAIL}",
    "neutral": rf"(?<![^\s(\[{{<>\"'*])//{_AUTHORITY}{_TAIL}",
    # email, with or without mailto:
    "email": rf"(?<![\w.+\-&=$%@/:])(?:mailto:(?P<mlocal>{_LOCAL})@(?P<mhost>[^\W_]+(?:[.-][^\W_]+)*)"
    rf"|(?P<elocal>{_LOCAL})@(?P<ehost>{_HOST}))",
    # www. host without a scheme
    "www": rf"{_NOT_GLUED}www\d{{0,3}}\.(?P<whost>{_HOST}){_PORT}{_TAIL}",
    # IPv4 without a scheme
    "ip": rf"{_NOT_GLUED}{_OCTET}(?:\.{_OCTET}){{3}}(?![\w-]|\.[^\W_]|@){_PORT}{_TAIL}",
    # bare host, path optional
    "bare": rf"{_NOT_GLUED}(?P<host>{_HOST})(?P<port>{_PORT})(?P<path>{_TAIL})",
}


def _compile(names: Iterable[str]) -> re.Pattern[str]:
    return re.compile("|".join(f"(?P<{name}>{_ALTERNATIVES[name]})" for name in names), re.IGNORECASE)


_CANDIDATE = _compile(["scheme", "neutral", "www", "ip", "bare"])
_CANDIDATE_AT = _compile(["scheme", "neutral", "email", "www", "ip", "bare"])  # tokens holding '@'

# Every link but '//localhost' and 'mailto:a@b' has one of these: a dot before a TLD (two
# letters or more) or the first dot of an IPv4 address. Both start with the literal '.', so
# re's fast literal scan still applies; 'e.g.', 'U.S.', '3.5%', 'Nov.23' are never anchors.
_ANCHOR = re.compile(r"\.(?:[^\W\d_]{2}|\d{1,3}\.\d{1,3}\.\d)")
_TOKEN_END = re.compile(rf"[\s{_STOP}]")
_TRAIL_PUNCT = frozenset(".,;:!?*")
_BRACKETS = {")": "(", "]": "[", "}": "{"}


def _cut_unpaired_double_quote(url: str) -> str:
    """End the link before a '"' that no later '"' closes (``/a"b"`` stays, ``/a"b`` -> ``/a``)."""
    at = url.find('"')
    while at != -1:
        close = url.find('"', at + 1)
        if close == -1:
            return url[:at]
        at = url.find('"', close + 1)
    return url


def _trim(url: str) -> str:
    """Strip trailing punctuation, unbalanced closing brackets and unpaired quotes."""
    if '"' in url:
        url = _cut_unpaired_double_quote(url)
    while url:
        last = url[-1]
        if last in _TRAIL_PUNCT:
            url = url[:-1]
        elif last in _BRACKETS and url.count(_BRACKETS[last]) < url.count(last):
            url = url[:-1]
        elif (last == '"' or last == "'") and url.count(last) % 2:
            url = url[:-1]
        else:
            break
    return url


@functools.lru_cache(maxsize=65536)
def _fuzzy_tld_ok(tld: str, suffix: str) -> bool:
    if "." in suffix or tld in FUZZY_TLDS:
        return True
    return len(tld) == 2 and tld.isascii() and tld not in CCTLD_EXCLUDE


def _bare_host_ok(host: str, has_path: bool) -> bool:
    if len(host) > _MAX_HOST_CHARS:
        return False
    tld = host[host.rfind(".") + 1 :]
    if not tld.islower() and not (has_path and host.isupper()):
        return False
    domain, suffix = _split_host(host.lower())
    if not domain or not suffix:
        return False
    return has_path or _fuzzy_tld_ok(tld.lower(), suffix)


def _bare_host_prefix(host: str) -> str | None:
    """Longest leading part of a path-less bare host that is acceptable, or None."""
    labels = host[: _MAX_HOST_CHARS + 1].split(".")
    for n in range(len(labels) - 1, 1, -1):
        candidate = ".".join(labels[:n])
        if _bare_host_ok(candidate, False):
            return candidate
    return None


def _port_ok(port: str) -> bool:
    """``':8080'`` or ``''``: a port in range."""
    return not port or int(port[1:]) <= 65535


def _scan(body: str, links: list[Link], has_at: bool) -> None:
    # Trying _CANDIDATE at every position of the body is slow, so jump between anchors that
    # every link contains -- a '.' followed by a letter or digit, '//', or 'mailto:' -- found
    # with separate searches (an alternation would lose re's fast literal scan), and run
    # _CANDIDATE only over the whitespace-delimited token around each anchor.
    n = len(body)
    dot_search = _ANCHOR.search
    token_end_search = _TOKEN_END.search
    pos = 0
    next_dot = next_slashes = -1
    next_mailto = -1 if has_at else n
    if "//" not in body:
        next_slashes = n
    while True:
        if next_dot < pos:
            m = dot_search(body, pos)
            next_dot = n if m is None else m.start()
        if next_slashes < pos:
            next_slashes = body.find("//", pos)
            if next_slashes == -1:
                next_slashes = n
        if next_mailto < pos:
            next_mailto = _find_mailto(body, pos)
        anchor = min(next_dot, next_slashes, next_mailto)
        if anchor >= n:
            return
        start = anchor
        while start > pos and body[start - 1] not in _STOP_SET and not body[start - 1].isspace():
            start -= 1
        m = token_end_search(body, anchor + 1)
        pos = n if m is None else m.start()
        _links_in_token(body, start, pos, links, has_at and "@" in body[start:pos])


def _find_mailto(body: str, pos: int) -> int:
    """Start of the next 'mailto:' (any case) at or after pos, or len(body)."""
    best = len(body)
    colon = body.find(":", pos)
    while colon != -1 and colon < best:
        if colon - 6 >= pos and body[colon - 6 : colon].lower() == "mailto":
            return colon - 6
        colon = body.find(":", colon + 1)
    return best


def _links_in_token(body: str, start: int, end: int, links: list[Link], with_email: bool) -> None:
    candidate = _CANDIDATE_AT if with_email else _CANDIDATE
    for m in candidate.finditer(body, start, end):
        at = m.start()
        group = m.lastgroup
        link: Link | None
        if group == "bare":
            host = m.group("host")
            port = m.group("port")
            if not _port_ok(port):
                continue
            if m.group("path") or port:
                url = _trim(m.group())
                if not _bare_host_ok(host, True):
                    continue
            elif _bare_host_ok(host, False):
                url = host
            else:
                prefix = _bare_host_prefix(host)
                if prefix is None:
                    continue
                url = prefix
            link = _describe(url, at)
        elif group == "email":
            link = _describe_email(m, at)
        else:
            if group == "www":
                whost = m.group("whost")
                if len(whost) > _MAX_HOST_CHARS:
                    continue
                domain, suffix = _split_host(whost.lower())
                if not domain or not suffix:
                    continue
            elif group == "neutral":
                text = m.group()
                host = text[2:].split("/", 1)[0].split("?", 1)[0].split("#", 1)[0].rsplit("@", 1)[-1]
                if "." not in host and host.lower().split(":", 1)[0] != "localhost":
                    continue
            url = _trim(m.group())
            link = _describe(url, at)
        if link is not None:
            links.append(link)


def _describe(url: str, start: int) -> Link | None:
    described = _describe_url(url)
    if described is None:
        return None
    url_normalized, host, domain, kind = described
    return Link(url, start, start + len(url), url_normalized, domain, kind, host, "body", kind == "shortener")


def _describe_email(m: re.Match[str], start: int) -> Link | None:
    local = m.group("elocal")
    host = m.group("ehost")
    if local is None:  # mailto:
        local, host = m.group("mlocal"), m.group("mhost")
    elif len(host) > _MAX_HOST_CHARS:
        return None
    else:
        domain, suffix = _split_host(host.lower())
        if not domain or not suffix:
            return None
    url = m.group()
    try:
        clean = _clean_host(host)
    except (ValueError, UnicodeError):  # pragma: no cover - decode_punycode is lenient
        clean = host.lower()
    return Link(
        url, start, start + len(url), f"mailto:{local}@{clean}", _registered_domain_of_host(clean), "email", clean, "body", False
    )

