"""The parents' letters, offered beside the report: for each living parent, a letter in
plain language in English and in Spanish, as PDF or DOCX (reportgen.letter).

Made for the social worker and the supervisor from the report as it stands (with its
version, as the downloads are); the child's attorney is not given them. The letter
carries the digest of the report's data it came from. Whether and how each parent
received it is recorded on the Parents step and stated in the report.
"""

from __future__ import annotations

import logging
from typing import Any

from flask import Response, abort, render_template
from flask.typing import ResponseReturnValue

from reportgen.web import get_store
from reportgen.web.access import VIEW, draft_for
from reportgen.web.auth import me, roles_required
from reportgen.web.forms import display
from reportgen.web.wizard import bp

log = logging.getLogger(__name__)

LANGUAGES = {"en": "English", "es": "Español"}
FORMATS = {"pdf": "application/pdf",
           "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document"}
#: Who may make a parent's letter: those who write and approve the report.
MAKERS = ("social_worker", "supervisor")


def letters_offered(case: dict[str, Any] | None) -> list[dict[str, Any]]:
    """The letters the review page offers: each living parent (index and how the page names
    them), in each language. Empty when the case cannot be read or the module is missing."""
    if not case:
        return []
    try:
        from reportgen.letter import living_parents
    except ImportError:  # pragma: no cover - a build without the letter package
        return []
    out = []
    for i in living_parents(case):
        parent = (case.get("parents") or [])[i]
        who = display(parent.get("name")) or f"Parent {i + 1}"
        out.append({"index": i, "name": who, "languages": LANGUAGES})
    return out


@bp.route("/drafts/<int:draft_id>/letters/<int:parent>/<lang>.<fmt>")
@roles_required(*MAKERS)
def parent_letter(draft_id: int, parent: int, lang: str, fmt: str) -> ResponseReturnValue:
    from reportgen.letter import NoLetter, case_source, letter_for
    from reportgen.letter.render import letter_docx, letter_pdf
    from reportgen.web.approval import working_case

    store = get_store()
    draft = draft_for(store, me(), draft_id, VIEW)
    if lang not in LANGUAGES or fmt not in FORMATS:
        abort(404)
    ev = working_case(draft)
    if ev.problems or ev.case is None:
        return render_template("error.html", code=422, title="The letter cannot be made yet",
                               message="The report has answers that need correcting first; the review page "
                                       "lists them."), 422
    case = ev.case
    if not 0 <= parent < len(case.get("parents") or []):
        abort(404)
    try:
        letter = letter_for(case, parent, lang, case_source(case))
    except NoLetter as err:
        return render_template("error.html", code=422, title="No letter for this parent", message=str(err)), 422
    data = letter_pdf(letter) if fmt == "pdf" else letter_docx(letter)
    store.audit(me(), "download", draft.id)
    log.info("draft %s: parent letter %s/%s made by user %s", draft.id, lang, fmt, me().id)
    from reportgen.web.documents import download_name

    response = Response(data, mimetype=FORMATS[fmt])
    response.headers["Content-Disposition"] = (
        f'attachment; filename="{download_name(draft, fmt, kind=f"letter-parent-{parent + 1}-{lang}")}"')
    return response
