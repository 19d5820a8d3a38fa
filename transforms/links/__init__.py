"""The link stage: the links in an article body (plain text) and in the furniture the cleaner removed.

Pure functions: no Prefect, no network or database I/O. Modules: ``scan`` (finding candidates
and where a link ends), ``normalise`` (normal form, host, registered domain; the public suffix
list is tldextract's bundled snapshot only), ``classify`` (a link's kind), ``mentions``
(@handles in embedded posts), ``hosts`` (the lists, from ``link_hosts.toml`` beside them).

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
  - with no path after it, the TLD must also be in :data:`~transforms.links.hosts.FUZZY_TLDS`, be a two-letter
    country code not in the data file's ``cctld_exclude`` list, or the public suffix must
    have two or more labels (``co.uk``). This keeps ``hello.world``, ``setup.py``,
    ``it.is``, ``archive.zip`` out of bare prose; the same hosts count with a path.
  - a ``:port`` after it must be 0-65535 (``example.com:500000`` is no link at all).

  When a bare host fails only because of trailing labels (``see example.com.Then we``), the
  longest valid leading part is kept (``example.com``).
* Email addresses, ``kind='email'``: ``press@example.com``, ``a.b+tag@example.co.uk``,
  ``grå@grå.org`` (the domain needs a public suffix), and ``mailto:`` links, whose domain
  may be anything (``mailto:foo@bar``). ``url`` is as written, with ``mailto:`` if it had it.
* ``@handles``, ``kind='mention'``, only inside embedded social posts, as the cleaning stage's
  one detector finds them (``Document.embeds``, ``transforms.clean.embeds``): the handle of the
  signature line (``— Display Name (@handle) March 3, 2021``, ``A post shared by Name (@handle)
  on …``) and the @handles in the post's text line before it. ``@someone`` in ordinary prose is
  not reported: in news copy a bare ``@`` is as often a price, a time or a fragment of an
  address as a handle. ``url_normalized`` is ``https://twitter.com/<handle>`` (lower-cased) and
  ``host``/``domain`` are ``twitter.com`` for a tweet, ``instagram.com`` for an Instagram post.
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
* ``url_normalized``: :func:`~transforms.links.normalise.normalize_url` (host comes out as Unicode since courlan decodes
  punycode; path and query stay percent-encoded ASCII); ``mailto:local@host`` for an email;
  ``https://twitter.com/<handle>`` (or ``instagram.com``) for a mention; None when it cannot be normalised.
* ``host``: the lower-cased host, IDN decoded, ``www.`` kept (``pic.twitter.com``); the
  domain part of an email; ``twitter.com`` (or ``instagram.com``) for a mention.
* ``domain``: :func:`~transforms.links.normalise.registered_domain` (eTLD+1, ICANN section of the PSL only, so
  ``someone.blogspot.com`` -> ``blogspot.com``; None for IP addresses and ``localhost``).
* ``kind``: one of :data:`~transforms.links.hosts.LINK_KINDS`. ``email`` and ``mention`` by what matched; otherwise
  ``shortener`` (host on the shortener list), else ``image``/``video``/``document`` by the
  file extension of the last path segment, else the most specific host entry of the image,
  video, document and social lists (``pic.twitter.com`` -> image, ``twitter.com`` -> social,
  ``youtube.com/watch`` -> video), else ``other``. See ``transforms/links/link_hosts.toml``.
* ``place``: one of :data:`LINK_PLACES`.
* ``is_shortlink``: the host is a URL shortener (``kind == 'shortener'``). Shortlinks cannot
  be expanded offline; a run that can expand them should add a column, never rewrite ``url``.
"""

from __future__ import annotations

from collections.abc import Sequence

from transforms.document import Embed
from transforms.links.mentions import _mentions
from transforms.links.scan import _scan
from transforms.records import Link

__all__ = ["LINK_PLACES", "extract_furniture_links", "extract_links"]

LINK_PLACES: tuple[str, ...] = ("body", "header", "footer", "source")


def extract_links(body: str, embeds: Sequence[Embed]) -> list[Link]:
    """Every link, email and (in embedded social posts) @mention in a plain-text body,
    in order of appearance, ``place='body'``. See the module docs.

    ``embeds`` are the body's embedded posts as the cleaning stage found them
    (``Document.embeds``): the mentions come from them, never from a detector of this stage's."""
    links: list[Link] = []
    has_at = "@" in body
    if "." in body or "//" in body or has_at:
        _scan(body, links, has_at)
    if embeds:
        mentions = _mentions(body, links, embeds)
        if mentions:
            links = sorted(links + mentions, key=lambda link: link.start_char or 0)
    return links



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
        for link in extract_links(text, ()):
            found.append(
                Link(link.url, None, None, link.url_normalized, link.domain, link.kind, link.host, place, link.is_shortlink)
            )
    return found
