"""The child's attorney's pages: review a report, decide on its findings, file the memo.

* ``/attorney/`` lists the drafts assigned to the attorney, the attorney's kept
  reviews of uploaded reports (with how many findings await a decision), and an
  upload form (one PDF, DOCX or case JSON up to the review module's limit).
* ``POST /attorney/review`` reviews the uploaded file with
  :func:`reportgen.review.review_bytes`, keeps the review for this attorney
  (:mod:`reportgen.review_store`: the result, never the file) and sends them to it.
* ``/attorney/reviews/<id>`` shows a kept review: the caption, the CEB §12.47
  element table and the findings grouped by severity, each with its citation and
  the passage it relied on, the relevant words highlighted. A finding read from
  the report's text can be confirmed or dismissed (``POST .../decide``; a
  dismissal needs a reason); dismissed ones are listed with their reasons. The
  memo (``.../memo/<fmt>``) holds the confirmed findings and the rule
  catalogue's exact ones, never a dismissed or undecided one.
* ``/attorney/cases/<id>`` shows the same page for an assigned draft, reviewed
  from the draft's case JSON: every finding is exact, so there is nothing to
  decide; its memo download reviews the draft again.
* ``/attorney/profile`` holds the attorney block the memo opens with.

A kept review belongs to the attorney who made it: anyone else gets 404, any
other role 403. Every POST here needs the form's CSRF token and is refused when
the browser says it came from another site. Every page and download is a case
document: the application sends ``Cache-Control: no-store``, and the audit log
records the action and the draft id only; nothing case-related is logged.
"""

from __future__ import annotations

import logging
import re
from functools import lru_cache
from typing import Any

import yaml
from flask import Blueprint, Response, abort, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from markupsafe import Markup, escape
from werkzeug.exceptions import RequestEntityTooLarge

from reportgen import review_store as rs
from reportgen.case import value_at
from reportgen.resources import templates_dir
from reportgen.review import ReviewResult, review_bytes
from reportgen.review.caption import CHILDREN
from reportgen.review.extract import MAX_UPLOAD_BYTES, TOO_LARGE
from reportgen.review.heuristics import Element, HeuristicFinding
from reportgen.review.memo import Attorney, silent_on, write_memo
from reportgen.rules.base import Finding
from reportgen.schema import InvalidCase
from reportgen.web import csrf, get_store
from reportgen.web.access import VIEW, draft_for
from reportgen.web.auth import from_this_site, me, roles_required
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
            subject = silent_on(f.code)
            view["silent"] = f"The report is silent on {subject}." if subject else "The report is silent on this point."
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


def page_context(result: ReviewResult, decisions: dict[str, rs.ReviewDecision] | None = None,
                 review_id: int | None = None) -> dict[str, Any]:
    """What the results page shows. With ``decisions`` (a kept review), each finding
    read from the text carries its key and the attorney's decision; dismissed ones
    are listed apart, with their reasons, and left out of the groups."""
    keys = rs.finding_keys(result)
    findings: list[dict[str, Any]] = []
    dismissed: list[dict[str, Any]] = []
    for key, f in zip(keys, result.findings, strict=True):
        view = finding_view(result, f)
        decision = (decisions or {}).get(key)
        view.update(key=key, decidable=review_id is not None and rs.decidable(f),
                    decision=decision.decision if decision else "", dismissal=decision.reason if decision else "")
        (dismissed if view["decision"] == rs.DISMISSED else findings).append(view)
    groups = [{"key": key, "title": title, "items": [v for v in findings if v["severity"] == key]}
              for key, title in SEVERITY_GROUPS]
    edited = None
    if result.edited is not None:  # the text no longer matches the data: both are shown
        edited = {"headline": result.edited.headline, "explanation": result.edited.explanation,
                  "differences": result.edited.check.differences, "more": result.edited.check.more,
                  "data_findings": [finding_view(result, f) for f in result.edited.data_findings]}
    several = bool(result.caption.get(CHILDREN))
    caption = [("Children" if key == "child" and several else label, result.caption[key])
               for key, label in CAPTION_LABELS if result.caption.get(key)]
    in_memo = [v for v in findings if v["severity"] in ("object", "warn")
               and (not v["decidable"] or v["decision"] == rs.CONFIRMED)]
    return {
        "result": result,
        "source_text": SOURCE_TEXT.get(result.source, result.source),
        "caption": caption,
        "elements": [element_view(result, e) for e in result.elements],
        "groups": groups,
        "objection_count": len(result.objections),
        "edited": edited,
        "review_id": review_id,
        "dismissed": dismissed,
        "undecided": len([v for v in findings if v["decidable"] and not v["decision"]]),
        "in_memo": len([v for v in in_memo if v["severity"] == "object"]),
        "reason_chars": rs.REASON_CHARS,
    }


def memo_findings(result: ReviewResult, decisions: dict[str, rs.ReviewDecision]) -> list[Finding | HeuristicFinding]:
    """The findings a kept review's memo is written from: the exact ones and the confirmed ones."""
    return [f for key, f in zip(rs.finding_keys(result), result.findings, strict=True)
            if not rs.decidable(f) or (key in decisions and decisions[key].decision == rs.CONFIRMED)]


def memo_response(result: ReviewResult, fmt: str, findings: list[Finding | HeuristicFinding] | None = None) -> Response:
    number = re.sub(r"[^A-Za-z0-9-]+", "-", result.caption.get("case_number", "")).strip("-") or "report"
    attorney = Attorney(**rs.profile_of(get_store(), me().id))
    data = write_memo(result, fmt, result.findings if findings is None else findings, attorney)
    response = Response(data, mimetype=MEMO_FORMATS[fmt])
    response.headers["Content-Disposition"] = f'attachment; filename="objections-{number}.{fmt}"'
    return response


def refuse_foreign_post() -> ResponseReturnValue | None:
    """A post whose browser says it came from another website is refused, even with a token."""
    if from_this_site():
        return None
    log.warning("refused a %s to %s from another site", request.method, request.endpoint)
    return render_template("error.html", code=400, title="Refused: sent from another website",
                           message="A form on another website tried to send this request. It was refused "
                                   "and nothing was saved."), 400


# --- routes -----------------------------------------------------------------------------------


def _assigned_rows() -> list[dict[str, Any]]:
    """Each assigned report with its status, and the newest approved version: the agency's report."""
    from reportgen.clock import local_time

    drafts = get_store().visible_drafts(me())
    approvals = get_store().latest_approvals([d.id for d in drafts])
    rows = []
    for draft in drafts:
        approved = approvals.get(draft.id)
        rows.append({**draft_row(draft), "approved_version": approved.version if approved else None,
                     "approved_on": local_time(approved.approved_at) if approved else "",
                     "changed_since": approved is not None and approved.voided_at is not None})
    return rows


def _landing(problems: list[str] | None = None, status: int = 200) -> ResponseReturnValue:
    from reportgen.clock import local_time

    reviews = [{"row": r, "when": local_time(r.created_at)} for r in rs.reviews_of(get_store(), me().id)]
    return render_template("review/index.html", rows=_assigned_rows(), reviews=reviews, problems=problems or [],
                           limit_mb=MAX_UPLOAD_BYTES // (1024 * 1024)), status


@bp.route("/")
@roles_required("attorney")
def index() -> ResponseReturnValue:
    return _landing()


def _upload_name(raw: str | None) -> str:
    """The uploaded file's own name, without any folder part, for messages and the page."""
    name = re.split(r"[\\/]", raw or "")[-1].strip()
    name = "".join(ch for ch in name if ch.isprintable())[:120]
    return name or "upload"


@bp.route("/review", methods=["POST"])
@csrf.exempt
@roles_required("attorney")
def upload() -> ResponseReturnValue:
    """Review one uploaded file and keep the review. The CSRF check runs here, after the larger upload limit is set."""
    request.max_content_length = UPLOAD_REQUEST_LIMIT
    try:
        csrf.protect()
        storage = request.files.get("report")
    except RequestEntityTooLarge:
        return _landing([f"The file {TOO_LARGE}."], 422)
    refused = refuse_foreign_post()
    if refused is not None:
        return refused
    if storage is None or not storage.filename:
        return _landing(["Choose a file to review: a PDF, a Word (.docx) file or a case JSON file."], 422)
    name = _upload_name(storage.filename)
    data = storage.stream.read(MAX_UPLOAD_BYTES + 1)
    try:
        result = review_bytes(data, name)
    except InvalidCase as err:  # ReviewError included
        return _landing([f"{label}: {message}" for label, message in err.problems], 422)
    store = get_store()
    review_id = rs.save_review(store, me().id, result)
    store.audit(me(), "review-upload")
    log.info("user %s reviewed an uploaded report (kept review %s)", me().id, review_id)
    return redirect(url_for("review.saved", review_id=review_id), 303)


def _kept(review_id: int) -> rs.AttorneyReview:
    row = rs.get_review(get_store(), review_id, me().id)
    if row is None:
        abort(404)
    return row


def _kept_page(row: rs.AttorneyReview, problem: tuple[str, str] | None = None, status: int = 200,
               reason: str = "") -> ResponseReturnValue:
    result = row.result
    context = page_context(result, rs.decisions_of(get_store(), row.id), review_id=row.id)
    return render_template("review/result.html", **context, draft_id=None, problem=problem,
                           typed_reason=reason), status


@bp.route("/reviews/<int:review_id>")
@roles_required("attorney")
def saved(review_id: int) -> ResponseReturnValue:
    row = _kept(review_id)
    get_store().audit(me(), "open")
    return _kept_page(row)


DECISION_WORDS = {"confirm": rs.CONFIRMED, "dismiss": rs.DISMISSED, "undo": None}


@bp.route("/reviews/<int:review_id>/decide", methods=["POST"])
@roles_required("attorney")
def decide(review_id: int) -> ResponseReturnValue:
    """Confirm, dismiss (with a reason) or take back the decision on one finding read from the text."""
    refused = refuse_foreign_post()
    if refused is not None:
        return refused
    row = _kept(review_id)
    key = request.form.get("finding", "")
    word = request.form.get("decision", "")
    findings = dict(zip(rs.finding_keys(row.result), row.result.findings, strict=True))
    if key not in findings or not rs.decidable(findings[key]) or word not in DECISION_WORDS:
        abort(400)
    reason = request.form.get("reason", "")
    if word == "dismiss" and not reason.strip():
        return _kept_page(row, (key, "Say why you dismiss this finding: the reason is kept with the review."), 422)
    if len(reason) > rs.REASON_CHARS:
        return _kept_page(row, (key, f"The reason is too long: keep it under {rs.REASON_CHARS} characters."), 422,
                          reason=reason[: rs.REASON_CHARS])
    rs.decide(get_store(), row.id, key, DECISION_WORDS[word], reason)
    get_store().audit(me(), "decide")
    return redirect(url_for("review.saved", review_id=row.id, _anchor=f"finding-{key}"), 303)


@bp.route("/reviews/<int:review_id>/memo/<fmt>")
@roles_required("attorney")
def saved_memo(review_id: int, fmt: str) -> ResponseReturnValue:
    """The memo of a kept review: the exact findings and the confirmed ones, nothing dismissed or undecided."""
    if fmt not in MEMO_FORMATS:
        abort(404)
    row = _kept(review_id)
    result = row.result
    get_store().audit(me(), "memo")
    return memo_response(result, fmt, memo_findings(result, rs.decisions_of(get_store(), row.id)))


@bp.route("/reviews/<int:review_id>/delete", methods=["POST"])
@roles_required("attorney")
def delete(review_id: int) -> ResponseReturnValue:
    refused = refuse_foreign_post()
    if refused is not None:
        return refused
    if not rs.delete_review(get_store(), review_id, me().id):
        abort(404)
    get_store().audit(me(), "review-delete")
    return redirect(url_for("review.index"), 303)


PROFILE_LABELS = (("name", "Name", "As it is to appear on the filing"), ("bar_number", "State Bar number", ""),
                  ("office", "Office", "Office or firm and its address, one line each"), ("phone", "Telephone", ""),
                  ("email", "E-mail", "Optional"))


@bp.route("/profile", methods=["GET", "POST"])
@roles_required("attorney")
def profile() -> ResponseReturnValue:
    """The attorney block the memo opens with."""
    store = get_store()
    if request.method == "POST":
        refused = refuse_foreign_post()
        if refused is not None:
            return refused
        values = {name: request.form.get(name, "") for name, _ in rs.PROFILE_FIELDS}
        too_long = [label for (name, limit), (_, label, _) in zip(rs.PROFILE_FIELDS, PROFILE_LABELS, strict=True)
                    if len(values[name].strip()) > limit]
        if too_long:
            return render_template("review/profile.html", values=values, fields=PROFILE_LABELS,
                                   limits=dict(rs.PROFILE_FIELDS), problems=[f"{label}: too long" for label in too_long],
                                   saved=False), 422
        rs.save_profile(store, me().id, values)
        return redirect(url_for("review.profile", saved=1), 303)
    return render_template("review/profile.html", values=rs.profile_of(store, me().id), fields=PROFILE_LABELS,
                           limits=dict(rs.PROFILE_FIELDS), problems=[], saved=bool(request.args.get("saved")))


def _draft_result(draft_id: int) -> tuple[Any, ReviewResult | list[tuple[str, str]] | None]:
    """The review of the agency's report: the draft's newest approved version (None before any),
    never a later edit the supervisor has not approved."""
    import json

    from reportgen.web.approval import approval_block, attorney_version, draft_case_of

    draft = draft_for(get_store(), me(), draft_id, VIEW)
    st, version = attorney_version(draft)
    if version is None:
        return draft, None
    case = draft_case_of(version)
    case["approval"] = approval_block(version.number, st.last_approved)
    label = f"reportgen draft no. {draft.id}, version {version.number}"
    try:
        return draft, review_bytes(json.dumps(case).encode("utf-8"), label, trusted_json=True)
    except InvalidCase as err:
        return draft, list(err.problems)


def _not_approved(draft: Any) -> ResponseReturnValue:
    from reportgen.web.approval import refusal

    return refusal(draft, "No approved report yet",
                   "The agency has not approved a version of this report yet, so there is no agency's report to "
                   "review. Its status is on your list of assigned cases.")


@bp.route("/cases/<int:draft_id>")
@roles_required("attorney")
def case(draft_id: int) -> ResponseReturnValue:
    draft, outcome = _draft_result(draft_id)
    get_store().audit(me(), "open", draft.id)
    if outcome is None:
        return _not_approved(draft)
    if not isinstance(outcome, ReviewResult):
        return render_template("review/invalid.html", draft=draft, problems=outcome), 422
    return render_template("review/result.html", **page_context(outcome), draft_id=draft.id, problem=None,
                           typed_reason="")


@bp.route("/cases/<int:draft_id>/memo/<fmt>")
@roles_required("attorney")
def case_memo(draft_id: int, fmt: str) -> ResponseReturnValue:
    """The memo of an assigned draft, from a fresh review of the draft as it stands now (every finding exact)."""
    if fmt not in MEMO_FORMATS:
        abort(404)
    draft, outcome = _draft_result(draft_id)
    if outcome is None:
        return _not_approved(draft)
    if not isinstance(outcome, ReviewResult):
        return render_template("review/invalid.html", draft=draft, problems=outcome), 422
    get_store().audit(me(), "memo", draft.id)
    return memo_response(outcome, fmt)
