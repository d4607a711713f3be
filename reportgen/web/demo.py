"""Demo accounts and the example cases, for ``reportgen serve --demo``.

The passwords are printed by the command and are for a laptop demo only.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select

from reportgen.resources import examples_dir
from reportgen.store import Draft, Store
from reportgen.web.checking import evaluate, status_record
from reportgen.web.forms import load_spec

TEAM = "Dependency Investigations Unit 4"


@dataclass(frozen=True)
class DemoAccount:
    username: str
    password: str
    role: str
    display_name: str


DEMO_ACCOUNTS = (
    DemoAccount("worker", "demo-worker", "social_worker", "Demo social worker"),
    DemoAccount("supervisor", "demo-supervisor", "supervisor", "Demo supervisor"),
    DemoAccount("attorney", "demo-attorney", "attorney", "Demo child's attorney"),
    DemoAccount("clerk", "demo-clerk", "clerk", "Demo clerk"),
)


def load_demo(store: Store, examples: Path | None = None) -> list[DemoAccount]:
    """Create the demo accounts (once) and load every example as a draft (once)."""
    with store.write() as session:
        users = {}
        for account in DEMO_ACCOUNTS:
            user = store.user_by_name(account.username)
            if user is None:
                user = store.create_user(session, account.username, account.password, account.role,
                                         team=TEAM, display_name=account.display_name)
            users[account.role] = user
        has_drafts = session.scalar(select(Draft.id).where(Draft.owner_id == users["social_worker"].id))
        if has_drafts is None:
            spec = load_spec()
            every_step = set(spec.ids)
            folder = examples or examples_dir()
            for path in sorted(folder.glob("*.json")) if folder.is_dir() else []:
                raw = json.loads(path.read_text(encoding="utf-8"))
                if not isinstance(raw, dict):
                    continue
                ev = evaluate(raw, spec, every_step)
                draft = store.create_draft(session, users["social_worker"], raw, status_record(ev, every_step))
                store.assign(session, draft.id, users["attorney"].id)
    return list(DEMO_ACCOUNTS)
