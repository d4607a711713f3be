"""Approval in a real browser: submit -> send back with a comment -> fix -> resubmit -> approve ->
an edit voids the approval; the final PDF is refused before approval and carries the approver
after. Every page on the way passes axe-core."""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from contextlib import contextmanager

from flask import Flask
from playwright.sync_api import Browser, Page, expect
from pypdf import PdfReader

from reportgen.render.embed import extract_case_bytes
from reportgen.schema import dump_case, load_case
from reportgen.web import get_store
from reportgen.web.checking import evaluate, status_record
from reportgen.web.forms import load_spec

from .conftest import RENDER_TIMEOUT, ROOT, axe_violations, login

EXAMPLE = ROOT / "examples" / "01-complete-sibling-group.json"
COMMENT = "Spell the first child's name as the petition does."


def new_draft(app: Flask) -> int:
    """A complete report of the demo worker's, of this test alone (the other tests use the demo drafts)."""
    store = get_store(app)
    worker = store.user_by_name("worker")
    assert worker is not None
    raw = dump_case(load_case(json.loads(EXAMPLE.read_text(encoding="utf-8"))))
    spec = load_spec()
    with store.write() as session:
        return store.create_draft(session, worker, raw, status_record(evaluate(raw, spec, set(spec.ids)),
                                                                      set(spec.ids))).id


@contextmanager
def signed_in(browser: Browser, base: str, username: str) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True)
    context.set_default_timeout(15_000)
    try:
        page = context.new_page()
        login(page, base, username)
        yield page
    finally:
        context.close()


def no_violations(page: Page) -> None:
    found = axe_violations(page)
    assert not found, (page.url, found)


def test_submit_send_back_fix_resubmit_approve_then_edit_voids(browser: Browser, server: tuple[str, Flask]) -> None:
    base, app = server
    draft = new_draft(app)
    review = f"{base}/drafts/{draft}/review"

    with signed_in(browser, base, "worker") as page:
        page.goto(review)
        expect(page.get_by_role("heading", name="Approval: drafting")).to_be_visible()
        with page.expect_navigation():
            page.get_by_role("link", name="Final PDF of version 1").click()
        expect(page.get_by_role("heading", name="No final report yet")).to_be_visible()  # refused before approval
        assert "Version 1 of this report is not approved" in page.content()
        no_violations(page)
        page.goto(review)
        no_violations(page)
        with page.expect_navigation():
            page.get_by_role("button", name="Submit version 1 for approval").click()
        expect(page.get_by_role("heading", name="Approval: submitted")).to_be_visible()
        expect(page.get_by_role("button", name="Submit version 1 for approval")).to_have_count(0)

    with signed_in(browser, base, "supervisor") as page:
        page.goto(f"{base}/queue")
        no_violations(page)
        with page.expect_navigation():
            page.locator(f'a[href="/drafts/{draft}/review"]').click()
        with page.expect_navigation():
            page.get_by_role("link", name="Send version 1 back…").click()
        expect(page.get_by_role("heading", name="Send version 1 back to the worker?")).to_be_visible()
        no_violations(page)
        page.select_option("#where_0", "children[0].name")
        page.fill("#comment_0", COMMENT)
        with page.expect_navigation():
            page.get_by_role("button", name="Confirm: send version 1 back").click()
        expect(page.get_by_role("heading", name="Approval: sent back")).to_be_visible()

    with signed_in(browser, base, "worker") as page:
        page.goto(review)
        expect(page.locator(".supervisor-comments")).to_contain_text(COMMENT)
        with page.expect_navigation():
            page.locator(".supervisor-comments a").first.click()
        beside = page.locator("#f-children-0-name-wrap .supervisor-comment")
        expect(beside).to_contain_text(COMMENT)  # beside the field the comment names
        no_violations(page)
        page.fill("#f-children-0-name", "Sofía Ramírez-Luna")
        with page.expect_navigation():
            page.locator("#step-form button[value=save]").first.click()
        page.goto(review)
        with page.expect_navigation():
            page.get_by_role("button", name="Submit version 2 for approval").click()
        expect(page.get_by_role("heading", name="Approval: submitted")).to_be_visible()

    with signed_in(browser, base, "supervisor") as page:
        page.goto(f"{base}/drafts/{draft}/versions")
        with page.expect_navigation():
            page.get_by_role("button", name="Show what changed").click()
        expect(page.locator("table.diff")).to_contain_text("Sofía Ramírez-Luna")
        no_violations(page)
        page.goto(review)
        with page.expect_navigation():
            page.get_by_role("link", name="Approve version 2…").click()
        no_violations(page)
        with page.expect_navigation():
            page.get_by_role("button", name="Confirm: approve version 2").click()
        expect(page.locator(".approved")).to_contain_text("Version 2 approved by Demo supervisor")
        expect(page.get_by_role("link", name="Approve version 2…")).to_have_count(0)  # the button follows the state
        with page.expect_download(timeout=RENDER_TIMEOUT) as info:
            page.get_by_role("link", name="Final PDF of version 2").click(timeout=RENDER_TIMEOUT)
        pdf = info.value.path().read_bytes()
        data = extract_case_bytes(pdf)
        assert data["approval"]["version"] == 2 and data["approval"]["supervisor"] == "Demo supervisor"
        text = " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages).split())
        assert "Demo supervisor" in text and "version 2" in text and "DRAFT" not in text

    with signed_in(browser, base, "worker") as page:
        page.goto(f"{base}/drafts/{draft}/step/children#f-children-0-name")  # a link to the field opens its entry
        page.fill("#f-children-0-name", "Sofía Ramírez")
        with page.expect_navigation():
            page.locator("#step-form button[value=save]").first.click()
        page.goto(review)
        expect(page.locator(".banner-void")).to_contain_text("Changed after approval.")
        expect(page.get_by_role("heading", name="Approval: drafting")).to_be_visible()
        no_violations(page)
