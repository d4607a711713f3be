"""Review hearings in the wizard: start the next report from a draft, say what changed since
the last one, and show each child's permanency clock (reportgen.hearings).

"Start the six-month review report" (on the review page, for the social worker) carries the
last version of a draft forward: its newest approved version when there is one (the report
that was filed), else the draft as it stands. The new draft records the SHA-256 of that
version's case data (as a parents' letter does), opens on its review page with "Changes
since the last report" item by item and what the review must enter, each a link to its field.
The draft list shows each child's next date on the clock. Nothing here logs case content.
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

from flask import redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue

from reportgen.hearings import NEXT, REVIEWS, hearing_of, is_review
from reportgen.web import get_store
from reportgen.web.access import VIEW, draft_for
from reportgen.web.auth import me, roles_required
from reportgen.web.forms import upgrade
from reportgen.web.wizard import EDITORS, bp, draft_case

log = logging.getLogger(__name__)


def _words() -> dict[str, Any]:
    from reportgen.render import words as w

    table: dict[str, Any] = w.table()["review"]
    return table


def next_hearing(raw: dict[str, Any]) -> dict[str, str] | None:
    """The review that follows the draft's hearing and the button's words, None after the last review."""
    following = NEXT.get(hearing_of(raw))
    return {"hearing": following, "label": str(_words()["start"][following])} if following else None


def _loaded(raw: dict[str, Any]) -> dict[str, Any] | None:
    from reportgen.schema import InvalidCase, load_case

    try:
        return load_case(raw)
    except InvalidCase:
        return None


def clocks(case: dict[str, Any] | None) -> list[dict[str, Any]]:
    """Each child's permanency clock as the report prints it: the child's name and its rows."""
    if case is None:
        return []
    from reportgen.hearings.clock import clock_for
    from reportgen.render.review_sections import clock_rows

    return [{"child": c.child or "", "rows": clock_rows(c.points)} for c in clock_for(case)]


def next_dates(raw: dict[str, Any], today: dt.date) -> list[str]:
    """The draft list's "Next date": for each child, the clock's next point from ``today``
    ("Sofia Ramírez: Permanency staffing (county practice, not law), August 1, 2027")."""
    case = _loaded(raw)
    if case is None:
        return []
    from reportgen.hearings.clock import clock_for, upcoming
    from reportgen.render.review_sections import clock_rows

    out = []
    for clock in clock_for(case, as_of=today):
        point = upcoming(clock, today)
        if point is not None:
            what, when, _ = clock_rows([point])[0]
            out.append(f"{clock.child}: {what}, {when}" if clock.child else f"{what}, {when}")
    return out


def panel(raw: dict[str, Any], case: dict[str, Any] | None) -> dict[str, Any]:
    """What the review page shows of the hearings: the changes since the last report (a
    review draft), each child's clock, and the next report a worker may start."""
    from reportgen.hearings.changes import changes

    found = changes(case) if case is not None and is_review(case) else None
    previous = (case or {}).get("previous_report") or {}
    return {
        "review": is_review(raw),
        "changes": [c.text() for c in found] if found is not None else None,
        "previous": previous,
        "clocks": clocks(case),
        "next": next_hearing(raw),
        "reviews": REVIEWS,
    }


@bp.route("/drafts/<int:draft_id>/next-report", methods=["POST"])
@roles_required(*EDITORS)
def start_next_report(draft_id: int) -> ResponseReturnValue:
    """A new draft for the next review, carried forward from the last version of this one."""
    from reportgen.hearings.carry import CarryError, next_report
    from reportgen.letter.source import case_source
    from reportgen.web.approval import attorney_version

    store = get_store()
    user = me()
    draft = draft_for(store, user, draft_id, VIEW)
    _, approved = attorney_version(draft)  # the newest approved version: the report that was filed
    raw = upgrade(approved.case) if approved is not None else draft_case(draft)
    last = _loaded(raw)
    if last is None:
        return render_template("error.html", code=422, title="The next report cannot be started yet",
                               message="The last report has answers that need correcting first; its review "
                                       "page lists them."), 422
    following = next_hearing(raw)
    hearing = request.form.get("hearing") or (following or {}).get("hearing") or ""
    try:
        new = next_report(last, hearing, case_source(last).sha256)
    except CarryError as err:
        return render_template("error.html", code=422, title="The next report cannot be started",
                               message="; ".join(message for _, message in err.problems)), 422
    with store.write() as session_:
        created = store.create_draft(session_, user, new)
        new_id = created.id
    store.audit(user, "create", new_id)
    log.info("draft %s started for the %s from draft %s (version %s) by user %s", new_id, hearing, draft.id,
             approved.number if approved is not None else "current", user.id)
    return redirect(url_for("wizard.review", draft_id=new_id, _anchor="changes-title"), 303)
