"""The attorney's review page and the clerk's intake page in a real browser, with axe."""

from __future__ import annotations

import base64
from pathlib import Path

from flask import Flask
from playwright.sync_api import Page, expect

from reportgen.review.memo import docx_text

from .conftest import RENDER_TIMEOUT, ROOT, axe_violations, login

RENDERED = ROOT / "examples" / "rendered"
CAREGIVER_SAID_NO = RENDERED / "04-caregiver-said-no.pdf"


def test_the_attorney_uploads_a_pdf_and_sees_the_objections(page: Page, server: tuple[str, Flask], shots: Path) -> None:
    base, _ = server
    login(page, base, "attorney")
    expect(page.get_by_role("heading", name="Review a disposition report")).to_be_visible()
    # an assigned example, listed with its status (a review link comes with an approved version)
    expect(page.locator("#assigned-title ~ table, section[aria-labelledby=assigned-title]").first).to_contain_text(
        "Simran Kaur Gill")
    assert axe_violations(page) == [], "attorney landing page"

    page.get_by_label("Report file").set_input_files(str(CAREGIVER_SAID_NO))
    with page.expect_navigation():
        page.get_by_role("button", name="Review the report").click()
    # example 04 has two children, each drawing CP108 and CP112
    objections = page.locator("section", has=page.get_by_role("heading", name="Objections (4)"))
    expect(objections.locator("li.finding")).to_have_count(4)
    expect(objections).to_contain_text("CP108")
    expect(objections).to_contain_text("CP112")
    expect(objections).to_contain_text("Citation: CEB §12.47")
    expect(objections.locator("mark").first).to_be_visible()
    assert axe_violations(page) == [], "attorney results page"
    page.screenshot(path=str(shots / "attorney-review.png"), full_page=True)

    with page.expect_download(timeout=RENDER_TIMEOUT) as info:
        page.get_by_role("link", name="Download the memo (DOCX)").click(timeout=RENDER_TIMEOUT)
    body = docx_text(Path(info.value.path()).read_bytes()).split("Appendix")[0]
    assert "\n1. " in body and "\n2. " in body and "CP108" not in body


def test_the_clerk_verifies_several_pdfs_and_drops_one_more(page: Page, server: tuple[str, Flask],
                                                            shots: Path) -> None:
    base, _ = server
    login(page, base, "clerk")
    expect(page.get_by_role("heading", name="Verify received reports")).to_be_visible()
    assert axe_violations(page) == [], "clerk page, empty batch"

    names = ["01-complete-sibling-group.pdf", "05-siblings-split.pdf"]
    page.get_by_label("PDF reports to verify").set_input_files([str(RENDERED / n) for n in names])
    expect(page.locator("#pdfs-chosen")).to_have_text("2 files chosen.")
    with page.expect_navigation():
        page.get_by_role("button", name="Verify", exact=True).click()
    table = page.locator("table.intake-table")
    expect(table.locator("tbody tr")).to_have_count(2)
    expect(table).to_contain_text("PASS")

    # The drop zone (intake.js): a tampered copy dropped on it is verified and fails, with the check named.
    with page.expect_navigation():
        page.get_by_role("link", name="Verify more reports").click()
    page.wait_for_load_state("load")  # intake.js has run: the drop zone listens
    tampered = CAREGIVER_SAID_NO.read_bytes() + b"\n% appended after the end\n"
    payload = base64.b64encode(tampered).decode("ascii")
    page.evaluate(
        """(b64) => {
            const bytes = Uint8Array.from(atob(b64), c => c.charCodeAt(0));
            const transfer = new DataTransfer();
            transfer.items.add(new File([bytes], "dropped.pdf", {type: "application/pdf"}));
            const zone = document.getElementById("drop-zone");
            zone.dispatchEvent(new DragEvent("drop", {dataTransfer: transfer, bubbles: true, cancelable: true}));
        }""",
        payload,
    )
    expect(page.locator("#pdfs-chosen")).to_have_text("1 file chosen.")
    with page.expect_navigation():
        page.get_by_role("button", name="Verify", exact=True).click()
    expect(table.locator("tbody tr")).to_have_count(1)  # the page of this upload's batch
    dropped = table.locator("tbody tr", has=page.get_by_role("rowheader", name="dropped.pdf"))
    expect(dropped).to_contain_text("FAIL")
    expect(dropped).to_contain_text("unchanged")
    assert axe_violations(page) == [], "clerk page with results"

    page.get_by_role("link", name="Search the intake log").click()
    with page.expect_download() as info:
        page.get_by_role("link", name="Download these as CSV").click()
    lines = Path(info.value.path()).read_text(encoding="utf-8").splitlines()
    assert lines[0].startswith("received_at,clerk,file,digest,case_number") and len(lines) >= 4
