"""Logging in and out: cookies, the next parameter, CSRF, and sessions that really end."""

from __future__ import annotations

import pytest
from flask.testing import FlaskClient

from reportgen.store import Store
from reportgen.web import get_store

from .conftest import PASSWORD, AuthActions, make_app


def test_login_lands_each_role_on_its_page(client: FlaskClient, auth: AuthActions, people: dict[str, int]) -> None:
    for name, landing in (("worker", "/drafts"), ("supervisor", "/drafts"), ("attorney", "/attorney/"),
                          ("clerk", "/intake/")):
        fresh = client.application.test_client()
        response = AuthActions(fresh).login(name)
        assert response.status_code == 302 and response.headers["Location"] == landing, name


def test_wrong_password_is_refused_with_a_summary(auth: AuthActions, people: dict[str, int]) -> None:
    response = auth.login("worker", "not the password")
    assert response.status_code == 401
    html = response.get_data(as_text=True)
    assert 'class="error-summary"' in html and 'href="#username"' in html


def test_login_without_csrf_token_is_refused(client: FlaskClient, people: dict[str, int]) -> None:
    response = client.post("/login", data={"username": "worker", "password": PASSWORD})
    assert response.status_code == 400
    assert client.get("/drafts").status_code == 302


@pytest.mark.parametrize("target", ["/drafts/1/review", "/drafts?x=1"])
def test_next_goes_to_a_local_path(auth: AuthActions, people: dict[str, int], target: str) -> None:
    response = auth.login(next=target)
    assert response.headers["Location"] == target


@pytest.mark.parametrize("target", [
    "https://evil.example/", "//evil.example/x", "/\\evil.example", "http:/evil", "javascript:alert(1)",
    "evil.example", "/%0d%0aSet-Cookie:x", "\\\\evil.example",
])
def test_next_never_leaves_the_site(auth: AuthActions, people: dict[str, int], target: str) -> None:
    response = auth.login(next=target)
    location = response.headers["Location"]
    assert location == "/drafts", (target, location)


def test_logout_really_ends_the_session(client: FlaskClient, auth: AuthActions, people: dict[str, int]) -> None:
    auth.login()
    stolen = client.get_cookie("session")
    assert stolen is not None
    assert client.get("/drafts").status_code == 200
    auth.logout()
    assert client.get("/drafts").status_code == 302
    client.set_cookie("session", stolen.value)  # replay the cookie copied before logout
    response = client.get("/drafts")
    assert response.status_code == 302 and response.headers["Location"].startswith("/login")


def test_logout_needs_post_with_token(client: FlaskClient, auth: AuthActions, people: dict[str, int]) -> None:
    auth.login()
    assert client.get("/logout").status_code == 405
    assert client.post("/logout").status_code == 400
    assert client.get("/drafts").status_code == 200


def test_cookie_flags_outside_testing(db_url: str, people: dict[str, int]) -> None:
    app = make_app(db_url, TESTING=False)
    try:
        client = app.test_client()
        actions = AuthActions(client)
        response = actions.login()
        cookie = response.headers["Set-Cookie"]
        assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Secure" in cookie
    finally:
        get_store(app).dispose()


def test_login_is_audited_without_password(auth: AuthActions, store: Store, people: dict[str, int]) -> None:
    auth.login()
    entries = store.audit_entries()
    assert [(e.username, e.action) for e in entries] == [("worker", "login")]
