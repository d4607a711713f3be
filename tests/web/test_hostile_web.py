"""Hostile posts against the real routes: another website posting into a report.

Every POST route of the application is listed from the url_map; each is posted
to from a foreign origin without a token, logged out and logged in, and every
table of the database must be byte for byte what it was. After a real login,
nothing the foreign post carried may appear on the step page.
"""

from __future__ import annotations

from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import MetaData, select

from reportgen.store import Store
from reportgen.web.forms import load_spec

from .conftest import CSRF_RE, AuthActions, form_of

FOREIGN = "http://evil.example:8666"
FOREIGN_TEXT = "Foreign text from another website"
#: Who may use each POST route when logged in (the role whose session a foreign post would ride on).
POST_ROUTES: dict[str, str] = {
    "auth.login": "worker",
    "auth.logout": "worker",
    "wizard.new_draft": "worker",
    "wizard.step": "worker",
    "wizard.autosave": "worker",
    "wizard.share": "worker",
    "wizard.assign": "worker",
    "wizard.approve": "supervisor",
    "wizard.send_back": "supervisor",
    "wizard.submit": "worker",
    "wizard.start_next_report": "worker",
    "wizard.archive": "worker",
    "wizard.unshare": "worker",
    "wizard.unassign": "worker",
    "review.upload": "attorney",
    "review.decide": "attorney",
    "review.delete": "attorney",
    "review.profile": "attorney",
    "intake.verify": "clerk",
}
#: The step route once per kind of write it does: save, go on, add and remove a repeated item.
STEP_ACTIONS = ["save", "next", "review", "add:siblings", "remove:siblings[0]"]


def snapshot(store: Store) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table: a foreign post must change none of them."""
    meta = MetaData()
    meta.reflect(store.engine)
    with store.engine.connect() as conn:
        return {name: sorted(map(tuple, conn.execute(select(table))), key=repr)
                for name, table in meta.tables.items() if name != "alembic_version"}


def session_of(app: Flask, client: FlaskClient) -> dict[str, Any] | None:
    """The contents of the client's session cookie (its signature's timestamp aside)."""
    cookie = client.get_cookie("session")
    if cookie is None:
        return None
    serializer = app.session_interface.get_signing_serializer(app)  # type: ignore[attr-defined]
    contents: dict[str, Any] = serializer.loads(cookie.value)
    return contents


def foreign_form(draft: int) -> dict[str, str]:
    """What an attacker would post: a plausible step form, every text field overwritten."""
    return {
        "recommended.disposition_option": "dismiss",
        "children[0].wishes": FOREIGN_TEXT,
        "children[0].siblings[0].name": FOREIGN_TEXT,
        "username": "stranger",
        "password": "x",
        "version": "1",
        "digest": "",
        "version_number": "1",
        "comment_0": FOREIGN_TEXT,
        "reason": FOREIGN_TEXT,
    }


def url_for_route(app: Flask, endpoint: str, draft: int, step: str = "siblings") -> str:
    with app.test_request_context():
        from flask import url_for

        args: dict[str, Any] = {}
        rule = next(r for r in app.url_map.iter_rules() if r.endpoint == endpoint)
        if "draft_id" in rule.arguments:
            args["draft_id"] = draft
        if "step_id" in rule.arguments:
            args["step_id"] = step
        if "review_id" in rule.arguments:
            args["review_id"] = 1
        return url_for(endpoint, **args)


def test_the_list_of_post_routes_is_complete(app: Flask) -> None:
    """A new POST route must be added to POST_ROUTES, and so to the hostile posts below."""
    posts = {r.endpoint for r in app.url_map.iter_rules() if "POST" in (r.methods or ())}
    assert posts == set(POST_ROUTES)


@pytest.mark.parametrize("logged_in", [False, True], ids=["logged-out", "logged-in"])
@pytest.mark.parametrize("endpoint", sorted(POST_ROUTES))
def test_a_foreign_post_without_token_changes_nothing(
    app: Flask, client: FlaskClient, auth: AuthActions, store: Store, people: dict[str, int],
    endpoint: str, logged_in: bool,
) -> None:
    if logged_in:
        auth.login(POST_ROUTES[endpoint])
        assert client.get("/", follow_redirects=True).status_code == 200  # a page of the site is open
    actions = STEP_ACTIONS if endpoint == "wizard.step" else [""]
    session_before = session_of(app, client)
    for action in actions:
        before = snapshot(store)
        url = url_for_route(app, endpoint, people["draft"])
        data = foreign_form(people["draft"]) | ({"action": action} if action else {})
        for headers in ({"Origin": FOREIGN}, {"Origin": "null"}, {"Referer": FOREIGN + "/attack.html"}):
            response = client.post(url, data=data, headers=headers)
            body = response.get_data(as_text=True)
            if response.status_code == 302:  # a route that checks its token late: the login page, nothing else
                assert not logged_in and response.headers["Location"] == "/login", (endpoint, headers)
            else:
                assert response.status_code == 400, (endpoint, action, headers, response.status_code)
                assert "sent from another website" in body
            assert FOREIGN_TEXT not in body
            assert session_of(app, client) == session_before  # neither replaced nor cleared nor added to
        assert snapshot(store) == before, (endpoint, action)
    if logged_in:  # still logged in as before: the foreign post did not end the session
        home = client.get("/")
        assert home.status_code == 302 and "/login" not in home.headers["Location"]


def test_a_post_without_token_from_this_site_saves_nothing(
    client: FlaskClient, auth: AuthActions, store: Store, people: dict[str, int]
) -> None:
    """A stale token on the worker's own page: the text comes back to them, but nothing is stored."""
    auth.login("worker")
    url = f"/drafts/{people['draft']}/step/wishes"
    values = form_of(client.get(url).get_data(as_text=True))
    values["children[0].wishes"] = "Typed with a stale token."
    before = snapshot(store)
    for token in ({"csrf_token": "stale"}, {}):
        posted = {k: v for k, v in values.items() if k != "csrf_token"} | token
        response = client.post(url, data=posted | {"action": "save"}, headers={"Origin": "http://localhost"})
        assert response.status_code == 400 and "Typed with a stale token.</textarea>" in response.get_data(as_text=True)
        auto = client.post(url + "/autosave", data=posted, headers={"Origin": "http://localhost"})
        assert auto.status_code == 400 and auto.get_json()["error"] == "csrf"
    assert snapshot(store) == before


@pytest.mark.parametrize("step", ["wishes", "orders", "siblings"])
def test_after_a_foreign_post_and_a_real_login_nothing_foreign_is_on_the_page(
    app: Flask, auth: AuthActions, store: Store, people: dict[str, int], step: str
) -> None:
    attacker = app.test_client()  # the worker's browser, logged out, visiting the attacker's page
    url = f"/drafts/{people['draft']}/step/{step}"
    attacker.post(url, data=foreign_form(people["draft"]) | {"action": "save"}, headers={"Origin": FOREIGN})
    attacker.post(url + "/autosave", data=foreign_form(people["draft"]), headers={"Origin": FOREIGN})
    # ... then the worker logs in, in that same browser, and opens the step.
    login_token = CSRF_RE.search(attacker.get("/login").get_data(as_text=True))
    assert login_token
    landed = attacker.post(f"/login?next={url}", data={"username": "worker", "password": "correct horse battery",
                                                      "csrf_token": login_token.group(1)})
    assert landed.headers["Location"] == url
    page = attacker.get(url).get_data(as_text=True)
    assert FOREIGN_TEXT not in page and "not saved yet" not in page
    draft = store.get_draft(people["draft"])
    assert draft is not None and draft.version == 1
    assert draft.case["recommended"]["disposition_option"] != "dismiss"


_printable_or_not = st.text(st.characters(codec="utf-8"), max_size=60)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(values=st.dictionaries(st.sampled_from(sorted(load_spec().step("wishes").path_set)),  # type: ignore[union-attr]
                              _printable_or_not, min_size=1),
       origin=st.sampled_from([FOREIGN, "null", "http://localhost.evil.example", "http://localhost:1"]))
def test_generated_foreign_posts_never_reach_a_draft(
    app: Flask, client: FlaskClient, auth: AuthActions, store: Store, people: dict[str, int],
    values: dict[str, str], origin: str,
) -> None:
    """Whatever the foreign form carries (control characters, bidi controls, surrogates
    left out by the codec), and whichever foreign origin: refused, nothing stored."""
    if "/login" in client.get("/").headers["Location"]:
        auth.login("worker")  # once: the fixtures are shared by every generated example
    draft = store.get_draft(people["draft"])
    assert draft is not None
    url = f"/drafts/{people['draft']}/step/wishes"
    for target in (url, url + "/autosave"):
        response = client.post(target, data=values | {"action": "save", "version": str(draft.version)},
                               headers={"Origin": origin})
        assert response.status_code == 400
    after = store.get_draft(people["draft"])
    assert after is not None and (after.version, after.case_json) == (draft.version, draft.case_json)
