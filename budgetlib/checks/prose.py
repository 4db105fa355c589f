"""The wording checks: the statement's words read as a reviewer of a 部门预算 reads them.

Every prose text of a package (:func:`budgetlib.checks.texts.texts`: the title, the paragraphs of
the statement's text, the duties, the reasons given for changes, the objectives, purposes and
definitions; in a statement read from its PDF the sentences of its stated figures, its project
pages and units) is read by each check of :data:`CHECKS`, one function each:

- ``placeholder``: text left to be filled in (XX, ××, 待填写, （略）).
- ``doubled_word``, ``doubled_punctuation``: a word or a mark printed twice (预算预算; 。。, ；。).
- ``cut_sentence``: a clause that ends in a conjunction (和；, 及。), or a text that ends in a comma.
- ``unmatched_bracket``: a quote or a bracket opened and not closed, or closed and not opened.
- ``half_width``: half-width marks (``,:;()!?``) beside Chinese, one finding per section with the
  count, since converting a PDF causes them as well as typing does.
- ``amount_unit``: an amount with its unit cut (万 for 万元), or in 元 in a section that states 万元.
- ``direction``: a direction word against the change it states (增加 beside a fall, 减少 beside a
  rise, 持平 or 无变化 beside a change), and a reason's direction word against it. The change's
  sign comes from the two years' amounts the sentence states, else from the table row that holds
  the change (named, or of the amount stated), else it is the direction the text states.
- ``change_without_reason``, ``empty_reason``: a change stated without a reason (not a total whose
  parts give theirs, nor a figure whose part of the same amount does), and a reason left empty.
- ``restated_figure``: the same words stated with two amounts: in the statement's paragraphs, or
  within one text (a budget's words alone, "2026年预算安排", are the text's subject).
- ``name_variant``, ``name_unregistered``: the department or a unit named other than by a name the
  package registers (``units``, the descriptor's department, ``organisation``): a leading or
  trailing part of a registered name is a variant, any other an unregistered name; each name once.
- ``stray_year``: a year neither the fiscal nor the base year (in the title, not the fiscal year),
  outside the titles and numbers of documents cited (《…》, 〔…〕, […]).

A finding names its text's place, quotes its sentence, and says what is wrong in the wording
``prose_check.<check>`` of the reader's language (``budgetlib/words/wording/<lang>/prose_checks.toml``).
Findings are warnings: the statement is published as it is, and the data keep what it says. The
checks name nothing of one statement: names, years and changes come from the package.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from itertools import pairwise
from typing import Any

from budgetlib.analysis.matching import normalized
from budgetlib.checks.audit import HALF_CENT
from budgetlib.checks.texts import SIGNS, Context, Place, Text, clauses, context, excerpt, folded, sentences, texts
from budgetlib.checks.texts import unique as unique_places
from budgetlib.datapackage import Budget
from budgetlib.words.wording import Lang, say

HAN = "\u4e00-\u9fff"
NUMBER = r"(?<![\d.,])(\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"
AMOUNT = re.compile(NUMBER + rf"\s*(万元|万(?![{HAN}]))")  # in 万元, or its unit cut to 万 (not 万人, 万以上)
YUAN = re.compile(NUMBER + r"\s*(?<![万千亿])元(?![/每])")  # in 元, not a rate (元/人)
PLACEHOLDER = re.compile(r"[Xx×✕]{2,}|[*＊]{2,}|[_＿]{3,}|[□■]{2,}|\?{2,}|待填写|待补充|待完善|\(略\)|某某")
DOUBLED_WORD = re.compile(rf"([{HAN}]{{2,4}})\1")
DOUBLED_MARK = re.compile(r"[,;:、。!?]{2,}")
CONJUNCTIONS = ("以及", "并且", "或者", "而且", "和", "及", "与", "或", "并")
NOT_CONJUNCTIONS = frozenset(  # words that end in a conjunction's character and are no conjunction
    ["总和", "缓和", "温和", "平和", "饱和", "调和", "共和", "柔和", "祥和", "普及", "涉及", "波及", "危及",
     "顾及", "提及", "论及", "触及", "殃及", "惠及", "企及", "不及", "参与", "给与", "赋与", "合并", "兼并",
     "吞并", "归并", "一并"]
)  # fmt: skip
BRACKETS = {"(": ")", "“": "”", "‘": "’", "《": "》", "〈": "〉", "<": ">", "[": "]", "【": "】", "〔": "〕",
            "「": "」", "『": "』", "{": "}"}  # fmt: skip
HALF_WIDTH = re.compile(r"[,:;()!?]")
CHINESE = re.compile(rf"[{HAN}\u3000-\u303f\u2018-\u201d]")  # a character or mark of Chinese prose
UP = "增加|增长|上升|增多|上涨|提高"
DOWN = "减少|下降|降低|下调|缩减|压减"
FLAT = "持平|无变化|没有变化|保持不变|未变化|不变"
DIRECTION = re.compile(f"(?P<up>{UP})|(?P<down>{DOWN})|(?P<flat>{FLAT})")
COMPARED = re.compile(r"比|较|相比|与(?:上年|上一年|\d{4}年)|上年|上一年")
REASON = r"(?:主要原因(?:是|为|在于)?|原因(?:是|为|在于)|主要为|主要是|主要由于|由于):?"
REASON_OPENS = re.compile(rf"^[,;:、\s]*{REASON}")
EMPTY_REASON = re.compile(rf"{REASON}\s*(?=[,;。!?]|$)")
CITED = re.compile(r"《[^》]*》|〔[^〕]*〕|\[[^\]]*\]")
YEAR = re.compile(r"(?<!\d)((?:19|20)\d{2})(?=\s*(?:年|-|—|~|至))")
REGION = re.compile(r".{1,12}?[省市区县]|人民政府")  # a region or its government, before a department's name
BUDGET_WORDS = r"年度?(?:当年)?(?:部门)?(?:预算安排|预算数|预算|安排)"  # "2026年预算安排": the subject's budget
LIST_NUMBER = re.compile(r"^(?:[(（]?[一二三四五六七八九十0-9]+[)）、.．]\s*)+")  # 1、 （一） (2) 3.
NO_EVIDENCE = {"evidence": "", "base": None, "amount": None, "name": "", "name_en": "", "stated": ""}


@dataclass(frozen=True)
class Finding:
    """What a reviewer would mark: the check that found it, the table and row of the text, its
    place, the sentence quoted, and the values its wording is filled with (a value that is a
    :class:`Place` is said in the reader's language)."""

    check: str
    resource: str
    row: str
    place: Place
    sentence: str
    values: dict[str, Any] = field(default_factory=dict)

    @property
    def name(self) -> str:
        """An id for the full report: ``prose.<check>.<resource>.<row>``."""
        return f"prose.{self.check}.{self.resource}.{self.row}".replace("/", ".")

    def describe(self, lang: Lang) -> str:
        """What is wrong and where, in ``lang``.

        >>> from budgetlib import load
        >>> check(load())[0].describe("en")[:60]
        'Duty 1: the clause ends in the conjunction “和”, so the sente'
        """
        values = {k: v.describe(lang) if isinstance(v, Place) else v for k, v in self.values.items()}
        return say(f"prose_check.{self.check}", lang, place=self.place.describe(lang), sentence=self.sentence, **values)


def _finding(check: str, text: Text, start: int, end: int, **values: Any) -> Finding:
    return Finding(check, text.resource, text.row, text.place, excerpt(text.text, start, end), values)


def _marked(check: str, pattern: re.Pattern[str], texts: Sequence[Text]) -> Iterator[Finding]:
    """A finding of ``check`` wherever ``pattern`` matches a folded text, with the words as printed."""
    for text in texts:
        for match in pattern.finditer(folded(text.text)):
            yield _finding(check, text, *match.span(), found=text.text[slice(*match.span())])


def placeholders(texts: Sequence[Text], context: Context) -> Iterator[Finding]:
    """Text left to be filled in: XX, ××, ***, ____, 待填写, 待补充, （略）, 某某."""
    return _marked("placeholder", PLACEHOLDER, texts)


def doubled_words(texts: Sequence[Text], context: Context) -> Iterator[Finding]:
    """A word of two to four characters printed twice in a row (预算预算)."""
    for text in texts:
        for match in DOUBLED_WORD.finditer(text.text):
            yield _finding("doubled_word", text, *match.span(), found=match.group(0), word=match.group(1))


def doubled_punctuation(texts: Sequence[Text], context: Context) -> Iterator[Finding]:
    """Two marks where one belongs: 。。, ，，, ；。, 、、."""
    return _marked("doubled_punctuation", DOUBLED_MARK, texts)


def cut_sentences(texts: Sequence[Text], context: Context) -> Iterator[Finding]:
    """A clause that ends in a conjunction (和；, 及。, 以及，), or a text that ends in a comma or 、."""
    for text in texts:
        flat = folded(text.text).rstrip()
        for start, end in clauses(flat):
            body = flat[start:end].rstrip(",;:、。!? ")
            word = next((w for w in CONJUNCTIONS if body.endswith(w)), "")
            if word and not (len(word) == 1 and body[-2:] in NOT_CONJUNCTIONS):
                at = start + len(body) - len(word)
                yield _finding("cut_sentence", text, at, end, word=word, found=text.text[at:end])
        if flat and flat[-1] in ",、":
            yield _finding("cut_sentence", text, len(flat) - 1, len(flat), word="", found=text.text[len(flat) - 1])


def unmatched_brackets(texts: Sequence[Text], context: Context) -> Iterator[Finding]:
    """A quote or bracket opened and never closed, or closed and never opened (full and half width
    are one kind here: a half-width one is the ``half_width`` check's)."""
    opening = {close: open_ for open_, close in BRACKETS.items()}
    for text in texts:
        flat, opened = folded(text.text), []
        for at, mark in enumerate(flat):
            if mark in BRACKETS:
                opened.append(at)
            elif mark in opening and opened and flat[opened[-1]] == opening[mark]:
                opened.pop()
            elif mark in opening:
                yield _finding("unmatched_bracket", text, at, at + 1, found=text.text[at], opened=False)
        for at in opened:
            yield _finding("unmatched_bracket", text, at, at + 1, found=text.text[at], opened=True)


def half_width(texts: Sequence[Text], context: Context) -> Iterator[Finding]:
    """Half-width marks beside Chinese (not a comma between digits): one finding per section, with
    how many marks, which, in how many texts, and the first."""
    groups: dict[tuple[str, str], list[tuple[Text, int]]] = {}
    for text in texts:
        for match in HALF_WIDTH.finditer(text.text):
            at = match.start()
            beside = text.text[max(0, at - 1) : at] + text.text[at + 1 : at + 2]
            if CHINESE.search(beside):
                groups.setdefault(text.section.key, []).append((text, at))
    for found in groups.values():
        (first, at), places = found[0], unique_places([text.place for text, _ in found])
        marks = "".join(dict.fromkeys(text.text[p] for text, p in found))
        values = {"count": len(found), "marks": marks, "texts": len(places), "first": places[0]}
        yield Finding("half_width", first.resource, first.row, first.section, excerpt(first.text, at, at + 1), values)


def amount_units(texts: Sequence[Text], context: Context) -> Iterator[Finding]:
    """Amounts with their unit cut (万 for 万元), or in 元 in a section whose amounts are in 万元: one
    finding per text and unit, with how many."""
    in_10k = {
        text.section.key for text in texts if any(m.group(2) == "万元" for m in AMOUNT.finditer(folded(text.text)))
    }
    for text in texts:
        flat = folded(text.text)
        cut = [m for m in AMOUNT.finditer(flat) if m.group(2) == "万"]
        yuan = list(YUAN.finditer(flat)) if text.section.key in in_10k else []
        for matches, unit in ((cut, "万"), (yuan, "元")):
            if matches:
                found = text.text[slice(*matches[0].span())]
                yield _finding("amount_unit", text, *matches[0].span(), unit=unit, count=len(matches), found=found)


def _directions(text: str, offset: int = 0) -> list[tuple[str, int, int]]:
    """The direction words of ``text``: (word, its sign, position + ``offset``)."""
    return [(m.group(0), SIGNS[m.lastgroup or ""], offset + m.start()) for m in DIRECTION.finditer(text)]


def _parts(flat: str) -> list[tuple[int, int]]:
    """The parts of a text a change is stated in: its sentences, cut after ；and before 其中."""
    parts = []
    for start, end in sentences(flat):
        piece = flat[start:end]
        cuts = {start, end} | {start + m.end() for m in re.finditer(";", piece)}
        cuts |= {start + m.start() for m in re.finditer("其中", piece)}
        ordered = sorted(cuts)
        parts += [(a, b) for a, b in pairwise(ordered) if flat[a:b].strip(",;:、。 ")]
    return parts


def _stated(clause: str, offset: int) -> list[tuple[str, int, int]]:
    """The direction words of a clause that states a change: one compared with something (比…, 较…,
    上年) or whose word the change's amount or rate follows; a reason's words are the reason's."""
    words = _directions(clause, offset)
    if not words or REASON_OPENS.match(clause):
        return []
    followed = re.match(r"了?\s*\d", clause[words[0][2] - offset + len(words[0][0]) :])
    return words if COMPARED.search(clause) or followed else []


def _sign_of(flat: str, start: int, end: int, context: Context) -> tuple[int | None, dict[str, Any]]:
    """The sign of the change a part states, and its evidence: the fiscal and base year's amounts the
    part states; else the package's change that the part names or whose amount it gives."""
    base = current = None
    changed: list[float | None] = []
    for a, b in clauses(flat, start, end):
        clause, amount = flat[a:b], AMOUNT.search(flat, a, b)
        if _stated(clause, a):
            changed.append(float(amount.group(1).replace(",", "")) if amount else None)
            continue
        this = f"{context.fiscal_year}年" in clause
        last = f"{context.base_year}年" in clause or "上年" in clause
        if amount and this and not last and current is None:
            current = float(amount.group(1).replace(",", ""))
        elif amount and last and not this and base is None:
            base = float(amount.group(1).replace(",", ""))
    if base is not None and current is not None:
        sign = 0 if abs(current - base) < HALF_CENT else (1 if current > base else -1)
        return sign, {"evidence": "amounts", "base": base, "amount": current}
    words = normalized(flat[start:end])
    tables = [c for c in context.changes if not c.sentence and c.amount is not None]
    for stated in changed:
        rows = [c for c in tables if stated is None or abs(c.amount - stated) < HALF_CENT]
        chosen = [c for c in rows if normalized(c.name) in words] or (rows if stated is not None else [])
        if chosen and len({c.sign for c in chosen}) == 1:
            return chosen[0].sign, {"evidence": "table", "name": chosen[0].name, "name_en": chosen[0].name_en}
    return None, {}


def _reason(flat: str, start: int, end: int, following: tuple[int, int] | None) -> list[tuple[str, int, int]]:
    """The direction words of the reason a part gives: in its clauses that open with 主要原因是, 主要为,
    由于…; else in the next part, when it opens so and states no change of its own."""
    found = [
        w for a, b in clauses(flat, start, end) if REASON_OPENS.match(flat[a:b]) for w in _directions(flat[a:b], a)
    ]
    if found or not following or not REASON_OPENS.match(flat[following[0] : following[1]]):
        return found
    if any(_stated(flat[a:b], a) for a, b in clauses(flat, *following)):
        return []
    return _directions(flat[following[0] : following[1]], following[0])


def directions(texts: Sequence[Text], context: Context) -> Iterator[Finding]:
    """A direction word against the change: 增加 beside a fall, 减少 beside a rise, 持平 or 无变化
    beside a change; a reason's direction words (all of one direction) against the change, or
    against the direction stated where the change's sign is not known. One finding per part."""
    for text in texts:
        flat = folded(text.text)
        if text.change is not None:  # a reason a table gives: its words against the change it explains
            words = _directions(flat)
            if words and len({sign for _, sign, _ in words}) == 1 and words[0][1] != text.change:
                at = words[0][2]
                yield _finding("direction", text, at, at + len(words[0][0]), words=[words[0][0]],
                               expected=_word(text.change), **{**NO_EVIDENCE, "evidence": "reason"})  # fmt: skip
            continue
        parts = _parts(flat)
        for number, (start, end) in enumerate(parts):
            sign, evidence = _sign_of(flat, start, end, context)
            stated = [w for a, b in clauses(flat, start, end) for w in _stated(flat[a:b], a)]
            reason = _reason(flat, start, end, parts[number + 1] if number + 1 < len(parts) else None)
            if sign is None and stated and len({s for _, s, _ in stated}) == 1:
                sign, evidence, stated = stated[0][1], {"evidence": "stated", "stated": stated[0][0]}, []
            if sign is None:
                continue
            wrong = [w for w in stated if w[1] != sign]
            if reason and len({s for _, s, _ in reason}) == 1 and reason[0][1] != sign:
                wrong.append(reason[0])
            if wrong:
                (word, _, at), words = wrong[0], list(dict.fromkeys(w[0] for w in wrong))
                yield _finding("direction", text, at, at + len(word), words=words, expected=_word(sign),
                               **{**NO_EVIDENCE, **evidence})  # fmt: skip


def _word(sign: int) -> str:
    return {1: "up", -1: "down", 0: "flat"}[sign]


def reasons_missing(texts: Sequence[Text], context: Context) -> Iterator[Finding]:
    """A change stated without a reason: not a total whose parts give theirs, and not a figure whose
    part of the same topic, direction and amount gives one (the part that carries the change)."""
    for change in context.changes:
        if change.reason or change.sign == 0:
            continue
        others = [c for c in context.changes if c.topic == change.topic and c is not change and c.reason]
        if change.is_total and any(not c.is_total for c in others):
            continue
        same = [c for c in others if c.sign == change.sign and c.amount is not None and change.amount is not None]
        if any(abs(c.amount - change.amount) < HALF_CENT for c in same):
            continue
        values = {"name": change.name, "name_en": change.name_en, "change": _word(change.sign)}
        yield Finding("change_without_reason", change.resource, change.row, change.place, change.sentence, values)


def empty_reasons(texts: Sequence[Text], context: Context) -> Iterator[Finding]:
    """A reason clause left empty: 主要原因是。, 原因为：；."""
    return _marked("empty_reason", EMPTY_REASON, texts)


def _words(printed: str) -> str:
    """The words an amount is stated under, as printed, without the list number, 其中 or 为 around them."""
    words = LIST_NUMBER.sub("", printed.lstrip(",，;；:：、 "))
    return re.sub(r"(为|是|共|共计|计|达)$", "", re.sub(r"^(其中|包括)", "", words)).strip("“”\"' ")


def _figures(text: Text, context: Context) -> Iterator[tuple[str, str, float, int, int]]:
    """Each amount of a text with the words it is stated under: (key, words, amount, start, end).
    A clause that compares (比…, 较…) or gives a change (增加…) is keyed with the clause before it, and
    those after 其中 with the clause before that; the words of a budget alone (2026年预算安排) are the
    text's subject, its first words."""
    flat = folded(text.text)
    subject = None
    for first, last in sentences(flat):
        previous = parent = None
        for start, end in clauses(flat, first, last):
            if flat[start:end].lstrip(",;:、 ").startswith("其中") and parent is None:
                parent = previous[0] if previous else ""
            match = AMOUNT.search(flat, start, end)
            if not match:
                continue
            words = _words(text.text[start : match.start()])
            key = re.sub(r"\s|了", "", folded(words))
            if len(re.findall(f"[{HAN}]", key)) < 2:
                continue
            if (COMPARED.match(key) or DIRECTION.match(key)) and previous:
                key, words = f"{previous[0]}→{key}", f"{previous[1]}，{words}"
            elif re.fullmatch(f"{context.fiscal_year}{BUDGET_WORDS}", key) and subject:
                key, words = subject
            else:
                key = f"{parent}→{key}" if parent else key
                previous = key, words
            subject = subject or (key, words)
            yield key, words, float(match.group(1).replace(",", "")), match.start(), match.end()


def restated_figures(texts: Sequence[Text], context: Context) -> Iterator[Finding]:
    """The same words stated with two amounts within a scope (the statement's paragraphs together;
    any other text on its own)."""
    seen: dict[tuple[str, str], tuple[Text, float]] = {}
    for text in texts:
        for key, words, amount, start, end in _figures(text, context):
            first, value = seen.setdefault((text.scope, key), (text, amount))
            if abs(value - amount) >= HALF_CENT:
                yield _finding("restated_figure", text, start, end, label=words, amount=amount, other=value,
                               other_place=first.place, same_text=first is text)  # fmt: skip


def _core(name: str) -> str:
    """A name without the regions and the government before it (上海市普陀区商务委员会 → 商务委员会),
    as long as three characters stay (four after 人民政府: 人民政府办公室 stays whole)."""
    core = name
    while match := REGION.match(core):
        rest = core[match.end() :]
        if len(rest) < (4 if match.group(0) == "人民政府" else 3):
            break
        core = rest
    return core


def _mentions(text: str, names: Sequence[tuple[str, ...]]) -> Iterator[tuple[int, int, tuple[str, ...]]]:
    """Where a text names the department or a unit: each place a core name occurs, outside documents
    cited, widened over the characters of the unit's registered names before it (石家庄 + 高新区 +
    应急管理局), by two characters at least."""
    masked = CITED.sub(lambda m: "\0" * len(m.group(0)), folded(text))
    cores = sorted(((folded(_core(n)), unit) for unit in names for n in unit), key=lambda pair: -len(pair[0]))
    taken: set[int] = set()
    for core, unit in cores:
        allowed = set(folded("".join(unit)))
        for match in re.finditer(re.escape(core), masked):
            if taken & set(range(*match.span())):
                continue
            start = match.start()
            while start and masked[start - 1] in allowed:
                start -= 1
            start = match.start() if match.start() - start < 2 else start
            taken |= set(range(start, match.end()))
            yield start, match.end(), unit


def names(texts: Sequence[Text], context: Context) -> Iterator[Finding]:
    """The department or a unit named other than by a registered name: a leading or trailing part of
    one is a variant (``name_variant``), any other name unregistered (``name_unregistered``). Each
    name once, where it is first used, with how many times."""
    used: dict[tuple[str, str, tuple[str, ...]], list[tuple[Text, int, int]]] = {}
    for text in texts:
        for start, end, unit in _mentions(text.text, context.names):
            name = folded(text.text[start:end])
            registered = [folded(n) for n in unit]
            if name in registered:
                continue
            variant = any(n.startswith(name) or n.endswith(name) for n in registered)
            used.setdefault(("name_variant" if variant else "name_unregistered", name, unit), []).append(
                (text, start, end)
            )
    for (check, _, unit), places in used.items():
        text, start, end = places[0]
        yield _finding(check, text, start, end, name=text.text[start:end], registered=unit[0],
                       short=unit[1] if len(unit) > 1 else "", count=len(places))  # fmt: skip


def stray_years(texts: Sequence[Text], context: Context) -> Iterator[Finding]:
    """A year neither the fiscal year nor the base year (in the title: not the fiscal year), outside
    the titles and numbers of documents cited."""
    for text in texts:
        title = text.resource == "title"
        allowed = {context.fiscal_year} if title else {context.fiscal_year, context.base_year}
        masked = CITED.sub(lambda m: "\0" * len(m.group(0)), folded(text.text))
        for match in YEAR.finditer(masked):
            year = int(match.group(1))
            if year not in allowed:
                years = {"fiscal_year": context.fiscal_year, "base_year": context.base_year}
                yield _finding("stray_year", text, match.start(), match.end() + 1, year=year, in_title=title, **years)


CHECKS: tuple[Callable[[Sequence[Text], Context], Iterable[Finding]], ...] = (
    placeholders, doubled_words, doubled_punctuation, cut_sentences, unmatched_brackets, half_width, amount_units,
    directions, reasons_missing, empty_reasons, restated_figures, names, stray_years,
)  # fmt: skip


def check(budget: Budget) -> list[Finding]:
    """Every finding of the wording checks on ``budget``: check by check in the order of :data:`CHECKS`,
    each in the order of the statement; an id used twice takes a number.

    >>> from budgetlib import load
    >>> [f.check for f in check(load())]  # doctest: +NORMALIZE_WHITESPACE
    ['cut_sentence', 'half_width', 'half_width', 'half_width', 'half_width', 'amount_unit',
     'name_unregistered', 'name_variant', 'name_variant']
    """
    read, known = texts(budget), context(budget)
    found: list[Finding] = []
    used: Counter[str] = Counter()
    for finding in (finding for run in CHECKS for finding in run(read, known)):
        used[finding.name] += 1
        found.append(
            finding if used[finding.name] == 1 else replace(finding, row=f"{finding.row}/{used[finding.name]}")
        )
    return found
