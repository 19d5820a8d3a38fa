"""The embed detector's signature scan: the fast one gives what the plain search gives."""

import random
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from transforms.clean.embeds import signature_lines, signature_lines_plain

REPO = Path(__file__).resolve().parents[2]

_TWEET = "— Jane Roe (@janeroe) March 3, 2021"
_INSTA = "A post shared by Jane Roe (@jane.roe) on Mar 3, 2021 at 9:14am PST"
_PIECES = [_TWEET, _INSTA, " \t" + _TWEET, "&mdash; Ann (@a) May 1, 2020 more", "text (@x) June 2, 2020", "(@", "(@y)", "\n", "\n\n",
           " ", "— ", "Some words.", "-- Bo (@bo)", "(@zz) Jan 1, 2000", "A post shared by (@q)"]


def _spans(body: str, scan) -> list[tuple[tuple[int, int], dict]]:
    return [(m.span(), m.groupdict()) for m in scan(body)]


@given(st.lists(st.sampled_from(_PIECES), max_size=12))
def test_pieces_of_signature_lines(pieces):
    body = "".join(pieces)
    assert _spans(body, signature_lines) == _spans(body, signature_lines_plain)


def test_bodies_of_generated_posts_and_samples():
    import importlib.util

    from transforms.clean import CleanPost, clean_post

    spec = importlib.util.spec_from_file_location("generate_posts", REPO / "benchmarks" / "generate_posts.py")
    gen = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(gen)
    rng = random.Random(7)
    pools = gen.Pools(rng)
    raws = [gen.make_post(rng, pools).encode() for _ in range(300)]
    raws += [p.read_bytes() for p in sorted((REPO / "samples" / "posts").glob("*.txt"))]
    raws += [p.read_bytes() for p in sorted((REPO / "tests" / "fixtures" / "posts").glob("*.txt"))]
    found = 0
    for raw in raws:
        post = clean_post(raw)
        if isinstance(post, CleanPost):
            plain = _spans(post.body, signature_lines_plain)
            assert _spans(post.body, signature_lines) == plain
            found += len(plain)
    assert found > 20  # the corpus has embeds to find
