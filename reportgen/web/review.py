"""The child's attorney's pages: review a report and download the objection memo.

* ``/attorney/`` lists the drafts assigned to the attorney and offers an upload
  form (one PDF, DOCX or case JSON up to the review module's limit).
* ``POST /attorney/review`` reviews the uploaded file with
  :func:`reportgen.review.review_bytes` and shows the results page: the caption,
  the CEB §12.47 element table and the findings grouped by severity, each with
  its citation and the passage it relied on, the relevant words highlighted.
* ``/attorney/cases/<id>`` shows the same page for an assigned draft, reviewed
  from the draft's case JSON; its memo download reviews the draft again.

The uploaded bytes live only in this request: Werkzeug holds them in memory or
an anonymous temporary file, the review module copies them into a private
temporary directory it deletes, and nothing of them reaches the database or
the log. So that the memo of an upload can be downloaded without storing the
upload, the results page carries the review's result in a hidden field, signed
with the application's secret and bound to the attorney and a time limit; the
memo route re-checks the signature and writes the memo from it.

Every page and download here is a case document: the application sends
``Cache-Control: no-store``, and opening a result or downloading a memo is
written to the audit log by action and draft id only, never any case content.
"""

from __future__ import annotations

import logging
import re
from functools import lru_cache
from typing import Any

import yaml
from flask import Blueprint, Response, abort, current_app, render_template, request
from flask.typing import ResponseReturnValue
from itsdangerous import BadSignature, URLSafeTimedSerializer
from markupsafe import Markup, escape
from werkzeug.exceptions import RequestEntityTooLarge

from reportgen.case import value_at
from reportgen.resources import templates_dir
from reportgen.review import Edited, ReviewResult, review_bytes, write_memo
from reportgen.review.extract import MAX_UPLOAD_BYTES, TOO_LARGE
from reportgen.review.heuristics import Element, HeuristicFinding
from reportgen.rules.base import Finding
from reportgen.schema import InvalidCase
from reportgen.web import csrf, get_store
from reportgen.web.access import VIEW, draft_for
from reportgen.web.auth import me, roles_required
from reportgen.web.wizard import draft_row

bp = Blueprint("review", __name__, url_prefix="/attorney")
log = logging.getLogger(__name__)

#: The request may exceed the file by the multipart envelope and the form's token.
UPLOAD_REQUEST_LIMIT = MAX_UPLOAD_BYTES + 256 * 1024
MEMO_FORMATS = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
}
SEVERITY_GROUPS = (("object", "Objections"), ("warn", "Points to verify"), ("info", "Notes"))
SOURCE_TEXT = {
    "case-json": "case data (JSON): checked with the rule catalogue",
    "reportgen-pdf": "a reportgen PDF: its embedded case data was checked with the rule catalogue",
    "reportgen-docx": "a reportgen Word file: its embedded case data was checked with the rule catalogue",
    "edited-reportgen-pdf": "a reportgen PDF whose text no longer matches its embedded case data: read as text, "
                            "so every finding is heuristic",
    "edited-reportgen-docx": "a reportgen Word file whose text no longer matches its embedded case data: read as "
                             "text, so every finding is heuristic",
    "other-layout-reportgen-pdf": "a PDF printed by another version of reportgen whose text differs from its "
                                  "embedded case data: read as text, so every finding is heuristic",
    "other-layout-reportgen-docx": "a Word file printed by another version of reportgen whose text differs from its "
                                   "embedded case data: read as text, so every finding is heuristic",
    "foreign-pdf": "a PDF made elsewhere: read as text, so every finding is heuristic",
    "foreign-docx": "a Word file made elsewhere: read as text, so every finding is heuristic",
}
CAPTION_LABELS = (("court", "Court"), ("department", "Department"), ("case_number", "Case number"),
                  ("child", "Child"), ("hearing_date", "Disposition hearing"), ("report_date", "Report date"),
                  ("social_worker", "Social worker"))
#: A quoted case-data value is cut here on the page (the memo quotes it whole).
VALUE_CHARS = 500


# --- highlighting -----------------------------------------------------------------------------


@lru_cache(maxsize=1)
def _highlight_patterns() -> dict[str, tuple[re.Pattern[str], ...]]:
    """Per finding code, the cue patterns whose matches are highlighted (highlight.yml)."""
    from reportgen.review.heuristics import cues

    groups: dict[str, list[str]] = yaml.safe_load(
        (templates_dir() / "web" / "review" / "highlight.yml").read_text(encoding="utf-8"))
    c = cues()
    special = {"goals": c.goals, "willingness": c.willingness}
    out: dict[str, tuple[re.Pattern[str], ...]] = {}
    for code, names in groups.items():
        patterns: list[re.Pattern[str]] = []
        for name in names:
            if name in special:
                patterns += [p for ps in special[name].values() for p in ps]
            else:
                patterns += c.groups[name]
        out[code] = tuple(patterns)
    return out


def highlight(text: str, codes: tuple[str, ...] | list[str]) -> Markup:
    """``text`` escaped, with the words the review reads for ``codes`` wrapped in ``<mark>``."""
    table = _highlight_patterns()
    spans = sorted((m.start(), m.end()) for code in codes for p in table.get(code, ())
                   for m in p.finditer(text) if m.end() > m.start())
    merged: list[list[int]] = []
    for start, end in spans:
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    out, pos = Markup(""), 0
    for start, end in merged:
        out += escape(text[pos:start]) + Markup("<mark>") + escape(text[start:end]) + Markup("</mark>")
        pos = end
    return out + escape(text[pos:])


def whole(text: str) -> Markup:
    return Markup("<mark>") + escape(text) + Markup("</mark>")


# --- the page's view of a result --------------------------------------------------------------


def _clip(text: str) -> str:
    return text if len(text) <= VALUE_CHARS else text[: VALUE_CHARS - 1].rsplit(" ", 1)[0] + "…"


def _where(page: int | None, location: str | None) -> str:
    parts = [f"page {page}" if page else "", location or ""]
    return ", ".join(p for p in parts if p)


def finding_view(result: ReviewResult, f: Finding | HeuristicFinding) -> dict[str, Any]:
    """What the page shows of one finding: the passage relied on, highlighted, and where it is."""
    view: dict[str, Any] = {"code": f.code, "name": f.name, "message": f.message, "citation": f.citation,
                            "severity": f.severity, "heuristic": isinstance(f, HeuristicFinding),
                            "reason": "", "quotes": [], "silent": "", "where": ""}
    if isinstance(f, HeuristicFinding):
        view["reason"] = f.reason
        view["where"] = _where(f.page, f.location)
        if f.passage:
            view["quotes"] = [{"label": "", "text": highlight(f.passage, (f.code,))}]
        else:
            view["silent"] = "The report is silent on this point."
        return view
    from reportgen.case import blank

    quotes, unanswered = [], []
    for path in f.fields:
        value = value_at(result.case, path)
        if blank(value) or isinstance(value, (dict, list)):
            unanswered.append(path)
        else:
            quotes.append({"label": path, "text": whole(_clip(str(value)))})
    view["quotes"] = quotes
    if unanswered and not quotes:
        view["silent"] = f"The report is silent on this point (not answered: {', '.join(unanswered)})."
    elif unanswered:
        view["silent"] = f"Not answered: {', '.join(unanswered)}."
    return view


def element_view(result: ReviewResult, e: Element) -> dict[str, Any]:
    passage: Markup | None = None
    if e.passage:
        passage = highlight(e.passage, e.codes) if result.heuristic else whole(_clip(e.passage))
    return {"label": e.label, "status": e.status, "reason": e.reason, "codes": ", ".join(e.codes),
            "passage": passage, "where": _where(e.page, e.location)}


def page_context(result: ReviewResult) -> dict[str, Any]:
    findings = [finding_view(result, f) for f in result.findings]
    groups = [{"key": key, "title": title, "items": [v for v in findings if v["severity"] == key]}
              for key, title in SEVERITY_GROUPS]
    edited = None
    if result.edited is not None:  # the text no longer matches the data: both are shown
        edited = {"headline": result.edited.headline, "explanation": result.edited.explanation,
                  "differences": result.edited.check.differences, "more": result.edited.check.more,
                  "data_findings": [finding_view(result, f) for f in result.edited.data_findings]}
    caption = [(label, result.caption[key]) for key, label in CAPTION_LABELS if result.caption.get(key)]
    return {
        "result": result,
        "source_text": SOURCE_TEXT.get(result.source, result.source),
        "caption": caption,
        "elements": [element_view(result, e) for e in result.elements],
        "groups": groups,
        "objection_count": len(result.objections),
        "edited": edited,
    }


# --- the signed result behind an upload's memo buttons ----------------------------------------


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt="reportgen-attorney-memo")


def sign_result(result: ReviewResult, user_id: int) -> str:
    from reportgen.schema import dump_case

    payload = {"user": user_id, "source": result.source, "label": result.label, "caption": result.caption,
               "notes": result.notes, "findings": [f.as_dict() for f in result.findings],
               "elements": [e.as_dict() for e in result.elements],
               "case": dump_case(result.case) if result.case is not None else None,
               "edited": result.edited.as_dict() if result.edited is not None else None}
    return _serializer().dumps(payload)


def unsign_result(token: str, user_id: int) -> ReviewResult | None:
    """The result a results page carried, when the signature, the attorney and the age check out."""
    from reportgen.schema import load_case

    max_age = int(current_app.permanent_session_lifetime.total_seconds())
    try:
        payload = _serializer().loads(token, max_age=max_age)
    except BadSignature:
        return None
    if not isinstance(payload, dict) or payload.get("user") != user_id:
        return None
    findings: list[Finding | HeuristicFinding] = []
    for d in payload["findings"]:
        if d.get("heuristic"):
            findings.append(HeuristicFinding(
                code=d["code"], name=d["name"], severity=d["severity"], citation=d["citation"],
                message=d["message"], fields=tuple(d["fields"]), reason=d["reason"], passage=d["passage"],
                page=d["page"], location=d["location"]))
        else:
            findings.append(Finding(d["code"], d["name"], d["severity"], d["citation"], d["message"],
                                    tuple(d["fields"])))
    elements = [Element(d["element"], d["label"], d["status"], d["reason"], tuple(d["codes"]), d["passage"],
                        d["page"], d["location"]) for d in payload["elements"]]
    case = load_case(payload["case"]) if payload.get("case") is not None else None
    edited = Edited.from_dict(payload["edited"]) if payload.get("edited") else None
    return ReviewResult(source=payload["source"], label=payload["label"], caption=payload["caption"],
                        findings=findings, elements=elements, notes=payload["notes"], case=case, edited=edited)


def memo_response(result: ReviewResult, fmt: str) -> Response:
    number = re.sub(r"[^A-Za-z0-9-]+", "-", result.caption.get("case_number", "")).strip("-") or "report"
    response = Response(write_memo(result, fmt), mimetype=MEMO_FORMATS[fmt])
    response.headers["Content-Disposition"] = f'attachment; filename="objections-{number}.{fmt}"'
    return response


# --- routes -----------------------------------------------------------------------------------


def _assigned_rows() -> list[dict[str, Any]]:
    return [draft_row(draft) for draft in get_store().visible_drafts(me())]


def _landing(problems: list[str] | None = None, status: int = 200) -> ResponseReturnValue:
    return render_template("review/index.html", rows=_assigned_rows(), problems=problems or [],
                           limit_mb=MAX_UPLOAD_BYTES // (1024 * 1024)), status


@bp.route("/")
@roles_required("attorney")
def index() -> ResponseReturnValue:
    return _landing()


def _upload_name(raw: str | None) -> str:
    """The uploaded file's own name, without any folder part, for messages and the memo."""
    name = re.split(r"[\\/]", raw or "")[-1].strip()
    name = "".join(ch for ch in name if ch.isprintable())[:120]
    return name or "upload"


@bp.route("/review", methods=["POST"])
@csrf.exempt
@roles_required("attorney")
def upload() -> ResponseReturnValue:
    """Review one uploaded file. The CSRF check runs here, after the larger upload limit is set."""
    request.max_content_length = UPLOAD_REQUEST_LIMIT
    try:
        csrf.protect()
        storage = request.files.get("report")
    except RequestEntityTooLarge:
        return _landing([f"The file {TOO_LARGE}."], 422)
    if storage is None or not storage.filename:
        return _landing(["Choose a file to review: a PDF, a Word (.docx) file or a case JSON file."], 422)
    name = _upload_name(storage.filename)
    data = storage.stream.read(MAX_UPLOAD_BYTES + 1)
    try:
        result = review_bytes(data, name)
    except InvalidCase as err:  # ReviewError included
        return _landing([f"{label}: {message}" for label, message in err.problems], 422)
    store = get_store()
    store.audit(me(), "review-upload")
    log.info("user %s reviewed an uploaded report", me().id)
    return render_template("review/result.html", **page_context(result), draft_id=None,
                           memo_token=sign_result(result, me().id))


@bp.route("/memo", methods=["POST"])
@roles_required("attorney")
def upload_memo() -> ResponseReturnValue:
    """The memo of an uploaded report, written from the signed result its page carried."""
    fmt = request.form.get("format", "")
    if fmt not in MEMO_FORMATS:
        abort(400)
    result = unsign_result(request.form.get("result", ""), me().id)
    if result is None:
        return render_template("error.html", code=400, title="Review expired",
                               message="This review can no longer be turned into a memo (it is too old or was "
                                       "made in another login). Upload the report again."), 400
    get_store().audit(me(), "memo")
    return memo_response(result, fmt)


def _draft_result(draft_id: int) -> tuple[Any, ReviewResult | list[tuple[str, str]]]:
    import json

    draft = draft_for(get_store(), me(), draft_id, VIEW)
    label = f"reportgen draft no. {draft.id}"
    try:
        return draft, review_bytes(json.dumps(draft.case).encode("utf-8"), label, trusted_json=True)
    except InvalidCase as err:
        return draft, list(err.problems)


@bp.route("/cases/<int:draft_id>")
@roles_required("attorney")
def case(draft_id: int) -> ResponseReturnValue:
    draft, outcome = _draft_result(draft_id)
    get_store().audit(me(), "open", draft.id)
    if not isinstance(outcome, ReviewResult):
        return render_template("review/invalid.html", draft=draft, problems=outcome), 422
    return render_template("review/result.html", **page_context(outcome), draft_id=draft.id, memo_token=None)


@bp.route("/cases/<int:draft_id>/memo/<fmt>")
@roles_required("attorney")
def case_memo(draft_id: int, fmt: str) -> ResponseReturnValue:
    """The memo of an assigned draft, from a fresh review of the draft as it stands now."""
    if fmt not in MEMO_FORMATS:
        abort(404)
    draft, outcome = _draft_result(draft_id)
    if not isinstance(outcome, ReviewResult):
        return render_template("review/invalid.html", draft=draft, problems=outcome), 422
    get_store().audit(me(), "memo", draft.id)
    return memo_response(outcome, fmt)
