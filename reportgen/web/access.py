"""Who may do what with a draft. Every draft route goes through :func:`draft_for`.

* social worker: their own drafts and drafts shared with them; may edit them.
* supervisor: every draft of their team; reads and approves, does not edit.
* child's attorney: read-only, only the drafts assigned to them.
* clerk: no drafts at all (intake only).

A draft the user may not see answers 404, so ids cannot be probed; a draft
they may see but not change answers 403 to a change.
"""

from __future__ import annotations

from flask import abort

from reportgen.store import Draft, Store
from reportgen.web.auth import WebUser

VIEW, EDIT, APPROVE, MANAGE = "view", "edit", "approve", "manage"


def can_view(store: Store, user: WebUser, draft: Draft) -> bool:
    if user.role == "social_worker":
        return draft.owner_id == user.id or store.is_shared_with(draft.id, user.id)
    if user.role == "supervisor":
        return bool(user.team) and draft.team == user.team
    if user.role == "attorney":
        return store.is_assigned(draft.id, user.id)
    return False


def can_edit(store: Store, user: WebUser, draft: Draft) -> bool:
    return user.role == "social_worker" and can_view(store, user, draft)


def allowed(store: Store, user: WebUser, draft: Draft, need: str) -> bool:
    if need == VIEW:
        return can_view(store, user, draft)
    if need == EDIT:
        return can_edit(store, user, draft)
    if need == APPROVE:
        return user.role == "supervisor" and can_view(store, user, draft)
    if need == MANAGE:  # share with a colleague, assign an attorney
        return (user.role == "social_worker" and draft.owner_id == user.id) or (
            user.role == "supervisor" and can_view(store, user, draft)
        )
    return False


def draft_for(store: Store, user: WebUser, draft_id: int, need: str = VIEW) -> Draft:
    """The draft, or abort: 404 when the user may not see it, 403 when they may not do ``need``."""
    draft = store.get_draft(draft_id)
    if draft is None or not can_view(store, user, draft):
        abort(404)
    if not allowed(store, user, draft, need):
        abort(403)
    return draft
