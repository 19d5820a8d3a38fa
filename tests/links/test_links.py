"""Tests for the link stage (transforms.links): link finding, offsets, emails, mentions, furniture links,
normalisation, domains and kinds, plus agreement with linkify-it (issue 5)."""

from __future__ import annotations

import importlib.util
import os
import re
import socket
import subprocess
import sys
import textwrap
import time
import tomllib
from collections.abc import Sequence
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from transforms.clean.embeds import find_embeds
from transforms.document import Embed, paragraphs
from transforms.links import LINK_PLACES, classify, extract_furniture_links, hosts, normalise, scan
from transforms.links import extract_links as link_stage
from transforms.links.classify import link_kind
from transforms.links.hosts import LINK_KINDS
from transforms.links.normalise import normalize_url, registered_domain
from transforms.records import Link


def extract_links(body: str, embeds: Sequence[Embed] | None = None) -> list[Link]:
    """The link stage as the pipeline runs it: given the body's embeds as the cleaning stage's
    detector finds them, unless a test passes its own."""
    return link_stage(body, find_embeds(body, paragraphs(body)) if embeds is None else embeds)


REPO_ROOT = Path(__file__).resolve().parents[2]
SEED = REPO_ROOT.parent / "shared" / "seeds" / "000_b011d7168288c4b4.txt"


def urls(body: str) -> list[str]:
    return [link.url for link in extract_links(body)]


def check_offsets(body: str, found: list[Link]) -> None:
    previous_end = 0
    for link in found:
        assert link.place == "body"
        assert body[link.start_char : link.end_char] == link.url
        assert link.start_char >= previous_end, "links overlap or are out of order"
        previous_end = link.end_char


# --------------------------------------------------------------------------- what is a link
@pytest.mark.parametrize(
    ("body", "expected"),
    [
        # with a scheme
        ("Read https://example.com/a/b today", ["https://example.com/a/b"]),
        ("Read http://example.org today", ["http://example.org"]),
        ("Old mirror at ftp://ftp.example.net/pub/data.tar.gz now", ["ftp://ftp.example.net/pub/data.tar.gz"]),
        ("Caps HTTPS://EXAMPLE.COM/Path works", ["HTTPS://EXAMPLE.COM/Path"]),
        ("query https://example.com/s?q=a+b&page=2#top here", ["https://example.com/s?q=a+b&page=2#top"]),
        ("query without path https://example.com?q=1 here", ["https://example.com?q=1"]),
        ("fragment without path https://example.com#frag here", ["https://example.com#frag"]),
        ("port https://example.com:8443/x here", ["https://example.com:8443/x"]),
        ("port only https://example.com:8443 here", ["https://example.com:8443"]),
        ("userinfo https://reader@example.com/feed here", ["https://reader@example.com/feed"]),
        ("user:password http://reader:s3cret@example.com:8080/feed here", ["http://reader:s3cret@example.com:8080/feed"]),
        ("ip http://192.0.2.10/status here", ["http://192.0.2.10/status"]),
        ("ipv6 http://[2001:db8::1]:8080/x here", ["http://[2001:db8::1]:8080/x"]),
        ("local http://localhost:8000/admin here", ["http://localhost:8000/admin"]),
        ("single label http://intranet/wiki and http://host-2", ["http://intranet/wiki", "http://host-2"]),
        ("idn https://bücher.example/straße here", ["https://bücher.example/straße"]),
        ("punycode http://xn--bcher-kva.example/x here", ["http://xn--bcher-kva.example/x"]),
        ("symbol label http://✪df.ws/123 here", ["http://✪df.ws/123"]),
        ("glued after text:https://example.com/x", ["https://example.com/x"]),
        ("map https://maps.example.com/@51.5,-0.12,15z?hl=en ok", ["https://maps.example.com/@51.5,-0.12,15z?hl=en"]),
        ("ranges https://example.com/compare/abc123...def456 ok", ["https://example.com/compare/abc123...def456"]),
        ("trailing dash https://example.com/what-s-troubling-inc- ok", ["https://example.com/what-s-troubling-inc-"]),
        ("protocol-relative //cdn.example.com/lib.js here", ["//cdn.example.com/lib.js"]),
        ("protocol-relative //localhost:3000 here", ["//localhost:3000"]),
        # www. without a scheme
        ("Visit www.example.com for more", ["www.example.com"]),
        ("Visit www.example.co.uk/news/world-123 now", ["www.example.co.uk/news/world-123"]),
        ("Visit WWW.EXAMPLE.ORG now", ["WWW.EXAMPLE.ORG"]),
        ("Visit www2.example.com/a now", ["www2.example.com/a"]),
        ("Visit www.example.com:8080 now", ["www.example.com:8080"]),
        ("Dashes www.a--b.example and www.c---d.com ok", ["www.a--b.example", "www.c---d.com"]),
        # IPv4 without a scheme
        ("resolver 9.9.9.9 works", ["9.9.9.9"]),
        ("router at 192.168.0.1/admin today", ["192.168.0.1/admin"]),
        ("router at 192.168.0.1:8080/admin today", ["192.168.0.1:8080/admin"]),
        # bare hosts with a path
        ("Figures at statistics.gov.uk/releases today", ["statistics.gov.uk/releases"]),
        ("Short bit.ly/3xYz12 link", ["bit.ly/3xYz12"]),
        ("Short t.co/Ab12Cd34Ef link", ["t.co/Ab12Cd34Ef"]),
        ("Photo pic.twitter.com/Qw3rTy9Zx0", ["pic.twitter.com/Qw3rTy9Zx0"]),
        ("docs.python.org/3/library/re.html explains", ["docs.python.org/3/library/re.html"]),
        ("Any suffix with a path: hello.world/page", ["hello.world/page"]),
        ("Port on a bare host example.com:8080/status ok", ["example.com:8080/status"]),
        ("Port without path example.com:8080 ok", ["example.com:8080"]),
        ("Shouting BIT.LY/ABC123 works", ["BIT.LY/ABC123"]),
        ("Unicode path example.com/䨹 ok", ["example.com/䨹"]),
        # bare hosts without a path: fuzzy TLD, country code or multi-label suffix
        ("Go to example.com today", ["example.com"]),
        ("Go to Example.com today", ["Example.com"]),
        ("Buy it on Amazon.com, they said", ["Amazon.com"]),
        ("The register at companies.gov.uk is open", ["companies.gov.uk"]),
        ("Shop at example.com.au instead", ["example.com.au"]),
        ("Try t.co alone", ["t.co"]),
        ("Check news.example.io now", ["news.example.io"]),
        ("Samoa a.ws and known google.xxx", ["a.ws", "google.xxx"]),
        ("Numeric label 123.com is fine", ["123.com"]),
        ("hyphen my-site.org is fine", ["my-site.org"]),
        ("many labels s.l.o.w.io fine", ["s.l.o.w.io"]),
        ("Amazon.com's results beat forecasts", ["Amazon.com"]),
        ("idn bücher.de is fine", ["bücher.de"]),
        ("cyrillic президент.рф is fine", ["президент.рф"]),
        ("blockquote >>example.com ok", ["example.com"]),
        # .example is reserved for documentation; the project's samples use it for real sites
        ("Book at www.clinic.example/walk-in today", ["www.clinic.example/walk-in"]),
        ("Transcripts at radio-show.example/transcripts.", ["radio-show.example/transcripts"]),
        ("Authored by a writer via SomeBlog.example, on Monday", ["SomeBlog.example"]),
        # several in one token or list
        ("a.com,b.org;c.net (d.co.uk)", ["a.com", "b.org", "c.net", "d.co.uk"]),
        ("Sources: example.com/a, example.org/b and https://example.net/c.", [
            "example.com/a", "example.org/b", "https://example.net/c",
        ]),
        # text glued on after a real host keeps the host
        ("It is at example.com.Then we left", ["example.com"]),
        # an email glued before a scheme URL is not an email
        ("test.example@http://vk.example.com", ["http://vk.example.com"]),
    ],
)  # fmt: skip
def test_finds_links(body: str, expected: list[str]) -> None:
    found = extract_links(body)
    assert [link.url for link in found] == expected
    check_offsets(body, found)


@pytest.mark.parametrize(
    "body",
    [
        "See report.pdf for details",
        "show image.jpg and photo.png",
        "Open slides.pptx and notes.docx",
        "Upgrade to v1.2.3 or 2.0.1-beta now",
        "Python 3.11.7 and Node.js and Vue.js and io.js and ASP.NET",
        "The U.S. and U.K. and E.U. agreed",
        "e.g. apples, i.e. fruit, etc. and so on",
        "At 3 p.m. or 10 a.m. on Monday",
        "Pi is 3.14 and growth was 2.5%; shares fell 0.7.",
        "foo.123 and bar.4567",
        "example.coma and -example.coma and example.invalid and example.invalid/",
        "Follow @example.com on the platform",
        "The meeting ended.Next week we go",
        "It was the end.next time",
        "the deal is.it was late",
        "He said hello.world and left",
        "Run setup.py or main.rs or notes.md or script.sh",
        "Unzip archive.zip and play clip.mov",
        "Mr.Smith and St.Louis and Dr.Jones",
        "On Nov.23 and No.10 at 5.30pm",
        "path src/utils/helpers.com and C:\\Users\\me\\file.com and /path/to/file.pl",
        "path:to:file.pm",
        "#hashtag.com and $example.com and =example.com and _example.com",
        "A domain with no TLD: intranet.local or example.invalidtld",
        "localhost and localhost/ alone",
        "Unknown schemes gopher://example.com and hxxp://example.com and _http://example.com",
        "Just https:// and http://. and http://.. and http://# and http://?? alone",
        "bad hosts http://.example.com and http://-example.com and http://example.com_",
        "///localhost and //test and _//example.com",
        "invalid port google.com:500000 here",
        "not IPv4: 1.2.3.4.5 and 1.2.3 and 1.2.3.400 and 1000.2.3.4 and a1.2.3.4 and 1.2.3.4a",
        "not email: foo@bar and mailto:bar and @handle and a@b.c",
        "in prose @someone is not a mention and neither is (@someone)",
        "",
        "no dots or schemes here at all",
    ],
)
def test_no_false_positives(body: str) -> None:
    assert urls(body) == []


# --------------------------------------------------------------------------- where a link ends
@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("See https://example.com/a.", "https://example.com/a"),
        ("See https://example.com/a, then", "https://example.com/a"),
        ("See https://example.com/a; then", "https://example.com/a"),
        ("See https://example.com/a;b=1 then", "https://example.com/a;b=1"),
        ("See https://example.com/a: then", "https://example.com/a"),
        ("See https://example.com/a!", "https://example.com/a"),
        ("See https://example.com/a!!!", "https://example.com/a"),
        ("See https://example.com/a?", "https://example.com/a"),
        ("See https://example.com/a?!...", "https://example.com/a"),
        ("See https://example.com/a?p=10.", "https://example.com/a?p=10"),
        ("See https://example.com/a/.", "https://example.com/a/"),
        ("See https://example.com/a-.", "https://example.com/a-"),
        ("See https://example.com.", "https://example.com"),
        ("See https://example.com:8080:", "https://example.com:8080"),
        ("See http://localhost:8000?", "http://localhost:8000"),
        ("See **https://example.com/a**", "https://example.com/a"),
        ("Say 'https://example.com/a'", "https://example.com/a"),
        ('Say "https://example.com/a"', "https://example.com/a"),
        ('Say "https://example.com/a", he said', "https://example.com/a"),
        ('Say https://example.com/a"b c', "https://example.com/a"),
        ('Keep https://example.com/blah_"doublequoted" ok', 'https://example.com/blah_"doublequoted"'),
        ("Keep https://example.com/blah_'singlequoted' ok", "https://example.com/blah_'singlequoted'"),
        ("Keep https://example.com/blah_{I'm_king} ok", "https://example.com/blah_{I'm_king}"),
        ("Keep https://example.com/blah_[other] ok", "https://example.com/blah_[other]"),
        ("Keep https://example.com/10'-x-30inch-pool/p-004 ok", "https://example.com/10'-x-30inch-pool/p-004"),
        ("{Scoped https://example.com/a}", "https://example.com/a"),
        ("Say \u201chttps://example.com/a\u201d", "https://example.com/a"),
        ("Say \u2018https://example.com/a\u2019", "https://example.com/a"),
        ("Say \u00abhttps://example.com/a\u00bb", "https://example.com/a"),
        ("Say <https://example.com/a>", "https://example.com/a"),
        ("Say <https://example.com/a>.", "https://example.com/a"),
        ("Say <example.com/a>", "example.com/a"),
        ("Say `https://example.com/a`", "https://example.com/a"),
        ("Cut https://t.co/Ab12Cd\u2026 off", "https://t.co/Ab12Cd"),
        ("Dash https://example.com/a\u2014and more", "https://example.com/a"),
        ("Pipes \uff5cwww.example.com/www.example.com/foo\uff5cbar", "www.example.com/www.example.com/foo"),
        ("Wiki https://en.wikipedia.org/wiki/Foo_(bar) page", "https://en.wikipedia.org/wiki/Foo_(bar)"),
        ("(see https://en.wikipedia.org/wiki/Foo_(bar))", "https://en.wikipedia.org/wiki/Foo_(bar)"),
        ("(see https://en.wikipedia.org/wiki/Foo_(bar)).", "https://en.wikipedia.org/wiki/Foo_(bar)"),
        ("(see https://example.com/a)", "https://example.com/a"),
        ("(https://example.com)", "https://example.com"),
        ("[link](https://example.com/md)", "https://example.com/md"),
        ("[https://example.com/a]", "https://example.com/a"),
        ("[example.com/photo.jpg)]", "example.com/photo.jpg"),
        ("https://example.com/a[1] keeps", "https://example.com/a[1]"),
        ("https://example.com/Book.(Wrox,.2010,.047).pdf keeps", "https://example.com/Book.(Wrox,.2010,.047).pdf"),
        ("https://example.com's front page", "https://example.com"),
        ("https://example.com/it's fine", "https://example.com/it's"),
        ("(statistics.gov.uk/releases)", "statistics.gov.uk/releases"),
        ("bit.ly/3xYz12.", "bit.ly/3xYz12"),
        ("Is it example.com?", "example.com"),
        ("Is it example.com: no port", "example.com"),
        ("It is www.example.com.", "www.example.com"),
        ("Trailing slash https://example.com/ kept", "https://example.com/"),
    ],
)
def test_trailing_punctuation(body: str, expected: str) -> None:
    found = extract_links(body)
    assert [link.url for link in found] == [expected]
    check_offsets(body, found)


def test_offsets_are_python_string_indices() -> None:
    body = "Caf\u00e9 \U0001f600 na\u00efve \u2014 https://example.com/\u00fcber \u2014 ok"
    (link,) = extract_links(body)
    assert link.url == "https://example.com/\u00fcber"
    assert link.start_char == body.index("https://")
    assert link.end_char == link.start_char + len(link.url)


# --------------------------------------------------------------------------- emails
@pytest.mark.parametrize(
    ("body", "url", "normalized", "domain"),
    [
        ("Write to press@example.com today", "press@example.com", "mailto:press@example.com", "example.com"),
        ("Write to a.b+tag@news.example.co.uk.", "a.b+tag@news.example.co.uk", "mailto:a.b+tag@news.example.co.uk", "example.co.uk"),
        ("Caps NAME@EXAMPLE.COM ok", "NAME@EXAMPLE.COM", "mailto:NAME@example.com", "example.com"),
        ('Quoted "desk@example.org" ok', "desk@example.org", "mailto:desk@example.org", "example.org"),
        ("Angle <desk@example.org>.", "desk@example.org", "mailto:desk@example.org", "example.org"),
        ("(desk@example.org)", "desk@example.org", "mailto:desk@example.org", "example.org"),
        ("Dotted quad 10.0.0.1@example.com ok", "10.0.0.1@example.com", "mailto:10.0.0.1@example.com", "example.com"),
        ("Local quotes test.\"foo\".bar@example.co.uk!", 'test."foo".bar@example.co.uk', 'mailto:test."foo".bar@example.co.uk', "example.co.uk"),
        ('A lone mark a"desk@example.org', "desk@example.org", "mailto:desk@example.org", "example.org"),
        ("IDN grå@grå.org ok", "grå@grå.org", "mailto:grå@grå.org", "grå.org"),
        ("Under foo_bar@example.com ok", "foo_bar@example.com", "mailto:foo_bar@example.com", "example.com"),
        ("mailto mailto:desk@example.org ok", "mailto:desk@example.org", "mailto:desk@example.org", "example.org"),
        ("MAILTO:DESK@EXAMPLE.ORG ok", "MAILTO:DESK@EXAMPLE.ORG", "mailto:DESK@example.org", "example.org"),
        ("explicit mailto:desk@intranet is fine", "mailto:desk@intranet", "mailto:desk@intranet", None),
        ("Pipes \uff5cdesk@example.org\uff5cbar", "desk@example.org", "mailto:desk@example.org", "example.org"),
    ],
)  # fmt: skip
def test_emails(body: str, url: str, normalized: str, domain: str | None) -> None:
    found = extract_links(body)
    check_offsets(body, found)
    (link,) = found
    assert (link.url, link.kind, link.url_normalized, link.domain) == (url, "email", normalized, domain)
    assert link.is_shortlink is False and link.host == normalized.rsplit("@", 1)[1]


def test_userinfo_in_a_url_is_not_an_email() -> None:
    body = "See http://reader:pw@example.com/feed and https://maps.example.com/@51.5,-0.1,15z"
    assert [(link.url, link.kind) for link in extract_links(body)] == [
        ("http://reader:pw@example.com/feed", "other"),
        ("https://maps.example.com/@51.5,-0.1,15z", "other"),
    ]


# --------------------------------------------------------------------------- mentions
TWEET = (
    "Officials met for an hour in the capital.\n"
    "The two delegations sat far apart, @jane_doe and @Other_Desk noted. pic.twitter.com/Hq7ZpL0wXe\n"
    "\u2014 Jane Example (@jane_example) March 3, 2022\n"
    "Talks resume next week, @press_office said in prose.\n"
)


def test_mentions_in_an_embedded_post() -> None:
    found = extract_links(TWEET)
    check_offsets(TWEET, found)
    assert [(link.url, link.kind) for link in found] == [
        ("@jane_doe", "mention"),
        ("@Other_Desk", "mention"),
        ("pic.twitter.com/Hq7ZpL0wXe", "image"),
        ("@jane_example", "mention"),
    ]
    mention = found[1]
    assert mention.url_normalized == "https://twitter.com/other_desk"
    assert (mention.host, mention.domain, mention.is_shortlink) == ("twitter.com", "twitter.com", False)


@pytest.mark.parametrize(
    "signature",
    [
        "\u2014 Jane Example (@jane_example) March 3, 2022",
        "\u2013 Jane Example (@jane_example) Mar 3, 2022",
        "-- Jane Example (@jane_example) Sept. 30, 2021",
        "- Jane Example (@jane_example) December 2, 2021",
        "\u2014 Ministry of Example \U0001f1ea\U0001f1fa (@jane_example) July 14, 2023",
    ],
)
def test_signature_line_variants(signature: str) -> None:
    body = f"Some text of the post.\n{signature}\nMore prose after."
    found = extract_links(body)
    check_offsets(body, found)
    assert [link.url for link in found] == ["@jane_example"]


@pytest.mark.parametrize(
    "body",
    [
        "The minister told @jane_example that it was over.",
        "\u2014 Jane Example (@jane_example) said on Tuesday",  # no date: not a signature line
        "First line @far_away.\nSecond line.\n\u2014 Jane (@jane) May 1, 2022",  # two lines up
        "Line @user@example.com.\n\u2014 Jane May 1, 2022",
    ],
)
def test_no_mentions_outside_embedded_posts(body: str) -> None:
    assert [link for link in extract_links(body) if link.kind == "mention" and link.url != "@jane"] == []


def test_mention_inside_a_url_or_email_is_not_repeated() -> None:
    body = "See https://x.example.com/@handle and desk@example.org now\n\u2014 Jane (@jane) May 1, 2022"
    found = extract_links(body)
    check_offsets(body, found)
    assert [(link.url, link.kind) for link in found] == [
        ("https://x.example.com/@handle", "other"),
        ("desk@example.org", "email"),
        ("@jane", "mention"),
    ]


# --------------------------------------------------------------------------- normalisation
@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("example.com", "https://example.com/"),
        ("www.Example.COM/Path", "https://www.example.com/Path"),
        ("HTTPS://EXAMPLE.COM/Path", "https://example.com/Path"),
        ("http://example.com:80/a", "http://example.com/a"),
        ("https://example.com:443/a", "https://example.com/a"),
        ("ftp://ftp.example.org:21/pub", "ftp://ftp.example.org/pub"),
        ("https://example.com:8443/a", "https://example.com:8443/a"),
        ("http://example.com:443/a", "http://example.com:443/a"),
        ("https://example.com/a#section-2", "https://example.com/a"),
        ("https://example.com/a?utm_source=rss&utm_medium=feed", "https://example.com/a"),
        ("https://example.com/a?id=7&fbclid=XyZ&gclid=1&UTM_Campaign=x", "https://example.com/a?id=7"),
        ("https://example.com/a?b=2&a=1", "https://example.com/a?a=1&b=2"),
        ("https://example.com/a?source=home&ref=nav&print", "https://example.com/a?print&ref=nav&source=home"),
        ("https://example.com/a?q=two words", "https://example.com/a?q=two%20words"),
        ("https://example.com?x=1", "https://example.com/?x=1"),
        ("https://example.com/a//b", "https://example.com/a/b"),
        ("https://en.wikipedia.org/wiki/Foo_(bar)", "https://en.wikipedia.org/wiki/Foo_%28bar%29"),
        ("https://example.com/caf\u00e9", "https://example.com/caf%C3%A9"),
        ("https://xn--bcher-kva.example/x", "https://b\u00fccher.example/x"),
        ("http://192.0.2.10/status", "http://192.0.2.10/status"),
        ("  https://example.com/a  ", "https://example.com/a"),
        # cannot be normalised
        ("", None),
        ("   ", None),
        ("mailto:someone@example.com", None),
        ("javascript:alert(1)", None),
        ("gopher://example.com/", None),
        ("https://", None),
        ("https://exa mple.com/", None),
        ("https://example.com:99999/", None),
        ("https://example.com:http/", None),
        ("https://[not-ipv6]/", None),
    ],
)
def test_normalize_url(url: str, expected: str | None) -> None:
    assert normalize_url(url) == expected


def test_normalize_url_uses_courlan_for_host_and_path() -> None:
    # The parts courlan is responsible for agree with courlan's own output.
    import courlan

    url = "HTTP://Example.COM:80/a//b/c%20d"
    assert normalize_url(url) == courlan.normalize_url(url)


@pytest.mark.parametrize(
    "url",
    [
        "https://Example.com:443/a//b/../c?b=2&a=1&utm_source=x#frag",
        "https://example.com/a?q=%E2%9C%93&r=a%20b",
        "https://example.com/%7Euser/caf\u00e9?x=caf\u00e9",
        "http://xn--bcher-kva.example/",
        "https://en.wikipedia.org/wiki/Foo_(bar)",
        "www.example.com/a;b,c!d*e",
        "example.com",
        "ftp://ftp.example.org:21/pub/",
        "http://[2001:db8::1]:80/x",
        "https://example.com/a?=&&b",
    ],
)
def test_normalize_url_is_idempotent(url: str) -> None:
    once = normalize_url(url)
    assert once is not None
    assert normalize_url(once) == once


# --------------------------------------------------------------------------- domains
@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("forums.bbc.co.uk", "bbc.co.uk"),
        ("https://Forums.BBC.co.uk:443/x?y=1", "bbc.co.uk"),
        ("www.example.com/path", "example.com"),
        ("pic.twitter.com", "twitter.com"),
        ("t.co", "t.co"),
        ("bit.ly/3xYz12", "bit.ly"),
        ("statistics.gov.uk", "statistics.gov.uk"),
        ("a.b.example.com.au", "example.com.au"),
        ("someone.blogspot.com", "blogspot.com"),  # ICANN suffixes only, no private ones
        ("user.github.io", "github.io"),
        ("EXAMPLE.COM.", "example.com"),
        ("xn--bcher-kva.de", "b\u00fccher.de"),
        ("b\u00fccher.de", "b\u00fccher.de"),
        ("reader@example.org", "example.org"),
        ("www.clinic.example", "clinic.example"),
        ("https://www.region.example.gov/x", "example.gov"),
        ("example", None),
        ("localhost", None),
        ("http://localhost:8000/", None),
        ("192.0.2.10", None),
        ("http://[2001:db8::1]/", None),
        ("co.uk", None),
        ("intranet.local", None),
        ("", None),
    ],
)
def test_registered_domain(value: str, expected: str | None) -> None:
    assert registered_domain(value) == expected


def test_extractor_is_built_once() -> None:
    assert normalise._extractor() is normalise._extractor()


def test_extractor_never_touches_network_or_disk_cache(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    import requests

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("network access attempted")

    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(requests.Session, "send", refuse)
    # Point every place tldextract could read from or write to somewhere we can inspect.
    monkeypatch.setenv("TLDEXTRACT_CACHE", str(tmp_path / "tldextract-cache"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.setenv("TLDEXTRACT_PUBLIC_SUFFIX_LIST_URLS", "https://psl.invalid/public_suffix_list.dat")

    def clear() -> None:
        for cached in (normalise._extractor, normalise._split_host, normalise._registered_domain_of_host, classify._describe_url):
            cached.cache_clear()

    clear()
    try:
        extractor = normalise._extractor()
        assert extractor.suffix_list_urls == ()
        assert registered_domain("forums.bbc.co.uk") == "bbc.co.uk"
        (link,) = extract_links("Figures at www.statistics.gov.uk/releases today.")
        assert link.domain == "statistics.gov.uk"
    finally:
        clear()
    assert list(tmp_path.rglob("*")) == []


def test_extractor_in_a_fresh_process_opens_no_socket_and_writes_no_file(tmp_path: Path) -> None:
    # An audit hook installed before anything is imported sees every socket and file open.
    script = textwrap.dedent(
        """
        import sys
        events = []
        # (requests/urllib3 bind a throwaway socket to ::1 at import to probe IPv6 support;
        # that is not network access, so only lookups and outgoing traffic count.)
        NETWORK_EVENTS = {
            "socket.connect", "socket.getaddrinfo", "socket.gethostbyname", "socket.gethostbyaddr",
            "socket.sendto", "socket.sendmsg", "urllib.Request", "http.client.connect",
        }
        def hook(event, args):
            if event in NETWORK_EVENTS:
                events.append((event, repr(args)))
            elif event == "open" and len(args) > 1:
                mode, flags = args[1], args[2]
                writing = (isinstance(mode, str) and any(c in mode for c in "wax+")) or (
                    mode is None and isinstance(flags, int) and flags & 0o3
                )
                if writing:
                    events.append((event, repr(args)))
        sys.addaudithook(hook)
        from transforms.links import extract_links
        from transforms.links.normalise import registered_domain
        assert registered_domain("forums.bbc.co.uk") == "bbc.co.uk"
        found = extract_links("See https://www.example.co.uk/a and bit.ly/3xYz12.", ())  # no embeds in it
        assert [l.domain for l in found] == ["example.co.uk", "bit.ly"], found
        assert events == [], events
        print("ok")
        """
    )
    env = {
        **os.environ,
        "PYTHONDONTWRITEBYTECODE": "1",
        "TLDEXTRACT_CACHE": str(tmp_path / "cache"),
        "TLDEXTRACT_PUBLIC_SUFFIX_LIST_URLS": "https://psl.invalid/public_suffix_list.dat",
        "PYTHONPATH": str(REPO_ROOT),
    }
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=REPO_ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "ok"
    assert list(tmp_path.rglob("*")) == []


# --------------------------------------------------------------------------- fast path
_fast_host = st.from_regex(r"[a-zA-Z0-9]{1,6}(?:-[a-z0-9]{1,4})?(?:\.[a-z0-9]{1,6}){0,2}\.(?:com|org|co\.uk|de|example|xn--p1ai)", fullmatch=True)
_fast_path = st.from_regex(r"(?:/[A-Za-z0-9_.~!=:,%()'*@+;$&-]{0,8}){0,4}", fullmatch=True)
_fast_query = st.sampled_from(["", "?a=1", "?utm_source=x&b=2", "?q=two%20words&A=1", "?x=caf\u00e9", "?", "?=&&b"])


@settings(max_examples=400, deadline=None)
@given(
    scheme=st.sampled_from(["", "http://", "https://", "HTTPS://", "www."]),
    host=_fast_host,
    path=_fast_path,
    query=_fast_query,
    fragment=st.sampled_from(["", "#top", "#a?b"]),
)
def test_fast_path_agrees_with_courlan_path(scheme: str, host: str, path: str, query: str, fragment: str) -> None:
    url = f"{scheme}{host}{path}{query}{fragment}"
    assert classify._describe_url.__wrapped__(url) == classify._describe_url_slow(url)


# --------------------------------------------------------------------------- kinds
def test_link_kinds_vocabulary() -> None:
    assert LINK_KINDS == ("shortener", "social", "image", "video", "document", "email", "mention", "other")
    assert LINK_PLACES == ("body", "header", "footer", "source")


@pytest.mark.parametrize(
    ("url", "kind"),
    [
        ("https://ift.tt/3AbCdEf", "shortener"),
        ("bit.ly/3xYz12", "shortener"),
        ("https://t.co/Ab12Cd34Ef", "shortener"),
        ("dlvr.it/SdF9k2", "shortener"),
        ("https://goo.gl/maps/abc", "shortener"),
        ("tinyurl.com/y7abc", "shortener"),
        ("ow.ly/AbC1", "shortener"),
        ("buff.ly/3xY", "shortener"),
        ("https://on.ft.com/3abc", "shortener"),
        ("https://bit.ly/photo.jpg", "shortener"),  # a shortlink stays a shortlink
        ("pic.twitter.com/Qw3rTy9Zx0", "image"),
        ("https://pbs.twimg.com/media/FGabc?format=jpg", "image"),
        ("https://i.imgur.com/abc", "image"),
        ("https://www.instagram.com/p/Abc/", "image"),
        ("https://example.com/img/chart.PNG", "image"),
        ("example.com/photos/cat.jpeg", "image"),
        ("https://www.facebook.com/photo.jpg", "image"),  # the extension says what it is
        ("https://www.youtube.com/watch?v=abc", "video"),
        ("https://m.youtube.com/shorts/abc", "video"),
        ("https://youtu.be/abc", "video"),
        ("https://rumble.com/v1abc-clip.html", "video"),
        ("https://example.com/clip.mp4?w=640", "video"),
        ("https://example.com/podcast/ep1.mp3", "video"),
        ("https://example.com/report.pdf#page=2", "document"),
        ("https://example.com/data/table.XLSX", "document"),
        ("https://docs.google.com/document/d/abc/edit", "document"),
        ("https://twitter.com/someone/status/123", "social"),
        ("https://mobile.twitter.com/someone", "social"),
        ("https://x.com/someone", "social"),
        ("https://www.facebook.com/page", "social"),
        ("https://www.youtube.com/@channel", "social"),
        ("https://www.youtube.com/watchlist", "social"),  # /watch matches whole segments only
        ("t.me/somechannel", "social"),
        ("https://www.tiktok.com/@someone", "social"),
        ("https://example.com/a.jpg/page", "other"),
        ("https://example.com/pdf", "other"),
        ("https://example.com/", "other"),
        ("statistics.gov.uk/releases", "other"),
        ("http://localhost:8000/x", "other"),
        ("http://192.0.2.1/x", "other"),
    ],
)
def test_kind(url: str, kind: str) -> None:
    assert link_kind(url) == kind
    (link,) = extract_links(f"link: {url} end")
    assert link.kind == kind
    assert link.is_shortlink is (kind == "shortener")


@pytest.mark.parametrize(("value", "kind"), [("@someone", "mention"), ("desk@example.org", "email"), ("mailto:a@b.org", "email"), ("not a url", "other")])
def test_link_kind_of_handles_and_emails(value: str, kind: str) -> None:
    assert link_kind(value) == kind


def test_data_file_is_well_formed() -> None:
    data = tomllib.loads(hosts.DATA_FILE.read_text(encoding="utf-8"))
    seen: dict[str, str] = {}
    for section in ("shortener", "social", "image", "video", "document"):
        assert section in LINK_KINDS
        for entry in data[section]["hosts"]:
            assert entry == entry.strip().lower() and not entry.startswith(("www.", "http")), entry
            assert "." in entry.split("/")[0], entry
            assert seen.setdefault(entry, section) == section, f"{entry} is in [{seen[entry]}] and [{section}]"
        for ext in data[section].get("extensions", []):
            assert ext == ext.lower() and "." not in ext
    assert hosts.SHORTENER_HOSTS >= {"ift.tt", "bit.ly", "t.co"}
    assert {"utm_", "pk_"} <= set(data["tracking"]["prefixes"]) and "fbclid" in hosts.TRACKING_PARAMS


# --------------------------------------------------------------------------- whole links
def test_link_fields() -> None:
    body = "Full data: https://WWW.Example.co.uk:443/Stats/2021?utm_source=feed&year=2021&fbclid=x&gclid=y&mc_cid=z#t."
    (link,) = extract_links(body)
    url = "https://WWW.Example.co.uk:443/Stats/2021?utm_source=feed&year=2021&fbclid=x&gclid=y&mc_cid=z#t"
    assert link == Link(
        url=url,
        start_char=11,
        end_char=11 + len(url),
        url_normalized="https://www.example.co.uk/Stats/2021?year=2021",
        domain="example.co.uk",
        kind="other",
        host="www.example.co.uk",
        place="body",
        is_shortlink=False,
    )


def test_link_defaults_keep_old_callers_working() -> None:
    link = Link("example.com", 0, 11, "https://example.com/", "example.com", "other")
    assert (link.host, link.place, link.is_shortlink) == (None, "body", False)


@pytest.mark.parametrize(
    ("url", "host", "domain"),
    [
        ("https://Forums.BBC.co.uk/x", "forums.bbc.co.uk", "bbc.co.uk"),
        ("http://xn--bcher-kva.example/x", "b\u00fccher.example", "b\u00fccher.example"),
        ("http://192.0.2.10:8080/x", "192.0.2.10", None),
        ("http://localhost:8000/", "localhost", None),
        ("www.Example.com", "www.example.com", "example.com"),
        ("someone.blogspot.com/post", "someone.blogspot.com", "blogspot.com"),
    ],
)
def test_host_and_domain(url: str, host: str, domain: str | None) -> None:
    (link,) = extract_links(f"at {url} now")
    assert (link.host, link.domain) == (host, domain)


SEED_LIKE = (
    "Envoys from both governments met for forty minutes on the margins of the summit in Vienna on "
    "Thursday, the first such meeting since Oct.14. Neither side expected a breakthrough.\n"
    '"We listened carefully to every proposal," the deputy minister told reporters, adding that '
    "the U.S. and E.U. positions were \"closer than they look\". Growth forecasts were cut to 1.8%.\n"
    "The two delegations sat at opposite ends of a very long table. pic.twitter.com/Hq7ZpL0wXe\n"
    "\u2014 Jane Example (@jane_example) March 3, 2022\n"
    "The full communique is at www.example-ministry.gov.uk/statements/2022-03-03 (PDF: "
    "https://example-ministry.gov.uk/files/communique.pdf).\n"
    "Questions can be sent to press@example-ministry.gov.uk.\n"
    "https://ift.tt/4bQx7Zk"
)
SEED_LIKE_FURNITURE = [
    ("shortlink_line", "footer", "https://ift.tt/4bQx7Zk"),
    ("from_feed", "footer", "from Example Wire Service https://ift.tt/4bQx7Zk"),
    ("via_service", "footer", "via IFTTT"),
    ("comment_count", "footer", "0 comments"),
]


def test_seed_like_paragraph() -> None:
    found = extract_links(SEED_LIKE)
    check_offsets(SEED_LIKE, found)
    assert [(link.url, link.domain, link.kind) for link in found] == [
        ("pic.twitter.com/Hq7ZpL0wXe", "twitter.com", "image"),
        ("@jane_example", "twitter.com", "mention"),
        ("www.example-ministry.gov.uk/statements/2022-03-03", "example-ministry.gov.uk", "other"),
        ("https://example-ministry.gov.uk/files/communique.pdf", "example-ministry.gov.uk", "document"),
        ("press@example-ministry.gov.uk", "example-ministry.gov.uk", "email"),
        ("https://ift.tt/4bQx7Zk", "ift.tt", "shortener"),
    ]
    assert found[0].url_normalized == "https://pic.twitter.com/Hq7ZpL0wXe"
    assert found[-1].start_char == SEED_LIKE.rindex("https://ift.tt/4bQx7Zk") and found[-1].is_shortlink


# --------------------------------------------------------------------------- furniture
def test_furniture_links() -> None:
    found = extract_furniture_links(SEED_LIKE_FURNITURE)
    assert [(link.url, link.place, link.kind, link.is_shortlink) for link in found] == [
        ("https://ift.tt/4bQx7Zk", "footer", "shortener", True),
        ("https://ift.tt/4bQx7Zk", "source", "shortener", True),
    ]
    assert all(link.start_char is None and link.end_char is None for link in found)
    assert found[1].url_normalized == "https://ift.tt/4bQx7Zk" and found[1].domain == "ift.tt"


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        (("authored_by", "header", "Authored by Jane Doe via SomeBlog.example,"), [("SomeBlog.example", "header")]),
        (("appeared_first", "footer", "The post Talks Resume appeared first on www.example-news.com."), [("www.example-news.com", "footer")]),
        (("continue_reading", "footer", "Continue reading at example.com/story-1 or write to desk@example.com"), [("example.com/story-1", "footer"), ("desk@example.com", "footer")]),
        (("from_feed", "footer", "from Example.com News https://feeds.example.com/a?utm_source=rss"), [("Example.com", "source"), ("https://feeds.example.com/a?utm_source=rss", "source")]),
        (("shortlink_line", "footer", "bit.ly/3xYz12"), [("bit.ly/3xYz12", "footer")]),
        (("via_service", "footer", "via IFTTT"), []),
        (("comment_count", "footer", ""), []),
        (("labels", "footer", "\u2014 Jane (@jane) May 1, 2022"), []),  # no mentions in furniture
    ],
)  # fmt: skip
def test_furniture_places(line: tuple[str, str, str], expected: list[tuple[str, str]]) -> None:
    assert [(link.url, link.place) for link in extract_furniture_links([line])] == expected


def _split_like_the_cleaner(text: str) -> tuple[str, list[tuple[str, str, str]]]:
    """Body and removed (rule, where, line) triples, peeled the way transforms.clean.split does."""
    from transforms.clean.furniture import FOOTER_RULES, HEADER_RULES, match_line

    lines = [line.strip() for line in text.split("\n") if line.strip()]
    header: list[tuple[str, str, str]] = []
    footer: list[tuple[str, str, str]] = []
    end = len(lines)
    while end > 0 and (hit := match_line(lines[end - 1], FOOTER_RULES)):
        footer.insert(0, (hit[0].name, hit[0].where, lines[end - 1]))
        end -= 1
    start = 1
    while start < end and (hit := match_line(lines[start], HEADER_RULES)):
        header.append((hit[0].name, hit[0].where, lines[start]))
        start += 1
    return "\n".join(lines[start:end]), header + footer


def test_example_post_from_the_seed() -> None:
    if not SEED.exists():
        pytest.skip("../shared/seeds is not present")
    body, removed = _split_like_the_cleaner(SEED.read_text(encoding="utf-8"))
    found = extract_links(body)
    check_offsets(body, found)
    furniture = extract_furniture_links(removed)
    got = [(link.url, link.place, link.kind, link.domain) for link in found + furniture]
    assert got == [
        ("pic.twitter.com/RypogEMcAC", "body", "image", "twitter.com"),
        ("@nwadhams", "body", "mention", "twitter.com"),
        ("https://ift.tt/3Drii3L", "footer", "shortener", "ift.tt"),
        ("https://ift.tt/3Drii3L", "source", "shortener", "ift.tt"),
    ]
    assert all(link.is_shortlink for link in furniture)


# --------------------------------------------------------------------------- linkify-it agreement
# Cases in the spirit of linkify-it's fixture files (test/fixtures/links.txt and not_links.txt
# in the linkify-it repository): the text, then the first link it should yield (None: no link).
LINKIFY_STYLE_CASES: list[tuple[str, str | None]] = [
    ("My http://example.net site", "http://example.net"),
    ("http://example.net/", "http://example.net/"),
    ("http://example.net/under_score/", "http://example.net/under_score/"),
    ("http://ann:secret@example.net:8081", "http://ann:secret@example.net:8081"),
    ("http://ann@example.net", "http://ann@example.net"),
    ("[https](https://www.example.net)[mailto](mailto:desk@example.net)", "https://www.example.net"),
    ("http://example.net?k=v", "http://example.net?k=v"),
    ("http://example.net#k=v", "http://example.net#k=v"),
    ("HTTP://EXAMPLE.NET", "HTTP://EXAMPLE.NET"),
    ("http://example.invalid", "http://example.invalid"),
    ("http://intranet7", "http://intranet7"),
    ("http://404", "http://404"),
    ("http://my-host", "http://my-host"),
    (">>example.net", "example.net"),
    ("http://localhost:9000?", "http://localhost:9000"),
    ("My ftp://example.net site", "ftp://example.net"),
    ("My ssl //example.net site", "//example.net"),
    ("8.8.4.4", "8.8.4.4"),
    ("10.1.1.1/path", "10.1.1.1/path"),
    ("note:http://example.net/", "http://example.net/"),
    ("example.net: // no port", "example.net"),
    ("q.u.i.c.k.io", "q.u.i.c.k.io"),
    ("x-y.net", "x-y.net"),
    ("(Scoped http://example.net/a_b)", "http://example.net/a_b"),
    ("http://example.net/a_b_(wiki)", "http://example.net/a_b_(wiki)"),
    ("http://example.net/a_[b]", "http://example.net/a_[b]"),
    ("http://example.net/a_{b}", "http://example.net/a_{b}"),
    ("http://example.net/a_'b'", "http://example.net/a_'b'"),
    ('http://example.net/a_"b"', 'http://example.net/a_"b"'),
    ("[Scoped http://example.net/a_b]", "http://example.net/a_b"),
    ("'Quoted http://example.net/a_b'", "http://example.net/a_b"),
    ("http://example.net/a.png.", "http://example.net/a.png"),
    ("http://example.net/a...", "http://example.net/a"),
    ("http://example.net/a?p=1.", "http://example.net/a?p=1"),
    ("http://example.net/7!!!", "http://example.net/7"),
    ("See http://example.net/7; next.", "http://example.net/7"),
    ("http://example.net/7;8", "http://example.net/7;8"),
    ("http://example.net/end-", "http://example.net/end-"),
    ("<http://example.net/a>.", "http://example.net/a"),
    ("<example.net>.", "example.net"),
    ("<desk@example.net>.", "desk@example.net"),
    ("<mailto:desk@example.net>", "mailto:desk@example.net"),
    ('"desk@example.net"', "desk@example.net"),
    ("mailto:desk@example.net", "mailto:desk@example.net"),
    ("first+last@example.net", "first+last@example.net"),
    ("(write desk@example.net)", "desk@example.net"),
    ("http://xn--fsqu00a.xn--3lr804guic/", "http://xn--fsqu00a.xn--3lr804guic/"),
    ("http://bücher-straße.de/x.jpg", "http://bücher-straße.de/x.jpg"),
    ("\uff5chttp://example.net\uff5cbar", "http://example.net"),
    ("https://abc123--preview.example.net/docs/", "https://abc123--preview.example.net/docs/"),
    ("www.x--y.com", "www.x--y.com"),
    # not links
    ("example.nope", None),
    ("http://.example.net", None),
    ("hxxp://example.net", None),
    ("example.netx", None),
    ("bar.999", None),
    ("localhost/", None),
    ("_http://example.net", None),
    ("http://example.net_", None),
    ("@example.net", None),
    ("http://??", None),
    ("example.net:700000 // invalid port", None),
    ("open photo.jpg", None),
    ("/usr/lib/file.pl", None),
    ("9.8.7.6.5", None),
    ("9.8.7.600", None),
    ("desk@intranet", None),
    ("mailto:desk", None),
    ("Node.js and io.js", None),
    # where this extractor deliberately differs from linkify-it (see LINKIFY_DIVERGES)
    ("see setup.py", None),
    ("it.is", None),
    ("ASP.NET", None),
    ("hello.world/page", "hello.world/page"),
    ("https://t.co/Ab12Cd\u2026", "https://t.co/Ab12Cd"),
    ("Say `https://example.net/a`", "https://example.net/a"),
    ("http://[2001:db8::1]:8080/x", "http://[2001:db8::1]:8080/x"),
    ("gr\u00e5@gr\u00e5.org", "gr\u00e5@gr\u00e5.org"),
]
# Where linkify-it-py answers differently, and why this extractor does not follow it.
LINKIFY_DIVERGES: dict[str, str] = {
    "see setup.py": "file extensions that are country codes need a path (data file: cctld_exclude)",
    "it.is": "English words that are country codes need a path (data file: cctld_exclude)",
    "ASP.NET": "an all-capitals host without a path is a product name or shouting, not a link",
    "hello.world/page": "with a path any public suffix counts; linkify-it only knows a short TLD list",
    "https://t.co/Ab12Cd\u2026": "an ellipsis ends a link (tweets truncate URLs with it)",
    "Say `https://example.net/a`": "backticks end a link",
    "http://[2001:db8::1]:8080/x": "IPv6 literals are hosts too",
    "gr\u00e5@gr\u00e5.org": "linkify-it-py misses IDN emails its own fixtures list (the JS original finds them)",
}


def _first(text: str) -> str | None:
    found = extract_links(text)
    return found[0].url if found else None


@pytest.mark.parametrize(("text", "expected"), LINKIFY_STYLE_CASES)
def test_linkify_style_cases(text: str, expected: str | None) -> None:
    assert _first(text) == expected
    check_offsets(text, extract_links(text))


def _linkify_first(text: str) -> str | None:
    linkify_it = pytest.importorskip("linkify_it")
    matches = linkify_it.LinkifyIt(options={"fuzzy_ip": True}).match(text)
    return matches[0].raw if matches else None


def test_linkify_style_cases_agree_with_linkify_it_py() -> None:
    differ = {text for text, expected in LINKIFY_STYLE_CASES if _linkify_first(text) != expected}
    assert differ == set(LINKIFY_DIVERGES)


def _fixture_cases(directory: Path) -> tuple[list[tuple[str, str]], list[str]]:
    """linkify-it's fixture files, read by the same parser the benchmark scores them with."""
    spec = importlib.util.spec_from_file_location("bench_links", REPO_ROOT / "benchmarks" / "bench_links.py")
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    return bench.fixture_cases(directory)


# linkify-it's fixture lines this extractor answers differently, on purpose.
FIXTURE_DIVERGES = {
    "GOOGLE.COM.",  # all-capitals host without a path (see ASP.NET above)
    "\u27a1.ws/\u4a39",  # a pictograph as a bare host label
    "http://a.b--c.de/   % `--` disabled, because collision possible",  # '--' allowed, as in links.txt itself
}


def test_linkify_it_fixture_files() -> None:
    """Set LINKIFY_FIXTURES to a folder holding linkify-it's test/fixtures/links.txt and
    not_links.txt (they are not shipped in the linkify-it-py wheel, nor copied here)."""
    folder = os.environ.get("LINKIFY_FIXTURES")
    if not folder or not (Path(folder) / "links.txt").exists():
        pytest.skip("LINKIFY_FIXTURES is not set to a folder with linkify-it's fixture files")
    positive, negative = _fixture_cases(Path(folder))
    failures = [line for line, expected in positive if _first(line) != expected]
    failures += [line for line in negative if _first(line) is not None]
    total = len(positive) + len(negative)
    print(f"linkify-it fixtures: {total - len(failures)}/{total} agree")
    assert set(failures) <= FIXTURE_DIVERGES, failures
    assert (total - len(failures)) / total >= 0.97


# --------------------------------------------------------------------------- speed guards
def test_body_without_anchor_skips_the_scanner(monkeypatch: pytest.MonkeyPatch) -> None:
    class Boom:
        def finditer(self, *args: object) -> None:
            raise AssertionError("candidate regex should not run")

        search = fullmatch = finditer

    monkeypatch.setattr(scan, "_CANDIDATE", Boom())
    monkeypatch.setattr(scan, "_CANDIDATE_AT", Boom())
    assert extract_links("no dots here at all, just words and commas " * 200) == []
    monkeypatch.setattr(scan, "_ANCHOR", Boom())
    assert extract_links("no anchors at all, just words and commas " * 200) == []


@pytest.mark.parametrize(
    "body",
    [
        "a." * 50_000,
        "ab.cd" * 20_000,
        ("x" * 63 + ".") * 3_000 + "q",
        "https://" * 20_000,
        "//" * 50_000,
        "https://example.com/" + "(" * 30_000 + ")" * 30_000,
        "https://example.com/" + '"' * 60_000,
        "example.com/" + "." * 60_000,
        ("www." * 10_000) + "com",
        "word " * 40_000,
        "a@" * 50_000 + "example.com",
        "'a" * 50_000 + "@example.com",
        "a.b" * 30_000 + "@example.com",
        "@" * 100_000,
        "mailto:" * 20_000,
        "1.1.1.1." * 20_000,
        ("\u2014 X (@h) May 1, 2022\n" + "@aa " * 10) * 2_000,
        "(@" * 50_000,
    ],
    ids=[
        "a-dot", "ab.cd", "long-labels", "schemes", "slashes", "parens", "quotes", "dots-path",
        "www-chain", "words", "at-chain", "quote-local", "dotted-local", "ats", "mailtos", "ips",
        "signatures", "open-mentions",
    ],
)  # fmt: skip
def test_pathological_bodies_stay_linear(body: str) -> None:
    started = time.perf_counter()
    found = extract_links(body)
    assert time.perf_counter() - started < 5.0
    check_offsets(body, found)


# --------------------------------------------------------------------------- properties
_label = st.from_regex(r"[a-z0-9](?:[a-z0-9-]{0,8}[a-z0-9])?", fullmatch=True)
_suffix = st.sampled_from(["com", "org", "net", "io", "co.uk", "gov.uk", "de", "com.au"])
_host = st.builds(lambda labels, suffix: ".".join([*labels, suffix]), st.lists(_label, min_size=1, max_size=3), _suffix)
_segment = st.from_regex(r"[A-Za-z0-9_~-]{1,10}", fullmatch=True)
_path = st.builds(
    lambda segments, ending, query, fragment: "".join(
        ["/" + "/".join(segments) + ending if segments else "", query, fragment]
    ),
    st.lists(_segment, max_size=3),
    st.sampled_from(["", "/", ".html", "_(bar)", "/page-2", ".jpg", '_"q"', "_{x}"]),
    st.sampled_from(["", "?a=1", "?q=x&utm_source=y", "?id=42&b=c"]),
    st.sampled_from(["", "#top", "#s-2"]),
)


_local = st.from_regex(r"[A-Za-z0-9](?:[A-Za-z0-9._+-]{0,8}[A-Za-z0-9])?", fullmatch=True).filter(lambda s: ".." not in s)


@st.composite
def embedded_url(draw: st.DrawFn) -> str:
    host = draw(_host)
    style = draw(st.sampled_from(["https://", "http://", "HTTPS://", "ftp://", "www.", "bare", "user", "email"]))
    path = draw(_path)
    if style == "bare":
        return host + path
    if style == "email":
        return draw(_local) + "@" + host
    if style == "www.":
        return "www." + host + path
    port = draw(st.sampled_from(["", "", ":8080"]))
    if style == "user":
        return "https://ann:pw@" + host + port + path
    return style + host + port + path


_filler = st.text(
    alphabet=st.sampled_from(list("abcXYZ019 .,;:!?'\"()[]<>@#/-_\u201c\u201d\u2014\u2026\u00e9\n")), max_size=40
)
_prefix = st.sampled_from(["", "(", "<", '"', "'", "\u201c", "\u00ab", "[", "see: ", "**", "\uff5c"])
_suffix_punct = st.sampled_from(
    ["", ".", ",", ";", ":", "!", "?", ")", ">", '"', "'", "\u201d", "\u00bb", "]", "...", "\u2026", ").", "\u2014", "**", "\uff5c"]
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(before=_filler, prefix=_prefix, url=embedded_url(), suffix=_suffix_punct, after=_filler)
def test_embedded_url_is_found_exactly(before: str, prefix: str, url: str, suffix: str, after: str) -> None:
    body = f"{before} {prefix}{url}{suffix} {after}"
    start = len(before) + 1 + len(prefix)
    found = extract_links(body)
    check_offsets(body, found)
    assert any(link.start_char == start and link.url == url for link in found), (url, found)


_noise = st.lists(
    st.sampled_from(
        list("abcdefxyzABCW0123456789 \t\n.,;:!?'\"()[]{}<>@#%&=+/\\-_~*`^|")
        + ["\u00e9", "\u00fc", "\u2014", "\u2026", "\u201c", "\u201d", "\u2019", "\u00a0", "\u3002", "\U0001f600", "\uff5c"]
        + ["www.", "http://", "https://", "ftp://", "//", ".com", ".co.uk", ".org", "t.co/", "bit.ly/", "mailto:"]
        + ["(@", "@h_1", "\u2014 A (@b) May 1, 2022\n", "1.2.3.4"]
    ),
    max_size=60,
).map("".join)
_body = st.lists(st.one_of(_noise, embedded_url()), max_size=8).flatmap(
    lambda parts: st.sampled_from(["", " ", "\n", ".", "("]).map(lambda sep: sep.join(parts))
)


def _check_invariants(body: str, found: list[Link]) -> None:
    check_offsets(body, found)
    for link in found:
        assert link.url and link.url == link.url.strip()
        assert link.url[-1] not in ".,;:!*"
        assert not any(c in link.url for c in "<>`\u201c\u201d\u2018\u2019\u00ab\u00bb\u2026\uff5c")
        assert link.url.count('"') % 2 == 0
        assert not link.url.startswith(("(", "[", "'", '"'))
        assert link.kind in LINK_KINDS and link.place == "body"
        assert link.is_shortlink is (link.kind == "shortener")
        assert link.domain is None or link.domain == link.domain.lower()
        assert link.host is None or link.host == link.host.lower()
        if link.kind == "mention":
            assert re.fullmatch(r"@\w{1,15}", link.url)
        elif link.kind == "email":
            assert "@" in link.url and link.url_normalized.startswith("mailto:")
        elif link.url_normalized is not None:
            assert normalize_url(link.url_normalized) == link.url_normalized


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(body=_body)
def test_link_invariants_on_random_text(body: str) -> None:
    _check_invariants(body, extract_links(body))


@settings(max_examples=500, deadline=None)
@given(body=st.text())
def test_never_raises_on_any_string(body: str) -> None:
    _check_invariants(body, extract_links(body))
    for link in extract_furniture_links([("from_feed", "footer", body), ("authored_by", "header", body), ("x", "footer", body)]):
        assert link.start_char is None and link.end_char is None and link.place in LINK_PLACES


@settings(max_examples=300, deadline=None)
@given(body=st.text(alphabet=st.characters(codec="utf-8"), max_size=200).map(lambda s: s.replace("\x00", "")))
def test_every_offset_slices_back_on_any_text(body: str) -> None:
    for link in extract_links(body):
        assert body[link.start_char : link.end_char] == link.url


@settings(max_examples=300, deadline=None)
@given(url=embedded_url())
def test_normalize_url_idempotent_property(url: str) -> None:
    if "@" in url and "://" not in url:  # an email: not a web URL
        return
    once = normalize_url(url)
    assert once is not None
    assert once.startswith(("https://", "http://", "ftp://"))
    assert "#" not in once and "utm_" not in once
    assert normalize_url(once) == once
    assert registered_domain(once) == registered_domain(url)


# --------------------------------------------------------------------------- one embed detector
@pytest.mark.parametrize("signature", ["— Jane Roe (@janeroe) March 3 2021", "— Jane Roe (@janeroe) March 3, 2021"])
def test_an_embed_its_social_quote_and_its_mention_agree_across_tables(signature: str) -> None:
    """Mentions come from the cleaning stage's embeds: a signature without the comma before the
    year is an embed, a social quote and a mention link alike (articles, quotes, links rows)."""
    from transforms.post import Article, process_post
    from transforms.rows import add_article, new_columns

    text = f"Storm closes port\nThe port closed on Monday.\nThe harbour is shut until further notice.\n{signature}\nOfficials said it would reopen.\n"
    article = process_post(text.encode())
    assert isinstance(article, Article)
    cols = new_columns()
    add_article(cols, article, "p1", "p1.txt", "0" * 64, "r1")
    rows = {table: [dict(zip(c, values)) for values in zip(*c.values())] for table, c in cols.items()}
    (embed,) = rows["articles"][0]["embeds"]
    assert embed["handle"] == "@janeroe" and embed["text"] == "The harbour is shut until further notice."
    (quote,) = [q for q in rows["quotes"] if q["kind"] == "social"]
    assert quote["social_handle"] == "@janeroe"
    (mention,) = [link for link in rows["links"] if link["kind"] == "mention"]
    assert (mention["url"], mention["url_normalized"], mention["host"], mention["place"]) == ("@janeroe", "https://twitter.com/janeroe", "twitter.com", "body")
    assert article.body[mention["start_char"] : mention["end_char"]] == "@janeroe"
    assert article.body.rfind("(@janeroe)") + 1 == mention["start_char"]


def test_mentions_come_from_the_embeds_given() -> None:
    body = "The harbour is shut, says @portauthority.\n— Jane Roe (@janeroe) March 3 2021"
    assert [link.url for link in extract_links(body)] == ["@portauthority", "@janeroe"]
    assert extract_links(body, ()) == []  # no embeds given: no mentions
