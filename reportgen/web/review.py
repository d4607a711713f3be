"""The child's attorney: a landing page listing the drafts assigned to them.

A placeholder the review feature (issue 6) will fill: for now each assigned
draft links to the wizard's read-only review page, where the attorney sees
every objection with its citation and can preview and download the report.
"""

from __future__ import annotations

from flask import Blueprint, render_template
from flask.typing import ResponseReturnValue

from reportgen.web import get_store
from reportgen.web.auth import me, roles_required
from reportgen.web.forms import display, get_in

bp = Blueprint("review", __name__, url_prefix="/attorney")


@bp.route("/")
@roles_required("attorney")
def index() -> ResponseReturnValue:
    rows = []
    for draft in get_store().visible_drafts(me()):
        raw, status = draft.case, draft.status
        rows.append({
            "id": draft.id,
            "child": display(get_in(raw, "child.name")) or "(child not named yet)",
            "case_number": display(get_in(raw, "court.case_number")),
            "hearing": display(get_in(raw, "dates.disposition_hearing_date")) or "not set",
            "objections": int(status.get("objections") or 0),
        })
    return render_template("review/index.html", rows=rows)
