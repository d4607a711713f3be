"""Calendar arithmetic for statutory deadlines: calendar months and court days.

No statute or rule we read defines how to add months, so months are added the
ordinary way with end-of-month clamping. Court days skip weekends and the
California judicial holidays listed in ``judicial_holidays.yml`` (data, so a
new holiday is a one-line change). Both are computed and advisory: courts set
their own calendars, and a court may designate its own day for a weekend
holiday.
"""

from __future__ import annotations

import calendar
import datetime as dt
from functools import lru_cache
from importlib import resources
from typing import Any

import yaml

_WEEKDAYS = {name.lower(): i for i, name in enumerate(calendar.day_name)}


def add_months(day: dt.date, months: int) -> dt.date:
    """Calendar-month addition; a day the target month lacks clamps to its last day.

    31 August + 6 months is 28 February (29 in a leap year): the ordinary
    reading of "six months after", since no statute we read defines it.
    """
    index = day.year * 12 + (day.month - 1) + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return dt.date(year, month + 1, min(day.day, last))


def whole_months_between(start: dt.date, end: dt.date) -> int:
    """Whole calendar months from ``start`` to ``end`` (0 when ``end`` is earlier)."""
    if end <= start:
        return 0
    months = (end.year - start.year) * 12 + end.month - start.month
    if add_months(start, months) > end:
        months -= 1
    return months


@lru_cache(maxsize=1)
def holiday_table() -> dict[str, Any]:
    """The holiday data file, read once (its ``citation`` and ``holidays``)."""
    text = (resources.files("reportgen") / "judicial_holidays.yml").read_text(encoding="utf-8")
    return dict(yaml.safe_load(text))


def _nth_weekday(year: int, month: int, weekday: int, nth: int) -> dt.date:
    days = [d for d in range(1, calendar.monthrange(year, month)[1] + 1)
            if dt.date(year, month, d).weekday() == weekday]
    return dt.date(year, month, days[nth - 1 if nth > 0 else nth])


def _observed(day: dt.date) -> dt.date:
    """A Saturday holiday is kept the Friday before, a Sunday one the Monday after."""
    if day.weekday() == 5:
        return day - dt.timedelta(days=1)
    if day.weekday() == 6:
        return day + dt.timedelta(days=1)
    return day


def _holidays_of_rule_year(year: int) -> dict[dt.date, str]:
    out: dict[dt.date, str] = {}
    for spec in holiday_table()["holidays"]:
        if year < int(spec.get("from_year", 0)):
            continue
        if "day" in spec:
            day = dt.date(year, spec["month"], spec["day"])
        else:
            day = _nth_weekday(year, spec["month"], _WEEKDAYS[spec["weekday"]], spec["nth"])
        day += dt.timedelta(days=int(spec.get("offset_days", 0)))
        out[_observed(day)] = spec["name"]
    return out


@lru_cache(maxsize=64)
def judicial_holidays(year: int) -> dict[dt.date, str]:
    """The judicial holidays courts close for in ``year``, on their observed dates.

    Looks at the neighbouring years too: New Year's Day on a Saturday is kept
    on 31 December of the year before.
    """
    out: dict[dt.date, str] = {}
    for rule_year in (year - 1, year, year + 1):
        for day, name in _holidays_of_rule_year(rule_year).items():
            if day.year == year:
                out[day] = name
    return dict(sorted(out.items()))


def is_court_day(day: dt.date) -> bool:
    """Not a Saturday, a Sunday or a judicial holiday."""
    return day.weekday() < 5 and day not in judicial_holidays(day.year)


def add_court_days(day: dt.date, n: int) -> dt.date:
    """The date ``n`` court days after ``day`` (before it, for negative ``n``).

    Saturdays, Sundays and California judicial holidays are skipped. The
    result is advisory: a court may designate its own weekend observances.
    """
    step = dt.timedelta(days=1 if n >= 0 else -1)
    remaining = abs(n)
    while remaining:
        day += step
        if is_court_day(day):
            remaining -= 1
    return day
