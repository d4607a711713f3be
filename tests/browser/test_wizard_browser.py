"""The wizard in a real browser: keyboard only, live findings, autosave, conflicts, downloads, axe."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path
from typing import Any

from flask import Flask
from playwright.sync_api import BrowserContext, Page, expect
from pypdf import PdfReader

from reportgen.schema import dump_case, load_case
from reportgen.web import get_store
from reportgen.web.forms import load_spec

from .conftest import ROOT, axe_violations, login
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
    raw = json.loads(EXAMPLE.read_text(encoding="utf-8"))
    spec = load_spec()
    for step in spec.steps:
        assert page.url.endswith(f"/step/{step.id}"), page.url
        values, counts = targets(spec, step.id, raw)
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
    feedback = page.locator("#f-concurrent-plan-goal-fb")
    expect(feedback).not_to_contain_text("CP101")
    page.locator("#f-concurrent-plan-goal").select_option("")
    expect(feedback).to_contain_text("Objection CP101", timeout=10_000)
    expect(page.locator('#progress-list li[data-step="concurrent_plan"]')).to_contain_text("has objections")
    page.locator("#f-concurrent-plan-goal").select_option("adoption")
    expect(feedback).not_to_contain_text("CP101", timeout=10_000)
    expect(page.locator("#save-status")).to_contain_text("Saved at")


def test_autosave_survives_a_reload_and_an_outage(page: Page, context: BrowserContext,
                                                 server: tuple[str, Flask]) -> None:
    base, app = server
    login(page, base)
    draft_id = example_draft_id(app)
    url = f"{base}/drafts/{draft_id}/step/wishes"
    page.goto(url)
    box = page.locator("#f-child-case-plan-input")
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
    first.locator("#f-child-wishes").fill("Written in the first tab.")
    expect(first.locator("#save-status")).to_contain_text("Saved at", timeout=10_000)
    second.locator("#f-child-wishes").fill("Written in the second tab.")
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
    with page.expect_download() as info:
        page.get_by_role("link", name="Download PDF").click()
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
    page.goto(f"{base}/drafts/{draft_id}/step/child")
    page.locator("#f-child-dob").fill("not a date")
    with page.expect_navigation():
        page.get_by_role("button", name="Save", exact=True).first.click()
    expect(page.locator("#error-summary")).to_be_focused()
    assert axe_violations(page) == [], "step with an error summary"
    page.screenshot(path=str(shots / "wizard-error-summary.png"))
    page.locator("#f-child-dob").fill("2020-03-15")
    with page.expect_navigation():
        page.get_by_role("button", name="Save", exact=True).first.click()
    page.goto(f"{base}/drafts/{draft_id}/review")
    assert axe_violations(page) == [], "review page"
    page.screenshot(path=str(shots / "wizard-review.png"))
    page.goto(f"{base}/drafts")
    assert axe_violations(page) == [], "list of drafts"


def test_text_typed_after_the_session_expired_is_restored_after_login(
    page: Page, context: BrowserContext, server: tuple[str, Flask]
) -> None:
    base, app = server
    login(page, base)
    draft_id = example_draft_id(app)
    page.goto(f"{base}/drafts/{draft_id}/step/wishes")
    context.clear_cookies()  # the session expires while the worker is typing
    box = page.locator("#f-child-wishes")
    box.fill("Typed after the session had ended.")
    expect(page.locator("#save-status")).to_contain_text("your session has ended", timeout=10_000)
    with page.expect_navigation():
        page.get_by_role("link", name="Log in again").click()
    page.locator("#username").fill("worker")
    page.locator("#password").fill("demo-worker")
    with page.expect_navigation():
        page.get_by_role("button", name="Log in").click()
    assert page.url.endswith(f"/drafts/{draft_id}/step/wishes")
    expect(box).to_have_value("Typed after the session had ended.")
    expect(page.locator("#save-status")).to_contain_text("Saved at", timeout=10_000)
    stored = get_store(app).get_draft(draft_id)
    assert stored is not None and stored.case["child"]["wishes"] == "Typed after the session had ended."
