"""What one parent's letter says, built from a loaded 2.0 case, in plain words for the parent (documented disclosure of the plan).

Concurrent planning asks for full, documented disclosure to the parents of the
problems, the changes expected, the time frames and the backup plan. The letter
says, for one parent and in plain words: why the children are in care, what the
parent must do (each service of the parent's plan: what, where, how often, and
the problem it is for), the visits, the dates that matter for each of the
parent's children, the backup plan of each child and the family it names, and
the advisements the report records.

Every fact comes from the case. A fact the case does not hold is said to be
missing ("Your social worker will tell you ..."), never guessed. Values the
worker typed (a service, a provider, the reason for removal) are printed as
typed; the letter's own sentences come from the word table of its language
(:mod:`reportgen.letter.words`). A parent who has died gets no letter
(:class:`NoLetter`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Hashable, Iterable
from typing import Any

from reportgen.case import Case
from reportgen.family import ChildView, child_views
from reportgen.letter.model import Block, Letter, Section, Source
from reportgen.letter.source import case_source
from reportgen.letter.words import LANGS, Words
from reportgen.timeline import compute, entry

#: How a case writes a girl's gender (free text), for the Spanish plural "sus hijas".
_FEMALE = frozenset({"female", "f", "girl", "woman", "femenino", "femenina", "niña", "mujer"})
_FATHERS = frozenset({"presumed_father", "biological_father", "alleged_father"})


class NoLetter(Exception):
    """No letter can be made for the parent asked for; ``str()`` says why. Exit status 2."""

    exit_code = 2


def letter_for(case: dict[str, Any], parent_index: int, lang: str, source: Source | None = None) -> Letter:
    """The letter of ``case``'s parent ``parent_index`` (0-based) in ``lang`` ("en" or "es").

    ``source`` is the report the letter comes from (default: the case data
    itself, see :mod:`reportgen.letter.source`). Raises :class:`NoLetter` for a
    parent who has died or an index the case does not have.
    """
    if lang not in LANGS:
        raise NoLetter(f"--lang {lang}: choose one of {', '.join(LANGS)}")
    parents = [p for p in (case.get("parents") or []) if isinstance(p, dict)]
    if not 0 <= parent_index < len(parents):
        raise NoLetter(f"parents[{parent_index}]: the case has no parent {parent_index + 1} "
                       f"(it has {len(parents)}); no letter is made")
    parent = parents[parent_index]
    if parent.get("status") == "deceased":
        raise NoLetter(f"parents[{parent_index}].status: the parent has died; no letter is made for a parent who has died")
    return _Writer(case, parent_index, parent, Words(lang), source or case_source(case)).letter()


def living_parents(case: dict[str, Any]) -> list[int]:
    """The indexes of the parents who get a letter (every parent but one who has died)."""
    return [i for i, p in enumerate(case.get("parents") or [])
            if isinstance(p, dict) and p.get("status") != "deceased"]


def _text(value: Any) -> str | None:
    """A typed value, or None when it is not answered."""
    if value is None:
        return None
    text = str(value).strip()
    return text or None


def _grouped(views: list[ChildView], key: Callable[[ChildView], Hashable]) -> list[tuple[Any, list[ChildView]]]:
    """Children with the same ``key`` together, in the report's order."""
    groups: dict[Any, list[ChildView]] = {}
    for view in views:
        groups.setdefault(key(view), []).append(view)
    return list(groups.items())


class _Writer:
    def __init__(self, case: dict[str, Any], index: int, parent: dict[str, Any], words: Words, source: Source):
        self.case, self.c = case, Case(case)
        self.index, self.parent, self.w, self.source = index, parent, words, source
        self.views = [v for v in child_views(case) if index in v.parent_index]
        self.count = len(self.views)
        self.feminine = bool(self.views) and all(
            str(v.data["child"].get("gender") or "").strip().casefold() in _FEMALE for v in self.views)
        self.reunification = parent.get("reunification") or {}

    # --- helpers ---------------------------------------------------------------

    def say(self, key: str, count: int | None = None, **values: str) -> str:
        return self.w.say(key, self.count if count is None else count, self.feminine, **values)

    def name_of(self, view: ChildView) -> str:
        return _text(view.data["child"].get("name")) or self.w.say("unnamed", number=str(view.index + 1))

    def names(self, views: Iterable[ChildView] | None = None) -> str:
        return self.w.names([self.name_of(v) for v in (self.views if views is None else views)])

    def p(self, key: str, count: int | None = None, **values: str) -> Block:
        return Block("p", self.say(key, count, **values))

    def field(self, label_key: str, value: Any, missing_key: str | None = None) -> list[Block]:
        typed = _text(value)
        if typed is not None:
            return [Block("field", typed, self.say(label_key))]
        return [self.p(missing_key)] if missing_key else []

    def quote(self, lead_key: str, value: Any) -> list[Block]:
        typed = _text(value)
        return [self.p(lead_key), Block("quote", typed)] if typed else []

    # --- the letter --------------------------------------------------------------

    def letter(self) -> Letter:
        role = self.parent.get("role")
        greeting_form = "mother" if role == "mother" else "father" if role in _FATHERS else "other"
        parent_name = _text(self.parent.get("name")) or ""
        return Letter(
            lang=self.w.lang, parent_index=self.index, title=self.say("title"),
            header=self.header(parent_name),
            greeting=(self.w.say(f"greeting.{greeting_form}", parent=parent_name) if parent_name
                      else self.w.say("greeting.unnamed")),
            sections=(self.intro(), self.why(), self.services(), self.visits(), self.dates(), self.plan(),
                      self.told(), self.questions()),
            signature=self.signature(),
            footer=self.say("footer", digest=self.source.sha256, kind=self.say(f"source_kind.{self.source.kind}")),
            source=self.source, case_number=_text(self.c.get("court.case_number")),
        )

    def header(self, parent_name: str) -> tuple[tuple[str, str], ...]:
        c, rows = self.c, []
        hearing = c.disposition_date
        court = ", ".join(x for x in (_text(c.get("court.court_name")), _text(c.get("court.department"))) if x)
        worker = _text(c.get("social_worker.name"))
        phone = _text(c.get("social_worker.phone")) or _text(c.get("agency.phone"))
        for key, value in (
            ("to", parent_name), ("children", self.names() if self.views else None),
            ("case_number", _text(c.get("court.case_number"))), ("court", court or None),
            ("hearing", " ".join(x for x in (self.w.date(hearing) if hearing else None,
                                            _text(c.get("court.hearing_time"))) if x) or None),
            ("social_worker", worker), ("phone", phone),
            ("report_date", self.w.date(c.report_date) if c.report_date else None),
        ):
            if value:
                rows.append((self.say(f"header.{key}"), value))
        return tuple(rows)

    def signature(self) -> tuple[str, ...]:
        c = self.c
        lines = [_text(c.get("social_worker.name")), _text(c.get("social_worker.unit")), _text(c.get("agency.name"))]
        lines += (_text(c.get("agency.address")) or "").splitlines()
        lines.append(_text(c.get("social_worker.phone")) or _text(c.get("agency.phone")))
        return tuple(line.strip() for line in lines if line and line.strip())

    def intro(self) -> Section:
        blocks = [self.p("intro.about"), self.p("intro.source"), self.p("intro.not_order")]
        hearing = self.c.disposition_date
        if hearing:
            blocks.append(self.p("intro.hearing", date=self.w.date(hearing)))
            time = _text(self.c.get("court.hearing_time"))
            if time:
                blocks.append(self.p("intro.hearing_time", time=time))
            blocks.append(self.p("intro.right_to_attend"))
        else:
            blocks.append(self.p("intro.hearing_missing"))
        if self.say("intro.typed_note"):
            blocks.append(self.p("intro.typed_note"))
        blocks.append(self.p("intro.decides"))
        return Section("intro", "", tuple(blocks))

    def why(self) -> Section:
        blocks: list[Block] = []
        for removal, views in _grouped(self.views, lambda v: (v.case.removal_date, v.case.get("dates.removal_authority"))):
            day, authority = removal
            if day:
                blocks.append(self.p("why.removed", len(views), date=self.w.date(day), names=self.names(views)))
            else:
                blocks.append(self.p("why.removed_missing", len(views), names=self.names(views)))
            if authority == "306":
                blocks.append(self.p("why.without_warrant"))
            elif authority == "340":
                blocks.append(self.p("why.with_warrant"))
        jurisdiction, disposition = self.c.jurisdiction_date, self.c.disposition_date
        if jurisdiction and (disposition is None or jurisdiction < disposition):
            blocks.append(self.p("why.heard", date=self.w.date(jurisdiction)))
        grounds = self.quote("why.reason", self.c.get("recommended.removal_grounds"))
        blocks += grounds or [self.p("why.reason_missing")]
        return Section("why", self.say("why.heading", names=self.names()), tuple(blocks))

    def services(self) -> Section:
        r = self.reunification
        recommended = r.get("recommended")
        blocks: list[Block] = []
        if recommended == "services":
            blocks += [self.p("services.offered"), self.p("services.purpose", names=self.names())]
            listed = [s for s in (r.get("services") or []) if isinstance(s, dict) and _text(s.get("service"))]
            if listed:
                blocks.append(self.p("services.plan"))
                for service in listed:
                    blocks.append(Block("subheading", str(service["service"]).strip()))
                    blocks += self.field("services.where", service.get("provider"), "services.where_missing")
                    blocks += self.field("services.how_often", service.get("frequency"), "services.how_often_missing")
                    blocks += self.field("services.problem", service.get("addresses_problem"))
                    blocks += self.field("services.goal", service.get("goal"))
                blocks.append(self.p("services.progress"))
            else:
                blocks.append(self.p("services.none_listed"))
        elif recommended == "bypass":
            bypass = r.get("bypass") or {}
            blocks.append(self.p("services.bypass"))
            ground = _text(bypass.get("subdivision"))
            if ground:
                blocks.append(self.p("services.bypass_ground", value=ground))
            blocks += self.quote("services.bypass_facts", bypass.get("facts"))
            blocks += [self.p("services.bypass_risk", names=self.names()), self.p("services.bypass_rights")]
        elif recommended == "not_applicable":
            blocks.append(self.p("services.not_applicable"))
            blocks += (self.quote("services.not_applicable_reason", r.get("not_applicable_reason"))
                       or [self.p("services.not_applicable_missing")])
        else:
            blocks.append(self.p("services.unanswered"))
        return Section("services", self.say("services.heading"), tuple(blocks))

    def visits(self) -> Section:
        v = self.parent.get("visitation") or {}
        if not any(_text(x) for x in v.values()):
            return Section("visits", self.say("visits.heading"), (self.p("visits.missing"),))
        blocks = self.field("visits.how_often", v.get("frequency"), "visits.how_often_missing")
        blocks += self.field("visits.how_long", v.get("duration"))
        blocks += self.field("visits.where", v.get("location"))
        if v.get("supervision"):
            blocks.append(self.p(f"visits.supervision.{v['supervision']}"))
        blocks += self.field("visits.who", v.get("who_supervises"))
        blocks += self.field("visits.can_change", v.get("liberalization_criteria"))
        return Section("visits", self.say("visits.heading"), tuple(blocks))

    def dates(self) -> Section:
        services = self.reunification.get("recommended") == "services"
        blocks = [self.p("dates.intro", names=self.names())]
        for (fr_end, rule, hearing), views in _grouped(self.views, lambda v: self._child_dates(v, services)):
            if self.count > 1:
                blocks.append(Block("subheading", self.say("dates.for", names=self.names(views))))
            if services:
                if fr_end:
                    blocks.append(self.p("dates.fr_end", date=self.w.date(fr_end)))
                    if rule == "under_three":
                        blocks.append(self.p("dates.under_three", len(views), names=self.names(views)))
                    elif rule == "sibling_group":
                        blocks.append(self.p("dates.sibling_group"))
                else:
                    blocks.append(self.p("dates.fr_end_missing"))
            kind, day, words = hearing
            if day and kind == "set":
                blocks.append(self.p("dates.next_hearing", date=self.w.date(day)))
                if words:
                    blocks.append(self.p("dates.next_hearing_kind", value=words))
            elif day:
                blocks.append(self.p("dates.next_hearing_by", date=self.w.date(day)))
            else:
                blocks.append(self.p("dates.next_hearing_missing"))
        if services:
            blocks.append(self.p("dates.more_time"))
        blocks += [self.p("dates.if_not_home", names=self.names()), self.p("dates.rights")]
        return Section("dates", self.say("dates.heading"), tuple(blocks))

    def _child_dates(self, view: ChildView, services: bool) -> tuple[Any, ...]:
        """(end of the reunification period, the rule that shortened it, the next hearing) for one child."""
        entries = compute(view.case)
        fr = entry(entries, "fr_period_end")
        fr_end = fr.date if fr and services else None
        rule = None
        if fr and services and "(a)(1)(B)" in fr.citation:
            rule = "under_three"
        elif fr and services and "(a)(1)(C)" in fr.citation:
            rule = "sibling_group"
        case = view.case
        set_day = case.get("recommended.next_hearing.date")
        stated = case.get("recommended.stated_six_month_review_date")
        hearing: tuple[str, dt.date | None, str | None]
        if isinstance(set_day, dt.date):
            hearing = ("set", set_day, _text(case.get("recommended.next_hearing.type")))
        elif isinstance(stated, dt.date):
            hearing = ("set", stated, None)
        else:
            review = entry(entries, "six_month_review")
            anyone_served = any((p.get("reunification") or {}).get("recommended") == "services"
                                for p in (self.case.get("parents") or []) if isinstance(p, dict))
            hearing = ("by", review.date if review and anyone_served else None, None)
        return fr_end, rule, hearing

    def plan(self) -> Section:
        blocks = [self.p("plan.what", names=self.names()), self.p("plan.called")]
        for _, views in _grouped(self.views, self._plan_key):
            plan = views[0].data.get("concurrent_plan") or {}
            if self.count > 1:
                blocks.append(Block("subheading", self.say("plan.for", names=self.names(views))))
            goal = plan.get("goal")
            if not goal:
                blocks.append(self.p("plan.missing"))
                continue
            if goal == "other":
                other = _text(plan.get("goal_other"))
                blocks.append(self.p("plan.goal.other", value=other) if other else self.p("plan.missing"))
            else:
                blocks += [self.p(f"plan.goal.{goal}"), self.p(f"plan.means.{goal}")]
            family = plan.get("prospective_family") or {}
            name = _text(family.get("name"))
            if name:
                blocks.append(self.p("plan.family", value=name))
                blocks += self.field("plan.family_relationship", family.get("relationship"))
                if family.get("is_current_caregiver") is True:
                    blocks.append(self.p("plan.current_caregiver", len(views), names=self.names(views)))
            else:
                blocks.append(self.p("plan.no_family"))
        return Section("plan", self.say("plan.heading"), tuple(blocks))

    @staticmethod
    def _plan_key(view: ChildView) -> Hashable:
        plan = view.data.get("concurrent_plan") or {}
        family = plan.get("prospective_family") or {}
        return (plan.get("goal"), _text(plan.get("goal_other")), _text(family.get("name")),
                _text(family.get("relationship")), family.get("is_current_caregiver") is True)

    def told(self) -> Section:
        advised = self.parent.get("adoption_planning_advised")
        blocks = [self.p("told.adoption_told" if advised is True else
                         "told.adoption_not_told" if advised is False else "told.adoption_missing")]
        blocks += self.quote("told.report_says", self.parent.get("adoption_planning_response"))
        if self.reunification.get("recommended") == "bypass":
            notified = (self.reunification.get("bypass") or {}).get("parent_notified_date")
            blocks.append(self.p("told.bypass_told", date=self.w.date(notified)) if notified
                          else self.p("told.bypass_told_missing"))
        return Section("told", self.say("told.heading"), tuple(blocks))

    def questions(self) -> Section:
        worker = _text(self.c.get("social_worker.name"))
        own_phone, agency_phone = _text(self.c.get("social_worker.phone")), _text(self.c.get("agency.phone"))
        if worker and own_phone:
            first = self.p("questions.call", worker=worker, phone=own_phone)
        elif worker and agency_phone:
            first = self.p("questions.call_agency", worker=worker, phone=agency_phone)
        elif worker:
            first = self.p("questions.name_only", worker=worker)
        else:
            first = self.p("questions.nobody")
        return Section("questions", self.say("questions.heading"), (first, self.p("questions.lawyer")))
