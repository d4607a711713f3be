"""The clerk: intake only. A placeholder landing page the intake feature
(issue 7) will fill; clerks never see drafts."""

from __future__ import annotations

from flask import Blueprint, render_template
from flask.typing import ResponseReturnValue

from reportgen.web.auth import roles_required

bp = Blueprint("intake", __name__, url_prefix="/intake")


@bp.route("/")
@roles_required("clerk")
def index() -> ResponseReturnValue:
    return render_template("intake/index.html")
