"""Which indicator a figure measures: a registry indicator named by an alias in its clause, else
the noun phrase the figure counts, made from the clause's words. The words are the lexicon's
(rules/lexicon/names.yml): name_lead_strip, name_trail_strip, name_inner_verbs and name_keep
(what a name is stripped of), noun_stops, not_counted and figure_suffixes (the noun after a
figure), shared_heads, joint_modifiers, split_suffixes, item_separators and respectively
(enumerated subjects), share_words and gap_words (a share or gap of a subject).

The noun phrase, in order of preference:
- the noun right after a figure that counts it (`办好20项重点民生实事`, `发行500亿元专项债券`);
- the subject before it, stripped of verbs, qualifiers, years and region words
  (`全省新建社区食堂120家` → 社区食堂), cut at a word boundary when long; a figure joined to the
  one before it by a verb only (`2.76万亿元增长6.1%`) has that one's subject;
- a share or a gap of a subject (`占全国1/4` → …占全国比重), a bare head completed with the
  modifier of the figure before it (`粮食播种面积…、总产量…` → 粮食总产量);
- with no subject at all (`保持全国第1位`, `其中新增20家`), the subject of the figure before it
  in the sentence."""

from __future__ import annotations

import re
from functools import lru_cache

from helpers.figures.classify import aliases
from helpers.figures.classify.context import FigureContext
from helpers.figures.classify.measure import RATIO_WORDS
from helpers.figures.segment import CLAUSE_END, bounds_of
from helpers.rules import lexicon
from helpers.rules.indicators import Indicator
from helpers.rules.units import units

MAX_NAME = 18  # characters: longer names are cut from the left (the head noun comes last)
MIN_CUT = 4  # a name cut at a word boundary keeps at least this many characters
RESPECTIVELY = lexicon.words("respectively")[0]
SPLIT_SUFFIXES = lexicon.words("split_suffixes")
_LEAD = lexicon.alternation("name_lead_strip")
_TRAIL = lexicon.alternation("name_trail_strip")
# A name that starts with a kept noun (建设用地, 开发区) keeps it, though it starts like a verb.
_LEAD_STRIP = re.compile(f"^(?:(?!{lexicon.alternation('name_keep')})(?:{_LEAD}))+")
_TRAIL_STRIP = re.compile(f"(?:{_TRAIL})+$")
_INNER_VERB = re.compile(lexicon.alternation("name_inner_verbs"))
# A noun after the figure ends before a verb, a preposition or 的, and at a list separator.
_TRAIL_WORDS = [e.word for e in lexicon.family("name_trail_strip")
               if e.word and len(e.word) > 1 and e.get("noun_stop", True)]
_NOUN_STOP = re.compile("|".join([lexicon.alternation("noun_stops"), *map(re.escape, _TRAIL_WORDS)]))
_AFTER_DE_STOP = re.compile(lexicon.alternation("noun_stops"))  # 的刚性增长机制: verbs inside
_NOT_COUNTED = re.compile(f"^(?:{lexicon.alternation('not_counted')})")
_FIGURE_SUFFIX = re.compile(f"^(?:{lexicon.alternation('figure_suffixes', longest_first=True)})")
_ITEM_SPLIT = re.compile(lexicon.alternation("item_separators"))
_HEADS = sorted(lexicon.words("shared_heads"), key=len, reverse=True)
_JOINT = {e.word: tuple(e["parts"]) for e in lexicon.family("joint_modifiers")}
_SCOPE = r"(?P<scope>[\u4e00-\u9fff]{0,5}?)的?"
_VERBS_AFTER = f"(?:{lexicon.alternation('name_trail_strip', scope=None)})*"  # not the scope words
_SHARE_TAIL = re.compile(f"(?:{lexicon.alternation('share_words')})(?!比){_SCOPE}(?:比重|比例|份额)?{_VERBS_AFTER}$")
_SHARE_HEAD = re.compile(f"^(?:{lexicon.alternation('share_words')})(?!比)")
_GAP_TAIL = re.compile(f"(?:{lexicon.alternation('gap_words')}){_SCOPE}(?:平均水平|水平)?{_VERBS_AFTER}$")
# A figure right after an earlier one, joined by a verb only (`2.76万亿元增长6.1%`,
# `由2110公里增至3055公里`) or by nothing (`8金4银`), measures the earlier one's subject.
_LINK = re.compile(f"[、，,]?(?:{_TRAIL})*")
# Units after which no noun is counted: rates, ranks and spans of time.
_NO_COUNTED_NOUN = {"percent", "pp", "times", "ratio", "rank"}
_PAIRS = {"“": "”", "（": "）", "(": ")", "《": "》", "‘": "’", "【": "】"}
_BOUNDARY = re.compile(r"[的之]")
_DIGIT = re.compile(r"[0-9]")
_MASKED = "\u25a1"
_BRACKETS = re.compile(r"[“”（）()《》‘’【】\"]")


def _mask(s: str) -> str:
    """`s` with what stands inside quotes and brackets masked (same length): a separator or a
    verb there does not end a name (`文明实践中心（所、站）`, `“郑和学院”`)."""
    if not _BRACKETS.search(s):
        return s
    out, stack = [], []
    for ch in s:
        if stack and ch == stack[-1]:
            stack.pop()
            out.append(ch)
        elif ch == '"':
            stack.append('"')
            out.append(ch)
        elif ch in _PAIRS:
            stack.append(_PAIRS[ch])
            out.append(ch)
        else:
            out.append(_MASKED if stack else ch)
    return "".join(out)


def _last_item(s: str, sep: str = "、") -> str:
    """The last item of a list, splitting outside quotes and brackets only."""
    return s[_mask(s).rfind(sep) + 1 :]


def _balanced(name: str) -> str:
    """Drop brackets and quotes left open or unopened at a name's ends (`“智改数转”重点项目`
    keeps its quotes; `县（市` loses the half bracket)."""
    if not _BRACKETS.search(name):
        return name
    for op, cl in _PAIRS.items():
        while name.count(op) > name.count(cl):
            i = name.rfind(op)
            name = name[:i] if i > len(name) // 2 else name[i + 1 :]
        while name.count(cl) > name.count(op):
            i = name.find(cl)
            name = name[i + 1 :] if i < len(name) // 2 else name[:i]
    if name.count('"') % 2:
        i = name.find('"') if name.startswith('"') else name.rfind('"')
        name = name[:i] + name[i + 1 :]
    return name


def _cut(name: str) -> str:
    """A long name cut from the left at a word boundary (after 的/之), else at MAX_NAME."""
    if len(name) <= MAX_NAME:
        return name
    for m in _BOUNDARY.finditer(name):
        if MIN_CUT <= len(name) - m.end() <= MAX_NAME:
            return name[m.end() :]
    return _balanced(name[-MAX_NAME:])


@lru_cache(maxsize=1 << 16)  # a pure function of the words, asked of the same words again
def _strip(name: str) -> str:
    """A name without the verbs, qualifiers, years and region words around it."""
    prev = None
    while prev != name:
        prev = name
        name = _TRAIL_STRIP.sub("", name)
        name = _LEAD_STRIP.sub("", name)
        name = _balanced(name.strip("·-—、").removeprefix("的"))
    masked = _mask(name)
    inner = [m.end() for m in _INNER_VERB.finditer(masked) if len(name) - m.end() >= 2]
    return _balanced(_TRAIL_STRIP.sub("", name[inner[-1] :])) if inner else name


def _subject(left: str) -> str:
    """The subject in the words before a figure: the last item of a list, with verbs,
    qualifiers, years and region words stripped from both ends (not cut)."""
    return _strip(_last_item(left) if RESPECTIVELY not in left else left)


def clean_name(left: str) -> str:
    """The indicator's name in the words before a figure, cut to MAX_NAME at a word boundary."""
    return _cut(_subject(left))


def last_words(left: str) -> str:
    """Fallback name when stripping verbs leaves nothing: the clause's last words as printed."""
    return _balanced(_last_item(left).strip("\"“”"))[-MAX_NAME:]


def _alias_names_figure(ctx: FigureContext, hit: aliases.AliasHit, cs: int, end: int) -> bool:
    """Does the alias found in the clause's words [cs, end) name the figure at `end` (not an
    earlier one, not a ratio of it, not a part that a generic alias only seems to name)?"""
    left = ctx.text[cs:end]
    alias = left[hit.start : hit.end]
    # No other figure between the alias and this one (`游客2.73亿人次、收入4140亿元`).
    if ctx.mentions.any_between(cs + hit.start, end):
        return False
    if RATIO_WORDS.search(left[hit.end :]) and not RATIO_WORDS.search(alias):
        return False
    return aliases.alias_fits(left[: hit.start], alias, left[hit.end :])


def _right_noun(text: str, end: int, clause_end: int, stops: re.Pattern = _NOUN_STOP) -> str:
    """The noun right after a figure, which it counts (`20项重点民生实事`), up to a verb."""
    right = text[end:clause_end]
    aside = aliases.ASIDE.match(right)  # `100条（个）幸福河湖`
    right = right[aside.end() :] if aside else right
    suffix = _FIGURE_SUFFIX.match(right)  # `65岁及以上失能老年人`, `20万吨级集装箱码头`
    right = right[suffix.end() :] if suffix else right
    if not right or not re.match(r"[\u4e00-\u9fff“\"]", right) or _NOT_COUNTED.match(right):
        return ""
    masked = _mask(right)
    digit = _DIGIT.search(masked)
    if _NOUN_STOP.match(masked) and "的" in masked[: digit.start() if digit else len(masked)]:  # `15个以县城为重要载体的新型城镇化建设试点`
        at = masked.index("的") + 1
        right, masked = right[at:], masked[at:]
    cut = [m.start() for m in (_DIGIT.search(masked), _ITEM_SPLIT.search(masked), stops.search(masked)) if m]
    right = _balanced(right[: min(cut)] if cut else right)
    stripped = _TRAIL_STRIP.sub("", right)
    return stripped if len(stripped) > 1 else right  # `县（市、区）` keeps its aside


def _counted_noun(ctx: FigureContext) -> str:
    """The noun after the figure that it counts, if any (`12类45件民生实事`: after both)."""
    m, text, ce = ctx.mention, ctx.text, ctx.clause[1]
    if text.startswith("的", m.end):  # `执行好20%的刚性增长机制`: the figure qualifies the noun
        return _right_noun(text, m.end + 1, ce, _AFTER_DE_STOP)
    if units().get(m.unit_zh, "") in _NO_COUNTED_NOUN or m.unit_zh in ("%", "倍"):
        return ""
    ms, end = ctx.mentions.items, m.end
    nxt = ctx.index + 1
    if nxt < len(ms) and ms[nxt].start == end:  # `12类45件…`, `2.5万名65岁及以上失能老年人`
        end = ms[nxt].end
    return _right_noun(text, end, ce)


def _head_of(name: str, anywhere: bool = False) -> str:
    """The shared head a name ends with (or, `anywhere`, the first one it holds after a modifier:
    `高技术制造业增加值占规模以上工业比重` → 增加值占规模以上工业比重)."""
    if anywhere:
        found = [(name.find(h, 1), h) for h in _HEADS if name.find(h, 1) > 0]
        return name[min(found)[0] :] if found else ""
    return next((h for h in _HEADS if name.endswith(h) and len(name) > len(h)), "")


def _shared(names: list[str]) -> list[str]:
    """Items of one subject that share a head or a modifier: `城镇、农村居民人均可支配收入`
    (the head of the last), `生产安全事故起数、死亡人数` (the modifier of the first)."""
    last_head, first_head = _head_of(names[-1], anywhere=True), _head_of(names[0])
    out = []
    for i, n in enumerate(names):
        if i < len(names) - 1 and last_head and not _head_of(n) and aliases.name_indicator(n) is None:
            n = n + last_head
        elif i > 0 and first_head and n in _HEADS:
            n = names[0][: -len(first_head)] + n
        out.append(n)
    return out


def _respectively(ctx: FigureContext) -> tuple[Indicator | None, str] | None:
    """分别: `粮肉奶产量分别稳定在…`, `能源集团、林草公司利润分别增长1倍和15倍`,
    `城乡居民人均可支配收入分别增长6.8%和8.3%` (城镇…, 农村…)."""
    lead, group = ctx.near, ctx.group
    if RESPECTIVELY not in lead:
        return None
    cut = lead.rfind(RESPECTIVELY)
    subject, predicate = lead[:cut], _LEAD_STRIP.sub("", _TRAIL_STRIP.sub("", lead[cut + len(RESPECTIVELY) :]))
    spans = _split_spans(subject, "、")
    if len(spans) != len(group):
        spans = _split_spans(subject, _ITEM_SPLIT)
    names = [n for n in (_strip(subject[a:b]) for a, b in spans) if n]
    if not ctx.in_group:  # `化学需氧量、氨氮排放量要分别下降2%`: one figure for every item
        joined = "和".join(_shared(names)) if len(names) > 1 else ""
        return (None, joined) if joined and len(joined) <= MAX_NAME else None
    k = group.index(ctx.index)
    if len(names) == len(group):
        names = _shared(names)
        if predicate in _HEADS and not any(_head_of(n) for n in names):
            names = [n + predicate for n in names]  # 交通、水利分别完成投资…
        return aliases.name_indicator(names[k]), _cut(names[k])
    if len(names) == 1:
        one = names[0]
        for word, parts in _JOINT.items():
            if one.startswith(word) and len(one) > len(word) and len(parts) == len(group):
                name = parts[k] + one[len(word) :]
                return aliases.name_indicator(name), _cut(name)
        for suffix in SPLIT_SUFFIXES:
            if one.endswith(suffix) and len(one) - len(suffix) == len(group):
                name = one[k] + suffix
                return aliases.lookup_name(name), name
    return None


def _split_spans(s: str, sep) -> list[tuple[int, int]]:
    """[start, end) of the items of `s` split at `sep` (a string or a pattern) outside quotes."""
    masked, spans, pos = _mask(s), [], 0
    for m in (re.finditer(re.escape(sep), masked) if isinstance(sep, str) else sep.finditer(masked)):
        spans.append((pos, m.start()))
        pos = m.end()
    spans.append((pos, len(s)))
    return [(a, b) for a, b in spans if b > a]


def _linked_start(ctx: FigureContext) -> tuple[int, int, int]:
    """(clause start, end, index) of the figure whose words name this one: itself, or the one it
    is linked to by a verb only (`社会消费品零售总额2.76万亿元增长6.1%`, `由2.50:1缩小至2.27:1`)."""
    ms, i = ctx.mentions.items, ctx.index
    cs, end = ctx.clause[0], ctx.mention.start
    while i > 0 and ms[i - 1].end > cs and _LINK.fullmatch(ctx.text, ms[i - 1].end, ms[i].start):
        i -= 1
        end = ms[i].start
        if end < cs:  # a ratio's colon (2.50:1) ends a clause
            cs = bounds_of(ctx.text, end, CLAUSE_END, ctx.paragraph.start, ctx.paragraph.end)[0]
    return cs, end, i


def _named_by_left(ctx: FigureContext, cs: int, end: int, i: int) -> tuple[Indicator | None, str]:
    """(indicator, name) from the clause's words in [cs, end), before figure `i`."""
    left = ctx.text[cs:end]
    subject = name = _subject(left)
    ind = None if _DIGIT.search(subject) else aliases.name_indicator(subject)  # 专项债券规模
    if ind is not None:
        return ind, ind.name_zh
    hit = aliases.find_alias(left)  # one the predicate follows (地区生产总值按可比价格计算增长)
    if hit and _alias_names_figure(ctx, hit, cs, end):
        return hit.indicator, hit.indicator.name_zh
    share = _share_or_gap(ctx, left, i)
    if share:
        return aliases.name_indicator(share), share
    # `0—6岁儿童健康管理率`, `191家工业企业营业收入`: a figure inside the name is not part of it.
    inside = _last_figure_end(ctx, cs, end)
    if inside is not None and ctx.text[inside:end].find(name) < 0:
        name = _subject(ctx.text[inside:end])
    return aliases.name_indicator(name) if name else None, name


def _share_or_gap(ctx: FigureContext, left: str, i: int) -> str:
    """`…产量增长43%、占全国1/4` → …产量占全国比重; `增速高于全国0.7个百分点` → …与全国差距:
    a share or a gap of the subject before it (or of the figure before it)."""
    pre = ctx.mention.pre
    words = left[: len(left) - len(pre)] if pre and left.endswith(pre) else left
    m = _SHARE_TAIL.search(words) or _GAP_TAIL.search(words)
    if not m:
        return ""
    base = _strip(_last_item(words[: m.start()]))
    if not base or _DIGIT.search(base):
        ind, base = _previous_subject(ctx, i)
        base = ind.name_zh if ind else base
    if not base:
        return ""
    scope = m["scope"] or ""
    if m.re is _SHARE_TAIL:
        return base + (f"占{scope}比重" if scope else "占比")
    return base + f"与{scope or '对比'}差距"


def _last_figure_end(ctx: FigureContext, lo: int, hi: int) -> int | None:
    """The end of the last figure lying in [lo, hi), if any."""
    for j in range(ctx.index - 1, -1, -1):
        mj = ctx.mentions.items[j]
        if mj.start < lo:
            return None
        if mj.end <= hi:
            return mj.end
    return None


def _previous_subject(ctx: FigureContext, before: int | None = None) -> tuple[Indicator | None, str]:
    """The subject of the nearest figure before figure `before` (this one) in its sentence that
    has one of its own (not a share: `占全国份额`)."""
    ms, text = ctx.mentions.items, ctx.text
    lo, hi = ctx.paragraph.start, ctx.paragraph.end
    before = ctx.index if before is None else before
    for j in range(before - 1, max(-1, before - 6), -1):
        if ms[j].start < ctx.sentence[0]:
            break
        cs, ce = bounds_of(text, ms[j].start, CLAUSE_END, lo, hi)
        right = "" if units().get(ms[j].unit_zh, "") in _NO_COUNTED_NOUN else _right_noun(text, ms[j].end, ce)
        if len(right) > 1:
            return aliases.name_indicator(right), right
        left = text[cs : ms[j].start]
        hit = aliases.find_alias(left)
        if hit and not ctx.mentions.any_between(cs + hit.start, ms[j].start):
            return hit.indicator, hit.indicator.name_zh
        name = _subject(left)
        if name and not _DIGIT.search(name) and not _SHARE_HEAD.match(name):
            return aliases.name_indicator(name), name
    return None, ""


def _complete_head(ctx: FigureContext, name: str) -> str:
    """A bare head (`总产量`) completed with the modifier of the figure before it."""
    if name not in _HEADS:
        return name
    ind, prev = _previous_subject(ctx)
    prev = ind.name_zh if ind else prev
    head = _head_of(prev)
    return prev[: -len(head)] + name if head and prev[: -len(head)] not in name else name


def indicator_of(ctx: FigureContext) -> tuple[Indicator | None, str]:
    """(registry indicator or None, Chinese name) of the figure."""
    paired = _respectively(ctx)
    if paired is not None:
        return paired
    # `推进100个标志性工程`, `63万失能老人`, `执行好20%的刚性增长机制`: the noun after the figure.
    right = _counted_noun(ctx)
    if len(right) > 1 and not (ctx.in_group and ctx.index != ctx.group[-1]):
        return aliases.name_indicator(right), _cut(right)
    ind, name = _named_by_left(ctx, *_linked_start(ctx))
    if ind is not None:
        return ind, ind.name_zh
    if name:
        name = _complete_head(ctx, name)
        return aliases.name_indicator(name), _cut(name)
    hit = aliases.find_alias(ctx.text[ctx.mention.end : ctx.clause[1]][:8])
    if hit and hit.start == 0:
        return hit.indicator, hit.indicator.name_zh
    if right:  # `在115个县建设…`: a noun of one character
        return None, right
    ind, name = _previous_subject(ctx)
    if name:
        return ind, ind.name_zh if ind else _cut(name)
    # `加快建设中欧班列集结中心，…力争全年开行2500列以上`: the registry indicator named earlier
    # in the sentence, when the clause names nothing.
    hit = aliases.find_alias(ctx.sentence_left)
    if hit and not ctx.mentions.any_between(ctx.sentence[0] + hit.start, ctx.mention.start):
        return hit.indicator, hit.indicator.name_zh
    # Never empty: the clause's words as printed, before or after the figure.
    name = last_words(ctx.left) or re.sub(r"^[\d.万亿千百]+", "", ctx.text[ctx.mention.end : ctx.clause[1]])[:MAX_NAME]
    return None, name or "未命名"


def inherits_subject(ctx: FigureContext, measure: str) -> bool:
    """A growth, change or rank with no subject of its own (`…收入4140亿元,增长18.6%`)."""
    return measure in ("growth", "change", "rank") and not clean_name(ctx.left) and len(_counted_noun(ctx)) < 2
