"""Dates as workers type them, times in the court's zone, deadlines beside the dates."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from flask.testing import FlaskClient
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from reportgen import timeline
from reportgen.clock import local_time
from reportgen.store import Approval, Draft, Store
from reportgen.web.forms import coerce, typed_date

from .conftest import CSRF_RE, AuthActions, approve_draft, example_case, form_of

WINTER = dt.datetime(2026, 12, 2, 17, 15)  # naive UTC, as the store keeps it: 09:15 in Los Angeles
SUMMER = dt.datetime(2026, 7, 1, 17, 15)  # 10:15 in Los Angeles (daylight time)


def step_url(draft: int, step: str) -> str:
    return f"/drafts/{draft}/step/{step}"


@pytest.fixture
def worker(client: FlaskClient, auth: AuthActions, people: dict[str, int]) -> dict[str, int]:
    auth.login("worker")
    return people


# --- dates as typed ------------------------------------------------------------------------


@pytest.mark.parametrize("typed", ["12/02/2026", "12/2/26", "2026-12-02", "  12/2/2026 ", "2026-12-2", "12/02/26"])
def test_the_ways_people_type_a_date_are_stored_as_iso(typed: str) -> None:
    assert coerce("children[0].dob", typed) == "2026-12-02"


@pytest.mark.parametrize("typed", ["2/30/2026", "13/02/2026", "15 March, I think", "12-02-2026", "12/02/026",
                                   "2026/12/02", "\u0661\u0662/\u0660\u0662/\u0662\u0660\u0662\u0666", "0/12/2026"])
def test_anything_else_is_kept_as_typed_for_the_schema_to_name(typed: str) -> None:
    assert typed_date(typed.strip()) == typed.strip()
    assert coerce("children[0].dob", typed) == typed.strip()


@settings(max_examples=40, deadline=None)
@given(st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2099, 12, 31)),
       st.sampled_from(["{m}/{d}/{y}", "{m:02}/{d:02}/{y}", "{m}/{d}/{yy:02}", "{y}-{m:02}-{d:02}", "{y}-{m}-{d}"]))
def test_every_date_in_every_way_reads_back_as_itself(day: dt.date, pattern: str) -> None:
    typed = pattern.format(m=day.month, d=day.day, y=day.year, yy=day.year % 100)
    assert typed_date(typed) == day.isoformat()


def test_yes_no_and_counts_stay_strict() -> None:
    assert coerce("dates.detained", "1") == "1" and coerce("dates.detained", "true") is True
    assert coerce("relatives.identified_count", "12/2/26") == "12/2/26"
    assert coerce("relatives.identified_count", " 3 ") == 3


def test_a_date_typed_with_slashes_is_saved_as_iso(client: FlaskClient, store: Store,
                                                   worker: dict[str, int]) -> None:
    values = form_of(client.get(step_url(worker["draft"], "children")).get_data(as_text=True))
    values["children[0].dob"] = " 3/7/15 "
    response = client.post(step_url(worker["draft"], "children"), data=values | {"action": "save"})
    assert response.status_code == 303
    draft = store.get_draft(worker["draft"])
    assert draft is not None and draft.case["children"][0]["dob"] == "2015-03-07"
    page = client.get(step_url(worker["draft"], "children")).get_data(as_text=True)
    assert 'value="2015-03-07"' in page


def test_a_bad_date_is_shown_back_in_a_text_input_with_an_example(client: FlaskClient, store: Store,
                                                                   worker: dict[str, int]) -> None:
    values = form_of(client.get(step_url(worker["draft"], "children")).get_data(as_text=True))
    values["children[0].dob"] = "15 March, I think"
    response = client.post(step_url(worker["draft"], "children"), data=values | {"action": "save"})
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    field = re.search(r'<input id="f-children-0-dob"[^>]*>', html)
    assert field and 'type="text"' in field.group(0) and 'value="15 March, I think"' in field.group(0)
    feedback = html[html.index('id="f-children-0-dob-fb"'):][:600]
    assert "write it as 12/02/2026 or 2026-12-02" in feedback
    draft = store.get_draft(worker["draft"])
    assert draft is not None and draft.case["children"][0]["dob"] == "15 March, I think"


def test_a_date_field_offers_the_calendar_without_posting_it(client: FlaskClient, worker: dict[str, int]) -> None:
    html = client.get(step_url(worker["draft"], "children")).get_data(as_text=True)
    picker = re.search(r'<input type="date" class="date-picker" data-date-for="f-children-0-dob"[^>]*>', html)
    assert picker and "name=" not in picker.group(0) and 'tabindex="-1"' in picker.group(0)
    button = re.search(r'<button type="button" class="secondary date-button" data-date-for="f-children-0-dob" hidden>', html)
    assert button, "the calendar button (shown by wizard.js) is missing"
    dobs = [k for k in form_of(html) if "dob" in k]  # one text field a child: the picker posts nothing
    assert "children[0].dob" in dobs and dobs == [f"children[{i}].dob" for i in range(len(dobs))]
    assert html.count('class="date-picker"') == len(dobs)


# --- times in the court's zone ---------------------------------------------------------------


@pytest.mark.parametrize(("at", "shown"), [
    (WINTER, "2026-12-02 09:15 PST"),
    (SUMMER, "2026-07-01 10:15 PDT"),
    (dt.datetime(2026, 3, 8, 10, 30), "2026-03-08 03:30 PDT"),  # an hour after the spring change
    (dt.datetime(2026, 12, 3, 2, 0), "2026-12-02 18:00 PST"),  # already tomorrow in UTC
    (WINTER.replace(tzinfo=dt.UTC), "2026-12-02 09:15 PST"),
])
def test_a_stored_utc_time_shows_in_los_angeles_with_its_zone(at: dt.datetime, shown: str,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("REPORTGEN_TZ", raising=False)
    assert local_time(at) == shown


def test_the_zone_is_configurable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("REPORTGEN_TZ", "America/New_York")
    assert local_time(WINTER, "%H:%M") == "12:15 EST"
    assert local_time(SUMMER, "%H:%M") == "13:15 EDT"


@pytest.mark.parametrize(("now", "shown"), [(WINTER, "Saved at 09:15 PST."), (SUMMER, "Saved at 10:15 PDT.")])
def test_saved_at_says_its_zone(client: FlaskClient, worker: dict[str, int], monkeypatch: pytest.MonkeyPatch,
                                now: dt.datetime, shown: str) -> None:
    monkeypatch.setattr("reportgen.web.wizard.now_utc", lambda: now.replace(tzinfo=dt.UTC))
    values = form_of(client.get(step_url(worker["draft"], "children")).get_data(as_text=True))
    response = client.post(step_url(worker["draft"], "children"), data=values | {"action": "save"},
                           follow_redirects=True)
    assert shown in response.get_data(as_text=True)
    token = CSRF_RE.search(response.get_data(as_text=True))
    assert token
    auto = client.post(step_url(worker["draft"], "children") + "/autosave", data=values | {"csrf_token": token.group(1)})
    assert auto.status_code == 200 and auto.get_json()["saved_at"] == shown.removeprefix("Saved at ").rstrip(".")


def test_the_step_form_names_the_zone_for_the_script(client: FlaskClient, worker: dict[str, int],
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("REPORTGEN_TZ", "America/Denver")
    html = client.get(step_url(worker["draft"], "children")).get_data(as_text=True)
    assert 'data-time-zone="America/Denver"' in html


def test_the_drafts_list_and_the_approval_show_local_times(client: FlaskClient, store: Store,
                                                           worker: dict[str, int]) -> None:
    approve_draft(store, worker["draft"])
    with store.write() as session:
        draft = session.get(Draft, worker["draft"])
        assert draft is not None
        draft.updated_at = SUMMER
        approval = session.scalars(select(Approval).where(Approval.draft_id == worker["draft"])).one()
        approval.approved_at = WINTER
    listing = client.get("/drafts").get_data(as_text=True)
    assert "<td>2026-07-01 10:15 PDT</td>" in listing
    review = client.get(f"/drafts/{worker['draft']}/review").get_data(as_text=True)
    assert "Version 1 approved by <bdi>supervisor</bdi> on 2026-12-02 09:15 PST." in review


# --- deadlines beside the dates ---------------------------------------------------------------


def test_the_disposition_deadline_is_shown_beside_the_hearing_date(client: FlaskClient,
                                                                    worker: dict[str, int]) -> None:
    due = timeline.entry(timeline.compute(example_case()), "disposition_deadline")
    assert due is not None and due.date is not None
    html = client.get(step_url(worker["draft"], "case")).get_data(as_text=True)
    box = re.search(r'<div class="deadline" id="f-dates-disposition-hearing-date-deadline">(.*?)</div>', html, re.S)
    assert box, "no deadline beside the disposition hearing date"
    assert f"Deadline: {due.date.isoformat()}" in box.group(1) and "WIC §358(a)(1)" in box.group(1)
    field = re.search(r'<input id="f-dates-disposition-hearing-date"[^>]*>', html)
    assert field and "f-dates-disposition-hearing-date-deadline" in field.group(0)  # read out with the field
    orders = client.get(step_url(worker["draft"], "orders")).get_data(as_text=True)
    six = timeline.entry(timeline.compute(example_case()), "six_month_review")
    assert six is not None and six.date is not None
    assert f"Deadline: {six.date.isoformat()} — Six-month review hearing (latest date), WIC §366.21(e)" in orders


def test_no_deadline_is_shown_when_the_timeline_cannot_know_it(client: FlaskClient,
                                                                worker: dict[str, int]) -> None:
    token = CSRF_RE.search(client.get("/drafts").get_data(as_text=True))
    assert token
    created = client.post("/drafts/new", data={"csrf_token": token.group(1)})
    html = client.get(created.headers["Location"]).get_data(as_text=True)
    assert "Deadline:" not in html
    assert '<div class="deadline" id="f-dates-disposition-hearing-date-deadline" hidden></div>' in html


def test_autosave_brings_the_deadline_once_its_facts_are_typed(client: FlaskClient, worker: dict[str, int]) -> None:
    token = CSRF_RE.search(client.get("/drafts").get_data(as_text=True))
    assert token
    url = client.post("/drafts/new", data={"csrf_token": token.group(1)}).headers["Location"]
    values = form_of(client.get(url).get_data(as_text=True))
    values |= {"dates.detained": "false", "dates.jurisdiction_hearing_date": "11/2/36"}
    body = client.post(url + "/autosave", data=values).get_json()
    slot = next(d for d in body["feedback"]["deadlines"] if d["id"] == "f-dates-disposition-hearing-date-deadline")
    assert slot["lines"] == ["Deadline: 2036-12-02 — Disposition hearing (latest date), WIC §358(a)(2); CRC 5.686(a)"]
    html = client.get(url).get_data(as_text=True)
    assert "Deadline: 2036-12-02 — Disposition hearing (latest date)" in html


def test_the_clerks_batch_shows_when_each_file_was_received(client: FlaskClient, store: Store, auth: AuthActions,
                                                             people: dict[str, int]) -> None:
    from reportgen.intake_store import IntakeFile

    auth.login("clerk")
    with store.write() as session:
        session.add(IntakeFile(user_id=people["clerk"], clerk="clerk", batch="b1", received_at=SUMMER, status="done",
                               verified_at=SUMMER, filename="a.pdf", digest="0" * 64, result="pass"))
    html = client.get("/intake/batches/b1").get_data(as_text=True)
    assert '<th scope="col">Received</th>' in html and "<td>2026-07-01 10:15 PDT</td>" in html


def test_a_misspelt_zone_stops_the_app_at_start(db_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    from .conftest import make_app

    monkeypatch.setenv("REPORTGEN_TZ", "America/Los_Angles")
    with pytest.raises(ValueError, match="REPORTGEN_TZ='America/Los_Angles' is not a time zone name"):
        make_app(db_url)
