"""Repaired text to title, body and furniture: the furniture rules peel lines off both ends."""

from __future__ import annotations

from transforms.clean.cleaned import CleanPost
from transforms.clean.embeds import find_embeds
from transforms.clean.furniture import ANYWHERE_RULES, FOOTER_RULES, HEADER_RULES, match_line
from transforms.clean.metadata import apply_dateline, apply_metadata
from transforms.records import Reject

if ANYWHERE_RULES.starts is None:
    raise RuntimeError("furniture.toml: every 'anywhere' rule must say which characters its lines start with ('starts')")
_ANYWHERE_STARTS: frozenset[str] = ANYWHERE_RULES.starts


def split_post(text: str, encoding: str) -> CleanPost | Reject:
    """Split repaired text into title, body and furniture; read metadata from the furniture."""
    lines = [line.strip() for line in text.split("\n")]
    lines = [line for line in lines if line]
    if not lines:
        return Reject("empty", "no text: the file holds only whitespace", encoding)

    post = CleanPost(title="", body="", encoding=encoding)
    removed: list[tuple[str, str, str]] = []

    # Footer: peel furniture lines from the end; stop at the first line no footer rule matches.
    end = len(lines)
    while end > 0:
        hit = match_line(lines[end - 1], FOOTER_RULES)
        if hit is None:
            break
        rule, m = hit
        removed.append((rule.name, "footer", lines[end - 1]))
        apply_metadata(post, rule.name, m.groupdict())
        end -= 1
    if end == 0:
        names = sorted({name for name, _, _ in removed})
        return Reject("boilerplate_only", f"only feed/blog furniture, no article (rules: {', '.join(names)})", encoding)

    post.title = lines[0]
    # Header: furniture right after the title.
    start = 1
    while start < end:
        hit = match_line(lines[start], HEADER_RULES)
        if hit is None:
            break
        rule, m = hit
        removed.append((rule.name, "header", lines[start]))
        apply_metadata(post, rule.name, m.groupdict())
        start += 1

    # Lines in the body: only the 'anywhere' rules (photo credits and caption lines), and only on
    # lines that start with a character one of them can start with (a fast path: most
    # paragraphs are rejected by one character test, not a regex call per line).
    body_lines = []
    for line in lines[start:end]:
        hit = match_line(line, ANYWHERE_RULES) if line[0] in _ANYWHERE_STARTS else None
        if hit:
            removed.append((hit[0].name, "body", line))
        else:
            body_lines.append(line)
    if not body_lines:
        return Reject("no_body", "a title but no article text after it", encoding)
    post.body = "\n".join(body_lines)
    apply_dateline(post)
    # in document order: header lines, lines removed from the body, footer lines (peeled from the end)
    post.removed = (
        [r for r in removed if r[1] == "header"] + [r for r in removed if r[1] == "body"] + [r for r in removed if r[1] == "footer"][::-1]
    )
    # Each body line is stripped and not blank, so each is a whole paragraph: their offsets are
    # what document.paragraphs(post.body) finds (the tests hold them to it), without a regex pass
    # and a character loop over the body again.
    post.paragraphs = spans = []
    pos = 0
    for line in body_lines:
        end = pos + len(line)
        spans.append((pos, end))
        pos = end + 1
    post.embeds = find_embeds(post.body, post.paragraphs)
    return post
