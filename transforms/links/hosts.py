"""The host lists and words that decide a link's kind and whether a bare host is a link.

All of them are data, in ``link_hosts.toml`` beside this module (read once, at import); the
furniture rules of the cleaning stage read :data:`SHORTENER_HOSTS` from here too, so a
shortlink line and a shortener link are one list.
"""

from __future__ import annotations

from transforms.lexicon import Lexicon

LINK_KINDS: tuple[str, ...] = ("shortener", "social", "image", "video", "document", "email", "mention", "other")

_LEX = Lexicon.beside(__name__, "link_hosts.toml")
DATA_FILE = _LEX.path


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
EXTENSION_KIND: dict[str, str] = {
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
HOST_KIND_ORDERED: dict[str, tuple[tuple[str, str], ...]] = {
    host: tuple(sorted(paths.items(), key=lambda item: -len(item[0]))) for host, paths in _HOST_KIND.items()
}

FUZZY_TLDS: frozenset[str] = frozenset(_LEX.words("fuzzy.tlds"))
CCTLD_EXCLUDE: frozenset[str] = frozenset(_LEX.words("fuzzy.cctld_exclude"))
RESERVED_SUFFIXES: tuple[str, ...] = tuple(_LEX.words("fuzzy.reserved_suffixes"))
TRACKING_PARAMS: frozenset[str] = frozenset(p.lower() for p in _LEX.words("tracking.params"))
TRACKING_PREFIXES: tuple[str, ...] = tuple(p.lower() for p in _LEX.words("tracking.prefixes"))
MENTION_SITES: dict[str, str] = dict(_LEX.table("mention.sites"))  # embed kind -> site of its @handles
