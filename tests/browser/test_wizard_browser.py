"""The wizard in a real browser: keyboard only, live findings, autosave, conflicts, downloads, axe."""

from __future__ import annotations

import http.server
import io
import json
import re
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from playwright.sync_api import BrowserContext, Page, expect
from pypdf import PdfReader

from reportgen.schema import dump_case, load_case
from reportgen.web import get_store
from reportgen.web.checking import page_keys
from reportgen.web.forms import children_of, load_spec, upgrade

from .conftest import RENDER_TIMEOUT, ROOT, axe_violations, login
from .keyboard import fill_step, targets

EXAMPLE = ROOT / "examples" / "01-complete-sibling-group.json"


def prune(value: Any) -> Any:
    """Drop unanswered values so a stored draft and the example compare by content."""
    if isinstance(value, dict):
        out = {k: prune(v) for k, v in value.items()}
        return {k: v for k, v in out.items() if v not in (None, {}, [])}
    if isinstance(value, list):
        return [prune(v) for v in value]
    return value


def first_child(case: dict[str, Any]) -> dict[str, Any]:
    """The first child of a stored draft, read as 2.0 (a demo draft is stored as its example file)."""
    return children_of(upgrade(case))[0]


def with_wizard_ids(raw: dict[str, Any]) -> dict[str, Any]:
    """The case with its children's ids as the wizard gives them when each is added (c1, c2, ...),
    and every reference to a child (a sibling entry, a parent's children) following its child."""
    ids = {c["id"]: f"c{i + 1}" for i, c in enumerate(raw.get("children") or [])}
    for child in raw.get("children") or []:
        child["id"] = ids[child["id"]]
        for sibling in child.get("siblings") or []:
            if sibling.get("child_id"):
                sibling["child_id"] = ids[sibling["child_id"]]
    for parent in raw.get("parents") or []:
        if parent.get("children"):
            parent["children"] = [ids[c] for c in parent["children"]]
    return raw


def example_draft_id(app: Flask) -> int:
    store = get_store(app)
    worker = store.user_by_name("worker")
    assert worker is not None
    return min(d.id for d in store.visible_drafts(worker))


def test_a_worker_fills_a_complete_case_with_the_keyboard(page: Page, server: tuple[str, Flask]) -> None:
    base, app = server
    login(page, base)
    expect(page.get_by_role("heading", name="Your reports")).to_be_visible()
    for _ in range(30):
        page.keyboard.press("Tab")
        if page.evaluate("() => document.activeElement.textContent.trim()") == "Start a new report":
            break
    with page.expect_navigation():
        page.keyboard.press("Enter")
    draft_id = int(re.search(r"/drafts/(\d+)/", page.url).group(1))  # type: ignore[union-attr]
    raw = with_wizard_ids(dump_case(load_case(json.loads(EXAMPLE.read_text(encoding="utf-8")))))
    raw["supervisor"].pop("approved_date", None)  # no longer asked: the approval is the supervisor's own act
    spec = load_spec()
    kids = children_of(raw)
    for step, child in page_keys(spec, [(str(c["id"]), "") for c in kids]):
        where = f"/step/{step.id}" + (f"?child={kids[child]['id']}" if child is not None else "")
        assert page.url.endswith(where), (page.url, where)
        values, counts = targets(spec, step.id, raw, child)
        fill_step(page, values, counts)
    assert page.url.endswith(f"/drafts/{draft_id}/review")
    stored = get_store(app).get_draft(draft_id)
    assert stored is not None
    assert prune(dump_case(load_case(stored.case))) == prune(dump_case(load_case(raw)))
    expect(page.get_by_role("heading", name=re.compile("Open objections \\(0\\)"))).to_be_visible()


def test_cp101_appears_and_disappears_as_the_worker_goes(page: Page, server: tuple[str, Flask]) -> None:
    base, app = server
    login(page, base)
    draft_id = example_draft_id(app)
    page.goto(f"{base}/drafts/{draft_id}/step/concurrent_plan")
    feedback = page.locator("#f-children-0-concurrent-plan-goal-fb")
    expect(feedback).not_to_contain_text("CP101")
    page.locator("#f-children-0-concurrent-plan-goal").select_option("")
    expect(feedback).to_contain_text("Objection CP101", timeout=10_000)
    expect(page.locator('#progress-list li[data-step^="concurrent_plan:"]').first).to_contain_text("1 objection")
    page.locator("#f-children-0-concurrent-plan-goal").select_option("adoption")
    expect(feedback).not_to_contain_text("CP101", timeout=10_000)
    expect(page.locator("#save-status")).to_contain_text("Saved at")


def test_autosave_survives_a_reload_and_an_outage(page: Page, context: BrowserContext,
                                                 server: tuple[str, Flask]) -> None:
    base, app = server
    login(page, base)
    draft_id = example_draft_id(app)
    url = f"{base}/drafts/{draft_id}/step/wishes"
    page.goto(url)
    box = page.locator("#f-children-0-case-plan-input")
    box.fill("Sofia asked to keep her dance class.")
    expect(page.locator("#save-status")).to_contain_text("Saved at", timeout=10_000)
    page.reload()
    expect(box).to_have_value("Sofia asked to keep her dance class.")
    context.set_offline(True)
    box.fill("Typed while the network was down.")
    expect(page.locator("#save-status")).to_contain_text("Not saved — retrying", timeout=10_000)
    context.set_offline(False)
    page.evaluate("() => window.dispatchEvent(new Event('online'))")
    expect(page.locator("#save-status")).to_contain_text("Saved at", timeout=15_000)
    page.reload()
    expect(box).to_have_value("Typed while the network was down.")


def test_a_second_tab_gets_the_conflict_message(context: BrowserContext, server: tuple[str, Flask]) -> None:
    base, app = server
    first = context.new_page()
    login(first, base)
    draft_id = example_draft_id(app)
    url = f"{base}/drafts/{draft_id}/step/wishes"
    first.goto(url)
    second = context.new_page()
    second.goto(url)
    first.locator("#f-children-0-wishes").fill("Written in the first tab.")
    expect(first.locator("#save-status")).to_contain_text("Saved at", timeout=10_000)
    second.locator("#f-children-0-wishes").fill("Written in the second tab.")
    conflict = second.locator("#conflict-live")
    expect(conflict).to_contain_text("This report was changed elsewhere", timeout=10_000)
    expect(conflict).to_contain_text("Written in the first tab.")
    expect(conflict).to_contain_text("Written in the second tab.")
    second.get_by_role("button", name="Keep my version").click()
    expect(second.locator("#save-status")).to_contain_text("Saved at", timeout=10_000)


def test_the_pdf_downloads_and_reads_back(page: Page, server: tuple[str, Flask]) -> None:
    base, app = server
    login(page, base)
    draft_id = example_draft_id(app)
    page.goto(f"{base}/drafts/{draft_id}/review")
    with page.expect_download(timeout=RENDER_TIMEOUT) as info:
        page.get_by_role("link", name="Download PDF").click(timeout=RENDER_TIMEOUT)
    data = Path(info.value.path()).read_bytes()
    assert data.startswith(b"%PDF")
    text = "\n".join(p.extract_text() or "" for p in PdfReader(io.BytesIO(data)).pages)
    assert "JV-2026-004817" in text


def test_no_axe_violations_on_every_page(page: Page, server: tuple[str, Flask], shots: Path) -> None:
    base, app = server
    page.goto(f"{base}/login")
    assert axe_violations(page) == [], "login page"
    page.screenshot(path=str(shots / "wizard-login.png"))
    login(page, base)
    draft_id = example_draft_id(app)
    for step in load_spec().steps:
        page.goto(f"{base}/drafts/{draft_id}/step/{step.id}")
        assert axe_violations(page) == [], step.id
        page.screenshot(path=str(shots / f"wizard-{step.id}.png"), full_page=False)
    page.goto(f"{base}/drafts/{draft_id}/step/children#f-children-0-dob")  # a link to the field opens its entry
    page.locator("#f-children-0-dob").fill("not a date")
    with page.expect_navigation():
        page.get_by_role("button", name="Save", exact=True).first.click()
    expect(page.locator("#error-summary")).to_be_focused()
    assert axe_violations(page) == [], "step with an error summary"
    page.screenshot(path=str(shots / "wizard-error-summary.png"))
    page.locator("#f-children-0-dob").fill("2020-03-15")
    with page.expect_navigation():
        page.get_by_role("button", name="Save", exact=True).first.click()
    page.goto(f"{base}/drafts/{draft_id}/review")
    assert axe_violations(page) == [], "review page"
    page.screenshot(path=str(shots / "wizard-review.png"))
    page.goto(f"{base}/drafts")
    assert axe_violations(page) == [], "list of drafts"


@pytest.mark.parametrize("expiry", ["cookie deleted", "sessions ended"])
def test_text_typed_when_the_session_expired_is_offered_back_after_login(
    page: Page, context: BrowserContext, server: tuple[str, Flask], expiry: str
) -> None:
    base, app = server
    store = get_store(app)
    login(page, base)
    draft_id = example_draft_id(app)
    page.goto(f"{base}/drafts/{draft_id}/step/education_health")
    text = f"Typed after the session had ended ({expiry})."
    if expiry == "cookie deleted":
        context.clear_cookies()
    else:
        worker = store.user_by_name("worker")
        assert worker is not None
        store.end_sessions(worker.id)
    box = page.locator("#f-children-0-health-summary")
    box.fill(text)
    with page.expect_navigation():
        page.get_by_role("button", name="Save", exact=True).first.click()
    assert "/login" in page.url
    page.locator("#username").fill("worker")
    page.locator("#password").fill("demo-worker")
    with page.expect_navigation():
        page.get_by_role("button", name="Log in").click()
    assert re.search(rf"/drafts/{draft_id}/step/education_health(\?child=\w+)?$", page.url), page.url
    kept = page.locator("#kept-text")
    expect(kept).to_be_visible()
    expect(kept).to_contain_text("Text you typed that was not saved")
    expect(kept.locator("td").first).to_have_text(text)
    expect(box).not_to_have_value(text)  # offered, not applied
    assert axe_violations(page) == [], "step page offering kept text"
    page.wait_for_timeout(1500)  # longer than autosave's delay: nothing may be sent by itself
    stored = store.get_draft(draft_id)
    assert stored is not None and first_child(stored.case)["health"].get("summary") != text
    page.get_by_role("button", name="Restore what you typed").click()
    expect(box).to_have_value(text)
    expect(kept).to_be_hidden()
    stored = store.get_draft(draft_id)
    assert stored is not None and first_child(stored.case)["health"].get("summary") != text
    with page.expect_navigation():
        page.get_by_role("button", name="Save", exact=True).first.click()
    stored = store.get_draft(draft_id)
    assert stored is not None and first_child(stored.case)["health"]["summary"] == text
    expect(page.locator("#kept-text")).to_be_hidden()  # saved: nothing left to offer


def test_kept_text_can_be_discarded(page: Page, context: BrowserContext, server: tuple[str, Flask]) -> None:
    base, app = server
    login(page, base)
    draft_id = example_draft_id(app)
    before = get_store(app).get_draft(draft_id)
    keep_text_unsaved(page, context, base, draft_id, "Typed, then thrown away.")
    login(page, base)
    page.goto(f"{base}/drafts/{draft_id}/step/education_health")
    expect(page.locator("#kept-text")).to_contain_text("Typed, then thrown away.")
    page.get_by_role("button", name="Discard it").click()
    expect(page.locator("#kept-text")).to_be_hidden()
    page.reload()
    expect(page.locator("#kept-text")).to_be_hidden()
    after = get_store(app).get_draft(draft_id)
    assert before is not None and after is not None and after.version == before.version


ATTACK = """<!doctype html><html><body>
<form id="f" method="post" action="{action}">
  <input name="recommended.disposition_option" value="dismiss">
  <textarea name="recommended.findings">{text}</textarea>
  <input name="action" value="save">
</form>
<script>document.getElementById("f").submit();</script>
</body></html>"""


@pytest.fixture
def foreign_site() -> Iterator[tuple[str, dict[str, bytes]]]:
    """A second origin (another port on 127.0.0.1) serving whatever page a test puts in ``pages``."""
    pages: dict[str, bytes] = {}

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 (the standard library's name)
            body = pages.get(self.path, b"")
            self.send_response(200 if body else 404)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: Any) -> None:
            pass

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_port}", pages
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(timeout=10)


@pytest.mark.parametrize("logged_in", [False, True], ids=["logged-out", "logged-in"])
def test_a_foreign_page_posting_to_a_step_changes_nothing_and_nothing_is_offered(
    page: Page, server: tuple[str, Flask], foreign_site: tuple[str, dict[str, bytes]], logged_in: bool
) -> None:
    base, app = server
    foreign, pages = foreign_site
    draft_id = example_draft_id(app)
    step = f"{base}/drafts/{draft_id}/step/orders"
    text = "Posted by another website."
    pages["/attack.html"] = ATTACK.format(action=step, text=text).encode()
    if logged_in:
        login(page, base)
        page.goto(step)  # the worker has the step open in this browser
    before = get_store(app).get_draft(draft_id)
    with page.expect_navigation(url=step):
        page.goto(f"{foreign}/attack.html")
    expect(page.get_by_role("heading", name="Refused: sent from another website")).to_be_visible()
    assert text not in page.content()
    if not logged_in:
        login(page, base)
    page.goto(step)
    expect(page.get_by_role("heading", name="Recommended findings and orders")).to_be_visible()
    expect(page.locator("#kept-text")).to_be_hidden()
    assert text not in page.content()
    expect(page.locator("#f-recommended-disposition-option")).not_to_have_value("dismiss")
    after = get_store(app).get_draft(draft_id)
    assert before is not None and after is not None
    assert (after.version, after.case_json) == (before.version, before.case_json)


def stored_keys(page: Page) -> list[str]:
    return list(page.evaluate("() => Object.keys(localStorage).filter(k => k.startsWith('reportgen:'))"))


def keep_text_unsaved(page: Page, context: BrowserContext, base: str, draft_id: int,
                      text: str = "Unsaved text about medication.") -> None:
    """Type on a step after the session has ended: the text stays in this browser only."""
    page.goto(f"{base}/drafts/{draft_id}/step/education_health")
    context.clear_cookies()
    page.locator("#f-children-0-health-medications").fill(text)
    expect(page.locator("#save-status")).to_contain_text("your session has ended", timeout=10_000)
    assert stored_keys(page), "the unsaved text is kept in this browser (so the checks below are not vacuous)"


def test_unsaved_text_is_cleared_from_the_browser_at_logout(
    page: Page, context: BrowserContext, server: tuple[str, Flask]
) -> None:
    base, app = server
    login(page, base)
    keep_text_unsaved(page, context, base, example_draft_id(app))
    login(page, base)  # the same worker again: their own kept text stays
    assert stored_keys(page)
    with page.expect_navigation():
        page.get_by_role("button", name="Log out").click()
    assert page.url.endswith("/login")
    assert stored_keys(page) == []


def test_unsaved_text_of_another_user_is_cleared_at_their_login(
    page: Page, context: BrowserContext, server: tuple[str, Flask]
) -> None:
    base, app = server
    login(page, base)
    keep_text_unsaved(page, context, base, example_draft_id(app))
    worker = get_store(app).user_by_name("worker")
    assert worker is not None and all(k.startswith(f"reportgen:u:{worker.id}:") for k in stored_keys(page))
    login(page, base, "supervisor")  # the worker walked away; the supervisor logs in on this browser
    assert page.url.endswith("/drafts")
    assert stored_keys(page) == []


def test_a_date_typed_with_the_keyboard_is_saved_as_iso(page: Page, server: tuple[str, Flask]) -> None:
    base, app = server
    login(page, base)
    with page.expect_navigation():
        page.get_by_role("button", name="Start a new report").click()
    draft_id = int(re.search(r"/drafts/(\d+)/", page.url).group(1))  # type: ignore[union-attr]
    field = page.locator("#f-dates-jurisdiction-hearing-date")
    field.focus()
    page.keyboard.type("11/16/26")
    expect(page.locator("#save-status")).to_contain_text(re.compile(r"Saved at \d\d:\d\d P[SD]T"), timeout=10_000)
    stored = get_store(app).get_draft(draft_id)
    assert stored is not None and stored.case["dates"]["jurisdiction_hearing_date"] == "2026-11-16"
    # Once the facts it needs are saved, the disposition deadline appears beside the hearing date.
    deadline = page.locator("#f-dates-disposition-hearing-date-deadline")
    expect(deadline).to_be_hidden()
    page.locator("#f-dates-detained-false").check()
    expect(deadline).to_contain_text("Deadline: 2026-12-16 — Disposition hearing (latest date), WIC §358(a)(2)",
                                     timeout=10_000)
    # The browser's calendar: its button is shown by the script and the date chosen lands in the field as ISO.
    calendar = page.locator('button.date-button[data-date-for="f-dates-disposition-hearing-date"]')
    expect(calendar).to_be_visible()
    page.evaluate("""() => {
      const picker = document.querySelector('input.date-picker[data-date-for="f-dates-disposition-hearing-date"]');
      picker.value = "2026-11-30";
      picker.dispatchEvent(new Event("change", {bubbles: true}));
    }""")
    expect(page.locator("#f-dates-disposition-hearing-date")).to_have_value("2026-11-30")
    expect(page.locator("#f-dates-disposition-hearing-date")).to_be_focused()
    with page.expect_navigation():
        page.keyboard.press("Enter")  # the form's first button: Save
    stored = get_store(app).get_draft(draft_id)
    assert stored is not None and stored.case["dates"]["disposition_hearing_date"] == "2026-11-30"
    expect(page.locator("#f-dates-jurisdiction-hearing-date")).to_have_value("2026-11-16")
    assert axe_violations(page) == []
