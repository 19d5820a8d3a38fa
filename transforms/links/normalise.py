"""Normal forms: a URL's canonical spelling, its host and its registered domain (eTLD+1).

The public suffix list comes from tldextract's bundled snapshot only (see :func:`_extractor`).
"""

from __future__ import annotations

import functools
import ipaddress
import re
from urllib.parse import SplitResult, quote, urlsplit

from courlan import normalize_url as _courlan_normalize
from courlan.clean import decode_punycode

from transforms.links.hosts import RESERVED_SUFFIXES, TRACKING_PARAMS, TRACKING_PREFIXES

_HAS_SCHEME = re.compile(r"[a-z][a-z0-9+.\-]*://", re.IGNORECASE)
_OTHER_SCHEME = re.compile(r"[a-z][a-z0-9+.\-]*:(?!\d)", re.IGNORECASE)
# A host as urlsplit returns it: no whitespace and no ASCII punctuation but '-', '.', '_';
# any other non-ASCII character is allowed, since courlan decodes punycode to Unicode. No label
# may start or end with '-' or '_'.
_VALID_HOST = re.compile(
    r"(?![.\-_])(?!.*(?:\.\.|[\-_]\.|\.[\-_]))(?!.*[\-_]$)[^\s\x00-\x2c/:;<=>?@\[\\\]^`{|}~\x7f]+"
)
_MAX_HOST_CHARS = 253  # longest DNS name
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
        if key in TRACKING_PARAMS or key.startswith(TRACKING_PREFIXES):
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
    see :data:`~transforms.links.hosts.TRACKING_PARAMS`) are dropped and the remaining parameters sorted by name.
    Only http, https and ftp URLs are normalised. Idempotent:
    ``normalize_url(normalize_url(u)) == normalize_url(u)``.
    """
    url = url.strip()
    if not url:
        return None
    parts = _split(url)
    return None if parts is None else _normalize_parts(parts)

