"""The cleaning stage: raw bytes to one clean post (title, body, metadata, embeds) per file.

``clean_post`` is its one entry point: decode (``decode``), repair (``repair``), split title /
body / furniture with the furniture rules (``split``, ``furniture``), read the metadata the
furniture carries (``metadata``) and find the embedded social posts (``embeds``). The result's
``document()`` is the :class:`~transforms.document.Document` the quote and link stages read.
"""

from __future__ import annotations

from transforms.clean.cleaned import CleanPost
from transforms.clean.decode import decode_bytes
from transforms.clean.repair import repair_text
from transforms.clean.split import split_post
from transforms.records import Reject

__all__ = ["CleanPost", "clean_post"]


def clean_post(data: bytes) -> CleanPost | Reject:
    """Raw bytes to a clean post, or a reject saying why the file is not a usable post."""
    decoded = decode_bytes(data)
    if decoded.text is None:
        return Reject(decoded.reject_code or "undecodable", decoded.reject_reason or "not text")
    text, repairs = repair_text(decoded.text)
    result = split_post(text, decoded.encoding or "utf-8")
    if isinstance(result, CleanPost):
        result.repairs = [*decoded.repairs, *repairs]
    return result
