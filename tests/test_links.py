"""Tests for transforms.links: link finding, offsets, normalisation, domains and kinds."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from transforms import links
from transforms.links import (
    LINK_KINDS,
    extract_links,
    link_kind,
    normalize_url,
    registered_domain,
)
from transforms.records import Link

REPO_ROOT = Path(__file__).resolve().parent.parent


def urls(body: str) -> list[str]:
    return [link.url for link in extract_links(body)]


def check_offsets(body: str, found: list[Link]) -> None:
    previous_end = 0
    for link in found:
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
        ("port https://example.com:8443/x here", ["https://example.com:8443/x"]),
        ("userinfo https://reader@example.com/feed here", ["https://reader@example.com/feed"]),
        ("ip http://192.0.2.10/status here", ["http://192.0.2.10/status"]),
        ("ipv6 http://[2001:db8::1]:8080/x here", ["http://[2001:db8::1]:8080/x"]),
        ("local http://localhost:8000/admin here", ["http://localhost:8000/admin"]),
        ("idn https://bücher.example/straße here", ["https://bücher.example/straße"]),
        # www. without a scheme
        ("Visit www.example.com for more", ["www.example.com"]),
        ("Visit www.example.co.uk/news/world-123 now", ["www.example.co.uk/news/world-123"]),
        ("Visit WWW.EXAMPLE.ORG now", ["WWW.EXAMPLE.ORG"]),
        ("Visit www2.example.com/a now", ["www2.example.com/a"]),
        # bare hosts with a path
        ("Figures at statistics.gov.uk/releases today", ["statistics.gov.uk/releases"]),
        ("Short bit.ly/3xYz12 link", ["bit.ly/3xYz12"]),
        ("Short t.co/Ab12Cd34Ef link", ["t.co/Ab12Cd34Ef"]),
        ("Photo pic.twitter.com/Qw3rTy9Zx0", ["pic.twitter.com/Qw3rTy9Zx0"]),
        ("docs.python.org/3/library/re.html explains", ["docs.python.org/3/library/re.html"]),
        ("Any suffix with a path: hello.world/page", ["hello.world/page"]),
        ("Port on a bare host example.com:8080/status ok", ["example.com:8080/status"]),
        ("Shouting BIT.LY/ABC123 works", ["BIT.LY/ABC123"]),
        # bare hosts without a path: well-known TLD or multi-label suffix
        ("Go to example.com today", ["example.com"]),
        ("Go to Example.com today", ["Example.com"]),
        ("Buy it on Amazon.com, they said", ["Amazon.com"]),
        ("The register at companies.gov.uk is open", ["companies.gov.uk"]),
        ("Shop at example.com.au instead", ["example.com.au"]),
        ("Try t.co alone", ["t.co"]),
        ("Check news.example.io now", ["news.example.io"]),
        ("Numeric label 123.com is fine", ["123.com"]),
        ("hyphen my-site.org is fine", ["my-site.org"]),
        ("Amazon.com's results beat forecasts", ["Amazon.com"]),
        ("idn bücher.de is fine", ["bücher.de"]),
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
    ],
)
def test_finds_links(body: str, expected: list[str]) -> None:
    found = extract_links(body)
    assert [link.url for link in found] == expected
    check_offsets(body, found)


@pytest.mark.parametrize(
    "body",
    [
        "See report.pdf for details",
        "Open slides.pptx and notes.docx",
        "Upgrade to v1.2.3 or 2.0.1-beta now",
        "Python 3.11.7 and Node.js and Vue.js and ASP.NET",
        "The U.S. and U.K. and E.U. agreed",
        "e.g. apples, i.e. fruit, etc. and so on",
        "At 3 p.m. or 10 a.m. on Monday",
        "Pi is 3.14 and growth was 2.5%; shares fell 0.7.",
        "Write to press@example.com or a.b@example.co.uk",
        "Follow @example.com on the platform",
        "The meeting ended.Next week we go",
        "It was the end.next time",
        "the deal is.it was late",
        "He said hello.world and left",
        "Run setup.py or main.rs or notes.md or script.sh",
        "Unzip archive.zip and play clip.mov",
        "Mr.Smith and St.Louis and Dr.Jones",
        "On Nov.23 and No.10 at 5.30pm",
        "path src/utils/helpers.com and C:\\Users\\me\\file.com",
        "#hashtag.com and $example.com and =example.com",
        "A domain with no TLD: intranet.local or example.invalidtld",
        "Unknown schemes gopher://example.com and hxxp://example.com",
        "Just https:// and http://. alone",
        "mailto:someone@example.com",
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
        ("See https://example.com/a: then", "https://example.com/a"),
        ("See https://example.com/a!", "https://example.com/a"),
        ("See https://example.com/a?", "https://example.com/a"),
        ("See https://example.com/a?!...", "https://example.com/a"),
        ("See https://example.com.", "https://example.com"),
        ("See https://example.com:8080:", "https://example.com:8080"),
        ("See **https://example.com/a**", "https://example.com/a"),
        ("Say 'https://example.com/a'", "https://example.com/a"),
        ('Say "https://example.com/a"', "https://example.com/a"),
        ("Say \u201chttps://example.com/a\u201d", "https://example.com/a"),
        ("Say \u2018https://example.com/a\u2019", "https://example.com/a"),
        ("Say \u00abhttps://example.com/a\u00bb", "https://example.com/a"),
        ("Say <https://example.com/a>", "https://example.com/a"),
        ("Say `https://example.com/a`", "https://example.com/a"),
        ("Cut https://t.co/Ab12Cd\u2026 off", "https://t.co/Ab12Cd"),
        ("Dash https://example.com/a\u2014and more", "https://example.com/a"),
        ("Wiki https://en.wikipedia.org/wiki/Foo_(bar) page", "https://en.wikipedia.org/wiki/Foo_(bar)"),
        ("(see https://en.wikipedia.org/wiki/Foo_(bar))", "https://en.wikipedia.org/wiki/Foo_(bar)"),
        ("(see https://en.wikipedia.org/wiki/Foo_(bar)).", "https://en.wikipedia.org/wiki/Foo_(bar)"),
        ("(see https://example.com/a)", "https://example.com/a"),
        ("(https://example.com)", "https://example.com"),
        ("[link](https://example.com/md)", "https://example.com/md"),
        ("[https://example.com/a]", "https://example.com/a"),
        ("https://example.com/a[1] keeps", "https://example.com/a[1]"),
        ("https://example.com's front page", "https://example.com"),
        ("https://example.com/it's fine", "https://example.com/it's"),
        ("(statistics.gov.uk/releases)", "statistics.gov.uk/releases"),
        ("bit.ly/3xYz12.", "bit.ly/3xYz12"),
        ("Is it example.com?", "example.com"),
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
    assert links._extractor() is links._extractor()


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
        for cached in (links._extractor, links._split_host, links._registered_domain_of_host, links._describe_url):
            cached.cache_clear()

    clear()
    try:
        extractor = links._extractor()
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
        from transforms.links import extract_links, registered_domain
        assert registered_domain("forums.bbc.co.uk") == "bbc.co.uk"
        found = extract_links("See https://www.example.co.uk/a and bit.ly/3xYz12.")
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


# --------------------------------------------------------------------------- kinds
def test_link_kinds_vocabulary() -> None:
    assert LINK_KINDS == ("shortlink", "social", "media", "web")


@pytest.mark.parametrize(
    ("url", "kind"),
    [
        ("https://ift.tt/3AbCdEf", "shortlink"),
        ("bit.ly/3xYz12", "shortlink"),
        ("https://t.co/Ab12Cd34Ef", "shortlink"),
        ("dlvr.it/SdF9k2", "shortlink"),
        ("https://goo.gl/maps/abc", "shortlink"),
        ("tinyurl.com/y7abc", "shortlink"),
        ("ow.ly/AbC1", "shortlink"),
        ("buff.ly/3xY", "shortlink"),
        ("https://on.ft.com/3abc", "shortlink"),
        ("pic.twitter.com/Qw3rTy9Zx0", "social"),
        ("https://twitter.com/someone/status/123", "social"),
        ("https://mobile.twitter.com/someone", "social"),
        ("https://x.com/someone", "social"),
        ("https://www.facebook.com/page", "social"),
        ("https://www.instagram.com/p/Abc/", "social"),
        ("https://www.youtube.com/watch?v=abc", "social"),
        ("https://youtu.be/abc", "social"),
        ("t.me/somechannel", "social"),
        ("https://www.tiktok.com/@someone", "social"),
        ("https://www.facebook.com/photo.jpg", "social"),  # social wins over media
        ("https://example.com/img/chart.PNG", "media"),
        ("https://example.com/clip.mp4?w=640", "media"),
        ("https://example.com/report.pdf#page=2", "media"),
        ("example.com/photos/cat.jpeg", "media"),
        ("https://example.com/a.jpg/page", "web"),
        ("https://example.com/pdf", "web"),
        ("https://example.com/", "web"),
        ("statistics.gov.uk/releases", "web"),
        ("http://localhost:8000/x", "web"),
    ],
)
def test_kind(url: str, kind: str) -> None:
    assert link_kind(url) == kind
    (link,) = extract_links(f"link: {url} end")
    assert link.kind == kind


# --------------------------------------------------------------------------- whole links
def test_link_fields() -> None:
    body = "Full data: https://WWW.Example.co.uk:443/Stats/2021?utm_source=feed&year=2021#t."
    (link,) = extract_links(body)
    assert link == Link(
        url="https://WWW.Example.co.uk:443/Stats/2021?utm_source=feed&year=2021#t",
        start_char=11,
        end_char=11 + len("https://WWW.Example.co.uk:443/Stats/2021?utm_source=feed&year=2021#t"),
        url_normalized="https://www.example.co.uk/Stats/2021?year=2021",
        domain="example.co.uk",
        kind="web",
    )


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
    "https://ift.tt/4bQx7Zk\n"
    "from Example Wire Service https://ift.tt/4bQx7Zk\n"
    "via IFTTT\n"
    "0 comments\n"
)


def test_seed_like_paragraph() -> None:
    found = extract_links(SEED_LIKE)
    check_offsets(SEED_LIKE, found)
    assert [(link.url, link.domain, link.kind) for link in found] == [
        ("pic.twitter.com/Hq7ZpL0wXe", "twitter.com", "social"),
        ("www.example-ministry.gov.uk/statements/2022-03-03", "example-ministry.gov.uk", "web"),
        ("https://example-ministry.gov.uk/files/communique.pdf", "example-ministry.gov.uk", "media"),
        ("https://ift.tt/4bQx7Zk", "ift.tt", "shortlink"),
        ("https://ift.tt/4bQx7Zk", "ift.tt", "shortlink"),
    ]
    assert found[0].url_normalized == "https://pic.twitter.com/Hq7ZpL0wXe"
    assert found[-1].start_char == SEED_LIKE.rindex("https://ift.tt/4bQx7Zk")


# --------------------------------------------------------------------------- speed guards
def test_body_without_dot_or_scheme_skips_the_scanner(monkeypatch: pytest.MonkeyPatch) -> None:
    class Boom:
        def finditer(self, *args: object) -> None:
            raise AssertionError("candidate regex should not run")

        search = finditer

    monkeypatch.setattr(links, "_CANDIDATE", Boom())
    monkeypatch.setattr(links, "_DOT_ANCHOR", Boom())
    assert extract_links("no dots here at all, just words and commas " * 200) == []


@pytest.mark.parametrize(
    "body",
    [
        "a." * 50_000,
        "ab.cd" * 20_000,
        ("x" * 63 + ".") * 3_000 + "q",
        "https://" * 20_000,
        "https://example.com/" + "(" * 30_000 + ")" * 30_000,
        "example.com/" + "." * 60_000,
        ("www." * 10_000) + "com",
        "word " * 40_000,
    ],
    ids=["a-dot", "ab.cd", "long-labels", "schemes", "parens", "dots-path", "www-chain", "words"],
)
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
    st.sampled_from(["", "/", ".html", "_(bar)", "/page-2", ".jpg"]),
    st.sampled_from(["", "?a=1", "?q=x&utm_source=y", "?id=42&b=c"]),
    st.sampled_from(["", "#top", "#s-2"]),
)


@st.composite
def embedded_url(draw: st.DrawFn) -> str:
    host = draw(_host)
    style = draw(st.sampled_from(["https://", "http://", "HTTPS://", "ftp://", "www.", "bare"]))
    path = draw(_path)
    if style == "bare":
        return host + path
    if style == "www.":
        return "www." + host + path
    port = draw(st.sampled_from(["", "", ":8080"]))
    return style + host + port + path


_filler = st.text(
    alphabet=st.sampled_from(list("abcXYZ019 .,;:!?'\"()[]<>@#/-_\u201c\u201d\u2014\u2026\u00e9\n")), max_size=40
)
_prefix = st.sampled_from(["", "(", "<", '"', "'", "\u201c", "\u00ab", "[", "see: ", "**"])
_suffix_punct = st.sampled_from(
    ["", ".", ",", ";", ":", "!", "?", ")", ">", '"', "'", "\u201d", "\u00bb", "]", "...", "\u2026", ").", "\u2014", "**"]
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
        + ["\u00e9", "\u00fc", "\u2014", "\u2026", "\u201c", "\u201d", "\u2019", "\u00a0", "\u3002", "\U0001f600"]
        + ["www.", "http://", "https://", "ftp://", ".com", ".co.uk", ".org", "t.co/", "bit.ly/"]
    ),
    max_size=60,
).map("".join)
_body = st.lists(st.one_of(_noise, embedded_url()), max_size=8).flatmap(
    lambda parts: st.sampled_from(["", " ", "\n", ".", "("]).map(lambda sep: sep.join(parts))
)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(body=_body)
def test_link_invariants_on_random_text(body: str) -> None:
    found = extract_links(body)
    check_offsets(body, found)
    for link in found:
        assert link.url and link.url == link.url.strip()
        assert link.url[-1] not in ".,;:!?'*"
        assert not any(c in link.url for c in '<>"`\u201c\u201d\u2018\u2019\u00ab\u00bb\u2026')
        assert not link.url.startswith(("(", "[", "'"))
        assert link.kind in LINK_KINDS
        assert link.domain is None or link.domain == link.domain.lower()
        if link.url_normalized is not None:
            assert normalize_url(link.url_normalized) == link.url_normalized


@settings(max_examples=300, deadline=None)
@given(url=embedded_url())
def test_normalize_url_idempotent_property(url: str) -> None:
    once = normalize_url(url)
    assert once is not None
    assert once.startswith(("https://", "http://", "ftp://"))
    assert "#" not in once and "utm_" not in once
    assert normalize_url(once) == once
    assert registered_domain(once) == registered_domain(url)
