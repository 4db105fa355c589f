"""Figures the explanatory notes state, each with its sentence and page.

The notes follow set wording across the country ("收入预算X万元，其中：财政拨款
收入X万元，比2024年预算增加X万元", "“三公”经费预算数为X万元，与上年持平",
"编报绩效目标的项目共N个，涉及项目预算资金X万元", "共有车辆N辆，其中：…"), so
figures are read by that wording, on a folded copy of the text (full-width
punctuation to ASCII, one character for one, so the printed sentence is
kept exactly). A figure is a measure followed by its amount; the change
clause (比/较/与 … 增加/减少/持平 …) and reason (主要原因是…) that follow it up
to the next amount belong to it.
"""

from __future__ import annotations

import re

from budgetlib.importers.pdf.model import Figure, GlossaryEntry, OrgUnit, Project
from budgetlib.importers.pdf.sections import ITEM_START, Paragraph, Section
from budgetlib.importers.pdf.text import fold, squash

_NUMBER = r"\d[\d,]*(?:\.\d+)?"
_AMOUNT = re.compile(rf"({_NUMBER})\s*(万元|亿元|千元|元|万(?![人户个台辆件项家]))")
_CHANGE = re.compile(
    rf"(?:比|较|与|同)\s*(上年|上一年度?|去年|(?:20\d{{2}})\s*年(?:度)?)([^,;。:]*?)"
    rf"(增加|减少|增长|下降|上升|降低|持平|基本持平|相同|一致|保持不变|无变化|不变)了?\s*(?:({_NUMBER})\s*(万元|元|%|个百分点))?"
)
_REASON = re.compile(r"主要(?:原因|是因为)(?:是|为)?\s*[:]?\s*(.*?)(?=[;。]|$)")
_LEAD = re.compile(
    r"^(?:其中[:]?|[(]?[一二三四五六七八九十\d]+[)、.]\s*|20\d{2}\s*年(?:度)?[,]?|本(?:部门|单位)|全年|当年)+"
)
_TAIL = re.compile(r"(?:为|是|共|合计|约|达|共计|总额为|总计)+$")
_CHANGE_WORDS = {
    "增加": "increase",
    "增长": "increase",
    "上升": "increase",
    "减少": "decrease",
    "下降": "decrease",
    "降低": "decrease",
}
_PERFORMANCE = re.compile(
    rf"编报绩效目标的项目(?:共|数量为|数为|为)?\s*(\d+)\s*个.{{0,16}}?预算资金(?:共|合计|为)?\s*({_NUMBER})\s*万元"
)
_VEHICLES = re.compile(r"(?:截至|截止)\s*(20\d{2}年\d{1,2}月\d{1,2}日)[,]?(.{0,80}?)共有(?:公务用)?车辆\s*(\d+)\s*辆")
_PLANNED = re.compile(r"预算安排购置(?:公务用)?车辆\s*(\d+)\s*辆")
_BY_KIND = re.compile(r"([^、,:;()]{2,20}?)\s*(\d+)\s*辆")
_EQUIPMENT = re.compile(
    rf"单价\s*({_NUMBER})\s*万元\s*(?:\(含\))?以上(?:的)?(?:通用|专用)?设备\s*(?:\(不含车辆\))?\s*(\d+)\s*台(?:\(套\)|套)?"
)
_REASON_SENTENCE = re.compile(
    r"^(.{2,30}?)(增加|减少|增长|下降|变化|变动)(?:\((?:增加|减少)\))?的主要原因(?:是|为)?\s*[:]?\s*(.+?)[。]?$"
)
_COUNTS = re.compile(r"(行政单位|事业单位|参公单位|参照公务员法管理(?:的)?事业单位|企业|其他单位)\s*(\d+)\s*家")


def _measure(label: str) -> tuple[str, str]:
    """(topic, canonical measure) for a printed label; topic "" when not a known kind."""
    text = squash(label).replace('"', "")
    if "三公" in text:
        return "three_public", "total"
    if "因公出国" in text:
        return "three_public", "overseas_travel"
    if "公务用车购置及运行" in text:
        return "three_public", "vehicles_total"
    if "公务用车购置" in text or text in ("购置费",):
        return "three_public", "vehicle_purchase"
    if "公务用车运行" in text or text in ("运行费", "运行维护费"):
        return "three_public", "vehicle_operation"
    if "公务接待" in text:
        return "three_public", "hospitality"
    if "机关运行经费" in text:
        return "operating_costs", "operating_costs"
    if "采购" in text:
        if "小型和微型" in text or "小微" in text:
            return "procurement", "reserved_small_micro"
        if "中小企业" in text:
            return "procurement", "reserved_sme"
        for word, key in (("货物", "goods"), ("工程", "works"), ("服务", "services")):
            if word in text:
                return "procurement", key
        return "procurement", "total"
    budget = [
        ("一般公共预算", "general_public_spending"),
        ("政府性基金", "government_fund_spending"),
        ("国有资本经营", "state_capital_spending"),
        ("财政拨款收入", "fiscal_appropriation_income"),
        ("财政拨款支出", "fiscal_appropriation_spending"),
        ("事业单位经营收入", "operating_income"),
        ("事业收入", "business_income"),
        ("其他收入", "other_income"),
        ("上年结转", "carryover"),
        ("收入预算", "income_total"),
        ("收入总预算", "income_total"),
        ("支出预算", "spending_total"),
        ("支出总预算", "spending_total"),
    ]
    for word, key in budget:
        if word in text:
            return "budget", key
    return "", text


def _clean_label(label: str, department: str | None) -> str:
    text = label.strip().lstrip(",;:、 ")
    if department:
        text = text.replace(department, "")
    previous = None
    while previous != text:
        previous = text
        text = _LEAD.sub("", text).strip()
    return _TAIL.sub("", text).strip()


def _sentences(paragraph: Paragraph) -> list[tuple[str, str]]:
    """(printed, folded) sentences of a paragraph, split after 。."""
    printed = paragraph.text
    folded = fold(printed)
    out, start = [], 0
    for index, char in enumerate(folded):
        if char == "。":
            out.append((printed[start : index + 1], folded[start : index + 1]))
            start = index + 1
    if start < len(printed):
        out.append((printed[start:], folded[start:]))
    return [(p.strip(), f.strip()) for p, f in out if p.strip()]


def sentence_figures(section: Section, department: str | None, default_topic: str) -> list[Figure]:
    """Every measure-with-amount in a section's sentences, with its change and reason."""
    figures: list[Figure] = []
    for paragraph in section.paragraphs:
        sentences = _sentences(paragraph)
        merged: list[tuple[str, str]] = []
        for printed, folded in sentences:
            # "公务接待费1.00万元。与2024年预算持平": a change clause cut off by a stray 。
            if merged and re.match(r"^(?:比|较|与|同)\s*(?:上年|上一年|去年|20\d{2})", folded):
                merged[-1] = (merged[-1][0] + printed, merged[-1][1] + folded)
            else:
                merged.append((printed, folded))
        for printed, folded in merged:
            figures.extend(_figures_in(printed, folded, paragraph.page, department, default_topic))
    return figures


def _figures_in(printed: str, folded: str, page: int, department: str | None, default_topic: str) -> list[Figure]:
    reason_match = _REASON_SENTENCE.match(folded)
    if reason_match and not _AMOUNT.search(folded[: reason_match.start(3)]):
        word = reason_match.group(2)
        both = "(增加)" in folded or "(减少)" in folded
        return [
            Figure(
                topic="change_reason",
                measure=_clean_label(reason_match.group(1), department),
                label=printed[reason_match.start(1) : reason_match.end(1)],
                amount=None,
                unit=None,
                sentence=printed,
                page=page,
                change=None if both else _CHANGE_WORDS.get(word),
                reason=printed[reason_match.start(3) : reason_match.end(3)].strip() or None,
            )
        ]
    changes = list(_CHANGE.finditer(folded))
    masked = [(m.start(), m.end()) for m in changes]
    special = [
        (m.start(), m.end())
        for pattern in (_PERFORMANCE, _VEHICLES, _PLANNED, _EQUIPMENT)
        for m in pattern.finditer(folded)
    ]
    amounts = [m for m in _AMOUNT.finditer(folded) if not any(a <= m.start() < b for a, b in masked + special)]
    figures: list[Figure] = []
    boundary = re.compile(r"[,;。:、\n]|其中")
    for index, match in enumerate(amounts):
        before = folded[: match.start()]
        cut = max((m.end() for m in boundary.finditer(before)), default=0)
        label_printed = printed[cut : match.start()]
        label = _clean_label(fold(label_printed), department)
        if not label or label.startswith(("比", "较", "与")) or len(label) > 60:
            continue
        topic, measure = _measure(label)
        topic = topic or default_topic
        if not topic:
            continue
        end = amounts[index + 1].start() if index + 1 < len(amounts) else len(folded)
        change = next((m for m in changes if match.end() <= m.start() < end), None)
        reason = None
        search_from = change.end() if change else match.end()
        tail = folded[search_from:end]
        reason_m = _REASON.search(tail)
        if reason_m and (change is not None or reason_m.start() < 4):
            start = search_from + reason_m.start(1)
            reason = printed[start : search_from + reason_m.end(1)].strip() or None
        fig = Figure(
            topic=topic,
            measure=measure,
            label=" ".join(label_printed.split()).strip(",，；;：: ") or label,
            amount=match.group(1).replace(",", ""),
            unit=match.group(2) if match.group(2) != "万" else "万元",
            sentence=printed,
            page=page,
            reason=reason,
        )
        if change is not None:
            fig = _with_change(fig, change)
        figures.append(fig)
    figures.extend(_special(printed, folded, page))
    return figures


def _with_change(fig: Figure, change: re.Match[str]) -> Figure:
    direction = _CHANGE_WORDS.get(change.group(3), "flat")
    compared = (change.group(1) + change.group(2)).replace(" ", "")
    values = dict(fig.__dict__)
    values.update(
        change=direction,
        change_amount=change.group(4).replace(",", "") if change.group(4) else None,
        change_unit=change.group(5),
        compared_with=compared,
    )
    return Figure(**values)


def _special(printed: str, folded: str, page: int) -> list[Figure]:
    out: list[Figure] = []
    for m in _PERFORMANCE.finditer(folded):
        out.append(
            Figure(
                "performance",
                "projects_with_targets",
                printed[m.start() : m.end()],
                m.group(2).replace(",", ""),
                "万元",
                printed,
                page,
                count=m.group(1),
            )
        )
    for m in _VEHICLES.finditer(folded):
        out.append(
            Figure(
                "assets",
                "vehicles",
                printed[m.start() : m.end()],
                None,
                None,
                printed,
                page,
                count=m.group(3),
                details={"as_of": m.group(1)},
            )
        )
        out.extend(_by_kind(printed, folded, m.end(), page, "assets", m.group(1)))
    for m in _PLANNED.finditer(folded):
        out.append(
            Figure(
                "assets_planned", "vehicles", printed[m.start() : m.end()], None, None, printed, page, count=m.group(1)
            )
        )
        out.extend(_by_kind(printed, folded, m.end(), page, "assets_planned", None))
    for m in _EQUIPMENT.finditer(folded):
        planned = (
            "预算安排购置" in folded[max(0, m.start() - 20) : m.start()]
            or "购置" in folded[max(0, m.start() - 8) : m.start()]
        )
        out.append(
            Figure(
                "assets_planned" if planned else "assets",
                "equipment_over_threshold",
                printed[m.start() : m.end()],
                None,
                None,
                printed,
                page,
                count=m.group(2),
                details={"threshold": m.group(1).replace(",", ""), "threshold_unit": "万元"},
            )
        )
    return out


def _by_kind(printed: str, folded: str, start: int, page: int, topic: str, as_of: str | None) -> list[Figure]:
    rest = folded[start:]
    if not rest.startswith((",其中:", ",其中", "其中:", "其中")):
        return []
    stop = min([i for i in (rest.find(";"), rest.find("。")) if i >= 0] or [len(rest)])
    segment = rest[:stop]
    seg_printed = printed[start : start + stop]
    out = []
    for m in _BY_KIND.finditer(segment):
        kind = m.group(1).replace("其中", "").strip(",: ")
        if not kind:
            continue
        details = {"as_of": as_of} if as_of else {}
        out.append(
            Figure(
                topic,
                f"vehicles:{kind}",
                seg_printed[m.start() : m.end()].strip(",，:：、 "),
                None,
                None,
                printed,
                page,
                count=m.group(2),
                details=details,
            )
        )
    return out


_ITEM_AMOUNT = re.compile(rf"^(.*?)({_NUMBER})\s*万元")
_PURPOSE = re.compile(r"主要用于\s*[:]?\s*(.*?)(?:[。]|$)")
_EXECUTED = re.compile(rf"(20\d{{2}})\s*年(?:当年)?预算执行数(?:为)?\s*({_NUMBER})\s*万元")
_PLAN = re.compile(rf"(20\d{{2}})\s*年预算(?:安排|数)(?:为)?\s*({_NUMBER})\s*万元")


def functional_items(section: Section) -> list[Figure]:
    """The numbered 财政拨款支出主要内容 items: classification, amount, purpose, change."""
    out: list[Figure] = []
    started = False
    for paragraph in section.paragraphs:
        folded = fold(paragraph.text)
        if "主要内容如下" in folded or "支出主要内容" in folded:
            started = True
            continue
        if not started or not re.match(r"^\s*\d+\s*[、.．](?!\d)", folded):
            continue
        body = re.sub(r"^\s*\d+\s*[、.．](?!\d)\s*", "", folded)
        offset = len(folded) - len(body)
        m = _ITEM_AMOUNT.match(body)
        if not m:
            continue
        label = paragraph.text[offset : offset + m.end(1)].strip()
        label = label.strip('“”"').replace("”", "").replace("“", "").replace('"', "")
        label = re.sub(r"科目$", "", label).strip()
        details: dict[str, str] = {}
        purpose = _PURPOSE.search(body)
        if purpose:
            details["purpose"] = paragraph.text[offset + purpose.start(1) : offset + purpose.end(1)].strip()
        executed = _EXECUTED.search(body)
        if executed:
            details["previous_year"] = executed.group(1)
            details["previous_executed"] = executed.group(2).replace(",", "")
        plan = _PLAN.search(body)
        if plan:
            details["planned"] = plan.group(2).replace(",", "")
        fig = Figure(
            "functional_item",
            label,
            label,
            m.group(2).replace(",", ""),
            "万元",
            paragraph.text,
            paragraph.page,
            details=details,
        )
        change = _CHANGE.search(body)
        if change:
            fig = _with_change(fig, change)
            reason = _REASON.search(body[change.end() :])
            if reason:
                start = offset + change.end() + reason.start(1)
                fig = Figure(
                    **{
                        **fig.__dict__,
                        "reason": paragraph.text[start : offset + change.end() + reason.end(1)].strip() or None,
                    }
                )
        out.append(fig)
    return out


def notes_figures(section: Section, department: str | None) -> list[Figure]:
    """Figures of the 编制说明: the totals and changes before the item list, then the items."""
    head = Section(section.kind, section.heading, section.page)
    for paragraph in section.paragraphs:
        if "主要内容如下" in fold(paragraph.text):
            break
        head.paragraphs.append(paragraph)
    return sentence_figures(head, department, "budget") + functional_items(section)


def numbered_items(section: Section) -> list[Paragraph]:
    """The section's numbered items, each with its continuation lines."""
    items: list[Paragraph] = []
    for paragraph in section.paragraphs:
        if ITEM_START.match(paragraph.text):
            items.append(Paragraph(paragraph.text, paragraph.page, list(paragraph.pages)))
        elif items and not fold(items[-1].text).rstrip().endswith(("。", ";")):
            items[-1].text += paragraph.text
    return items


def glossary(section: Section) -> list[GlossaryEntry]:
    """名词解释 entries: the term before the first colon, the definition after it."""
    out = []
    for item in numbered_items(section):
        body = ITEM_START.sub("", item.text, count=1).strip()
        folded = fold(body)
        colon = folded.find(":")
        if colon <= 0:
            continue
        out.append(GlossaryEntry(term=body[:colon].strip(), definition=body[colon + 1 :].strip(), page=item.page))
    return out


def organisation_units(section: Section) -> tuple[list[OrgUnit], dict[str, int]]:
    """The units 机构设置 lists (names as printed) and the counts it states by type."""
    text = fold(section.text)
    counts: dict[str, int] = {}
    for m in _COUNTS.finditer(text):
        key = "参公单位" if m.group(1).startswith("参照") else m.group(1)
        counts[key] = counts.get(key, 0) + int(m.group(2))
    units: list[OrgUnit] = []
    listing = False
    for paragraph in section.paragraphs:
        folded = fold(paragraph.text)
        if "具体包括" in folded or ("包括:" in folded and "家" in folded):
            listing = True
            continue
        if listing and re.match(r"^\s*\d+\s*[、.．](?!\d)", folded):
            body = re.sub(r"^\s*\d+\s*[、.．](?!\d)\s*", "", paragraph.text)
            name = re.split(r"[，,。；;：:]", body, maxsplit=1)[0].strip()
            units.append(OrgUnit(name=name, text=body.strip(), page=paragraph.page))
    return units, counts


_SUBHEAD = re.compile(
    r"^\s*[一二三四五六七八九十]+\s*、\s*(项目概述|项目概况|项目内容|立项依据|实施主体|实施方案|实施周期|年度预算安排|预算安排|资金安排|绩效目标|\S{2,12}?\s*$)"
)
_PROJECT_AMOUNT = re.compile(
    rf"(?:总预算|预算安排|预算资金|预算总额|预算为|合计|共计|总计|预算)\s*(?:为|是|共)?\s*({_NUMBER})\s*(万元|万|元)"
)


def project(section: Section) -> Project:
    """A project page: name from its title, 项目概述, and the 年度预算安排 amount where one is stated."""
    title = " ".join(section.heading.split())
    name = re.sub(r"(?:项目)?(?:经费)?(?:情况)?说明$", "", squash(title)).strip() or None
    parts: dict[str, str] = {}
    current = None
    for paragraph in section.paragraphs:
        head = _SUBHEAD.match(paragraph.text)
        if head:
            current = head.group(1).strip()
            parts[current] = paragraph.text[head.end() :].lstrip("：: ")
        elif current is not None:
            parts[current] += paragraph.text
    purpose = next((v for k, v in parts.items() if "概述" in k or "概况" in k or "内容" in k), None)
    budget = next((v for k, v in parts.items() if "预算" in k or "资金" in k), None)
    amount = unit = None
    if budget:
        folded = fold(budget)
        m = _PROJECT_AMOUNT.search(folded)
        if m:
            amount, unit = m.group(1).replace(",", ""), ("万元" if m.group(2) == "万" else m.group(2))
    return Project(
        name=name,
        page=section.page,
        amount=amount,
        unit=unit,
        purpose=purpose or None,
        budget_text=budget or None,
        sections=parts,
    )
