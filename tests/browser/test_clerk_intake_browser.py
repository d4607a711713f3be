"""The clerk's batch in a real browser: a draft, a changed file and a good one are received at
once, the page shows them being verified, then three rows in the clerk's words; the log finds them again.
axe-core finds nothing on any of the pages."""

from __future__ import annotations

import re
import threading
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from playwright.sync_api import Page, expect

from reportgen.web import intake_queue
from tests.intake.conftest import append_incremental_update, resave

from .conftest import ROOT, axe_violations, login

RENDERED = ROOT / "examples" / "rendered"
GOOD, DRAFT = "good.pdf", "07-infant-12-month-period.pdf"
CHANGED_SAYS = "The file was changed after the agency produced it — ask the agency for the original."


def test_a_clerk_batch_shows_progress_then_each_result_in_words(page: Page, server: tuple[str, Flask],
                                                                tmp_path: Path, shots: Path,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    base, _ = server
    changed = tmp_path / "changed.pdf"
    changed.write_bytes(append_incremental_update((RENDERED / "06-appla-for-12-year-old.pdf").read_bytes()))
    # The complete example produced again (new bytes: the log takes each file once, and other tests send 01).
    good = tmp_path / GOOD
    good.write_bytes(resave((RENDERED / "01-complete-sibling-group.pdf").read_bytes(), "browser"))
    # Hold the background verification until the page has shown the batch waiting.
    release = threading.Event()
    real = intake_queue._verify

    def held(data: bytes, filename: str) -> Any:
        release.wait(60)
        return real(data, filename)

    monkeypatch.setattr(intake_queue, "_verify", held)
    try:
        login(page, base, "clerk")
        expect(page.get_by_role("heading", name="Verify received reports")).to_be_visible()
        page.get_by_label("PDF reports to verify").set_input_files([str(RENDERED / DRAFT), str(changed), str(good)])
        with page.expect_navigation():
            page.get_by_role("button", name="Verify", exact=True).click()

        status = page.locator("#batch-progress")
        expect(status).to_contain_text("Verifying: 0 of 3 files done.")
        expect(page.locator("progress#batch-meter")).to_have_attribute("max", "3")
        table = page.locator("table.intake-table")
        expect(table.locator("tbody tr")).to_have_count(3)
        expect(table.locator("td.result-waiting")).to_have_count(3)
        assert axe_violations(page) == [], "clerk batch being verified"
    finally:
        release.set()

    # The page's script polls the progress and shows the results when every file has one.
    expect(status).to_contain_text("All 3 files verified: 2 passed, 1 failed, 0 unreadable.", timeout=60_000)
    rows = {name: table.locator("tbody tr", has=page.get_by_role("rowheader", name=name))
            for name in (DRAFT, "changed.pdf", GOOD)}
    expect(rows[DRAFT].locator("td.result")).to_have_text("PASS")
    expect(rows[DRAFT].locator("td.report-status")).to_have_text("Draft — 1 objection open")
    expect(rows[GOOD].locator("td.result")).to_have_text("PASS")
    expect(rows[GOOD].locator("td.report-status")).to_have_text("Final")
    expect(rows["changed.pdf"].locator("td.result")).to_have_text("FAIL")
    expect(rows["changed.pdf"]).to_contain_text(f"unchanged: {CHANGED_SAYS}")
    # The technical reason is one click away.
    reason = rows["changed.pdf"].locator("li", has_text="unchanged").locator("details")
    expect(reason.locator("bdi")).not_to_be_visible()
    reason.get_by_text("Technical reason").click()
    expect(reason.locator("bdi")).to_be_visible()
    expect(reason.locator("bdi")).to_contain_text("the file was changed after it was produced")
    expect(rows[GOOD].locator("td").nth(0)).to_have_text(re.compile(r"^\d{4}-\d\d-\d\d \d\d:\d\d P[SD]T$"))
    assert axe_violations(page) == [], "clerk batch verified"
    page.screenshot(path=str(shots / "clerk-intake.png"), full_page=True)

    # The log keeps them: found again by case number, after logging out and in.
    page.get_by_role("button", name="Log out").click()
    login(page, base, "clerk")
    page.get_by_role("link", name="Search the intake log").first.click()
    page.get_by_label("Case number (or part of it)").fill("jv-2026-0")  # every example's, in any case
    with page.expect_navigation():
        page.get_by_role("button", name="Search").click()
    found = page.locator("table.intake-table tbody tr")
    expect(found.filter(has=page.get_by_role("rowheader", name=DRAFT))).to_have_count(1)
    expect(found.filter(has=page.get_by_role("rowheader", name="changed.pdf"))).to_contain_text(CHANGED_SAYS)
    assert axe_violations(page) == [], "clerk intake log"
