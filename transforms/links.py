"""Find the links in an article body (plain text) and describe each one.

Pure functions: no Prefect, no file, network or database I/O. The public suffix list
comes from tldextract's bundled snapshot only (see :func:`_extractor`).

What counts as a link
---------------------
* ``http://``, ``https://`` and ``ftp://`` URLs (scheme matched case-insensitively).
  Any syntactically valid host is accepted after a scheme, including ``localhost`` and IP
  addresses (their ``domain`` is None).
* ``www.``-prefixed hosts without a scheme (``www.example.com/page``), when the rest of the
  host ends in a public suffix.
* Bare hosts without a scheme (``statistics.gov.uk/releases``, ``bit.ly/3xYz12``,
  ``pic.twitter.com/abc``, ``example.com``). Because prose is full of dotted tokens, a bare
  host must pass all of:

  - it is not glued to the text before it (not preceded by a letter, digit, ``@ . - / \\ # $ % & = + ~``);
  - every label is letters/digits/hyphens and the last label (the TLD) is letters only, at
    least two of them, so decimals (``3.14``), versions (``v1.2.3``) and abbreviations
    (``U.S.``, ``e.g.``, ``p.m.``) never match;
  - the TLD is written in lower case (``Amazon.com`` is fine, ``end.Next`` is a missing space),
    except that an all-capitals host followed by a path is accepted (``BIT.LY/ABC``);
  - the host ends in a suffix on the public suffix list, so ``report.pdf`` or ``app.js`` fail;
  - with no path after it, the TLD must also be in :data:`WELL_KNOWN_TLDS` or the public
    suffix must have two or more labels (``co.uk``, ``gov.au``). This keeps real-but-wordy TLDs
    out of bare prose (``hello.world``, ``setup.py``, ``it.is``, ``archive.zip``); the same
    hosts are accepted when a path follows (``hello.world/page``).

  When a bare host fails only because of trailing labels (``see example.com.Then we``), the
  longest valid leading part is kept (``example.com``).
* Email addresses are skipped, not reported: ``press@example.com`` and ``a.b@c.org`` yield
  nothing, and neither do ``@handles``.
* ``.example`` (reserved for documentation, used by this project's samples) counts as a
  public suffix and a well-known TLD: see :data:`RESERVED_SUFFIXES`.
* Hosts longer than 253 characters are not DNS names: never a bare/``www.`` link, and
  ``domain`` is None for them.
* Every link contains a ``.`` or ``://``; a body with neither returns ``[]`` immediately.

Where a link ends (as linkify-it / GitHub autolinks do)
-------------------------------------------------------
Whitespace, ``< > " ` { } | \\ ^``, curly quotes, guillemets, ``…``, en/em dashes and CJK
punctuation always end a link, so surrounding quote marks and ``<>`` are never included.
Then trailing ``. , ; : ! ? ' *`` are stripped, and a trailing ``)`` or ``]`` only when it is
unbalanced within the link (``https://en.wikipedia.org/wiki/Foo_(bar)`` keeps its ``)``;
``(see https://example.com/a)`` loses it). A host never contains ``( ) [ ] '``, so
``(https://example.com)`` and ``https://example.com's`` end at the host.

Fields of :class:`~transforms.records.Link`
-------------------------------------------
* ``url``: exactly as written; ``body[start_char:end_char] == url`` always.
* ``url_normalized``: :func:`normalize_url` (note: the host comes out as Unicode, since
  courlan decodes punycode; the path and query stay percent-encoded ASCII).
* ``domain``: :func:`registered_domain` (eTLD+1, ICANN section of the PSL only, so
  ``someone.blogspot.com`` -> ``blogspot.com``; None for IP addresses and ``localhost``).
* ``kind``: one of :data:`LINK_KINDS`, decided in this order:

  - ``'shortlink'``: host or registered domain is a URL shortener (:data:`SHORTLINK_HOSTS`:
    ift.tt, bit.ly, t.co, dlvr.it, goo.gl, tinyurl.com, ow.ly, buff.ly, fb.me, amzn.to, ...);
  - ``'social'``: registered domain is a social network or video/chat platform
    (:data:`SOCIAL_DOMAINS`: twitter.com incl. pic.twitter.com, x.com, facebook.com,
    instagram.com, youtube.com, youtu.be, t.me, tiktok.com, ...);
  - ``'media'``: the path ends in an image, audio, video or PDF extension (:data:`MEDIA_EXTENSIONS`);
  - ``'web'``: anything else.
"""

from __future__ import annotations

import functools
import ipaddress
import re
from urllib.parse import SplitResult, quote, urlsplit

from courlan import normalize_url as _courlan_normalize
from courlan.clean import decode_punycode

from transforms.records import Link

__all__ = [
    "LINK_KINDS",
    "MEDIA_EXTENSIONS",
    "RESERVED_SUFFIXES",
    "SHORTLINK_HOSTS",
    "SOCIAL_DOMAINS",
    "TRACKING_PARAMS",
    "WELL_KNOWN_TLDS",
    "extract_links",
    "link_kind",
    "normalize_url",
    "registered_domain",
]

LINK_KINDS: tuple[str, ...] = ("shortlink", "social", "media", "web")

SHORTLINK_HOSTS: frozenset[str] = frozenset(
    {
        "ift.tt", "bit.ly", "bitly.com", "t.co", "dlvr.it", "goo.gl", "tinyurl.com", "ow.ly",
        "buff.ly", "fb.me", "amzn.to", "amzn.eu", "is.gd", "v.gd", "tiny.cc", "cutt.ly",
        "rebrand.ly", "shorturl.at", "rb.gy", "t.ly", "bl.ink", "j.mp", "lnkd.in", "trib.al",
        "wp.me", "flip.it", "po.st", "hubs.ly", "hubs.la", "snip.ly", "su.pr", "tr.im", "qr.ae",
        "zpr.io", "apple.co", "spoti.fi", "nyti.ms", "wapo.st", "reut.rs", "bbc.in", "cnn.it",
        "on.wsj.com", "on.ft.com", "econ.st", "bloom.bg", "politi.co", "hill.cm", "aje.io",
        "trib.in", "ti.me", "n.pr", "gu.com", "lat.ms", "dailym.ai", "shar.es", "ln.is",
        "s.id", "tiny.one", "shorturl.asia",
    }
)  # fmt: skip

SOCIAL_DOMAINS: frozenset[str] = frozenset(
    {
        "twitter.com", "x.com", "twimg.com", "facebook.com", "fb.com", "fb.watch",
        "instagram.com", "threads.net", "youtube.com", "youtu.be", "t.me", "telegram.me",
        "telegram.org", "tiktok.com", "linkedin.com", "reddit.com", "redd.it", "pinterest.com",
        "tumblr.com", "snapchat.com", "whatsapp.com", "wa.me", "vk.com", "weibo.com",
        "bsky.app", "mastodon.social", "truthsocial.com", "gab.com", "gettr.com", "parler.com",
        "rumble.com", "bitchute.com", "odysee.com", "twitch.tv", "vimeo.com", "dailymotion.com",
        "discord.gg", "discord.com", "medium.com", "substack.com", "gofundme.com",
    }
)  # fmt: skip

MEDIA_EXTENSIONS: frozenset[str] = frozenset(
    {
        "jpg", "jpeg", "png", "gif", "webp", "svg", "bmp", "tif", "tiff", "avif", "heic", "ico",
        "mp4", "m4v", "mov", "webm", "avi", "mkv", "wmv", "flv", "mpg", "mpeg", "3gp",
        "mp3", "m4a", "wav", "ogg", "oga", "flac", "aac",
        "pdf",
    }
)  # fmt: skip

# A bare host with no path must end in one of these (or in a multi-label suffix like co.uk).
# Deliberately leaves out TLDs that are English words or file extensions: is, it, in, at,
# me, us, to, no, so, be, do, my, as, by, am, news, world, zip, mov, py, md, sh, pl, ...
WELL_KNOWN_TLDS: frozenset[str] = frozenset(
    {
        "com", "net", "org", "edu", "gov", "mil", "int", "info", "biz", "io", "co", "ai",
        "app", "dev", "tv", "fm", "ly", "gl", "gg", "cc", "xyz",
        "uk", "de", "fr", "ru", "ca", "au", "nz", "jp", "cn", "kr", "br", "es", "nl", "se",
        "ch", "eu", "ua", "ie", "il", "za", "mx", "ar", "cz", "dk", "fi", "gr", "hu", "pt",
        "ro", "tr", "tw", "hk", "sg", "ir", "pk", "ng", "ke", "eg", "ve", "cl", "nu",
        "example",
    }
)  # fmt: skip

# Suffixes added to the bundled public suffix list: ``.example`` is reserved for documentation
# (RFC 2606) and this project's samples and synthetic posts use it to stand in for real sites
# (``www.centralbank.example/releases``), so it is treated like a real TLD.
RESERVED_SUFFIXES: tuple[str, ...] = ("example",)

# Query parameters dropped by normalize_url (compared lower-cased). Kept deliberately
# narrower than courlan's own tracker regex, which also drops e.g. ?source=, ?ref=,
# ?gallery=, ?global=, ?keyword= and valueless flags such as ?print.
TRACKING_PARAMS: frozenset[str] = frozenset(
    {
        "fbclid", "gclid", "gclsrc", "dclid", "gbraid", "wbraid", "msclkid", "yclid",
        "twclid", "ttclid", "igshid", "igsh", "li_fat_id", "mc_cid", "mc_eid", "mkt_tok",
        "_ga", "_gl", "_hsenc", "_hsmi", "__hssc", "__hstc", "__hsfp", "hsctatracking",
        "oly_anon_id", "oly_enc_id", "vero_id", "vero_conv", "ref_src", "ref_url", "smid",
        "smtyp", "ncid", "ocid", "cmpid", "sr_share", "xtor", "_branch_match_id", "s_cid",
        "wt.mc_id", "at_medium", "at_campaign", "soc_src", "soc_trk", "guccounter",
        "guce_referrer", "guce_referrer_sig",
    }
)  # fmt: skip
_TRACKING_PREFIXES: tuple[str, ...] = ("utm_", "mtm_", "pk_", "hsa_", "itm_")

# --------------------------------------------------------------------------- regex
# Characters that always end a link (besides whitespace).
_STOP_CHARS = (
    '<>"`{}|\\^'
    "\u201c\u201d\u201e\u201f\u2018\u2019\u201a\u201b\u00ab\u00bb\u2039\u203a"  # curly quotes, guillemets
    "\u2026\u2013\u2014"  # ellipsis, en and em dash
    "\u3001\u3002\u300c\u300d\u300e\u300f\u3010\u3011"  # CJK punctuation
    "\uff08\uff09\uff0c\uff1a\uff1b\uff01\uff1f"  # full-width ( ) , : ; ! ?
)
_STOP_SET = frozenset(_STOP_CHARS)
_STOP = re.escape(_STOP_CHARS)
_PATH = rf"[^\s{_STOP}]"
_TAIL = rf"(?:[/?#]{_PATH}*)?"
_LABEL = r"[^\W_]+(?:-+[^\W_]+)*"
_TLD = r"(?:[^\W\d_]{2,63}|xn--[a-z0-9-]{1,59})"
_HOST = rf"(?:{_LABEL}\.)+{_TLD}(?![\w-]|\.[^\W_]|@)"

_CANDIDATE = re.compile(
    # 1: a URL with a scheme: authority then optional path/query/fragment
    rf"(?P<scheme>\b(?:https?|ftp)://"
    rf"(?:[\w\-.~%!$&*+=:@]+|\[[0-9a-f:.]+\](?::\d{{1,5}})?){_TAIL})"
    # 2: www. host without a scheme
    rf"|(?P<www>(?<![\w@.\-/\\#$%&=+~])www\d{{0,3}}\.(?P<whost>{_HOST})(?::\d{{1,5}}(?=[/?#]))?{_TAIL})"
    # 3: bare host, path optional
    rf"|(?P<bare>(?<![\w@.\-/\\#$%&=+~])(?P<host>{_HOST})(?::\d{{1,5}}(?=[/?#]))?(?P<path>{_TAIL}))",
    re.IGNORECASE,
)

_DOT_ANCHOR = re.compile(r"\.[^\W\d_]")
_TOKEN_END = re.compile(rf"[\s{_STOP}]")
_HAS_SCHEME = re.compile(r"[a-z][a-z0-9+.\-]*://", re.IGNORECASE)
_OTHER_SCHEME = re.compile(r"[a-z][a-z0-9+.\-]*:(?!\d)", re.IGNORECASE)
# A host as urlsplit returns it: no whitespace and no ASCII punctuation but '-', '.', '_';
# any other non-ASCII character is allowed, since courlan decodes punycode to Unicode.
_VALID_HOST = re.compile(r"(?!\.)(?!.*\.\.)[^\s\x00-\x2c/:;<=>?@\[\\\]^`{|}~\x7f]+")
_MAX_HOST_CHARS = 253  # longest DNS name
_TRAIL_PUNCT = frozenset(".,;:!?'*")
_BRACKETS = {")": "(", "]": "["}
_DEFAULT_PORTS = {"http": 80, "https": 443, "ftp": 21}


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
def _kind(host: str, domain: str | None, path: str) -> str:
    if host.startswith("www."):
        host = host[4:]
    if host in SHORTLINK_HOSTS or domain in SHORTLINK_HOSTS:
        return "shortlink"
    if domain in SOCIAL_DOMAINS or host in SOCIAL_DOMAINS:
        return "social"
    dot = path.rfind(".")
    if dot != -1 and "/" not in path[dot:] and path[dot + 1 :].lower() in MEDIA_EXTENSIONS:
        return "media"
    return "web"


def link_kind(url: str) -> str:
    """The :data:`LINK_KINDS` value for a URL (with or without scheme)."""
    parts = _split(url.strip())
    if parts is None:
        return "web"
    host = _clean_host(parts.hostname or "")
    return _kind(host, _registered_domain_of_host(host), parts.path)


# --------------------------------------------------------------------------- extraction
def _trim(url: str) -> str:
    """Strip trailing punctuation and unbalanced closing brackets."""
    while url:
        last = url[-1]
        if last in _TRAIL_PUNCT:
            url = url[:-1]
        elif last in _BRACKETS and url.count(_BRACKETS[last]) < url.count(last):
            url = url[:-1]
        else:
            break
    return url


def _bare_host_ok(host: str, has_path: bool) -> bool:
    if len(host) > _MAX_HOST_CHARS:
        return False
    tld = host[host.rfind(".") + 1 :]
    if not tld.islower() and not (has_path and host.isupper()):
        return False
    domain, suffix = _split_host(host.lower())
    if not domain or not suffix:
        return False
    if has_path:
        return True
    return "." in suffix or suffix in WELL_KNOWN_TLDS


def _bare_host_prefix(host: str) -> str | None:
    """Longest leading part of a path-less bare host that is acceptable, or None."""
    labels = host[: _MAX_HOST_CHARS + 1].split(".")
    for n in range(len(labels) - 1, 1, -1):
        candidate = ".".join(labels[:n])
        if _bare_host_ok(candidate, False):
            return candidate
    return None


def extract_links(body: str) -> list[Link]:
    """Every link in a plain-text article body, in order of appearance. See the module docs."""
    if "." not in body and "://" not in body:
        return []
    links: list[Link] = []
    # Trying _CANDIDATE at every position of the body is slow, so jump between anchors that
    # every link contains -- a '.' followed by a letter, or '://' -- found with two literal
    # searches (an alternation would lose re's fast literal scan), and run _CANDIDATE only
    # over the whitespace-delimited token around each anchor.
    n = len(body)
    dot_search = _DOT_ANCHOR.search
    token_end_search = _TOKEN_END.search
    pos = 0
    next_dot = next_scheme = -1
    if "://" not in body:
        next_scheme = n
    while True:
        if next_dot < pos:
            m = dot_search(body, pos)
            next_dot = n if m is None else m.start()
        if next_scheme < pos:
            next_scheme = body.find("://", pos)
            if next_scheme == -1:
                next_scheme = n
        anchor = next_dot if next_dot < next_scheme else next_scheme
        if anchor >= n:
            return links
        start = anchor
        while start > pos and body[start - 1] not in _STOP_SET and not body[start - 1].isspace():
            start -= 1
        m = token_end_search(body, anchor + 1)
        pos = n if m is None else m.start()
        links.extend(_links_in_token(body, start, pos))


def _links_in_token(body: str, start: int, end: int) -> list[Link]:
    links: list[Link] = []
    for m in _CANDIDATE.finditer(body, start, end):
        start = m.start()
        group = m.lastgroup
        if group == "bare":
            host = m.group("host")
            url = _trim(m.group()) if m.end("host") != m.end() else host
            if url != host:  # followed by a path (or a port)
                if not _bare_host_ok(host, True):
                    continue
            elif not _bare_host_ok(host, False):
                url = _bare_host_prefix(host)
                if url is None:
                    continue
        else:
            if group == "www":
                whost = m.group("whost")
                if len(whost) > _MAX_HOST_CHARS:
                    continue
                domain, suffix = _split_host(whost.lower())
                if not domain or not suffix:
                    continue
            url = _trim(m.group())
        link = _describe(url, start)
        if link is not None:
            links.append(link)
    return links


def _describe(url: str, start: int) -> Link | None:
    described = _describe_url(url)
    if described is None:
        return None
    url_normalized, domain, kind = described
    return Link(url, start, start + len(url), url_normalized, domain, kind)


@functools.lru_cache(maxsize=16384)
def _describe_url(url: str) -> tuple[str | None, str | None, str] | None:
    """(url_normalized, domain, kind) of a link as written; None if it has no usable host.

    Cached: feeds repeat the same footer, shortlink and social URLs across many posts.
    """
    parts = _split(url)
    if parts is None:
        return None
    host = _clean_host(parts.hostname)
    domain = _registered_domain_of_host(host)
    return _normalize_parts(parts), domain, _kind(host, domain, parts.path)
