"""A report on two children in a real browser: the family's facts once, each child's plan apart,
and a PDF that names both children with their own plans."""

from __future__ import annotations

import io
import re
from pathlib import Path

from flask import Flask
from playwright.sync_api import Page, expect
from pypdf import PdfReader

from reportgen.web import get_store

from .conftest import RENDER_TIMEOUT, axe_violations, login


def save(page: Page) -> None:
    with page.expect_navigation():
        page.get_by_role("button", name="Save", exact=True).first.click()
    expect(page.locator(".flash, .notice, #save-status").first).to_be_attached()


def test_a_two_child_report_with_shared_facts_once_and_a_plan_for_each(page: Page,
                                                                          server: tuple[str, Flask]) -> None:
    base, app = server
    login(page, base)
    with page.expect_navigation():
        page.get_by_role("button", name="Start a new report").click()
    draft_id = int(re.search(r"/drafts/(\d+)/", page.url).group(1))  # type: ignore[union-attr]

    # The family's facts, once.
    page.locator("#f-court-case-number").fill("JV-2026-009911")
    page.locator("#f-court-county").fill("Sacramento")
    page.locator("#f-dates-removal-date").fill("10/02/2026")
    save(page)

    # Two children on the Children step.
    page.goto(f"{base}/drafts/{draft_id}/step/children")
    page.locator("#f-children-0-name").fill("Sofia Ramírez")
    page.locator("#f-children-0-dob").fill("03/15/2020")
    with page.expect_navigation():
        page.get_by_role("button", name="Add a child").click()
    expect(page.locator("#f-children-1-name")).to_be_visible()
    page.locator("#f-children-1-name").fill("Leo Ramírez")
    page.locator("#f-children-1-dob").fill("06/01/2024")
    save(page)
    assert axe_violations(page) == [], "children step"

    page.goto(f"{base}/drafts/{draft_id}/step/parents")
    with page.expect_navigation():
        page.get_by_role("button", name="Add a parent").click()
    page.locator("#f-parents-0-name").fill("Elena Ramírez")
    page.locator("#f-parents-0-role").select_option("mother")
    save(page)

    # The step list names each child's pages; each child's plan is entered on its own page.
    progress = page.locator("#progress-list")
    expect(progress).to_contain_text("Sofia Ramírez — Concurrent plan")
    expect(progress).to_contain_text("Leo Ramírez — Concurrent plan")
    with page.expect_navigation():
        progress.get_by_role("link", name="Sofia Ramírez — Concurrent plan").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Sofia Ramírez — Concurrent plan")
    page.locator("#f-children-0-concurrent-plan-goal").select_option("adoption")
    page.locator("#f-children-0-concurrent-plan-prospective-family-name").fill("Teresa Morales")
    page.locator("#f-children-0-concurrent-plan-prospective-family-willingness").select_option("yes_adopt")
    save(page)
    switcher = page.get_by_role("navigation", name="This step for each child")
    assert axe_violations(page) == [], "a child's concurrent plan, with the child switcher"
    with page.expect_navigation():
        switcher.get_by_role("link", name="Leo Ramírez").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Leo Ramírez — Concurrent plan")
    expect(page.locator("#f-children-1-concurrent-plan-goal")).to_have_value("")  # nothing carried over from Sofia
    page.locator("#f-children-1-concurrent-plan-goal").select_option("legal_guardianship")
    page.locator("#f-children-1-concurrent-plan-prospective-family-name").fill("Rosa Ramírez")
    save(page)

    stored = get_store(app).get_draft(draft_id)
    assert stored is not None and stored.case["schema_version"] == "2.0"
    kids = stored.case["children"]
    assert [k["name"] for k in kids] == ["Sofia Ramírez", "Leo Ramírez"]
    assert [k["concurrent_plan"]["goal"] for k in kids] == ["adoption", "legal_guardianship"]
    assert len(stored.case["parents"]) == 1  # the mother entered once, for both

    page.goto(f"{base}/drafts")
    expect(page.locator("table")).to_contain_text("Sofia Ramírez, Leo Ramírez")
    page.goto(f"{base}/drafts/{draft_id}/review")
    assert axe_violations(page) == [], "review page of a two-child report"
    with page.expect_download(timeout=RENDER_TIMEOUT) as info:
        page.get_by_role("link", name="Download PDF").click(timeout=RENDER_TIMEOUT)
    data = Path(info.value.path()).read_bytes()
    assert data.startswith(b"%PDF")
    text = " ".join(" ".join((p.extract_text() or "").split()) for p in PdfReader(io.BytesIO(data)).pages)
    for words in ("Sofia Ramírez", "Leo Ramírez", "Teresa Morales", "Rosa Ramírez", "JV-2026-009911"):
        assert words in text, words
