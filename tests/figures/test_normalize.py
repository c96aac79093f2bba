from helpers.figures.normalize import normalize


def test_ocr_spaces_inside_numbers_and_words_are_dropped_and_mapped_back():
    printed = "力争新增并网 4000 万 千瓦、增 长 7%左右"
    n = normalize(printed)
    assert n.text == "力争新增并网4000万千瓦、增长7%左右"
    start = n.text.index("4000")
    end = n.text.index("千瓦") + 2
    s, e = n.span_to_orig(start, end)
    assert printed[s:e] == "4000 万 千瓦"


def test_full_width_digits_and_percent_are_folded():
    n = normalize("失业率５．５％左右")
    assert n.text == "失业率5.5%左右"
    assert len(n.to_orig) == len(n.text)


def test_spaces_between_digits_and_latin_words_are_kept():
    assert normalize("1 000").text == "1 000"
    assert normalize("Inner Mongolia 2025").text == "Inner Mongolia 2025"


def test_newlines_survive_so_paragraphs_do():
    assert normalize("一、回顾\n\n二、安排").text.count("\n") == 2
