"""The attorney decides in a real browser: confirm one finding, dismiss another with a reason,
and the memo holds only the confirmed objection. axe-core checks each page."""

from __future__ import annotations

from pathlib import Path

from flask import Flask
from playwright.sync_api import Page, expect

from reportgen.review.memo import docx_text

from .conftest import RENDER_TIMEOUT, ROOT, axe_violations, login

#: A report made elsewhere on which the review objects twice (CP105, CP108), each read from its text.
FOREIGN = ROOT / "tests" / "review" / "corpus" / "docx" / "07-ventura-caregiver-no.docx"


def test_confirm_then_dismiss_with_a_reason_then_the_memo(page: Page, server: tuple[str, Flask],
                                                           shots: Path) -> None:
    base, _ = server
    login(page, base, "attorney")
    page.get_by_label("Report file").set_input_files(str(FOREIGN))
    with page.expect_navigation():
        page.get_by_role("button", name="Review the report").click()
    objections = page.locator("section", has=page.get_by_role("heading", name="Objections (2)"))
    confirm_108 = objections.get_by_role("button", name="Confirm CP108")
    expect(confirm_108).to_be_visible()
    expect(page.locator("#memo-title + p")).to_contain_text("2 findings read from the report's text await")
    assert axe_violations(page) == [], "a kept review before any decision"

    with page.expect_navigation():
        confirm_108.click()
    expect(objections.locator("li.finding", has_text="CP108")).to_contain_text("Confirmed: in the memo.")

    # A dismissal without a reason is refused, with the message beside the field; with one, it is kept.
    with page.expect_navigation():
        objections.get_by_role("button", name="Dismiss CP105").click()
    expect(page.get_by_role("heading", name="The decision was not saved")).to_be_visible()
    reason = page.get_by_label("Reason to dismiss CP105")
    expect(reason).to_have_attribute("aria-invalid", "true")
    assert axe_violations(page) == [], "a refused dismissal"
    reason.fill("Page 3 names the aunt as the concurrent family; the reading missed it.")
    with page.expect_navigation():
        objections.get_by_role("button", name="Dismiss CP105").click()
    dismissed = page.locator("section", has=page.get_by_role("heading", name="Dismissed findings (1)"))
    expect(dismissed).to_contain_text("CP105")
    expect(dismissed).to_contain_text("Page 3 names the aunt as the concurrent family")
    expect(page.locator("section", has=page.get_by_role("heading", name="Objections (1)"))).to_be_visible()
    assert axe_violations(page) == [], "a kept review with decisions"
    page.screenshot(path=str(shots / "attorney-decisions.png"), full_page=True)

    with page.expect_download(timeout=RENDER_TIMEOUT) as info:
        page.get_by_role("link", name="Download the memo (DOCX)").click(timeout=RENDER_TIMEOUT)
    body, _, appendix = docx_text(Path(info.value.path()).read_bytes()).partition("Appendix")
    assert "\n1. " in body and "\n2. " not in body
    assert "home that could become the child's permanent home" in body and "the aunt" not in body
    assert "CP108" in appendix and "CP105" not in appendix and "CP10" not in body

    # The review is findable again from the attorney's list, with nothing left to decide.
    page.get_by_role("link", name="Back to your cases and reviews").click()
    row = page.locator("tr", has=page.get_by_role("link", name="Open the review of 07-ventura-caregiver-no.docx"))
    expect(row.locator("td").last).to_have_text("0")
    assert axe_violations(page) == [], "attorney landing page with a kept review"
