"""Today's date as the court counts it.

A server's clock runs in UTC: at 7 p.m. in Los Angeles it is already tomorrow
there, and a date of birth typed for tomorrow would pass as "not in the
future". Every "today" the schema and the rules judge against comes from
:func:`today`, in the court's time zone: ``REPORTGEN_TZ`` (an IANA name),
America/Los_Angeles by default.
"""

from __future__ import annotations

import datetime as dt
import os
from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

DEFAULT_TZ = "America/Los_Angeles"


@lru_cache(maxsize=8)
def _zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise ValueError(f"REPORTGEN_TZ={name!r} is not a time zone name such as {DEFAULT_TZ!r}") from None


def court_zone() -> ZoneInfo:
    """The time zone dates are judged in (``REPORTGEN_TZ``, else America/Los_Angeles)."""
    return _zone(os.environ.get("REPORTGEN_TZ") or DEFAULT_TZ)


def now_utc() -> dt.datetime:
    """The current instant; tests replace this to move the clock."""
    return dt.datetime.now(dt.UTC)


def today() -> dt.date:
    """Today's date in the court's time zone."""
    return now_utc().astimezone(court_zone()).date()


def local_time(at: dt.datetime, fmt: str = "%Y-%m-%d %H:%M") -> str:
    """A stored instant as the people at the court read it: in the court's time zone,
    with the zone's abbreviation, so "09:15 PST" cannot be taken for UTC or the
    reader's own zone. Stored times are naive UTC (``store.utcnow``); an aware time
    is converted from its own zone."""
    aware = at.replace(tzinfo=dt.UTC) if at.tzinfo is None else at
    local = aware.astimezone(court_zone())
    return f"{local.strftime(fmt)} {local.tzname()}"
