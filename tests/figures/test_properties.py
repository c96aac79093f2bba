"""Random text never crashes the extractor, and every span it reports is valid."""

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from helpers.figures.table import extract_figures

# Bias towards the characters the scanner cares about, plus arbitrary unicode.
PIECES = st.sampled_from(list("0123456789０１２５％%.．,，、和以上下左右万亿千百元人个倍第年月日 \n\u3000“”\"（）()—-~增长下降预计今年力争达到突破"))
TEXT = st.lists(st.one_of(PIECES, st.characters()), max_size=200).map("".join)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
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
