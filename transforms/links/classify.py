"""A link's kind (:data:`~transforms.links.hosts.LINK_KINDS`) and its description: normal form, host, domain, kind."""

from __future__ import annotations

import functools
import re

from transforms.links.hosts import EXTENSION_KIND, HOST_KIND_ORDERED, SHORTENER_HOSTS
from transforms.links.normalise import (
    _MAX_HOST_CHARS,
    _clean_host,
    _clean_query,
    _normalize_parts,
    _registered_domain_of_host,
    _split,
)


@functools.lru_cache(maxsize=65536)
def _host_kind_entries(host: str) -> tuple[bool, tuple[tuple[str, str], ...]]:
    """(is a shortener, host-list entries that apply to host, most specific first)."""
    labels = host.split(".")
    candidates = [".".join(labels[i:]) for i in range(len(labels) - 1)]  # most specific first
    if any(candidate in SHORTENER_HOSTS for candidate in candidates):
        return True, ()
    entries: list[tuple[str, str]] = []
    for candidate in candidates:
        entries.extend(HOST_KIND_ORDERED.get(candidate, ()))
    return False, tuple(entries)


def _kind(host: str, path: str) -> str:
    """Kind of a web link from its cleaned host and path (see the data file for the order)."""
    is_shortener, entries = _host_kind_entries(host)
    if is_shortener:
        return "shortener"
    slash = path.rfind("/")
    dot = path.rfind(".")
    if dot > slash:
        kind = EXTENSION_KIND.get(path[dot + 1 :].lower())
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
    host = _clean_host(parts.hostname or "")
    domain = _registered_domain_of_host(host)
    return _normalize_parts(parts), host, domain, _kind(host, parts.path)


def _describe_url_slow(url: str) -> tuple[str | None, str, str | None, str] | None:
    """:func:`_describe_url` without the fast path (tests compare the two)."""
    parts = _split(url)
    if parts is None:
        return None
    host = _clean_host(parts.hostname or "")
    return _normalize_parts(parts), host, _registered_domain_of_host(host), _kind(host, parts.path)

