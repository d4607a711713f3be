"""The statutory timeline: the dates the law fixes from a case's own dates.

Each :class:`Entry` is one date the court and the parties work to (the latest
permissible date unless the label says otherwise), with the citation it rests
on, the formula in plain words, and what is wrong with it: a date already past,
a hearing set after it, or the facts missing to compute it. A deadline whose
step the case records as done (the report dated, the case plan completed, the
relatives notified, the hearing set in time) is never "already past": it says
what records it done instead. Where a formula
needs a fact the case does not hold, the entry says which field is missing
rather than guessing a date.

Formulas are docs/law.md §2 (T6–T22). Letters used in formulas: R removal,
DH detention hearing, J jurisdiction hearing, D disposition hearing, EFC the
date the child entered foster care (WIC §361.49).

No statute or rule we read defines month arithmetic, and courts set their own
calendars, so month and court-day results are computed and advisory.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from reportgen.case import Case, age_on
from reportgen.court_calendar import add_court_days, add_months, whole_months_between

MONTHS_NOTE = "months: calendar months, end of month clamped; computed; confirm with the court calendar"
COURT_DAYS_NOTE = (
    "court days: computed, skipping weekends and California judicial holidays "
    "(holiday table to be confirmed); advisory; confirm with the court calendar"
)
#: Entries that are a starting point, not something to be done by a date: a
#: date before ``as_of`` is no cause for alarm there.
_NOT_DEADLINES = {"efc"}


@dataclass(frozen=True)
class Entry:
    """One statutory date, ready to show beside its citation."""

    key: str
    label: str
    date: dt.date | None
    citation: str
    formula: str
    missing: tuple[str, ...]
    flags: tuple[str, ...]
    note: str | None = None
    #: What the case records that shows the step done ("case plan completed 2026-11-17").
    done: str | None = None

    def as_dict(self) -> dict[str, object]:
        return {
            "key": self.key,
            "label": self.label,
            "date": self.date.isoformat() if self.date else None,
            "citation": self.citation,
            "formula": self.formula,
            "missing": list(self.missing),
            "flags": list(self.flags),
            "note": self.note,
            "done": self.done,
        }


# --- facts read from the case ----------------------------------------------


def _day(value: Any) -> dt.date | None:
    """A date from a loaded case (``date``) or raw JSON (ISO string)."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            return None
    return None


def _missing(*pairs: tuple[str, dt.date | None]) -> tuple[str, ...]:
    """The schema paths, of ``(path, value)`` pairs, whose value is absent."""
    return tuple(path for path, value in pairs if value is None)


def entered_foster_care(case: Case, as_of: dt.date) -> tuple[dt.date | None, tuple[str, ...]]:
    """EFC = the earlier of the jurisdiction hearing and 60 days after removal (WIC §361.49).

    Without the jurisdiction date, EFC is known only once ``R + 60 days`` has
    come: a jurisdiction hearing not yet held can only be later. Before then
    the answer depends on a hearing that has not happened, so EFC is unknown.
    """
    removal = _day(case.get("dates.removal_date"))
    jurisdiction = _day(case.get("dates.jurisdiction_hearing_date"))
    if removal is None:
        return None, _missing(("dates.removal_date", removal), ("dates.jurisdiction_hearing_date", jurisdiction))
    sixty = removal + dt.timedelta(days=60)
    if jurisdiction is not None:
        return min(jurisdiction, sixty), ()
    if sixty <= as_of:
        return sixty, ()
    return None, ("dates.jurisdiction_hearing_date",)


def months_in_care_last_22(case: Case, as_of: dt.date) -> int | None:
    """Whole months the child has been in care within the 22 months before ``as_of``.

    Counted from EFC as one unbroken stay: trial home visits and runaway
    periods, which federal rules count differently, are not in the data model.
    None when EFC is unknown.
    """
    efc, _ = entered_foster_care(case, as_of)
    if efc is None:
        return None
    return min(22, whole_months_between(efc, as_of))


@dataclass(frozen=True)
class _Facts:
    """The case's dates read once, so every entry sees the same values."""

    case: Case
    as_of: dt.date
    removal: dt.date | None
    detention: dt.date | None
    jurisdiction: dt.date | None
    disposition: dt.date | None
    detained: bool | None
    bypass: bool
    efc: dt.date | None
    efc_missing: tuple[str, ...]

    @classmethod
    def of(cls, case: Case, as_of: dt.date) -> _Facts:
        detained = case.get("dates.detained")
        efc, efc_missing = entered_foster_care(case, as_of)
        return cls(
            case=case,
            as_of=as_of,
            removal=_day(case.get("dates.removal_date")),
            detention=_day(case.get("dates.detention_hearing_date")),
            jurisdiction=_day(case.get("dates.jurisdiction_hearing_date")),
            disposition=_day(case.get("dates.disposition_hearing_date")),
            detained=detained if isinstance(detained, bool) else None,
            bypass=any(Case.at(p, "reunification.recommended") == "bypass" for _, p in case.items("parents")),
            efc=efc,
            efc_missing=efc_missing,
        )


def _later(what: str, stated: dt.date | None, limit: dt.date | None) -> tuple[str, ...]:
    if stated is not None and limit is not None and stated > limit:
        return (f"{what} ({stated.isoformat()}) is later than this deadline",)
    return ()


def _entry(
    facts: _Facts,
    key: str,
    label: str,
    date: dt.date | None,
    citation: str,
    formula: str,
    missing: tuple[str, ...] = (),
    flags: tuple[str, ...] = (),
    note: str | None = None,
    done: str | None = None,
) -> Entry:
    """Build an entry; a deadline before ``as_of`` is flagged as past unless its step is ``done``."""
    missing = tuple(dict.fromkeys(missing))
    if missing:
        date = None
    if date is not None and key not in _NOT_DEADLINES and date < facts.as_of and not done:
        flags = (f"already past on {facts.as_of.isoformat()}", *flags)
    return Entry(key, label, date, citation, formula, missing, flags, note, done if date is not None else None)


# --- the entries (docs/law.md §2) -------------------------------------------


def _efc_entry(f: _Facts) -> Entry:
    note = None
    if f.efc is not None and f.jurisdiction is None:
        note = ("the jurisdiction date is not recorded; shown as 60 days after removal, which holds only if the "
                "jurisdiction hearing was not held earlier")
    return _entry(
        f, "efc", "Entered foster care (EFC)", f.efc,
        "WIC §361.49; 42 U.S.C. §675(5)(F)",
        "earlier of the jurisdiction hearing and 60 days after removal",
        f.efc_missing, note=note,
    )


def _disposition_deadline(f: _Facts) -> Entry:
    label = "Disposition hearing (latest date)"
    notes: list[str] = []
    if f.bypass:
        citation = "WIC §358(a)(3); CRC 5.686(b)"
        formula = "30 days after the jurisdiction hearing (a no-services ground under §361.5(b) is alleged)"
        missing = _missing(("dates.jurisdiction_hearing_date", f.jurisdiction))
        date = f.jurisdiction + dt.timedelta(days=30) if f.jurisdiction else None
    elif f.detained is None:
        return _entry(f, "disposition_deadline", label, None, "WIC §358(a); CRC 5.686(a)",
                      "depends on whether the child is detained", ("dates.detained",))
    elif f.detained:
        citation = "WIC §358(a)(1); CRC 5.686(a)"
        formula = "10 court days after the jurisdiction hearing (child detained)"
        missing = _missing(("dates.jurisdiction_hearing_date", f.jurisdiction))
        date = add_court_days(f.jurisdiction, 10) if f.jurisdiction else None
        notes.append(COURT_DAYS_NOTE)
    else:
        citation = "WIC §358(a)(2); CRC 5.686(a)"
        formula = "30 days after the jurisdiction hearing (child not detained)"
        missing = _missing(("dates.jurisdiction_hearing_date", f.jurisdiction))
        date = f.jurisdiction + dt.timedelta(days=30) if f.jurisdiction else None
        if f.jurisdiction:
            extended = f.jurisdiction + dt.timedelta(days=45)
            notes.append(f"may be extended by 15 days for good cause, to {extended.isoformat()}")
    if f.detained:
        citation += "; WIC §352(b); CRC 5.550(a)(3)"
        formula += "; never later than 60 days after the detention hearing"
        if f.detention:
            outer = f.detention + dt.timedelta(days=60)
            notes.append(f"outer limit for a detained child: {outer.isoformat()} (detention hearing + 60 days, "
                         "absent exceptional circumstances; never beyond 6 months)")
            date = min(date, outer) if date else date
        else:
            notes.append("outer limit (detention hearing + 60 days) not computed: detention hearing date missing")
    flags = _later("the disposition hearing", f.disposition, date)
    done = (f"disposition hearing set for {f.disposition.isoformat()}"
            if f.disposition is not None and date is not None and f.disposition <= date else None)
    return _entry(f, "disposition_deadline", label, date, citation, formula, missing, flags,
                  "; ".join(notes) or None, done)


def _report_due(f: _Facts) -> Entry:
    date = f.disposition - dt.timedelta(days=2) if f.disposition else None
    report_date = _day(f.case.get("court.report_date"))
    return _entry(
        f, "report_due", "Disposition report filed (latest date)", date,
        "WIC §358(b); CRC 5.690(a)",
        "48 hours before the disposition hearing",
        _missing(("dates.disposition_hearing_date", f.disposition)),
        _later("the report date", report_date, date),
        "shown as two calendar days before the hearing date (the hearing time is not used); the CRC 5.690 "
        "subdivision holding the 48-hour rule is to be confirmed",
        f"report dated {report_date.isoformat()}" if report_date else None,
    )


def _case_plan_due(f: _Facts) -> Entry:
    date = None
    if f.removal and f.disposition:
        date = min(f.removal + dt.timedelta(days=60), f.disposition)
    completed = _day(f.case.get("case_plan.completed_date"))
    return _entry(
        f, "case_plan_due", "Case plan completed (latest date)", date,
        "WIC §16501.1",
        "earlier of 60 days after removal and the disposition hearing",
        _missing(("dates.removal_date", f.removal), ("dates.disposition_hearing_date", f.disposition)),
        _later("the case plan's completion date", completed, date),
        done=f"case plan completed {completed.isoformat()}" if completed else None,
    )


def relative_search_done(case: Case) -> str | None:
    """What records the relative search as made: relatives notified (a count
    or a date of notice), or a search that found no relative at all."""
    dates = [d for _, p in case.items("relatives.people") if (d := _day(p.get("notified_date")))]
    notified, identified = case.get("relatives.notified_count"), case.get("relatives.identified_count")
    if dates:
        return f"relatives notified, the last on {max(dates).isoformat()}"
    if isinstance(notified, int) and notified > 0:
        return f"{notified} relatives notified"
    if identified == 0:
        return "the search found no relatives"
    return None


def _relative_search_due(f: _Facts) -> Entry:
    return _entry(
        f, "relative_search_due", "Relatives found and notified (latest date)",
        f.removal + dt.timedelta(days=30) if f.removal else None,
        "WIC §309(e); CRC 5.690(a)(1)(C)",
        "30 days after removal",
        _missing(("dates.removal_date", f.removal)),
        done=relative_search_done(f.case),
    )


def _efc_plus_12(f: _Facts) -> dt.date | None:
    return add_months(f.efc, 12) if f.efc else None


def _six_months_capped(f: _Facts) -> dt.date | None:
    """min(D + 6m, EFC + 12m): the six-month review (T14) and the under-three
    reunification period (T19) share this formula."""
    if f.disposition and f.efc:
        return min(add_months(f.disposition, 6), add_months(f.efc, 12))
    return None


def _six_month_review(f: _Facts) -> Entry:
    date = _six_months_capped(f)
    stated = _day(f.case.get("recommended.stated_six_month_review_date"))
    return _entry(
        f, "six_month_review", "Six-month review hearing (latest date)", date,
        "WIC §366.21(e); CRC 5.710",
        "earlier of 6 months after disposition and 12 months after entry into foster care",
        _missing(("dates.disposition_hearing_date", f.disposition)) + f.efc_missing,
        _later("the stated six-month review date", stated, date),
        MONTHS_NOTE,
    )


def _permanency_12m(f: _Facts) -> Entry:
    date = None
    if f.efc and f.removal:
        date = min(add_months(f.efc, 12), add_months(f.removal, 18))
    stated = _day(f.case.get("recommended.stated_permanency_hearing_date"))
    return _entry(
        f, "permanency_12m", "Twelve-month permanency hearing (latest date)", date,
        "WIC §366.21(f); CRC 5.715",
        "earlier of 12 months after entry into foster care and 18 months after removal",
        _missing(("dates.removal_date", f.removal)) + f.efc_missing,
        _later("the stated permanency hearing date", stated, date),
        MONTHS_NOTE,
    )


def _review_18m(f: _Facts) -> Entry:
    return _entry(
        f, "review_18m", "Eighteen-month permanency review (latest date)",
        add_months(f.removal, 18) if f.removal else None,
        "WIC §366.22(a)(1); CRC 5.720(a)",
        "18 months after removal",
        _missing(("dates.removal_date", f.removal)), note=MONTHS_NOTE,
    )


def _review_24m(f: _Facts) -> Entry:
    return _entry(
        f, "review_24m", "Twenty-four-month review (outer limit)",
        add_months(f.removal, 24) if f.removal else None,
        "WIC §§361.5(a)(4), 366.22(b), 366.25(a)(1); CRC 5.722",
        "24 months after removal (only where services are extended beyond 18 months)",
        _missing(("dates.removal_date", f.removal)), note=MONTHS_NOTE,
    )


def _fr_period_end(f: _Facts) -> Entry:
    age = age_on(_day(f.case.get("child.dob")), f.removal)
    group_rule = f.case.get("recommended.sibling_group_rule") == "proposed"
    age_words = f"age {age}" if age is not None else "age unknown"
    notes = [MONTHS_NOTE]
    if group_rule or (age is not None and age < 3):
        if group_rule and not (age is not None and age < 3):
            label = f"Reunification ends (6-month sibling-group rule; {age_words} at removal)"
            citation = "WIC §361.5(a)(1)(C)"
        else:
            label = f"Reunification ends (6-month rule, under 3; {age_words} at removal)"
            citation = "WIC §361.5(a)(1)(B)"
        citation += "; CRC 5.668(a)(4)"
        formula = "earlier of 6 months after disposition and 12 months after entry into foster care"
        missing = _missing(("dates.disposition_hearing_date", f.disposition)) + f.efc_missing
        date = _six_months_capped(f)
        notes.append("the six-month limit applies only if the parent has not participated regularly and made "
                     "substantive progress")
    elif age is None:
        return _entry(
            f, "fr_period_end", "Reunification ends (depends on age at removal)", None,
            "WIC §361.5(a)(1)(A)–(B)", "6 or 12 months, by the child's age on the removal date",
            _missing(("child.dob", _day(f.case.get("child.dob"))), ("dates.removal_date", f.removal)),
        )
    else:
        label = f"Reunification ends (12-month rule; {age_words} at removal)"
        citation = "WIC §361.5(a)(1)(A)"
        formula = "12 months after entry into foster care"
        missing = f.efc_missing
        date = _efc_plus_12(f)
    notes.append("services may be extended to 18 months after removal (WIC §361.5(a)(3))")
    if not f.case.fr_recommended:
        notes.append("no reunification services are recommended in this case")
    return _entry(f, "fr_period_end", label, date, citation, formula, missing, note="; ".join(notes))


def _bypass_366_26(f: _Facts) -> Entry:
    note = None
    if any(Case.at(p, "reunification.recommended") == "services" for _, p in f.case.items("parents")):
        note = "another parent is recommended for services: the §366.26 hearing is normally not set at disposition"
    return _entry(
        f, "bypass_366_26", "§366.26 hearing after services denied (latest date)",
        f.disposition + dt.timedelta(days=120) if f.disposition else None,
        "WIC §361.5(f)",
        "120 days after the disposition hearing",
        _missing(("dates.disposition_hearing_date", f.disposition)), note=note,
    )


def _fifteen_of_22(f: _Facts) -> Entry:
    months = months_in_care_last_22(f.case, f.as_of)
    count = (f"as of {f.as_of.isoformat()} the child has been in care {months} of the last 22 months, counted "
             "from entry into foster care" if months is not None else "months in care unknown")
    return _entry(
        f, "fifteen_of_22", "Fifteen of the last 22 months in foster care",
        add_months(f.efc, 15) if f.efc else None,
        "42 U.S.C. §675(5)(E)–(F); 45 C.F.R. §1356.21(i)",
        "15 months after entry into foster care, if the stay is unbroken",
        f.efc_missing,
        note=f"information only: {count}; trial home visits and runaway periods are not modelled; {MONTHS_NOTE}",
    )


def today() -> dt.date:
    """The day of computing; the last fallback for ``as_of``, and one place for a test to set the clock.
    The court's day (:func:`reportgen.clock.today`), not the server's UTC date."""
    from reportgen.clock import today as court_today

    return court_today()


def compute(case: Case | dict[str, Any], as_of: dt.date | None = None) -> list[Entry]:
    """Every statutory date for a case, in a fixed order (see the module docstring).

    ``as_of`` is the day "already past" is judged on. It defaults to the
    report's own date (the hearing date when the report is undated, today
    when the case has neither): a report filed on time does not turn late
    because it is read or printed later.
    """
    view = case if isinstance(case, Case) else Case(case)
    day = as_of or _day(view.report_date) or today()
    if view is case:  # a Case keeps its timelines: the rules and the wizard's deadlines ask again
        kept: dict[dt.date, list[Entry]] = view.__dict__.setdefault("_timelines", {})
        if day not in kept:
            kept[day] = _compute(view, day)
        return list(kept[day])
    return _compute(view, day)


def _compute(view: Case, day: dt.date) -> list[Entry]:
    facts = _Facts.of(view, day)
    entries = [
        _efc_entry(facts),
        _disposition_deadline(facts),
        _report_due(facts),
        _case_plan_due(facts),
        _relative_search_due(facts),
        _six_month_review(facts),
        _permanency_12m(facts),
        _review_18m(facts),
        _review_24m(facts),
        _fr_period_end(facts),
    ]
    if facts.bypass:
        entries.append(_bypass_366_26(facts))
    entries.append(_fifteen_of_22(facts))
    return entries


def per_child(case: Case | dict[str, Any], as_of: dt.date | None = None) -> list[tuple[str | None, list[Entry]]]:
    """Each child's timeline in a report on several children, under the child's
    name (each child's period of services and reviews are its own: a child under
    three at removal has six months); one unnamed timeline otherwise."""
    from reportgen.family import child_views, is_family

    if not isinstance(case, Case) and is_family(case):
        views = child_views(case)
        if len(views) > 1:
            return [(v.label, compute(v.case, as_of=as_of)) for v in views]
    return [(None, compute(case, as_of=as_of))]


def entry(entries: list[Entry], key: str) -> Entry | None:
    """The entry with ``key``, or None (``bypass_366_26`` is present only with a bypass)."""
    return next((e for e in entries if e.key == key), None)
