"""Random text never crashes the extractor, and every span it reports is valid.

How many examples each test draws comes from the hypothesis profile (tests/conftest.py: 300 by
default, the same every run; GWR_HYPOTHESIS_PROFILE=thorough for 5,000 new ones); a test that
does more work per example takes a share of that count."""

from itertools import pairwise

from hypothesis import given, settings
from hypothesis import strategies as st

from helpers.figures.normalize import _SPACE, normalize
from helpers.figures.scan import scan
from helpers.figures.table import extract_figures

# Bias towards the characters the scanner cares about, plus arbitrary unicode.
PIECES = st.sampled_from(list("0123456789０１２５％%.．,，、和以上下左右万亿千百元人个倍第年月日 \n\u3000“”\"（）()—-~增长下降预计今年力争达到突破"))
TEXT = st.lists(st.one_of(PIECES, st.characters()), max_size=200).map("".join)
# Text dense with figures and their neighbours: numbers written every way the scanner reads
# (decimals, thousands, full-width, Chinese numerals, ranges, fractions), units, qualifiers, quotes.
NUMBER = st.one_of(st.integers(0, 20000).map(str), st.decimals(0, 1000, places=2).map(str),
                   st.sampled_from(["1,200", "５．５", "3-5", "3—5", "1/4", "2.31:1", "一百", "十", "三千", "两", "05"]))
UNIT = st.sampled_from(["%", "％", "万元", "亿元", "万人", "个", "倍", "年", "成", "位", "名", "万吨", "公里", "强", ""])
AROUND = st.sampled_from(["以上", "左右", "增长", "下降", "第", "达到", "突破", "“", "”", "，", "。", "\n", " ", "年", "月"])
FIGURISH = st.lists(st.one_of(st.tuples(NUMBER, UNIT).map("".join), AROUND, PIECES, st.characters()),
                    max_size=60).map("".join)
# Runs of spaces of every kind the normaliser drops or keeps, between digits, CJK and Latin.
SPACED = st.lists(st.one_of(PIECES, st.sampled_from(list(_SPACE) + ["  ", "\u3000 ", "a", "Z"]),
                            st.characters()), max_size=120).map("".join)


def share(fraction: float) -> settings:
    """The profile's settings with `fraction` of its examples (at least 10)."""
    return settings(max_examples=max(10, int(settings.default.max_examples * fraction)))


@given(TEXT)
def test_random_text_gives_valid_spans(text):
    df = extract_figures(text, "Inner Mongolia", 2025)
    n_paragraphs = sum(1 for line in text.split("\n") if line.strip())
    for r in df.itertuples():
        assert 0 <= r.char_start < r.char_end <= len(text)
        assert text[r.char_start : r.char_end] == r.text
        assert 1 <= r.paragraph <= n_paragraphs
        assert r.value >= 0
    assert df["figure_id"].is_unique


@given(SPACED, st.data())
def test_normalized_spans_map_back_into_the_printed_text(text, data):
    """Every normalised character comes from one printed character (folded, or the first of a
    run of spaces), in order; only spaces are dropped; and any span maps back to printed text
    that normalises to that very span, so quotes and offsets can be cited."""
    norm = normalize(text)
    assert len(norm.to_orig) == len(norm.text)
    assert all(a < b for a, b in pairwise(norm.to_orig))
    for i, j in enumerate(norm.to_orig):
        assert 0 <= j < len(text)
        if norm.text[i] == " ":
            assert text[j] in _SPACE + " "
        else:
            assert normalize(text[j]).text == norm.text[i]
    assert all(text[j] in _SPACE for j in set(range(len(text))) - set(norm.to_orig))
    if norm.text:
        start = data.draw(st.integers(0, len(norm.text) - 1))
        end = data.draw(st.integers(start + 1, len(norm.text)))
        a, b = norm.span_to_orig(start, end)
        assert 0 <= a < b <= len(text)
        assert normalize(text[a:b]).text == norm.text[start:end]


@given(FIGURISH, st.lists(st.tuples(st.integers(0, 300), st.integers(1, 40)), max_size=4))
def test_scan_gives_mentions_in_order_that_never_overlap_nor_touch_hidden_text(text, holes):
    norm = normalize(text).text
    hidden = tuple((a, min(a + n, len(norm))) for a, n in holes if a < len(norm))
    mentions = scan(norm, hidden=hidden)
    for m in mentions:
        assert 0 <= m.start < m.end <= len(norm)
        assert all(m.end <= a or b <= m.start for a, b in hidden), (m, hidden)
    for first, second in pairwise(mentions):
        assert first.end <= second.start, (first, second)


@share(1 / 3)
@given(FIGURISH, FIGURISH)
def test_extraction_is_deterministic_whatever_was_extracted_before(text, other):
    """The same text gives the same table, also after another text went through the scanner's
    and the classifiers' caches."""
    first = extract_figures(text, "Inner Mongolia", 2025)
    extract_figures(other, "Guangdong", 2024)
    again = extract_figures(text, "Inner Mongolia", 2025)
    assert first.equals(again)
    assert list(first.dtypes) == list(again.dtypes)
