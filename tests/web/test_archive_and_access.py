"""A worker can archive a report and restore it; who has access is shown and can be taken back."""

from __future__ import annotations

from flask.testing import FlaskClient

from reportgen.store import Store

from .conftest import CSRF_RE, AuthActions


def token(client: FlaskClient, path: str) -> str:
    found = CSRF_RE.search(client.get(path).get_data(as_text=True))
    assert found
    return found.group(1)


def test_archive_leaves_the_lists_keeps_everything_and_restores(client: FlaskClient, auth: AuthActions,
                                                                people: dict[str, int], store: Store) -> None:
    auth.login("worker")
    d = people["draft"]
    before = store.get_draft(d)
    assert before is not None
    answer = client.post(f"/drafts/{d}/archive", data={"csrf_token": token(client, f"/drafts/{d}/review")})
    assert answer.status_code == 303 and answer.headers["Location"].endswith("/drafts?archived=1")
    listing = client.get("/drafts").get_data(as_text=True)
    assert f"/drafts/{d}/step/" not in listing and "Archived reports (1)" in listing
    archived = client.get("/drafts?archived=1").get_data(as_text=True)
    assert f"/drafts/{d}/step/" in archived and "Restore" in archived
    after = store.get_draft(d)
    assert after is not None and after.case == before.case and after.version == before.version
    assert client.get(f"/drafts/{d}/review").status_code == 200  # still opens
    client.post(f"/drafts/{d}/archive", data={"csrf_token": token(client, "/drafts?archived=1"), "restore": "1"})
    assert f"/drafts/{d}/step/" in client.get("/drafts").get_data(as_text=True)
    assert [e.action for e in store.audit_entries(d)][-3:].count("archive") == 1
    assert "restore" in [e.action for e in store.audit_entries(d)]
    auth.logout()
    auth.login("supervisor")  # the team's supervisor sees it again too
    assert f"/drafts/{d}/step/" in client.get("/drafts").get_data(as_text=True)


def test_access_is_listed_and_taken_back(client: FlaskClient, auth: AuthActions, people: dict[str, int],
                                         store: Store) -> None:
    auth.login("worker")
    d = people["draft"]
    client.post(f"/drafts/{d}/share", data={"csrf_token": token(client, f"/drafts/{d}/review"),
                                           "username": "colleague"})
    page = client.get(f"/drafts/{d}/review").get_data(as_text=True)
    assert "(social worker, shared)" in page and "(child's attorney, assigned)" in page
    assert "Stop sharing" in page and ">Remove<" in page
    assert store.is_shared_with(d, people["colleague"]) and store.is_assigned(d, people["attorney"])
    client.post(f"/drafts/{d}/unshare", data={"csrf_token": token(client, f"/drafts/{d}/review"),
                                             "user_id": str(people["colleague"])})
    client.post(f"/drafts/{d}/unassign", data={"csrf_token": token(client, f"/drafts/{d}/review"),
                                              "user_id": str(people["attorney"])})
    assert not store.is_shared_with(d, people["colleague"]) and not store.is_assigned(d, people["attorney"])
    actions = [e.action for e in store.audit_entries(d)]
    assert "unshare" in actions and "unassign" in actions
    bad = client.post(f"/drafts/{d}/unshare", data={"csrf_token": token(client, f"/drafts/{d}/review"),
                                                   "user_id": "nonsense"})
    assert bad.status_code == 400
    auth.logout()
    auth.login("colleague")
    assert client.get(f"/drafts/{d}/review").status_code == 404
