"""Approval that means something: submit, send back, approve; kept versions; the final PDF.

A draft is *drafting* (or *sent back*, with the supervisor's comments) until the worker
submits its current version, which seals it (:meth:`reportgen.store.Store.submit`). The
supervisor then approves that version or sends it back, each after a confirmation page
that names the version, so an approval always names what the supervisor read. A change
after approval opens a new version and voids the approval (the store does it in the
save's own transaction), and the pages say so.

The printed approval line comes from the approval record alone: the server writes an
``approval`` group (the version, and when it is approved the supervisor and the time)
into the case it renders, and the wizard strips any such group from what it stores
(:func:`reportgen.web.wizard.draft_case`). The PDF's embedded data therefore names its
version and approval, and the clerk's re-rendering prints the same line. A final PDF
(``/drafts/<id>/versions/<n>/pdf``) is made only of an approved version with no open
objection; the child's attorney is given the newest approved version, never a later edit.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue

from reportgen.clock import court_zone
from reportgen.store import APPROVED, DRAFTING, SENT_BACK, SUBMITTED, Approval, Draft, DraftVersion, ReviewComment
from reportgen.web import get_store, renderpool
from reportgen.web.access import APPROVE, EDIT, VIEW, draft_for
from reportgen.web.auth import me, roles_required
from reportgen.web.checking import Evaluation, evaluate
from reportgen.web.forms import child_name, children_of, display, normalize
from reportgen.web.pages import bind_step
from reportgen.web.wizard import STATE_TEXT_OF as STATE_WORDS
from reportgen.web.wizard import VIEWERS, bp, draft_case, evaluation_of, pages_of, spec

#: The supervisor's comment rows on the send-back page, and the length of one comment.
COMMENT_ROWS = 4
COMMENT_CHARS = 4000
REASON_CHARS = 2000


# --- what a draft's approval stands at ---------------------------------------------------------


@dataclass
class Standing:
    """A draft's state, its current version, and its approvals and comments, for the pages."""

    draft: Draft
    version: DraftVersion | None
    approvals: list[Approval]
    comments: list[ReviewComment]

    @property
    def state(self) -> str:
        return self.draft.state or DRAFTING

    @property
    def number(self) -> int:
        return self.version.number if self.version is not None else 1

    @property
    def current_approval(self) -> Approval | None:
        """The approval covering the draft as it stands (its current version), if any."""
        first = self.approvals[0] if self.approvals else None
        if self.state == APPROVED and first is not None and first.version == self.number and first.voided_at is None:
            return first
        return None

    @property
    def voided(self) -> Approval | None:
        """The newest approval, when a later change voided it and nothing was approved since."""
        first = self.approvals[0] if self.approvals else None
        return first if first is not None and first.voided_at is not None else None

    @property
    def last_approved(self) -> Approval | None:
        """The newest approval of any version: the agency's report as the attorney is given it."""
        return self.approvals[0] if self.approvals else None

    @property
    def open_comments(self) -> list[ReviewComment]:
        """The comments of the latest send-back, while the worker is answering them."""
        if self.state not in (SENT_BACK, DRAFTING) or not self.comments:
            return []
        last = max(c.version for c in self.comments)
        if any(a.version >= last for a in self.approvals):
            return []
        return [c for c in self.comments if c.version == last]


def page_comments(draft: Draft, fields: dict[str, tuple[str, str]], page_key: str) -> tuple[
        list[dict[str, Any]], dict[str, list[ReviewComment]]]:
    """The open comments a step page shows: those on the page (with a link to the field each names;
    ``fields`` maps each field's path to its anchor id and label), and those by field, shown beside it."""
    if (draft.state or DRAFTING) not in (SENT_BACK, DRAFTING):
        return [], {}
    store = get_store()
    comments = store.comments(draft.id)
    if not comments:  # the usual case: no need to read the version and the approvals too
        return [], {}
    st = Standing(draft, store.current_version(draft.id), store.approvals(draft.id), comments)
    mine = [c for c in st.open_comments if c.path == "step:" + page_key or c.path in fields]
    by_path: dict[str, list[ReviewComment]] = {}
    for c in mine:
        if c.path in fields:
            by_path.setdefault(c.path, []).append(c)
    listed = [{"c": c, "href": "#" + fields[c.path][0] if c.path in fields else "",
               "label": fields[c.path][1] if c.path in fields else ""} for c in mine]
    return listed, by_path


def standing(draft: Draft) -> Standing:
    store = get_store()
    return Standing(draft, store.current_version(draft.id), store.approvals(draft.id), store.comments(draft.id))


def state_word(draft: Draft) -> str:
    return STATE_WORDS.get(draft.state or DRAFTING, draft.state or DRAFTING)


# --- the case as rendered: with its approval block ------------------------------------------------


def approval_block(number: int, approval: Approval | None) -> dict[str, Any]:
    """The ``approval`` group the server writes into a case it renders (schema ``ApprovalSchema``)."""
    if approval is None:
        return {"version": number}
    at = approval.approved_at.replace(tzinfo=dt.UTC).astimezone(court_zone())
    return {"version": number, "supervisor": approval.supervisor_name,
            "approved_at": at.isoformat(timespec="seconds")}


def rendered_case(raw: dict[str, Any], number: int, approval: Approval | None) -> Evaluation:
    """The evaluation of ``raw`` with the server's approval block in it (the only way one gets there)."""
    data = dict(raw)
    data["approval"] = approval_block(number, approval)
    return evaluate(data, spec(), set())


def _approval_of(st: Standing, number: int) -> Approval | None:
    return next((a for a in st.approvals if a.version == number), None)


def version_or_404(draft: Draft, number: int) -> DraftVersion:
    found = get_store().version(draft.id, number)
    if found is None:
        abort(404)
    return found


# --- submit, send back, approve -------------------------------------------------------------------


def _posted_number() -> int:
    text = request.form.get("version_number", "")
    return int(text) if text.isdigit() else -1


def _moved_on(draft: Draft) -> ResponseReturnValue:
    return render_template("error.html", code=409, title="The report changed",
                           message="The report changed (or was submitted, sent back or approved) since you "
                                   "opened this page, so nothing was done. Open the report again and look "
                                   "at its current version.",
                           back=url_for("wizard.review", draft_id=draft.id)), 409


@bp.route("/drafts/<int:draft_id>/submit", methods=["POST"])
@roles_required("social_worker")
def submit(draft_id: int) -> ResponseReturnValue:
    store = get_store()
    draft = draft_for(store, me(), draft_id, EDIT)
    ev = evaluation_of(draft)
    if ev.problems:
        return render_template("error.html", code=422, title="The report cannot be submitted yet",
                               message=f"{len(ev.problems)} answers need correcting before the supervisor can "
                                       "read the report; the review page lists them.",
                               back=url_for("wizard.review", draft_id=draft.id)), 422
    if not store.submit(draft.id, _posted_number(), me()):
        return _moved_on(draft)
    flash(f"Version {_posted_number()} submitted for approval.")
    return redirect(url_for("wizard.review", draft_id=draft.id), 303)


def where_options(raw: dict[str, Any]) -> list[dict[str, Any]]:
    """What a supervisor's comment may name: the whole report, a step page, or a field on it."""
    groups: list[dict[str, Any]] = []
    kids = children_of(raw)
    for page in pages_of(raw):
        the_step = spec().step(page["step"])
        assert the_step is not None
        child = next((i for i, c in enumerate(kids) if page["child"] and c.get("id") == page["child"]), None)
        bound = bind_step(spec(), the_step, raw, Evaluation([], []), readonly=True, child=child)
        options = [("step:" + page["key"], f"{page['title']} (the whole step)")]
        options += [(f.path, f.label) for f in bound.fields()]
        groups.append({"title": page["title"], "options": options})
    return groups


def _where_text(raw: dict[str, Any], path: str) -> str:
    """How a comment's place reads: "Placement and caregiver", "Sofia — Placement: Caregiver's name"."""
    if not path:
        return "The whole report"
    titles = {p["key"]: p["title"] for p in pages_of(raw)}
    if path.startswith("step:"):
        return titles.get(path[5:], path[5:])
    return field_label(raw, path)


def comment_view(raw: dict[str, Any], comments: list[ReviewComment]) -> list[dict[str, Any]]:
    from reportgen.web.documents import _link

    out = []
    for c in comments:
        if c.path.startswith("step:"):
            key = c.path[5:]
            page = next((p for p in pages_of(raw) if p["key"] == key), None)
            href = url_for("wizard.step", draft_id=c.draft_id, step_id=page["step"], child=page["child"]) \
                if page else url_for("wizard.review", draft_id=c.draft_id)
        elif c.path:
            href = _link(c.draft_id, raw, c.path)
        else:
            href = url_for("wizard.review", draft_id=c.draft_id)
        out.append({"c": c, "where": _where_text(raw, c.path), "href": href})
    return out


@bp.route("/drafts/<int:draft_id>/send-back", methods=["GET", "POST"])
@roles_required("supervisor")
def send_back(draft_id: int) -> ResponseReturnValue:
    """The confirmation page (GET) and the send-back itself (POST): at least one comment, each
    on the whole report, a step or a field, kept with the version they are about."""
    store = get_store()
    draft = draft_for(store, me(), draft_id, APPROVE)
    st = standing(draft)
    raw = draft_case(draft)
    rows = [{"where": "", "text": ""} for _ in range(COMMENT_ROWS)]
    problem = ""
    if request.method == "POST":
        rows = [{"where": request.form.get(f"where_{i}", ""), "text": request.form.get(f"comment_{i}", "").strip()}
                for i in range(COMMENT_ROWS)]
        allowed = {""} | {value for g in where_options(raw) for value, _ in g["options"]}
        comments = [(r["where"], r["text"]) for r in rows if r["text"]]
        if any(r["where"] not in allowed for r in rows):
            abort(400)
        if not comments:
            problem = "Write at least one comment: the worker needs to know what to change."
        elif any(len(text) > COMMENT_CHARS for _, text in comments):
            problem = f"A comment is too long: keep each under {COMMENT_CHARS} characters."
        elif st.state != SUBMITTED or _posted_number() != st.number:
            return _moved_on(draft)
        elif store.send_back(draft.id, st.number, me(), me().display_name, comments):
            flash(f"Version {st.number} sent back to the worker with {len(comments)} "
                  f"comment{'s' if len(comments) != 1 else ''}.")
            return redirect(url_for("wizard.review", draft_id=draft.id), 303)
        else:
            return _moved_on(draft)
    return render_template("wizard/send_back.html", draft=draft, st=st, rows=rows, groups=where_options(raw),
                           problem=problem, ready=st.state == SUBMITTED), 422 if problem else 200


@bp.route("/drafts/<int:draft_id>/approve", methods=["GET", "POST"])
@roles_required("supervisor")
def approve(draft_id: int) -> ResponseReturnValue:
    """The confirmation page (GET) and the approval (POST) of the submitted version. With open
    objections the supervisor must say why the report is approved with them; the reason is kept."""
    store = get_store()
    draft = draft_for(store, me(), draft_id, APPROVE)
    st = standing(draft)
    objections = len(evaluation_of(draft).objections)
    problem, reason = "", ""
    if request.method == "POST":
        reason = request.form.get("reason", "").strip()
        if st.state != SUBMITTED or _posted_number() != st.number:
            return _moved_on(draft)
        if objections and not reason:
            problem = (f"{objections} objection{'s are' if objections != 1 else ' is'} open: say why the report "
                       "is approved with them. The reason is kept with the approval.")
        elif len(reason) > REASON_CHARS:
            problem = f"The reason is too long: keep it under {REASON_CHARS} characters."
        else:
            done = store.approve(draft.id, st.number, me(), me().display_name, objections, reason)
            if done is None:
                return _moved_on(draft)
            flash(f"Version {st.number} approved.")
            return redirect(url_for("wizard.review", draft_id=draft.id), 303)
    return render_template("wizard/approve.html", draft=draft, st=st, objections=objections, problem=problem,
                           reason=reason, ready=st.state == SUBMITTED), 422 if problem else 200


@bp.route("/queue")
@roles_required("supervisor")
def queue() -> ResponseReturnValue:
    """The supervisor's queue: the team's reports submitted for approval, oldest first."""
    from reportgen.web.wizard import draft_row

    store = get_store()
    waiting = [d for d in store.visible_drafts(me()) if d.state == SUBMITTED]
    waiting.sort(key=lambda d: (d.updated_at, d.id))
    owners = {u.id: u.display_name for u in store.users([d.owner_id for d in waiting])}
    rows = [{**draft_row(d), "version": (store.current_version(d.id) or DraftVersion(number=1)).number,
             "worker": owners.get(d.owner_id, ""), "submitted": d.updated_at} for d in waiting]
    return render_template("wizard/queue.html", rows=rows)


# --- versions ---------------------------------------------------------------------------------------


def flatten(data: Any, prefix: str = "") -> dict[str, Any]:
    """A case as path -> value (``children[1].placement.type``): the leaves only, lists by index."""
    out: dict[str, Any] = {}
    if isinstance(data, dict):
        for key, value in data.items():
            out.update(flatten(value, f"{prefix}.{key}" if prefix else str(key)))
    elif isinstance(data, list) and not all(isinstance(v, str | int | float | bool) or v is None for v in data):
        for i, value in enumerate(data):
            out.update(flatten(value, f"{prefix}[{i}]"))
    elif data is not None and data != "" and data != []:
        out[prefix] = data
    return out


def _labels() -> dict[str, str]:
    """Each schema path's label as the wizard asks it (forms/steps.yml)."""
    found: dict[str, str] = {}

    def walk(sections: Any, prefix: str) -> None:
        for sec in sections:
            base = f"{prefix}{sec.repeat}[]." if sec.repeat else prefix
            for f in sec.fields:
                found.setdefault(base + f.path, f.label)
            walk(sec.sections, base)

    for the_step in spec().steps:
        walk(the_step.sections, the_step.prefix)
    return found


def field_label(raw: dict[str, Any], path: str) -> str:
    """A concrete path as a person reads it: "Sofia — Caregiver's name", "Parents 2: Name"."""
    label = _labels().get(normalize(path)) or path
    step_id = spec().step_for(path)
    the_step = spec().step(step_id) if step_id else None
    where = the_step.title if the_step is not None else ""
    m = re.match(r"children\[(\d+)\]", path)
    if m:
        kids = children_of(raw)
        i = int(m.group(1))
        who = child_name(kids[i], i) if i < len(kids) else f"Child {i + 1}"
        where = f"{who} — {where}" if where else who
    entries = [int(n) + 1 for n in re.findall(r"\[(\d+)\]", path[m.end():] if m else path)]
    if entries:
        label += " (entry " + ", ".join(str(n) for n in entries) + ")"
    return f"{where}: {label}" if where else label


def changes(old: dict[str, Any], new: dict[str, Any]) -> list[dict[str, str]]:
    """What changed between two versions, field by field, labelled as the wizard asks them."""
    a, b = flatten(old), flatten(new)
    out = []
    for path in sorted(set(a) | set(b), key=lambda p: (list(a) + [x for x in b if x not in a]).index(p)):
        if path == "schema_version" or a.get(path) == b.get(path):
            continue
        out.append({"path": path, "label": field_label(new if path in b else old, path),
                    "before": display(a.get(path)), "after": display(b.get(path))})
    return out


def _version_rows(draft: Draft, st: Standing) -> list[dict[str, Any]]:
    store = get_store()
    people = {u.id: u.display_name for u in store.users([v.saved_by for v in store.versions(draft.id) if v.saved_by])}
    rows = []
    for v in store.versions(draft.id):
        approval = _approval_of(st, v.number)
        sent_back = [c for c in st.comments if c.version == v.number]
        rows.append({"v": v, "by": people.get(v.saved_by or 0, ""), "approval": approval,
                     "sent_back": bool(sent_back), "current": v.number == st.number})
    return rows


@bp.route("/drafts/<int:draft_id>/versions")
@roles_required("social_worker", "supervisor")
def versions(draft_id: int) -> ResponseReturnValue:
    store = get_store()
    draft = draft_for(store, me(), draft_id, VIEW)
    st = standing(draft)
    rows = _version_rows(draft, st)
    a, b = request.args.get("a", ""), request.args.get("b", "")
    diff: list[dict[str, str]] | None = None
    pair: tuple[int, int] | None = None
    if a or b:
        if not (a.isdigit() and b.isdigit()):
            abort(404)
        old, new = version_or_404(draft, int(a)), version_or_404(draft, int(b))
        diff, pair = changes(draft_case_of(old), draft_case_of(new)), (old.number, new.number)
    elif len(rows) > 1:
        pair = (rows[-2]["v"].number, rows[-1]["v"].number)
    store.audit(me(), "open", draft.id)
    return render_template("wizard/versions.html", draft=draft, st=st, rows=rows, diff=diff, pair=pair,
                           comments=comment_view(draft_case(draft), st.comments))


def draft_case_of(version: DraftVersion) -> dict[str, Any]:
    from reportgen.web.forms import upgrade

    data = upgrade(version.case)
    data.pop("approval", None)
    return data


# --- documents of a version ---------------------------------------------------------------------


def refusal(draft: Draft, title: str, message: str) -> ResponseReturnValue:
    return render_template("error.html", code=409, title=title, message=message,
                           back=url_for("wizard.review", draft_id=draft.id)), 409


@bp.route("/drafts/<int:draft_id>/versions/<int:number>/<fmt>")
@roles_required(*VIEWERS)
def version_document(draft_id: int, number: int, fmt: str) -> ResponseReturnValue:
    """The final document of an approved version: refused, with the reason, for a version not
    approved or with an objection open."""
    from reportgen.web.documents import FORMATS

    draft = draft_for(get_store(), me(), draft_id, VIEW)
    if fmt not in FORMATS:
        abort(404)
    return version_response(draft, number, fmt, final=True)


def version_response(draft: Draft, number: int, fmt: str, final: bool) -> ResponseReturnValue:
    """A version's document with its approval printed. ``final``: only of an approved version with
    no open objection (else a refusal page); without it (the attorney's copy of the approved
    version) a version approved with objections open prints marked DRAFT, with them listed."""
    from reportgen.render.templates import TemplateError
    from reportgen.web.documents import FORMATS, _template_failed, download_name

    store = get_store()
    st = standing(draft)
    version = version_or_404(draft, number)
    approval = _approval_of(st, number)
    if approval is None:
        return refusal(draft, "No final report yet",
                       f"Version {number} of this report is not approved, so no final report can be made of it. "
                       "The supervisor approves a version the worker has submitted; until then the report can be "
                       "downloaded from the review page, marked DRAFT.")
    ev = rendered_case(draft_case_of(version), number, approval)
    if ev.problems or ev.case is None:
        return refusal(draft, "No final report", f"Version {number} has answers that need correcting.")
    if final and ev.objections:
        count = len(ev.objections)
        return refusal(draft, "No final report while objections are open",
                       f"Version {number} was approved with {count} objection{'s' if count != 1 else ''} open, "
                       "so it can only be printed marked DRAFT. Answer the objections, submit the new version and "
                       "have it approved.")
    store.audit(me(), "download", draft.id)
    try:
        data = renderpool.document(store, draft.id, fmt, ev.case)
    except TemplateError as err:
        return _template_failed(err)
    except (renderpool.RenderBusy, renderpool.RenderFailed) as err:
        return renderpool.not_ready(draft.id, fmt, err)
    response = Response(data, mimetype=FORMATS[fmt][1])
    response.headers["Content-Disposition"] = f'attachment; filename="{download_name(draft, f"v{number}.{fmt}")}"'
    return response


def working_case(draft: Draft) -> Evaluation:
    """The draft as it stands, to download or preview: with its version and, when that version
    is the approved one, its approval; else marked DRAFT (not approved)."""
    st = standing(draft)
    return rendered_case(draft_case(draft), st.number, st.current_approval)


def attorney_version(draft: Draft) -> tuple[Standing, DraftVersion | None]:
    """The version the child's attorney is given: the newest approved one (None before any)."""
    st = standing(draft)
    last = st.last_approved
    return st, (get_store().version(draft.id, last.version) if last is not None else None)
