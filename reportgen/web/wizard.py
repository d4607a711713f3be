"""The social worker's wizard: the list of drafts and the step pages.

Saving never refuses what was typed. A step post stores the raw values even
when they are invalid (the step is then marked as having errors and the page
answers 422 with the error summary). A post made against an older version of
the draft is merged field by field (:func:`merge_posted`): what changed only
here is stored, what changed only elsewhere stands, and only a field changed on
both sides answers 409 showing both versions.

Nothing is kept on the server from a post that lacks a valid session or CSRF
token: such a post may come from any website. The worker's unsaved text is
kept by ``wizard.js`` in their own browser, keyed by user, draft and step, and
offered back to them on the step page; it is saved only when they confirm and
press Save, through the normal checked save.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import re
from dataclasses import dataclass, field
from functools import partial
from typing import Any

from flask import (
    Blueprint,
    abort,
    flash,
    jsonify,
    redirect,
    render_template,
    request,
    url_for,
)
from flask.blueprints import BlueprintSetupState
from flask.typing import ResponseReturnValue
from flask_login import current_user
from flask_wtf.csrf import CSRFError

from reportgen.clock import court_zone, local_time, now_utc, today
from reportgen.hearings import is_review
from reportgen.store import APPROVED, DRAFTING, SENT_BACK, SUBMITTED, Draft, VersionConflict
from reportgen.textnorm import clean_text, removal_notice
from reportgen.web import get_store
from reportgen.web.access import EDIT, VIEW, can_edit, draft_for
from reportgen.web.auth import from_this_site, login_manager, me, roles_required
from reportgen.web.checking import (
    STATUS_TEXT,
    Evaluation,
    EvaluationCache,
    evaluate,
    keep_in,
    kept_evaluation,
    key_of,
    page_keys,
    page_text,
    status_record,
    step_key,
)
from reportgen.web.forms import (
    FormSpec,
    StepSpec,
    accepts,
    apply_posted,
    child_name,
    children_of,
    coerce,
    display,
    field_id,
    get_in,
    load_spec,
    max_items,
    new_child_id,
    normalize,
    over_limit,
    set_in,
    tokens,
    unanswered,
    upgrade,
)
from reportgen.web.pages import BoundField, Group, StepPage, anchor_id, bind_step, feedback_json, label_of, place

#: The wizard writes drafts as the family's report (2.0); a 1.0 draft is migrated when read
#: (:func:`reportgen.web.forms.upgrade`) and stored as 2.0 on its next save.
WIZARD_SCHEMA_VERSION = "2.0"

bp = Blueprint("wizard", __name__)
log = logging.getLogger(__name__)
EDITORS = ("social_worker",)
VIEWERS = ("social_worker", "supervisor", "attorney")
#: A draft's approval state as the lists say it.
STATE_TEXT_OF = {DRAFTING: "drafting", SUBMITTED: "submitted", SENT_BACK: "sent back", APPROVED: "approved"}


@bp.record_once
def _check_time_zone(_state: BlueprintSetupState) -> None:
    """A misspelt REPORTGEN_TZ stops the application at start, naming the variable, instead
    of answering every page that shows a time with an error."""
    court_zone()


def spec() -> FormSpec:
    return load_spec()


def step_or_404(step_id: str) -> StepSpec:
    step = spec().step(step_id)
    if step is None:
        abort(404)
    return step


def visited(draft: Draft) -> set[str]:
    return set(draft.status.get("visited") or [])


def draft_case(draft: Draft) -> dict[str, Any]:
    """The draft's case as the wizard edits it: 2.0, a copy (a 1.0 draft migrated), without any
    ``approval`` group: only the server writes one, into what it renders (reportgen/web/approval.py),
    so a draft never stores an approval nobody gave."""
    data = upgrade(draft.case)
    data.pop("approval", None)
    return data


def asked_child(step: StepSpec) -> str | None:
    """The child a request's page is about (``?child=c2``); without one, a per-child step is the
    first child's, so a link to the step itself (the list of steps of an old bookmark) lands."""
    if not step.per_child:
        return None
    wanted = request.args.get("child")
    if wanted is not None:
        return wanted
    draft_id = (request.view_args or {}).get("draft_id")
    draft = get_store().get_draft(int(draft_id)) if draft_id is not None else None
    kids = children_of(draft_case(draft)) if draft is not None else []
    return str(kids[0].get("id") or "") if kids else ""


def child_of(raw: dict[str, Any], child_id: str | None) -> int | None:
    """The index of the child with this id in the draft, or None."""
    return next((i for i, c in enumerate(children_of(raw)) if child_id and c.get("id") == child_id), None)


def step_title(step: StepSpec, raw: dict[str, Any], child: int | None) -> str:
    """A page's title: "Sofia — Placement and caregiver" for a per-child step."""
    kids = children_of(raw)
    if step.per_child and child is not None and child < len(kids):
        return f"{child_name(kids[child], child)} — {step.title}"
    return step.title


def _evaluations() -> EvaluationCache:
    """The application's cache of evaluations, by draft id and version."""
    from flask import current_app

    cache: EvaluationCache = current_app.extensions.setdefault("reportgen_evaluations", EvaluationCache())
    return cache


def evaluation_of(draft: Draft) -> Evaluation:
    """The evaluation of a stored draft, reused while its version stands."""
    ev = _evaluations().get(draft.id, draft.version)
    if ev is None:  # computed by another web process (read back from the database), else here
        ev = kept_evaluation(get_store(), draft.id, draft.case, spec(), visited(draft), stored=draft.case_json)
        _evaluations().put(draft.id, draft.version, ev)
    return ev


def remember(draft: Draft, ev: Evaluation) -> None:
    """Keep a saved version's evaluation here (the save kept it in the database for the others)."""
    _evaluations().put(draft.id, draft.version, ev)


def fingerprint(path: str, text: str) -> str:
    """A short fingerprint of a field's value as the form shows it (typed text and stored
    value are both read through :func:`coerce`, so an untouched field matches its base)."""
    shown = display(coerce(path, text))
    return hashlib.sha256(shown.encode("utf-8", "surrogatepass")).hexdigest()[:12]


def step_digest(step: StepSpec, raw: dict[str, Any], page: StepPage | None = None,
                keep: dict[str, str] | None = None, child: int | None = None) -> str:
    """The base a step page was made from: each field's fingerprint and each list's length,
    as ``path=fingerprint;list=#n;...``. Posted back with the form, it tells a save made
    against an older version which fields changed elsewhere since (see :func:`merge_posted`).

    ``page``, when given, must be bound to ``raw`` without posted values. ``keep`` holds
    entries that stay as they were because the form still shows the older value."""
    page = page or bind_step(spec(), step, raw, Evaluation([], []), child=child)
    entries: dict[str, str] = {}
    for path, anchor in page.anchors.items():
        if isinstance(anchor, BoundField):
            entries[path] = fingerprint(path, display(get_in(raw, path)))
        elif anchor.kind == "repeat":
            entries[path] = f"#{len(anchor.groups)}"
    entries.update(keep or {})
    return ";".join(f"{path}={value}" for path, value in entries.items())


def parse_digest(text: str) -> dict[str, str]:
    out: dict[str, str] = {}
    for part in text.split(";"):
        path, sep, value = part.partition("=")
        if sep:
            out[path] = value
    return out


def pages_of(raw: dict[str, Any]) -> list[dict[str, Any]]:
    """Every page of the draft in order: the family's steps once, each per-child step once per
    child, its key (``placement:c2``), title ("Sofia — Placement and caregiver") and link."""
    kids = children_of(raw)
    out = []
    for step, child in page_keys(spec(), [(str(c.get("id") or ""), "") for c in kids]):
        child_id = str(kids[child].get("id") or "") if child is not None else None
        out.append({"key": step_key(step, child_id), "step": step.id, "child": child_id,
                    "title": step_title(step, raw, child)})
    return out


def page_url(draft_id: int, step_id: str, child_id: str | None = None, anchor: str | None = None) -> str:
    return url_for("wizard.step", draft_id=draft_id, step_id=step_id, child=child_id, _anchor=anchor)


def nav(draft: Draft, ev: Evaluation | None = None, raw: dict[str, Any] | None = None) -> list[dict[str, Any]]:
    """The step list: each page with its progress (done, incomplete, has errors) and, apart,
    its objections; a per-child step under each child's name. From ``ev`` when the page has
    one, else from the progress stored with the draft at its last save."""
    record = draft.status or {}
    current = ev.statuses if ev is not None else (record.get("steps") or {})
    left = ev.unanswered if ev is not None else (record.get("unanswered") or {})
    objected = ev.objected if ev is not None else (record.get("objected") or {})
    out = []
    urls = _PageUrls(draft.id)
    for p in pages_of(raw if raw is not None else draft_case(draft)):
        status = current.get(p["key"], "incomplete")
        status = status if status in STATUS_TEXT else "incomplete"  # a record from before "done" meant answered
        n = int(objected.get(p["key"], 0))
        out.append({"id": p["key"], "title": p["title"], "status": status, "objections": n,
                    "text": page_text(status, int(left.get(p["key"], 0)), n),
                    "url": urls.of(p["step"], p["child"]), "child": p["child"] or ""})
    return out


class _PageUrls:
    """:func:`page_url` for every page of one draft, with one ``url_for`` per child instead of one per
    page (the step list of every save and page): a step id that ``url_for`` writes as it is (letters,
    digits, ``_`` and ``-``) takes the place of a stand-in in that child's address."""

    STAND_IN = "--step--"
    PLAIN = re.compile(r"[A-Za-z0-9_-]+")

    def __init__(self, draft_id: int):
        self.draft_id = draft_id
        self.made: dict[str | None, str] = {}

    def of(self, step_id: str, child_id: str | None) -> str:
        if not self.PLAIN.fullmatch(step_id):
            return page_url(self.draft_id, step_id, child_id)
        url = self.made.get(child_id)
        if url is None:
            url = self.made[child_id] = page_url(self.draft_id, self.STAND_IN, child_id)
        return url.replace("/" + self.STAND_IN, "/" + step_id, 1)


def saved_at_text() -> str:
    """The time of a save as the worker reads it: "09:15 PST" (the court's zone, not the server's)."""
    return local_time(now_utc(), "%H:%M")


@bp.app_template_filter("localtime")
def localtime_filter(at: dt.datetime | None, fmt: str = "%Y-%m-%d %H:%M") -> str:
    """``{{ draft.updated_at|localtime }}``: every time a page shows, in the court's zone with its abbreviation."""
    return local_time(at, fmt) if at is not None else ""


@bp.app_context_processor
def time_zone() -> dict[str, str]:
    """The court's zone for the scripts that show a time (``data-time-zone``)."""
    return {"time_zone": court_zone().key}


# --- the list of drafts -----------------------------------------------------------------


def draft_row(draft: Draft) -> dict[str, Any]:
    """What a list of drafts shows of one draft (the worker's and the attorney's lists)."""
    raw = draft_case(draft)
    names = [child_name(c, i) for i, c in enumerate(children_of(raw)) if display(c.get("name"))]
    return {
        "id": draft.id,
        "child": ", ".join(names) or "(no child named yet)",
        "children": names,
        "case_number": display(get_in(raw, "court.case_number")),
        # a review report's hearing is the review hearing's own date (reportgen/web/hearings.py)
        "hearing": display(get_in(raw, "review.hearing_date" if is_review(raw) else "dates.disposition_hearing_date"))
        or "not set",
        "objections": int(draft.status.get("objections") or 0),
        "state": draft.state or DRAFTING,
        "state_text": STATE_TEXT_OF.get(draft.state or DRAFTING, draft.state or DRAFTING),
    }


@bp.route("/drafts")
@roles_required("social_worker", "supervisor")
def drafts() -> ResponseReturnValue:
    from reportgen.web.hearings import next_dates

    store = get_store()
    user = me()
    rows = []
    archived = request.args.get("archived") == "1"
    for draft in store.visible_drafts(user, archived=archived):
        steps = draft.status.get("steps") or {}
        keys = [p["key"] for p in pages_of(draft_case(draft))]
        rows.append({
            **draft_row(draft),
            "done": sum(1 for k in keys if steps.get(k) == "done"),
            "total": len(keys),
            "saved": local_time(draft.updated_at),
            "mine": draft.owner_id == user.id,
            "next": next_dates(draft_case(draft), today()),  # each child's next date on the permanency clock
        })
    waiting = sum(1 for r in rows if r["state"] == SUBMITTED)
    return render_template("wizard/drafts.html", rows=rows, first_step=spec().steps[0].id, waiting=waiting,
                           archived=archived, archived_count=len(store.visible_drafts(user, archived=True))
                           if not archived else len(rows))


@bp.route("/drafts/new", methods=["POST"])
@roles_required(*EDITORS)
def new_draft() -> ResponseReturnValue:
    store = get_store()
    user = me()
    raw: dict[str, Any] = {"schema_version": WIZARD_SCHEMA_VERSION, "children": [{"id": "c1"}]}
    # its progress and objections recorded from the start: the list counts the objections the
    # pages show (an empty report draws them: it has no plan yet)
    with store.write() as session_:
        draft = store.create_draft(session_, user, raw, status_record(evaluate(raw, spec(), set()), set()))
        draft_id = draft.id
    store.audit(user, "create", draft_id)
    log.info("draft %s created by user %s", draft_id, user.id)
    return redirect(url_for("wizard.step", draft_id=draft_id, step_id=spec().steps[0].id), 303)


# --- saving -------------------------------------------------------------------------------


@dataclass
class SaveResult:
    draft: Draft
    raw: dict[str, Any]
    evaluation: Evaluation
    taken: dict[str, str]  # what the page shows as typed: the posted values, less those changed elsewhere only
    conflict: list[dict[str, str]] = field(default_factory=list)
    new_anchor: str = ""
    notices: list[str] = field(default_factory=list)  # characters removed, by field
    refused: list[str] = field(default_factory=list)  # entries past a list's limit, an Add at the limit
    kept_theirs: dict[str, str] = field(default_factory=dict)  # path -> base: changed elsewhere, form still older

    @property
    def saved(self) -> bool:
        return not self.conflict


@dataclass
class Merge:
    """What to do with a post made against an older version of the draft."""

    write: dict[str, str]  # changed here only (or the version is current): store them
    conflicts: list[str]  # changed here and elsewhere, to different values: ask the worker
    theirs: dict[str, str]  # changed elsewhere only (path -> the form's base): the stored value stands


def merge_posted(current: dict[str, Any], taken: dict[str, str], base: dict[str, str], fresh: bool,
                 action: str = "") -> Merge:
    """Three-way merge of a post with the stored draft, field by field.

    A post against the current version is stored whole. A post against an older
    one is stored where this page changed a field and nothing else did; a field
    changed only elsewhere keeps the stored value; a field changed on both sides
    is a conflict. Two saves on different steps (or different fields of one step)
    therefore never conflict. When a list lost or gained entries since the page
    was made, its entries may have moved, so they count as changed elsewhere.
    The base decides even at the current version: after a merge the form may still
    show an older value of a field changed elsewhere, which must not be put back."""
    moved = tuple(f"{path}[" for path, value in base.items()
                  if value.startswith("#") and value != f"#{_length(current, path)}")
    write: dict[str, str] = {}
    conflicts: list[str] = []
    theirs: dict[str, str] = {}
    for path, text in taken.items():
        mine, now = fingerprint(path, text), fingerprint(path, display(get_in(current, path)))
        if mine == now:
            continue
        was = None if path.startswith(moved) else base.get(path)
        if was is None and fresh:
            write[path] = text  # no base to judge by, and nothing was saved since this version
        elif was == now:
            write[path] = text
        elif was == mine:
            theirs[path] = mine
        else:
            conflicts.append(path)
    verb, _, target = action.partition(":")
    if verb == "remove" and f"{target[: target.rfind('[')]}[" in moved:
        conflicts.append(target)  # the entry to remove may have moved
    return Merge(write, conflicts, theirs)


def _length(raw: dict[str, Any], path: str) -> int:
    items = get_in(raw, path)
    return len(items) if isinstance(items, list) else 0


def _differences(step: StepSpec, current: dict[str, Any], taken: dict[str, str],
                 paths: list[str], child: int | None = None) -> list[dict[str, str]]:
    """Both versions of each conflicting field, for the page that asks the worker."""
    page = bind_step(spec(), step, current, Evaluation([], []), child=child)
    out = []
    for path in paths:
        anchor = page.anchors.get(path)
        if path not in taken:  # an entry to remove, in a list changed elsewhere
            label = f"{anchor.legend if isinstance(anchor, Group) else path} (the list was changed elsewhere)"
            out.append({"path": path, "id": "", "label": label, "yours": "remove this entry",
                        "theirs": f"{_length(current, path[: path.rfind('[')])} entries now"})
            continue
        label = anchor.label if isinstance(anchor, BoundField) else path
        out.append({"path": path, "id": anchor.anchor if isinstance(anchor, BoundField) else "",
                    "label": label, "yours": taken[path], "theirs": display(get_in(current, path))})
    return out


def _apply_action(step: StepSpec, raw: dict[str, Any], action: str, child: int | None = None) -> tuple[str, str]:
    """Add or remove a repeated item. Returns the id of the new item, if any, and why
    an "Add" was refused (the list holds its most entries), if it was."""
    verb, _, target = action.partition(":")
    page = bind_step(spec(), step, raw, Evaluation([], []), child=child)
    if verb == "add":
        group = page.anchors.get(target)
        if not isinstance(group, Group) or group.kind != "repeat" or group.fixed:
            abort(400)
        if group.full:
            return "", f"{group.legend}: the list holds the most entries allowed ({group.limit}), so none was added."
        n = _length(raw, target)
        set_in(raw, f"{target}[{n}]", {"id": new_child_id(raw)} if target == "children" else {})
        return field_id(f"item-{target}[{n}]"), ""
    if verb == "remove":
        group = page.anchors.get(target)
        toks = tokens(target)
        if not isinstance(group, Group) or group.kind != "item" or group.fixed or not isinstance(toks[-1], int):
            abort(400)
        items = get_in(raw, target[: target.rindex("[")])
        if isinstance(items, list) and toks[-1] < len(items):
            gone = items.pop(toks[-1])
            if target.startswith("children[") and isinstance(gone, dict) and gone.get("id"):
                _forget_child(raw, str(gone["id"]))
        # The page comes back at the list, where focus goes to the entry before (wizard.js).
        return field_id(f"list-{target[: target.rindex('[')]}"), ""
    abort(400)


def _forget_child(raw: dict[str, Any], child_id: str) -> None:
    """A child removed from the report is no longer named by the others: a sibling entry that
    named it goes (the pair's facts went with the child), a parent's list of children loses it."""
    for other in children_of(raw):
        siblings = other.get("siblings")
        if isinstance(siblings, list):
            other["siblings"] = [e for e in siblings if not (isinstance(e, dict) and e.get("child_id") == child_id)]
    for parent in raw.get("parents") or []:
        if isinstance(parent, dict) and isinstance(parent.get("children"), list):
            parent["children"] = [c for c in parent["children"] if c != child_id] or None


def _over_limit(step: StepSpec, raw: dict[str, Any], form: dict[str, str], child: int | None = None) -> list[str]:
    """A message for each list this post sent more entries for than it may hold: refused,
    and said so, never dropped in silence."""
    extra: dict[str, set[str]] = {}
    for name in form:
        if normalize(name) in step.path_set and (item := over_limit(name)) is not None:
            extra.setdefault(normalize(item[: item.rindex("[")]), set()).add(item)
    if not extra:
        return []
    page = bind_step(spec(), step, raw, Evaluation([], []), child=child)
    legends = {normalize(path): a.legend for path, a in page.anchors.items() if isinstance(a, Group)}
    return [f"{legends.get(lst, lst)}: up to {max_items(lst)} entries can be entered; {len(items)} more sent "
            "with this page were not saved." for lst, items in sorted(extra.items())]


def _moved(form: dict[str, str], was: int | None, now: int | None) -> dict[str, str]:
    """A per-child page's post, its names moved to the child's place now: the page named the
    child ``children[was]``, and a child before it may have been added or removed since."""
    if was is None or now is None or was == now:
        return form
    old, new = f"children[{was}].", f"children[{now}]."
    out: dict[str, str] = {}
    for name, text in form.items():
        name = new + name[len(old):] if name.startswith(old) else name
        if name == "digest":
            text = ";".join(new + part[len(old):] if part.startswith(old) else part for part in text.split(";"))
        elif name == "action":
            verb, sep, target = text.partition(":")
            text = verb + sep + (new + target[len(old):] if target.startswith(old) else target)
        out[name] = text
    return out


#: How often a save is merged again when another save lands between reading the draft and writing it.
SAVE_ATTEMPTS = 3


def _gone(draft: Draft, raw: dict[str, Any], taken: dict[str, str]) -> SaveResult:
    """A save for a child that has been removed from the report since the page was opened."""
    gone = [{"path": "", "id": "", "label": "(this child was removed from the report elsewhere)",
             "yours": "", "theirs": ""}]
    return SaveResult(draft, raw, evaluate(raw, spec(), visited(draft)), taken, conflict=gone)


def save_step(draft_id: int, step: StepSpec, form: dict[str, str], action: str = "",
              child_id: str | None = None) -> SaveResult:
    store = get_store()
    was = _int(form.get("child_index")) if step.per_child else None
    base_version = _int(form.get("version")) or 0
    for _ in range(SAVE_ATTEMPTS):
        draft = draft_for(store, me(), draft_id, EDIT)
        raw = draft_case(draft)
        child = child_of(raw, child_id) if step.per_child else None
        posted = _moved(form, was, child)
        posted_action = _moved({"action": action}, was, child)["action"] if action else ""
        taken = {k: v for k, v in posted.items() if accepts(step, k, child)}
        if step.per_child and child is None:
            return _gone(draft, raw, {k: v for k, v in form.items() if normalize(k) in step.path_set})
        base = parse_digest(posted.get("digest") or "")
        merge = merge_posted(raw, taken, base, fresh=draft.version == base_version, action=posted_action)
        shown = {k: v for k, v in taken.items() if k not in merge.theirs}
        if merge.conflicts:
            ev = evaluate(raw, spec(), visited(draft))
            return SaveResult(draft, raw, ev, shown,
                              conflict=_differences(step, raw, taken, merge.conflicts, child),
                              kept_theirs=merge.theirs)
        refused = _over_limit(step, raw, posted, child)
        apply_posted(step, raw, merge.write, child)
        # every field typed with characters a report cannot hold is named, even one whose
        # cleaned text equals what was stored (nothing to write, but the worker typed it)
        notices = [removal_notice(name, lost) for name, text in taken.items() if (lost := clean_text(text)[1])]
        new_anchor, cap = _apply_action(step, raw, posted_action, child) if posted_action else ("", "")
        refused += [cap] if cap else []
        seen = visited(draft) | {step_key(step, child_id if step.per_child else None)}
        # validating only what changed since a version whose loaded case this process holds
        ev = evaluate(raw, spec(), seen, before=_evaluations().basis(draft.id))
        try:
            saved = store.save_draft(draft.id, raw, draft.version, status_record(ev, seen), actor=me(),
                                     also=partial(keep_in, draft_id=draft.id, raw=raw, ev=ev))
        except VersionConflict:
            continue  # another save landed in between: merge again, against it
        remember(saved, ev)
        log.info("draft %s step %s saved at version %s by user %s", draft.id, step.id, saved.version, me().id)
        return SaveResult(saved, raw, ev, shown, new_anchor=new_anchor, notices=notices, refused=refused,
                          kept_theirs=merge.theirs)
    draft = draft_for(store, me(), draft_id, EDIT)
    raw = draft_case(draft)
    busy = [{"path": "", "id": "", "label": "(saved at the same moment elsewhere)", "yours": "", "theirs": ""}]
    return SaveResult(draft, raw, evaluate(raw, spec(), visited(draft)),
                      {k: v for k, v in form.items() if normalize(k) in step.path_set}, conflict=busy)


# --- the step pages -------------------------------------------------------------------------


def render_step(
    draft: Draft,
    step: StepSpec,
    raw: dict[str, Any],
    ev: Evaluation,
    *,
    values: dict[str, str] | None = None,
    status: int = 200,
    conflict: list[dict[str, str]] | None = None,
    notice: str = "",
    version: int | None = None,
    digest: str | None = None,
    child: int | None = None,
) -> ResponseReturnValue:
    editable = can_edit(get_store(), me(), draft)
    kids = children_of(raw)
    child_id = str(kids[child].get("id") or "") if step.per_child and child is not None else None
    page = bind_step(spec(), step, raw, ev, values=values, readonly=not editable, child=child)
    pages = nav(draft, ev, raw)
    key = step_key(step, child_id)
    index = next((i for i, p in enumerate(pages) if p["id"] == key), 0)
    switcher = [{"name": child_name(c, i), "url": page_url(draft.id, step.id, str(c.get("id") or "")),
                 "current": i == child} for i, c in enumerate(kids)] if step.per_child else []
    from reportgen.web.approval import page_comments

    comments, comments_by_path = page_comments(draft, {f.path: (f.anchor, f.label) for f in page.fields()}, key)
    open_questions = open_questions_of(page, unanswered(step, raw, child if step.per_child else None))
    body = render_template(
        "wizard/step.html",
        draft=draft,
        step=step,
        title=step_title(step, raw, child),
        page_key=key,
        child_id=child_id,
        child_label=child_name(kids[child], child) if child_id is not None and child is not None else "",
        child_index=child,
        switcher=switcher,
        page=page,
        nav=pages,
        editable=editable,
        conflict=conflict or [],
        notice=notice,
        version=draft.version if version is None else version,
        # the page just made serves as the digest's base when it shows no posted values
        digest=digest if digest is not None else step_digest(step, raw, None if values else page, child=child),
        action_url=page_url(draft.id, step.id, child_id),
        autosave_url=url_for("wizard.autosave", draft_id=draft.id, step_id=step.id, child=child_id),
        prev_url=pages[index - 1]["url"] if index > 0 else None,
        next_url=pages[index + 1]["url"] if index + 1 < len(pages) else None,
        show_summary=status == 422,
        comments=comments,
        comments_by_path=comments_by_path,
        open_questions=open_questions,
    )
    return body, status


def agencys_report(draft_id: int) -> ResponseReturnValue:
    """Where a child's attorney who opens a page of the working draft is sent: the agency's report, its
    newest approved version (or the page saying there is none yet). A draft in progress is the agency's
    work, not its report."""
    return redirect(url_for("review.case", draft_id=draft_id), 303)


def open_questions_of(page: StepPage, paths: list[str]) -> list[dict[str, str]]:
    """The questions of a page that have no answer yet, as links to their fields: what keeps the page
    from being done ("Half-sibling? (Sibling 1)"). A field inside a list entry names its entry."""
    out = []
    for path in paths:
        anchor = place(page, path)
        if anchor is None:
            continue
        label = label_of(anchor)
        item = path[: path.rindex("]") + 1] if "]" in path else ""
        entry = page.anchors.get(item)
        if isinstance(entry, Group) and entry.kind == "item" and entry is not anchor:
            label = f"{label} ({entry.legend})"
        out.append({"href": "#" + anchor_id(anchor), "label": label})
    return out


def posted_form() -> dict[str, str]:
    """The posted fields, one text each: a field posted several times (the checkbox per child of
    a parent's children, after its empty hidden twin) is the values checked, comma-separated."""
    out: dict[str, str] = {}
    for name in request.form:
        texts = request.form.getlist(name)
        out[name] = texts[0] if len(texts) == 1 else ",".join(t for t in texts if t)
    return out


def _no_child_page(draft: Draft, step: StepSpec) -> ResponseReturnValue:
    return render_template("error.html", code=404, title=step.title,
                           message="This step is asked for each child of the report, and this child is not "
                                   "in the report (it may have been removed). Add or choose the children on "
                                   "the Children step."), 404


@bp.route("/drafts/<int:draft_id>/step/<step_id>", methods=["GET", "POST"])
@roles_required(*VIEWERS)
def step(draft_id: int, step_id: str) -> ResponseReturnValue:
    store = get_store()
    the_step = step_or_404(step_id)
    if request.method == "GET":
        draft = draft_for(store, me(), draft_id, VIEW)
        if me().role == "attorney":
            return agencys_report(draft.id)
        store.audit(me(), "open", draft.id)
        raw = draft_case(draft)
        child_id = asked_child(the_step)
        child = child_of(raw, child_id) if the_step.per_child else None
        if the_step.per_child and child is None:
            return _no_child_page(draft, the_step)
        return render_step(draft, the_step, raw, evaluation_of(draft), child=child)

    child_id = asked_child(the_step)
    form = posted_form()
    action = form.get("action", "save")
    result = save_step(draft_id, the_step, form, action if ":" in action else "", child_id)
    child = child_of(result.raw, child_id) if the_step.per_child else None
    if not result.saved:
        if the_step.per_child and child is None:
            return _no_child_page(result.draft, the_step)
        return render_step(
            result.draft, the_step, result.raw, result.evaluation, values=result.taken, status=409,
            conflict=result.conflict, version=result.draft.version,
            digest=step_digest(the_step, result.raw, child=child), child=child,
        )
    for removed in result.notices:
        flash(removed)
    if result.refused:
        return render_step(result.draft, the_step, result.raw, result.evaluation, values=result.taken, status=422,
                           notice=f"Saved at {saved_at_text()}, except: " + " ".join(result.refused), child=child)
    here = step_key(the_step, child_id)
    mine = [p for p, _ in result.evaluation.problems if key_of(spec(), result.evaluation, p) == here]
    if mine and ":" not in action:
        return render_step(result.draft, the_step, result.raw, result.evaluation, values=result.taken, status=422,
                           notice=f"Saved at {saved_at_text()}, but some answers need correcting.", child=child)
    flash(f"Saved at {saved_at_text()}.")
    if action == "review":
        return redirect(url_for("wizard.review", draft_id=draft_id), 303)
    if action == "next":
        pages = nav(result.draft, result.evaluation, result.raw)
        index = next((i for i, p in enumerate(pages) if p["id"] == here), 0)
        return redirect(pages[min(index + 1, len(pages) - 1)]["url"], 303)
    anchor = result.new_anchor or None
    return redirect(page_url(draft_id, the_step.id, child_id, anchor), 303)


@bp.route("/drafts/<int:draft_id>/step/<step_id>/autosave", methods=["POST"])
@roles_required(*EDITORS)
def autosave(draft_id: int, step_id: str) -> ResponseReturnValue:
    the_step = step_or_404(step_id)
    child_id = asked_child(the_step)
    result = save_step(draft_id, the_step, posted_form(), child_id=child_id)
    child = child_of(result.raw, child_id) if the_step.per_child else None
    if the_step.per_child and child is None:
        return jsonify(error="gone", message="This child was removed from the report elsewhere; reload the page."), 409
    page = bind_step(spec(), the_step, result.raw, result.evaluation, child=child)
    digest = step_digest(the_step, result.raw, page, keep=result.kept_theirs, child=child)
    if not result.saved:
        return jsonify(conflict=True, differences=result.conflict, version=result.draft.version, digest=digest), 409
    return jsonify(
        version=result.draft.version,
        digest=digest,
        saved_at=saved_at_text(),
        refused=result.refused,
        nav=nav(result.draft, result.evaluation, result.raw),
        objections=len(result.evaluation.objections),  # the count the drafts list shows
        feedback=feedback_json(page),
    )


# --- refused tokens -------------------------------------------------------------------------------


@bp.app_errorhandler(CSRFError)
def csrf_failed(err: CSRFError) -> ResponseReturnValue:
    """Nothing is saved or kept from a post whose token was refused.

    A post from another website gets a plain refusal that shows nothing it
    carried. A post from this site's own page (a token gone stale) shows the
    worker's text again with a fresh token, so it costs them nothing."""
    if not from_this_site():
        log.warning("refused a %s to %s from another site", request.method, request.endpoint)
        return render_template("error.html", code=400, title="Refused: sent from another website",
                               message="A form on another website tried to send this request. It was refused "
                                       "and nothing was saved."), 400
    if not current_user.is_authenticated and request.endpoint not in ("auth.login", "auth.logout"):
        return login_manager.unauthorized()  # the session has ended: log in first
    if request.endpoint == "wizard.autosave":
        return jsonify(error="csrf", message="The page's security token was refused; reload the page."), 400
    if request.endpoint == "wizard.step" and request.view_args:
        args = request.view_args
        the_step = step_or_404(str(args["step_id"]))
        draft = draft_for(get_store(), me(), int(args["draft_id"]), EDIT)
        raw = draft_case(draft)
        child = child_of(raw, asked_child(the_step)) if the_step.per_child else None
        if the_step.per_child and child is None:
            return _no_child_page(draft, the_step)
        values = {k: v for k, v in posted_form().items() if accepts(the_step, k, child)}
        return render_step(draft, the_step, raw, evaluate(raw, spec(), visited(draft)), values=values, status=400,
                           version=_int(request.form.get("version")), digest=request.form.get("digest"), child=child,
                           notice="The page's security token was refused, so nothing was saved. What you typed "
                                  "is shown below with a fresh token: press Save again.")
    return render_template("error.html", code=400, title="Security token refused",
                           message="The form's security token was refused. Go back, reload the page and try again."), 400


def _int(text: str | None) -> int | None:
    return int(text) if text and text.isdigit() else None

