"""Find the links in an article body (plain text) and in the furniture the cleaner removed.

Pure functions: no Prefect, no network or database I/O. The public suffix list comes from
tldextract's bundled snapshot only (see :func:`_extractor`); the host lists that decide a
link's kind live in ``transforms/data/link_hosts.toml`` (read once, at import).

Two entry points:

* :func:`extract_links` -- links in the body, ``place='body'``, with offsets such that
  ``body[start_char:end_char] == url``;
* :func:`extract_furniture_links` -- links in the feed/blog furniture lines the cleaner
  removed (``from ZeroHedge News https://ift.tt/...``, a lone shortlink line, an
  ``Authored by X via Site.example`` opener), with ``start_char = end_char = None`` since
  they are no longer in the body, and ``place`` saying where they were (:data:`LINK_PLACES`).

What counts as a link (the behaviour follows linkify-it and its fixture files)
----------------------------------------------------------------------------
* ``http://``, ``https://`` and ``ftp://`` URLs, scheme case-insensitive, and ``//host``
  (protocol-relative) when ``//`` starts a word. Any syntactically valid host is accepted
  after a scheme: ``localhost``, single labels (``http://intranet``), IPv4 and ``[IPv6]``
  literals, IDNs (``http://bücher.example``) and punycode; ``user:password@`` and a port
  (0-65535) may come before it. A label may not start or end with ``-`` or ``_``
  (``http://-example.com`` and ``http://example.com_`` are not links); ``//host`` needs
  a dot in the host or ``localhost``.
* ``www.``-prefixed hosts without a scheme (``www.example.com/page``) whose host ends in a
  public suffix.
* IPv4 addresses without a scheme (``192.0.2.1/status``, ``4.4.4.4``): four octets of
  0-255, not glued to other digits, letters or dots (``1.2.3.4.5``, ``1.2.3.400`` fail).
* Bare hosts without a scheme (``statistics.gov.uk/releases``, ``pic.twitter.com/abc``,
  ``example.com``). Because prose is full of dotted tokens, a bare host must pass all of:

  - it is not glued to the text before it (not preceded by a letter, digit, ``_ @ . - / \\ # $ % & = + ~``);
  - every label is letters/digits/hyphens and the last label (the TLD) is letters only, at
    least two of them, so decimals (``3.14``), versions (``v1.2.3``), ``foo.123`` and
    abbreviations (``U.S.``, ``e.g.``) never match;
  - the TLD is written in lower case (``Amazon.com`` is fine, ``end.Next`` is a missing
    space, ``ASP.NET`` a product name), except that an all-capitals host followed by a path
    is accepted (``BIT.LY/ABC``);
  - the host ends in a suffix on the public suffix list, so ``image.jpg``, ``node.js``,
    ``example.coma`` and ``report.pdf`` fail;
  - with no path after it, the TLD must also be in :data:`FUZZY_TLDS`, be a two-letter
    country code not in the data file's ``cctld_exclude`` list, or the public suffix must
    have two or more labels (``co.uk``). This keeps ``hello.world``, ``setup.py``,
    ``it.is``, ``archive.zip`` out of bare prose; the same hosts count with a path.
  - a ``:port`` after it must be 0-65535 (``example.com:500000`` is no link at all).

  When a bare host fails only because of trailing labels (``see example.com.Then we``), the
  longest valid leading part is kept (``example.com``).
* Email addresses, ``kind='email'``: ``press@example.com``, ``a.b+tag@example.co.uk``,
  ``grå@grå.org`` (the domain needs a public suffix), and ``mailto:`` links, whose domain
  may be anything (``mailto:foo@bar``). ``url`` is as written, with ``mailto:`` if it had it.
* ``@handles``, ``kind='mention'``, only inside embedded social posts: the signature line
  ``— Display Name (@handle) Month D, YYYY`` (em/en dash or one or two hyphens) and the line
  right before it (the post's text). ``@someone`` in ordinary prose is not reported: in news
  copy a bare ``@`` is as often a price, a time or a fragment of an address as a handle.
  The embed format is Twitter's, so ``url_normalized`` is ``https://twitter.com/<handle>``
  (lower-cased) and ``host``/``domain`` are ``twitter.com``.
* ``.example`` (reserved for documentation, used by this project's samples) counts as a
  public suffix: see ``reserved_suffixes`` in the data file.

Where a link ends (as linkify-it does)
--------------------------------------
Whitespace, ``< > ` | \\ ^``, curly quotes, guillemets, ``…``, en/em dashes, CJK and
full-width punctuation (``｜`` ``、`` ``。``) always end a link. Then trailing
``. , ; : ! ? *`` are stripped, and so is a trailing ``)``, ``]`` or ``}`` when it is
unbalanced within the link, and a trailing ``'`` when the link holds an odd number of them
(``https://en.wikipedia.org/wiki/Foo_(bar)`` and ``http://example.com/blah_'quoted'`` keep
theirs; ``(see https://example.com/a)`` and ``'https://example.com/a'`` lose them). A ``"``
only stays in a path when a later ``"`` closes it (``/blah_"quoted"``); otherwise the link
ends before it. A host never contains ``( ) [ ] { } ' "``.

Differences from linkify-it (agreement on its fixture files: 154/157, as linkify-it-py)
-------------------------------------------------------------------------------------
Bare hosts need a real public suffix (``node.js``, ``setup.py``, ``it.is`` and ``ASP.NET``
are not links; ``hello.world/page`` is), a pictograph is not a host label (``➡.ws``), ``--``
is allowed inside a label, ``…`` and backticks end a link, IPv6 literals and IDN emails are
found, and ``@handles`` are only taken from embedded social posts.

Fields of :class:`~transforms.records.Link`
-------------------------------------------
* ``url``: exactly as written; for body links ``body[start_char:end_char] == url``.
* ``start_char``/``end_char``: Python string offsets into the body; None when ``place`` is
  not ``'body'``.
* ``url_normalized``: :func:`normalize_url` (host comes out as Unicode since courlan decodes
  punycode; path and query stay percent-encoded ASCII); ``mailto:local@host`` for an email;
  ``https://twitter.com/<handle>`` for a mention; None when it cannot be normalised.
* ``host``: the lower-cased host, IDN decoded, ``www.`` kept (``pic.twitter.com``); the
  domain part of an email; ``twitter.com`` for a mention.
* ``domain``: :func:`registered_domain` (eTLD+1, ICANN section of the PSL only, so
  ``someone.blogspot.com`` -> ``blogspot.com``; None for IP addresses and ``localhost``).
* ``kind``: one of :data:`LINK_KINDS`. ``email`` and ``mention`` by what matched; otherwise
  ``shortener`` (host on the shortener list), else ``image``/``video``/``document`` by the
  file extension of the last path segment, else the most specific host entry of the image,
  video, document and social lists (``pic.twitter.com`` -> image, ``twitter.com`` -> social,
  ``youtube.com/watch`` -> video), else ``other``. See ``transforms/data/link_hosts.toml``.
* ``place``: one of :data:`LINK_PLACES`.
* ``is_shortlink``: the host is a URL shortener (``kind == 'shortener'``). Shortlinks cannot
  be expanded offline; a run that can expand them should add a column, never rewrite ``url``.
"""

from __future__ import annotations

import functools
import ipaddress
import re
from collections.abc import Iterable, Sequence
from pathlib import Path
from urllib.parse import SplitResult, quote, urlsplit

from courlan import normalize_url as _courlan_normalize
from courlan.clean import decode_punycode

from transforms.lexicon import Lexicon
from transforms.records import Link

__all__ = [
    "DOCUMENT_EXTENSIONS",
    "FUZZY_TLDS",
    "IMAGE_EXTENSIONS",
    "LINK_KINDS",
    "LINK_PLACES",
    "RESERVED_SUFFIXES",
    "SHORTENER_HOSTS",
    "TRACKING_PARAMS",
    "VIDEO_EXTENSIONS",
    "extract_furniture_links",
    "extract_links",
    "link_kind",
    "normalize_url",
    "registered_domain",
]

LINK_KINDS: tuple[str, ...] = ("shortener", "social", "image", "video", "document", "email", "mention", "other")
LINK_PLACES: tuple[str, ...] = ("body", "header", "footer", "source")

# --------------------------------------------------------------------------- data file
DATA_FILE = Path(__file__).resolve().parent / "data" / "link_hosts.toml"
_LEX = Lexicon(DATA_FILE)


def _host_entries(kind: str) -> dict[str, dict[str, str]]:
    """{host: {path prefix ('' for any): kind}} from one section's ``hosts`` list."""
    table: dict[str, dict[str, str]] = {}
    for entry in _LEX.words(f"{kind}.hosts"):
        host, _, path = entry.strip().lower().partition("/")
        table.setdefault(host, {})["/" + path if path else ""] = kind
    return table


SHORTENER_HOSTS: frozenset[str] = frozenset(h.lower() for h in _LEX.words("shortener.hosts"))
IMAGE_EXTENSIONS: frozenset[str] = frozenset(_LEX.words("image.extensions"))
VIDEO_EXTENSIONS: frozenset[str] = frozenset(_LEX.words("video.extensions"))
DOCUMENT_EXTENSIONS: frozenset[str] = frozenset(_LEX.words("document.extensions"))
_EXTENSION_KIND: dict[str, str] = {
    **{e: "document" for e in DOCUMENT_EXTENSIONS},
    **{e: "video" for e in VIDEO_EXTENSIONS},
    **{e: "image" for e in IMAGE_EXTENSIONS},
}
# Host entries of the classifying lists; a later list never overrides an entry of an earlier one.
_HOST_KIND: dict[str, dict[str, str]] = {}
for _kind_name in ("image", "video", "document", "social"):
    for _host, _paths in _host_entries(_kind_name).items():
        for _prefix, _k in _paths.items():
            _HOST_KIND.setdefault(_host, {}).setdefault(_prefix, _k)
# Path prefixes longest first, so /watch/live is tried before /watch.
_HOST_KIND_ORDERED: dict[str, tuple[tuple[str, str], ...]] = {
    host: tuple(sorted(paths.items(), key=lambda item: -len(item[0]))) for host, paths in _HOST_KIND.items()
}

FUZZY_TLDS: frozenset[str] = frozenset(_LEX.words("fuzzy.tlds"))
_CCTLD_EXCLUDE: frozenset[str] = frozenset(_LEX.words("fuzzy.cctld_exclude"))
RESERVED_SUFFIXES: tuple[str, ...] = tuple(_LEX.words("fuzzy.reserved_suffixes"))
TRACKING_PARAMS: frozenset[str] = frozenset(p.lower() for p in _LEX.words("tracking.params"))
_TRACKING_PREFIXES: tuple[str, ...] = tuple(p.lower() for p in _LEX.words("tracking.prefixes"))

# --------------------------------------------------------------------------- regex
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
_LOCAL = r"[\w+\-&=$%](?:[\w.+\-&=$%'\"]{0,62}[\w+\-&=$%\"])?"
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
_HAS_SCHEME = re.compile(r"[a-z][a-z0-9+.\-]*://", re.IGNORECASE)
_OTHER_SCHEME = re.compile(r"[a-z][a-z0-9+.\-]*:(?!\d)", re.IGNORECASE)
# A host as urlsplit returns it: no whitespace and no ASCII punctuation but '-', '.', '_';
# any other non-ASCII character is allowed, since courlan decodes punycode to Unicode. No label
# may start or end with '-' or '_'.
_VALID_HOST = re.compile(
    r"(?![.\-_])(?!.*(?:\.\.|[\-_]\.|\.[\-_]))(?!.*[\-_]$)[^\s\x00-\x2c/:;<=>?@\[\\\]^`{|}~\x7f]+"
)
_MAX_HOST_CHARS = 253  # longest DNS name
_TRAIL_PUNCT = frozenset(".,;:!?*")
_BRACKETS = {")": "(", "]": "[", "}": "{"}
_DEFAULT_PORTS = {"http": 80, "https": 443, "ftp": 21}

# Embedded social posts: the signature line and the mentions in it and in the line before.
_MONTH = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?"
_SIGNATURE = re.compile(
    rf"[ \t]*(?:[\u2014\u2013]|-{{1,2}})[ \t]*[^\n]{{0,100}}?\(@[A-Za-z0-9_]{{1,15}}\)[ \t]+{_MONTH}[ \t]+\d{{1,2}},[ \t]+\d{{4}}[ \t]*",
    re.IGNORECASE,
)
_MENTION = re.compile(r"(?<![\w@.+\-&=$%/:])@([A-Za-z0-9_]{1,15})(?![\w@]|\.[^\W_])")
_MENTION_SITE = "twitter.com"


# --------------------------------------------------------------------------- tldextract
@functools.cache
def _extractor():
    """The one tldextract instance, built on first use from the bundled PSL snapshot.

    ``suffix_list_urls=()`` means no download is ever attempted (an explicit value also
    overrides ``TLDEXTRACT_PUBLIC_SUFFIX_LIST_URLS``) and ``cache_dir=None`` disables the
    on-disk cache (no reads or writes under ``~/.cache`` or ``TLDEXTRACT_CACHE``).
    """
    import tldextract

    return tldextract.TLDExtract(
        suffix_list_urls=(),
        cache_dir=None,
        fallback_to_snapshot=True,
        include_psl_private_domains=False,
        extra_suffixes=RESERVED_SUFFIXES,
    )


@functools.lru_cache(maxsize=65536)
def _split_host(host: str) -> tuple[str, str]:
    """(registrable label, public suffix) of a lower-cased host; '' where absent."""
    result = _extractor().extract_str(host)
    return result.domain, result.suffix


def _clean_host(host: str) -> str:
    return decode_punycode(host.lower().rstrip("."))


def registered_domain(host_or_url: str) -> str | None:
    """The registered domain (eTLD+1) of a host or URL, lower-cased, IDNs decoded.

    ``'https://Forums.BBC.co.uk:443/x'`` -> ``'bbc.co.uk'``; ``'localhost'``, IP addresses and
    hosts without a public suffix -> None.
    """
    text = host_or_url.strip()
    if not text:
        return None
    if "/" in text or "@" in text or ":" in text or "?" in text or "#" in text:
        try:
            host = urlsplit(text if _HAS_SCHEME.match(text) else "//" + text.lstrip("/")).hostname
        except ValueError:
            return None
        if not host:
            return None
    else:
        host = text
    return _registered_domain_of_host(_clean_host(host))


@functools.lru_cache(maxsize=65536)
def _registered_domain_of_host(host: str) -> str | None:
    if not host or ":" in host or len(host) > _MAX_HOST_CHARS:  # empty, IPv6 or not a DNS name
        return None
    domain, suffix = _split_host(host)
    if not domain or not suffix:
        return None
    return f"{domain}.{suffix}"


# --------------------------------------------------------------------------- normalisation
def _split(url: str) -> SplitResult | None:
    """urlsplit with ``https://`` added when there is no scheme; None if unusable."""
    if not _HAS_SCHEME.match(url):
        if _OTHER_SCHEME.match(url):  # mailto:, javascript:, ... (but not host:port)
            return None
        url = "https://" + url.lstrip("/")
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - raises ValueError for a non-numeric or out-of-range port
    except ValueError:
        return None
    host = parts.hostname
    if not host:
        return None
    if ":" in host:  # IPv6 literal, brackets already removed by urlsplit
        try:
            ipaddress.IPv6Address(host.split("%", 1)[0])
        except ValueError:
            return None
    elif not _VALID_HOST.fullmatch(host):
        return None
    return parts


def _clean_query(query: str) -> str:
    kept = []
    for piece in query.split("&"):
        if not piece:
            continue
        key = piece.split("=", 1)[0].lower()
        if key in TRACKING_PARAMS or key.startswith(_TRACKING_PREFIXES):
            continue
        kept.append(quote(piece, safe="=%/:?@!$'()*+,;~"))
    kept.sort(key=lambda p: p.split("=", 1)[0])
    return "&".join(kept)


def _normalize_parts(parts: SplitResult) -> str | None:
    scheme = parts.scheme.lower()
    if scheme not in _DEFAULT_PORTS:
        return None
    netloc = parts.netloc
    if scheme == "ftp" and parts.port == 21:  # courlan only knows http(s) default ports
        netloc = netloc.rsplit(":", 1)[0]
    try:
        # courlan: lower-cases scheme and host, decodes punycode, drops :80/:443 defaults,
        # collapses '//' in the path, drops leading '/..', percent-encodes the path.
        base = _courlan_normalize(SplitResult(scheme, netloc, parts.path, "", ""))
    except (ValueError, UnicodeError):
        return None
    if "/" not in base[len(scheme) + 3 :]:
        base += "/"  # empty path == '/' (RFC 3986 6.2.3)
    query = _clean_query(parts.query)
    return f"{base}?{query}" if query else base


def normalize_url(url: str) -> str | None:
    """Canonical form of a URL for grouping and joining; None if it cannot be normalised.

    ``https://`` is added when there is no scheme; scheme and host are lower-cased and
    punycode is decoded (courlan); default ports (:80, :443, :21 for ftp) are dropped; the
    path is percent-encoded and ``//`` collapsed (courlan); an empty path becomes ``/``;
    the fragment is dropped; tracking parameters (``utm_*``, ``fbclid``, ``gclid``, ...,
    see :data:`TRACKING_PARAMS`) are dropped and the remaining parameters sorted by name.
    Only http, https and ftp URLs are normalised. Idempotent:
    ``normalize_url(normalize_url(u)) == normalize_url(u)``.
    """
    url = url.strip()
    if not url:
        return None
    parts = _split(url)
    return None if parts is None else _normalize_parts(parts)


# --------------------------------------------------------------------------- kinds
@functools.lru_cache(maxsize=65536)
def _host_kind_entries(host: str) -> tuple[bool, tuple[tuple[str, str], ...]]:
    """(is a shortener, host-list entries that apply to host, most specific first)."""
    labels = host.split(".")
    candidates = [".".join(labels[i:]) for i in range(len(labels) - 1)]  # most specific first
    if any(candidate in SHORTENER_HOSTS for candidate in candidates):
        return True, ()
    entries: list[tuple[str, str]] = []
    for candidate in candidates:
        entries.extend(_HOST_KIND_ORDERED.get(candidate, ()))
    return False, tuple(entries)


def _kind(host: str, path: str) -> str:
    """Kind of a web link from its cleaned host and path (see the data file for the order)."""
    is_shortener, entries = _host_kind_entries(host)
    if is_shortener:
        return "shortener"
    slash = path.rfind("/")
    dot = path.rfind(".")
    if dot > slash:
        kind = _EXTENSION_KIND.get(path[dot + 1 :].lower())
        if kind is not None:
            return kind
    for prefix, kind in entries:
        if not prefix or path == prefix or path.startswith(prefix + "/"):
            return kind
    return "other"


def link_kind(url: str) -> str:
    """The :data:`LINK_KINDS` value for a URL (with or without scheme), an email or a handle."""
    url = url.strip()
    if url.startswith("@"):
        return "mention"
    if url.lower().startswith("mailto:") or ("@" in url and "/" not in url and ":" not in url):
        return "email"
    parts = _split(url)
    if parts is None:
        return "other"
    return _kind(_clean_host(parts.hostname or ""), parts.path)


# --------------------------------------------------------------------------- extraction
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
    return len(tld) == 2 and tld.isascii() and tld not in _CCTLD_EXCLUDE


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


def extract_links(body: str) -> list[Link]:
    """Every link, email and (in embedded social posts) @mention in a plain-text body,
    in order of appearance, ``place='body'``. See the module docs."""
    links: list[Link] = []
    has_at = "@" in body
    if "." in body or "//" in body or has_at:
        _scan(body, links, has_at)
    if has_at and "(@" in body:
        mentions = _mentions(body, links)
        if mentions:
            links = sorted(links + mentions, key=lambda link: link.start_char)
    return links


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
                url = _bare_host_prefix(host)
                if url is None:
                    continue
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


# URLs whose normal form needs no parser: http(s) or no scheme, an ASCII host of
# letters/digits/hyphens (no punycode, port or userinfo), and a path made only of characters
# that courlan's percent-encoding keeps as they are, with no '//' and no leading '/..'. For
# them courlan.normalize_url would only lower-case the scheme and host; the general path
# (:func:`_split` + :func:`_normalize_parts`) is used for everything else.
_SIMPLE_URL = re.compile(
    r"(?:(?P<scheme>https?)://)?(?P<host>[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)+)"
    r"(?P<path>(?:/[A-Za-z0-9_.~!=:,%-]*)*)(?:\?(?P<query>[^#]*))?(?:#.*)?",
    re.IGNORECASE | re.DOTALL,
)


@functools.lru_cache(maxsize=16384)
def _describe_url(url: str) -> tuple[str | None, str, str | None, str] | None:
    """(url_normalized, host, domain, kind) of a link as written; None if it has no usable host.

    Cached: feeds repeat the same footer, shortlink and social URLs across many posts.
    """
    simple = _SIMPLE_URL.fullmatch(url)
    if simple is not None:
        path = simple.group("path")
        host = simple.group("host").lower()
        if "//" not in path and not path.startswith("/..") and "xn--" not in host and len(host) <= _MAX_HOST_CHARS:
            scheme = (simple.group("scheme") or "https").lower()
            query = _clean_query(simple.group("query") or "")
            normalized = f"{scheme}://{host}{path or '/'}"
            if query:
                normalized = f"{normalized}?{query}"
            return normalized, host, _registered_domain_of_host(host), _kind(host, path)
    parts = _split(url)
    if parts is None:
        return None
    host = _clean_host(parts.hostname)
    domain = _registered_domain_of_host(host)
    return _normalize_parts(parts), host, domain, _kind(host, parts.path)


def _describe_url_slow(url: str) -> tuple[str | None, str, str | None, str] | None:
    """:func:`_describe_url` without the fast path (tests compare the two)."""
    parts = _split(url)
    if parts is None:
        return None
    host = _clean_host(parts.hostname)
    return _normalize_parts(parts), host, _registered_domain_of_host(host), _kind(host, parts.path)


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


def _mentions(body: str, links: list[Link]) -> list[Link]:
    """@handles in embedded social posts: the signature line and the line before it."""
    spans: list[tuple[int, int]] = []
    hit = body.find("(@")
    while hit != -1:
        line_start = body.rfind("\n", 0, hit) + 1
        line_end = body.find("\n", hit)
        if line_end == -1:
            line_end = len(body)
        if _SIGNATURE.fullmatch(body, line_start, line_end):
            previous = body.rfind("\n", 0, line_start - 1) + 1 if line_start > 0 else 0
            if spans and spans[-1][1] >= previous:
                spans[-1] = (spans[-1][0], line_end)
            else:
                spans.append((previous, line_end))
        hit = body.find("(@", line_end)
    if not spans:
        return []
    taken = [(link.start_char, link.end_char) for link in links]
    found: list[Link] = []
    for span_start, span_end in spans:
        for m in _MENTION.finditer(body, span_start, span_end):
            s, e = m.span()
            if any(ts < e and s < te for ts, te in taken):  # part of a URL or an email
                continue
            handle = m.group(1)
            found.append(
                Link(m.group(), s, e, f"https://{_MENTION_SITE}/{handle.lower()}", _MENTION_SITE, "mention", _MENTION_SITE, "body", False)
            )
    return found


# --------------------------------------------------------------------------- furniture
def extract_furniture_links(lines: Sequence[tuple[str, str, str]]) -> list[Link]:
    """Links in furniture lines the cleaner removed, in the order given.

    ``lines`` holds ``(rule_name, where, text)`` for each removed line, ``where`` being the
    rule's ``'header'`` or ``'footer'`` (``transforms.clean.furniture.Rule.where``). Each link
    has ``start_char = end_char = None`` and ``place``:

    * ``'source'`` for links in a ``from_feed`` line (``from ZeroHedge News https://ift.tt/…``:
      the feed's link to the original article);
    * ``'header'`` for links in a header line (``Authored by X via Site.example,``);
    * ``'footer'`` for every other footer line (a lone shortlink line, ``The post … appeared
      first on …``, ``Continue reading at example.com/…``).

    Mentions are not looked for (furniture is never an embedded post). Never raises.
    """
    found: list[Link] = []
    for rule_name, where, text in lines:
        if not text:
            continue
        place = "source" if rule_name == "from_feed" else "header" if where == "header" else "footer"
        for link in extract_links(text):
            if link.kind == "mention":
                continue
            found.append(
                Link(link.url, None, None, link.url_normalized, link.domain, link.kind, link.host, place, link.is_shortlink)
            )
    return found
