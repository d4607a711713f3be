"""Bidi spoofing on the web pages: a case value shown on a page sits
in ``<bdi>``, so a right-to-left override in it cannot reverse the page's own
words after it (the drafts list, the wizard's review page, the attorney's list
and review page; the clerk's table is rendered by the same kind of markup and
its HTML index is tested in tests/render/test_bidi.py)."""

from __future__ import annotations

import copy
from html.parser import HTMLParser

import pytest
from flask.testing import FlaskClient

from reportgen.store import Store
from tests.web.conftest import AuthActions, approve_draft

RLO = "\u202e"
CHILD = f"Ana {RLO}Ruiz"
NUMBER = f"JV-{RLO}123-999"


class _Placement(HTMLParser):
    """Every text node holding an override, and whether it sits inside ``<bdi>``."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.depth = 0
        self.found: list[tuple[str, bool]] = []
        self.in_attributes: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.depth += tag == "bdi"
        self.in_attributes += [v for _, v in attrs if v and RLO in v]

    def handle_endtag(self, tag: str) -> None:
        self.depth -= tag == "bdi"

    def handle_data(self, data: str) -> None:
        if RLO in data:
            self.found.append((data, self.depth > 0))


def overrides(page: str) -> list[tuple[str, bool]]:
    parser = _Placement()
    parser.feed(page)
    parser.close()
    assert not parser.in_attributes, "no case value belongs in an attribute of these pages"
    return parser.found


def spoof(store: Store, draft_id: int, number: bool) -> None:
    """An override in the child's name (free text) and, with ``number``, in the
    case number: an old draft may hold one there, though the schema now refuses
    it, and then the attorney's review page explains that instead."""
    draft = store.get_draft(draft_id)
    assert draft is not None
    case = copy.deepcopy(draft.case)
    case["children"][0]["name"] = CHILD
    if number:
        case["court"]["case_number"] = NUMBER
    store.save_draft(draft.id, case, draft.version, draft.status)


@pytest.mark.parametrize(("user", "path", "number"), [
    ("worker", "/drafts", True),
    ("worker", "/drafts/{id}/review", True),
    ("attorney", "/attorney/", True),
    ("attorney", "/attorney/cases/{id}", False),
])
def test_a_value_with_an_override_is_shown_inside_bdi(client: FlaskClient, auth: AuthActions, store: Store,
                                                     people: dict[str, int], user: str, path: str,
                                                     number: bool) -> None:
    spoof(store, people["draft"], number)
    approve_draft(store, people["draft"])  # the attorney is shown the approved version
    auth.login(user)
    response = client.get(path.format(id=people["draft"]))
    assert response.status_code == 200
    found = overrides(response.get_data(as_text=True))
    assert found, f"{path} shows the child's name or the case number"
    outside = [text for text, inside in found if not inside]
    assert not outside, f"{path}: {outside!r} is not isolated"
