"""Every route against every role: the matrix of who may do what."""

from __future__ import annotations

from typing import Any

import pytest
from flask.testing import FlaskClient

from reportgen.store import Store

from .conftest import AuthActions, approve_draft

ROLES = ["anonymous", "worker", "colleague", "stranger", "supervisor", "supervisor_b", "attorney", "attorney2",
         "clerk"]
# (method, path, expected status per user). 'login' = redirect to the login page.
D = "{draft}"
OK, LOGIN, FORBID, MISSING = 200, "login", 403, 404
#: A page of the working draft sends the child's attorney to the agency's report (its approved version).
AGENCYS = 303
MATRIX: list[tuple[str, str, dict[str, Any]]] = [
    ("GET", "/drafts", dict(anonymous=LOGIN, worker=OK, colleague=OK, stranger=OK, supervisor=OK, supervisor_b=OK,
                            attorney=FORBID, attorney2=FORBID, clerk=FORBID)),
    ("GET", "/attorney/", dict(anonymous=LOGIN, worker=FORBID, colleague=FORBID, stranger=FORBID, supervisor=FORBID,
                               supervisor_b=FORBID, attorney=OK, attorney2=OK, clerk=FORBID)),
    ("GET", "/intake/", dict(anonymous=LOGIN, worker=FORBID, colleague=FORBID, stranger=FORBID, supervisor=FORBID,
                             supervisor_b=FORBID, attorney=FORBID, attorney2=FORBID, clerk=OK)),
    ("GET", f"/attorney/cases/{D}", dict(anonymous=LOGIN, worker=FORBID, colleague=FORBID, stranger=FORBID,
                                         supervisor=FORBID, supervisor_b=FORBID, attorney=OK, attorney2=MISSING,
                                         clerk=FORBID)),
    ("GET", f"/attorney/cases/{D}/memo/nonsense", dict(anonymous=LOGIN, worker=FORBID, colleague=FORBID,
                                                        stranger=FORBID, supervisor=FORBID, supervisor_b=FORBID,
                                                        attorney=MISSING, attorney2=MISSING, clerk=FORBID)),
    ("POST", "/attorney/review", dict(anonymous=LOGIN, worker=FORBID, colleague=FORBID, stranger=FORBID,
                                      supervisor=FORBID, supervisor_b=FORBID, attorney=422, attorney2=422,
                                      clerk=FORBID)),
    ("POST", "/intake/verify", dict(anonymous=LOGIN, worker=FORBID, colleague=FORBID, stranger=FORBID,
                                    supervisor=FORBID, supervisor_b=FORBID, attorney=FORBID, attorney2=FORBID,
                                    clerk=422)),
    ("GET", "/intake/log", dict(anonymous=LOGIN, worker=FORBID, colleague=FORBID, stranger=FORBID,
                                supervisor=FORBID, supervisor_b=FORBID, attorney=FORBID, attorney2=FORBID, clerk=OK)),
    ("GET", "/intake/log?from=2026-02-30", dict(anonymous=LOGIN, worker=FORBID, colleague=FORBID, stranger=FORBID,
                                                supervisor=FORBID, supervisor_b=FORBID, attorney=FORBID,
                                                attorney2=FORBID, clerk=422)),
    ("GET", "/intake/batches/nonsense", dict(anonymous=LOGIN, worker=FORBID, colleague=FORBID, stranger=FORBID,
                                             supervisor=FORBID, supervisor_b=FORBID, attorney=FORBID,
                                             attorney2=FORBID, clerk=MISSING)),
    ("GET", "/intake/batches/nonsense/progress", dict(anonymous=LOGIN, worker=FORBID, colleague=FORBID,
                                                      stranger=FORBID, supervisor=FORBID, supervisor_b=FORBID,
                                                      attorney=FORBID, attorney2=FORBID, clerk=MISSING)),
    ("GET", "/intake/index.csv", dict(anonymous=LOGIN, worker=FORBID, colleague=FORBID, stranger=FORBID,
                                      supervisor=FORBID, supervisor_b=FORBID, attorney=FORBID, attorney2=FORBID,
                                      clerk=OK)),
    ("GET", "/intake/index.html", dict(anonymous=LOGIN, worker=FORBID, colleague=FORBID, stranger=FORBID,
                                       supervisor=FORBID, supervisor_b=FORBID, attorney=FORBID, attorney2=FORBID,
                                       clerk=OK)),
    ("GET", f"/drafts/{D}/step/child", dict(anonymous=LOGIN, worker=OK, colleague=MISSING, stranger=MISSING,
                                             supervisor=OK, supervisor_b=MISSING, attorney=AGENCYS, attorney2=MISSING,
                                             clerk=FORBID)),
    ("POST", f"/drafts/{D}/step/child", dict(anonymous=LOGIN, worker=303, colleague=MISSING, stranger=MISSING,
                                              supervisor=FORBID, supervisor_b=MISSING, attorney=FORBID,
                                              attorney2=MISSING, clerk=FORBID)),
    ("POST", f"/drafts/{D}/step/child/autosave", dict(anonymous=401, worker=OK, colleague=MISSING, stranger=MISSING,
                                                       supervisor=FORBID, supervisor_b=FORBID, attorney=FORBID,
                                                       attorney2=FORBID, clerk=FORBID)),
    ("GET", f"/drafts/{D}/review", dict(anonymous=LOGIN, worker=OK, colleague=MISSING, stranger=MISSING,
                                         supervisor=OK, supervisor_b=MISSING, attorney=AGENCYS, attorney2=MISSING,
                                         clerk=FORBID)),
    ("GET", f"/drafts/{D}/findings", dict(anonymous=LOGIN, worker=OK, colleague=MISSING, stranger=MISSING,
                                           supervisor=OK, supervisor_b=MISSING, attorney=AGENCYS, attorney2=MISSING,
                                           clerk=FORBID)),
    ("GET", f"/drafts/{D}/download/nonsense", dict(anonymous=LOGIN, worker=MISSING, colleague=MISSING,
                                                    stranger=MISSING, supervisor=MISSING, supervisor_b=MISSING,
                                                    attorney=MISSING, attorney2=MISSING, clerk=FORBID)),
    ("GET", f"/drafts/{D}/letters/0/en.pdf", dict(anonymous=LOGIN, worker=OK, colleague=MISSING, stranger=MISSING,
                                                  supervisor=OK, supervisor_b=MISSING, attorney=FORBID,
                                                  attorney2=FORBID, clerk=FORBID)),
    ("POST", f"/drafts/{D}/next-report", dict(anonymous=LOGIN, worker=303, colleague=MISSING, stranger=MISSING,
                                               supervisor=FORBID, supervisor_b=FORBID, attorney=FORBID,
                                               attorney2=FORBID, clerk=FORBID)),
    ("POST", f"/drafts/{D}/archive", dict(anonymous=LOGIN, worker=303, colleague=MISSING, stranger=MISSING,
                                           supervisor=303, supervisor_b=MISSING, attorney=FORBID, attorney2=FORBID,
                                           clerk=FORBID)),
    ("POST", f"/drafts/{D}/unshare", dict(anonymous=LOGIN, worker=400, colleague=MISSING, stranger=MISSING,
                                           supervisor=400, supervisor_b=MISSING, attorney=FORBID, attorney2=FORBID,
                                           clerk=FORBID)),
    ("POST", f"/drafts/{D}/unassign", dict(anonymous=LOGIN, worker=400, colleague=MISSING, stranger=MISSING,
                                            supervisor=400, supervisor_b=MISSING, attorney=FORBID, attorney2=FORBID,
                                            clerk=FORBID)),
    ("GET", "/drafts?archived=1", dict(anonymous=LOGIN, worker=OK, colleague=OK, stranger=OK, supervisor=OK,
                                       supervisor_b=OK, attorney=FORBID, attorney2=FORBID, clerk=FORBID)),
    ("POST", "/drafts/new", dict(anonymous=LOGIN, worker=303, colleague=303, stranger=303, supervisor=FORBID,
                                 supervisor_b=FORBID, attorney=FORBID, attorney2=FORBID, clerk=FORBID)),
    ("POST", f"/drafts/{D}/share", dict(anonymous=LOGIN, worker=303, colleague=MISSING, stranger=MISSING,
                                         supervisor=303, supervisor_b=MISSING, attorney=FORBID, attorney2=FORBID,
                                         clerk=FORBID)),
    ("POST", f"/drafts/{D}/assign", dict(anonymous=LOGIN, worker=303, colleague=MISSING, stranger=MISSING,
                                          supervisor=303, supervisor_b=MISSING, attorney=FORBID, attorney2=FORBID,
                                          clerk=FORBID)),
    ("GET", f"/drafts/{D}/status", dict(anonymous=LOGIN, worker=OK, colleague=MISSING, stranger=MISSING,
                                         supervisor=OK, supervisor_b=MISSING, attorney=AGENCYS, attorney2=MISSING,
                                         clerk=FORBID)),
    # The draft is approved before each request (see the test): approving or sending it back again is
    # refused as a conflict (409), a send-back without a comment is asked again (422).
    ("GET", f"/drafts/{D}/approve", dict(anonymous=LOGIN, worker=FORBID, colleague=FORBID, stranger=FORBID,
                                          supervisor=OK, supervisor_b=MISSING, attorney=FORBID, attorney2=FORBID,
                                          clerk=FORBID)),
    ("POST", f"/drafts/{D}/approve", dict(anonymous=LOGIN, worker=FORBID, colleague=FORBID, stranger=FORBID,
                                           supervisor=409, supervisor_b=MISSING, attorney=FORBID, attorney2=FORBID,
                                           clerk=FORBID)),
    ("GET", f"/drafts/{D}/send-back", dict(anonymous=LOGIN, worker=FORBID, colleague=FORBID, stranger=FORBID,
                                            supervisor=OK, supervisor_b=MISSING, attorney=FORBID, attorney2=FORBID,
                                            clerk=FORBID)),
    ("POST", f"/drafts/{D}/send-back", dict(anonymous=LOGIN, worker=FORBID, colleague=FORBID, stranger=FORBID,
                                             supervisor=422, supervisor_b=MISSING, attorney=FORBID, attorney2=FORBID,
                                             clerk=FORBID)),
    ("POST", f"/drafts/{D}/submit", dict(anonymous=LOGIN, worker=409, colleague=MISSING, stranger=MISSING,
                                          supervisor=FORBID, supervisor_b=FORBID, attorney=FORBID, attorney2=FORBID,
                                          clerk=FORBID)),
    ("GET", "/queue", dict(anonymous=LOGIN, worker=FORBID, colleague=FORBID, stranger=FORBID, supervisor=OK,
                           supervisor_b=OK, attorney=FORBID, attorney2=FORBID, clerk=FORBID)),
    ("GET", f"/drafts/{D}/versions", dict(anonymous=LOGIN, worker=OK, colleague=MISSING, stranger=MISSING,
                                           supervisor=OK, supervisor_b=MISSING, attorney=FORBID, attorney2=FORBID,
                                           clerk=FORBID)),
    ("GET", f"/drafts/{D}/versions?a=1&b=1", dict(anonymous=LOGIN, worker=OK, colleague=MISSING, stranger=MISSING,
                                                   supervisor=OK, supervisor_b=MISSING, attorney=FORBID,
                                                   attorney2=FORBID, clerk=FORBID)),
    ("GET", f"/drafts/{D}/versions?a=1&b=9", dict(anonymous=LOGIN, worker=MISSING, colleague=MISSING,
                                                   stranger=MISSING, supervisor=MISSING, supervisor_b=MISSING,
                                                   attorney=FORBID, attorney2=FORBID, clerk=FORBID)),
    ("GET", f"/drafts/{D}/versions/1/nonsense", dict(anonymous=LOGIN, worker=MISSING, colleague=MISSING,
                                                      stranger=MISSING, supervisor=MISSING, supervisor_b=MISSING,
                                                      attorney=MISSING, attorney2=MISSING, clerk=FORBID)),
    ("GET", f"/drafts/{D}/versions/9/pdf", dict(anonymous=LOGIN, worker=MISSING, colleague=MISSING,
                                                 stranger=MISSING, supervisor=MISSING, supervisor_b=MISSING,
                                                 attorney=MISSING, attorney2=MISSING, clerk=FORBID)),
]
CASES = [(m, p, who, want) for m, p, table in MATRIX for who, want in table.items()]


@pytest.mark.parametrize(("method", "path", "who", "expected"), CASES,
                         ids=[f"{m} {p} as {w}" for m, p, w, _ in CASES])
def test_route_role_matrix(client: FlaskClient, auth: AuthActions, store: Store, people: dict[str, int], method: str,
                           path: str, who: str, expected: Any) -> None:
    approve_draft(store, people["draft"])  # so that the attorney's pages have the agency's report to show
    url = path.format(draft=people["draft"])
    data: dict[str, str] = {}
    if who != "anonymous":
        auth.login(who)
        data["csrf_token"] = auth.csrf("/login")
    if path.endswith("/child") or path.endswith("/autosave"):
        data["version"] = "1"
    headers = {"X-Requested-With": "fetch"} if path.endswith("/autosave") else {}
    response = client.open(url, method=method, data=data if method == "POST" else None, headers=headers)
    if expected == LOGIN:
        assert response.status_code == 302 and "/login" in response.headers["Location"]
    else:
        assert response.status_code == expected


def test_sharing_lets_a_colleague_edit(client: FlaskClient, auth: AuthActions, people: dict[str, int]) -> None:
    auth.login("worker")
    token = auth.csrf("/drafts")
    client.post(f"/drafts/{people['draft']}/share", data={"username": "colleague", "csrf_token": token})
    auth.logout()
    auth.login("colleague")
    assert client.get(f"/drafts/{people['draft']}/step/child").status_code == 200
    listing = client.get("/drafts").get_data(as_text=True)
    assert "shared with you" in listing


def test_assigning_lets_an_attorney_read_but_not_a_wrong_role(client: FlaskClient, auth: AuthActions,
                                                               people: dict[str, int]) -> None:
    draft = people["draft"]
    auth.login("worker")
    token = auth.csrf("/drafts")
    refused = client.post(f"/drafts/{draft}/assign", data={"username": "colleague", "csrf_token": token},
                          follow_redirects=True)
    assert "No attorney has that username." in refused.get_data(as_text=True)
    done = client.post(f"/drafts/{draft}/assign", data={"username": "attorney2", "csrf_token": token},
                       follow_redirects=True)
    assert "Assigned to" in done.get_data(as_text=True)
    auth.logout()
    auth.login("attorney2")
    # the working draft's pages send the attorney to the agency's report (no version approved yet here)
    sent = client.get(f"/drafts/{draft}/review")
    assert sent.status_code == 303 and sent.headers["Location"].endswith(f"/attorney/cases/{draft}")
    assert client.post(f"/drafts/{draft}/step/child", data={"csrf_token": auth.csrf("/attorney/"),
                                                            "version": "1"}).status_code == 403
