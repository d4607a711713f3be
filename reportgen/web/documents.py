"""The review page, the findings feed, the preview and the downloads of a draft,
and the small management actions (share, assign an attorney, approve).

The renderers belong to :mod:`reportgen.render`; they are looked up when a
download is asked for, so the wizard runs (and says so) in a build without
them. Every response here is a case page or a case document, so the
application's ``Cache-Control: no-store`` applies, and every open and download
is written to the audit log, by draft id only.
"""

from __future__ import annotations

import importlib
import logging
import re
from collections.abc import Callable
from typing import Any

from flask import Response, abort, flash, jsonify, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue

from reportgen.render.templates import TemplateError
from reportgen.web import get_store, renderpool
from reportgen.web.access import APPROVE, MANAGE, VIEW, allowed, can_edit, draft_for
from reportgen.web.auth import me, roles_required
from reportgen.web.checking import Evaluation
from reportgen.web.forms import child_index, child_name, children_of, display, field_id, get_in, upgrade
from reportgen.web.hearings import panel as hearing_panel
from reportgen.web.letters import MAKERS, letters_offered
from reportgen.web.pages import anchor_id, bind_step, place
from reportgen.web.wizard import VIEWERS, agencys_report, bp, draft_case, evaluation_of, nav, page_url, spec

log = logging.getLogger(__name__)
FORMATS = {
    "pdf": ("render_pdf", "application/pdf"),
    "docx": ("render_docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
}


#: Where each renderer lives: the package may re-export it; else its own module.
RENDERER_MODULES = {"render_pdf": "reportgen.render.pdf", "render_docx": "reportgen.render.docx",
                    "render_html": "reportgen.render.html"}


def _renderer(name: str) -> Callable[..., Any] | None:
    for module_name in ("reportgen.render", RENDERER_MODULES[name]):
        try:
            module = importlib.import_module(module_name)
        except ImportError:
            continue
        func = getattr(module, name, None)
        if callable(func):
            return func
    return None


def _link(draft_id: int, raw: dict[str, Any], path: str) -> str:
    """A link from the review page to the field a problem or finding names: its step, and on a
    per-child step the page of the child the path belongs to (``children[1]...``)."""
    step_id = spec().step_for(path)
    if step_id is None:
        return url_for("wizard.review", draft_id=draft_id)
    the_step = spec().step(step_id)
    assert the_step is not None
    child, child_id = None, None
    if the_step.per_child:
        kids = children_of(raw)
        child = child_index(path)
        if child is None or child >= len(kids):
            return url_for("wizard.review", draft_id=draft_id)
        child_id = str(kids[child].get("id") or "")
    return page_url(draft_id, step_id, child_id, _anchor(the_step, raw, path, child))


def _anchor(the_step: Any, raw: dict[str, Any], path: str, child: int | None = None) -> str | None:
    page = bind_step(spec(), the_step, raw, Evaluation([], []), child=child)
    anchor = place(page, path)
    return anchor_id(anchor) if anchor is not None else field_id(path)


def _where(raw: dict[str, Any], path: str, titles: dict[str, str]) -> str:
    """The step a path is entered on, as the review page names it ("Leo — Placement and caregiver")."""
    step_id = spec().step_for(path) or ""
    title = titles.get(step_id, "Whole report")
    the_step = spec().step(step_id)
    index = child_index(path)
    kids = children_of(raw)
    if the_step is not None and the_step.per_child and index is not None and index < len(kids):
        return f"{child_name(kids[index], index)} — {title}"
    return title


@bp.route("/drafts/<int:draft_id>/review")
@roles_required(*VIEWERS)
def review(draft_id: int) -> ResponseReturnValue:
    store = get_store()
    draft = draft_for(store, me(), draft_id, VIEW)
    if me().role == "attorney":
        return agencys_report(draft.id)
    store.audit(me(), "open", draft.id)
    raw = draft_case(draft)
    ev = evaluation_of(draft)
    titles = {s.id: s.title for s in spec().steps}

    def entry(path: str) -> dict[str, str]:
        return {"href": _link(draft.id, raw, path), "step": _where(raw, path, titles)}

    problems = [{"path": p, "message": m, **entry(p)} for p, m in ev.problems]
    findings: list[dict[str, Any]] = [{"f": f, **entry(f.fields[0] if f.fields else "")} for f in ev.findings]
    from reportgen.web.approval import comment_view, standing, state_word

    st = standing(draft)
    return render_template(
        "wizard/review.html",
        draft=draft,
        nav=nav(draft, ev, raw),
        problems=problems,
        objections=[x for x in findings if x["f"].severity == "object"],
        others=[x for x in findings if x["f"].severity != "object"],
        editable=can_edit(store, me(), draft),
        can_manage=_may(draft, MANAGE),
        can_approve=_may(draft, APPROVE),
        letters=letters_offered(raw if not ev.problems else None) if me().role in MAKERS else [],
        access=store.access_of(draft.id) if _may(draft, MANAGE) else ([], []),
        archived=draft.archived_at is not None,
        renderers={fmt: _renderer(name) is not None for fmt, (name, _) in FORMATS.items()},
        preview_ready=_renderer("render_html") is not None,
        child=", ".join(child_name(c, i) for i, c in enumerate(children_of(raw)) if display(c.get("name"))),
        st=st,
        state=state_word(draft),
        comments=comment_view(raw, st.open_comments),
        owner=draft.owner_id == me().id,
        hearing=hearing_panel(raw, ev.case),  # changes since the last report, the clock, the next report
    )


def _may(draft: Any, need: str) -> bool:
    return allowed(get_store(), me(), draft, need)


@bp.route("/drafts/<int:draft_id>/findings")
@roles_required(*VIEWERS)
def findings(draft_id: int) -> ResponseReturnValue:
    """Every finding and problem of the draft, for scripts and the benchmark."""
    draft = draft_for(get_store(), me(), draft_id, VIEW)
    if me().role == "attorney":
        return agencys_report(draft.id)
    ev = evaluation_of(draft)
    return jsonify(
        version=draft.version,
        statuses=ev.statuses,
        problems=[{"path": p, "message": m} for p, m in ev.problems],
        findings=[f.as_dict() for f in ev.findings],
    )


def _template_failed(err: TemplateError) -> ResponseReturnValue:
    """The report template (a county's own, usually) is missing or broken: say
    which file and line, so the worker can tell the administrator. The message
    names the template and the kind of error only, never case data."""
    log.warning("report template failed: %s", err)
    where = f"{err.path.name}, line {err.line}" if err.line else err.path.name
    return render_template("error.html", code=500, title="The report could not be made",
                           message=f"The report template could not be used ({where}: {err.problem}). Your draft "
                                   "is saved; ask the administrator to fix the template, then try again."), 500


def _valid_case_or_422(draft: Any) -> dict[str, Any] | ResponseReturnValue:
    """The case to render: the draft as it stands, with the server's approval block (its version,
    and the approval when that version is approved; see reportgen/web/approval.py)."""
    from reportgen.web.approval import attorney_version, refusal, rendered_case, standing, working_case

    if me().role == "attorney":  # the agency's report: the newest approved version
        _, version = attorney_version(draft)
        if version is None:
            return refusal(draft, "No approved report yet", "The agency has not approved a version of this report yet.")
        ev = rendered_case(upgrade(version.case), version.number,
                           next(a for a in standing(draft).approvals if a.version == version.number))
    else:
        ev = working_case(draft)
    if ev.problems or ev.case is None:
        raw = draft_case(draft)
        problems = [{"path": p, "message": m, "href": _link(draft.id, raw, p)} for p, m in ev.problems]
        return render_template("wizard/invalid.html", draft=draft, problems=problems), 422
    return ev.case


@bp.route("/drafts/<int:draft_id>/preview")
@roles_required(*VIEWERS)
def preview(draft_id: int) -> ResponseReturnValue:
    store = get_store()
    draft = draft_for(store, me(), draft_id, VIEW)
    render_html = _renderer("render_html")
    if render_html is None:
        return render_template("error.html", code=503, title="Preview not available",
                               message="The report renderer is not installed in this build."), 503
    case = _valid_case_or_422(draft)
    if not isinstance(case, dict):
        return case
    store.audit(me(), "download", draft.id)
    try:
        html = render_html(case)
    except TemplateError as err:
        return _template_failed(err)
    response = Response(html, mimetype="text/html")
    # The report's own stylesheet is inline; nothing else may load.
    response.headers["Content-Security-Policy"] = (
        "default-src 'none'; style-src 'unsafe-inline'; img-src data:; font-src data:; sandbox"
    )
    return response


@bp.route("/drafts/<int:draft_id>/download/<fmt>")
@roles_required(*VIEWERS)
def download(draft_id: int, fmt: str) -> ResponseReturnValue:
    store = get_store()
    draft = draft_for(store, me(), draft_id, VIEW)
    if fmt not in FORMATS:
        abort(404)
    name, mimetype = FORMATS[fmt]
    render = _renderer(name)
    if render is None:
        return render_template("error.html", code=503, title="Download not available",
                               message="The report renderer is not installed in this build."), 503
    if me().role == "attorney":
        return _attorney_document(draft, fmt)
    case = _valid_case_or_422(draft)
    if not isinstance(case, dict):
        return case
    store.audit(me(), "download", draft.id)
    log.info("draft %s downloaded as %s by user %s", draft.id, fmt, me().id)
    try:
        data = renderpool.document(store, draft.id, fmt, case)
    except TemplateError as err:
        return _template_failed(err)
    except (renderpool.RenderBusy, renderpool.RenderFailed) as err:
        return renderpool.not_ready(draft.id, fmt, err)
    response = Response(data, mimetype=mimetype)
    response.headers["Content-Disposition"] = f'attachment; filename="{download_name(draft, fmt)}"'
    return response


def download_name(draft: Any, suffix: str, kind: str = "disposition-report") -> str:
    """``disposition-report-JV-2026-0412.pdf``: the case number, never a name (``kind`` names
    other documents of the case: ``letter-parent-1-es``)."""
    number = re.sub(r"[^A-Za-z0-9-]+", "-", display(get_in(draft.case, "court.case_number")) or "draft").strip("-")
    return f"{kind}-{number or draft.id}.{suffix}"


def _attorney_document(draft: Any, fmt: str) -> ResponseReturnValue:
    """The child's attorney is given the agency's report: the newest approved version, never a later edit."""
    from reportgen.web.approval import attorney_version, refusal, version_response

    _, version = attorney_version(draft)
    if version is None:
        return refusal(draft, "No approved report yet",
                       "The agency has not approved a version of this report yet. Its status is on your list "
                       "of assigned cases; the approved report can be downloaded here once the supervisor approves it.")
    return version_response(draft, version.number, fmt, final=False)


def _grant(draft_id: int, action: str, role: str, missing: str, done: str) -> ResponseReturnValue:
    """Share a draft with a social worker (``action`` "share") or assign it to an attorney ("assign")."""
    store = get_store()
    draft = draft_for(store, me(), draft_id, MANAGE)
    other = store.user_by_name((request.form.get("username") or "").strip())
    if other is None or other.role != role:
        flash(missing)
    else:
        with store.write() as session:
            grant = store.share if action == "share" else store.assign
            grant(session, draft.id, other.id)
        store.audit(me(), action, draft.id)
        flash(f"{done} {other.display_name}.")
    return redirect(url_for("wizard.review", draft_id=draft.id), 303)


@bp.route("/drafts/<int:draft_id>/share", methods=["POST"])
@roles_required("social_worker", "supervisor")
def share(draft_id: int) -> ResponseReturnValue:
    return _grant(draft_id, "share", "social_worker", "No social worker has that username.", "Shared with")


@bp.route("/drafts/<int:draft_id>/assign", methods=["POST"])
@roles_required("social_worker", "supervisor")
def assign(draft_id: int) -> ResponseReturnValue:
    return _grant(draft_id, "assign", "attorney", "No attorney has that username.", "Assigned to")


def _revoke(draft_id: int, action: str) -> ResponseReturnValue:
    """Stop sharing with a social worker (``action`` "unshare") or take the draft from an attorney
    ("unassign"): access given on the review page is taken back there."""
    store = get_store()
    draft = draft_for(store, me(), draft_id, MANAGE)
    try:
        user_id = int(request.form.get("user_id") or "")
    except ValueError:
        abort(400)
    with store.write() as session:
        done = (store.unshare if action == "unshare" else store.unassign)(session, draft.id, user_id)
    if done:
        store.audit(me(), action, draft.id)
        flash("Access removed." if action == "unshare" else "The attorney no longer has this report.")
    else:
        flash("That person did not have access through this report's sharing.")
    return redirect(url_for("wizard.review", draft_id=draft.id, _anchor="share-title"), 303)


@bp.route("/drafts/<int:draft_id>/unshare", methods=["POST"])
@roles_required("social_worker", "supervisor")
def unshare(draft_id: int) -> ResponseReturnValue:
    return _revoke(draft_id, "unshare")


@bp.route("/drafts/<int:draft_id>/unassign", methods=["POST"])
@roles_required("social_worker", "supervisor")
def unassign(draft_id: int) -> ResponseReturnValue:
    return _revoke(draft_id, "unassign")


@bp.route("/drafts/<int:draft_id>/archive", methods=["POST"])
@roles_required("social_worker", "supervisor")
def archive(draft_id: int) -> ResponseReturnValue:
    """Put a report away (the lists leave it out; nothing of it is deleted) or, with
    ``restore``, bring it back; the page after says how to undo it."""
    store = get_store()
    draft = draft_for(store, me(), draft_id, MANAGE)
    restore = request.form.get("restore") == "1"
    store.set_archived(draft.id, not restore)
    store.audit(me(), "restore" if restore else "archive", draft.id)
    flash("The report is back in your list." if restore else
          "The report was archived: it is kept whole and listed under Archived reports, where it can be restored.")
    return redirect(url_for("wizard.drafts") if restore else url_for("wizard.drafts", archived="1"), 303)


@bp.route("/drafts/<int:draft_id>/status")
@roles_required(*VIEWERS)
def status(draft_id: int) -> ResponseReturnValue:
    """The progress of a draft (the step statuses), small enough to poll."""
    draft = draft_for(get_store(), me(), draft_id, VIEW)
    if me().role == "attorney":
        return agencys_report(draft.id)
    return jsonify(version=draft.version, nav=nav(draft, evaluation_of(draft)))
