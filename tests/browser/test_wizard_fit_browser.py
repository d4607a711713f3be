"""The wizard fits a worker's day: links land on the field (focused, not under the sticky
save bar), focus follows "Add ..." and "Remove ...", and a 375-px phone screen works."""

from __future__ import annotations

import re

from flask import Flask
from playwright.sync_api import Browser, Page, expect

from reportgen.web import get_store
from reportgen.web.forms import children_of, upgrade

from .conftest import axe_violations, login


def worker_draft(app: Flask) -> int:
    """A draft of its own for each test (the complete example, as the worker's): other tests of the
    session change the demo drafts and start empty ones."""
    from reportgen.web.checking import evaluate, status_record
    from reportgen.web.forms import load_spec
    from tests.web.conftest import example_family

    store = get_store(app)
    worker = store.user_by_name("worker")
    assert worker is not None
    raw = example_family()
    every = set(load_spec().ids)
    with store.write() as session:
        draft = store.create_draft(session, worker, raw, status_record(evaluate(raw, load_spec(), every), every))
        return int(draft.id)


def first_child_id(app: Flask, draft: int) -> str:
    stored = get_store(app).get_draft(draft)
    assert stored is not None
    return str(children_of(upgrade(stored.case))[0]["id"])


def focused_id(page: Page) -> str:
    return str(page.evaluate("() => document.activeElement && document.activeElement.id"))


def below_the_save_bar(page: Page, selector: str) -> bool:
    """The element is in the viewport and not hidden under the sticky toolbar."""
    return bool(page.evaluate("""(sel) => {
        const r = document.querySelector(sel).getBoundingClientRect();
        const bar = document.querySelector('.toolbar').getBoundingClientRect();
        return r.top >= bar.bottom - 1 && r.bottom <= window.innerHeight;
    }""", selector))


def test_an_objection_link_on_the_review_page_lands_on_the_field_focused(page: Page, server: tuple[str, Flask]) -> None:
    base, app = server
    login(page, base)
    draft = worker_draft(app)
    page.goto(f"{base}/drafts/{draft}/step/concurrent_plan?child={first_child_id(app, draft)}")
    page.locator("#f-children-0-concurrent-plan-goal").select_option("")
    expect(page.locator("#save-status")).to_contain_text("Saved at", timeout=10_000)
    page.goto(f"{base}/drafts/{draft}/review")
    link = page.locator('a[href$="#f-children-0-concurrent-plan-goal"]').first
    with page.expect_navigation():
        link.click()
    expect(page.locator("#f-children-0-concurrent-plan-goal")).to_be_focused()
    assert below_the_save_bar(page, "#f-children-0-concurrent-plan-goal")
    page.locator("#f-children-0-concurrent-plan-goal").select_option("adoption")
    expect(page.locator("#save-status")).to_contain_text("Saved at", timeout=10_000)


def test_an_error_summary_link_focuses_the_field_below_the_bar(page: Page, server: tuple[str, Flask]) -> None:
    base, app = server
    login(page, base)
    draft = worker_draft(app)
    page.goto(f"{base}/drafts/{draft}/step/children")
    # a child whose every question is answered is folded under its name; the worker opens it
    entry = page.locator("#f-item-children-0 > details.item-body")
    expect(page.locator("#f-children-0-dob")).to_be_hidden()
    entry.locator("summary").click()
    page.locator("#f-children-0-dob").fill("the 15th of March")
    with page.expect_navigation():
        page.locator(".actions button[value=save]").click()
    expect(page.locator("#error-summary")).to_be_focused()
    page.locator('#error-summary a[href="#f-children-0-dob"]').click()
    expect(page.locator("#f-children-0-dob")).to_be_focused()
    assert below_the_save_bar(page, "#f-children-0-dob")
    assert page.url.endswith("#f-children-0-dob")
    page.locator("#f-children-0-dob").fill("2017-06-01")
    with page.expect_navigation():
        page.locator(".actions button[value=save]").click()
    expect(page.locator("#error-summary")).to_have_count(0)


def test_focus_follows_add_and_remove_and_text_typed_at_once_is_kept(page: Page, server: tuple[str, Flask]) -> None:
    base, app = server
    login(page, base)
    draft = worker_draft(app)
    page.goto(f"{base}/drafts/{draft}/step/relatives")
    before = page.locator("#f-list-relatives-people > fieldset.item").count()
    add = page.get_by_role("button", name="Add a relative")
    add.focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    items = page.locator("#f-list-relatives-people > fieldset.item")
    expect(items).to_have_count(before + 1)
    new_first = items.nth(before).locator("input, select, textarea").first
    expect(new_first).to_be_focused()
    page.keyboard.type("Rosa Delgado")  # typed at once, into the new relative's first field

    def saved_name() -> object:
        stored = get_store(app).get_draft(draft)
        people = ((stored.case if stored else {}).get("relatives") or {}).get("people") or []
        return people[before].get("name") if len(people) > before else None

    for _ in range(100):  # autosave's debounce, then the save itself
        if saved_name() == "Rosa Delgado":
            break
        page.wait_for_timeout(100)
    assert saved_name() == "Rosa Delgado"
    remove = items.nth(before).get_by_role("button", name=re.compile("Remove this relative"))
    remove.focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page.locator("#f-list-relatives-people > fieldset.item")).to_have_count(before)
    focused = focused_id(page)
    last = page.locator("#f-list-relatives-people > fieldset.item").nth(before - 1)
    assert focused and last.locator(f"#{focused}").count() == 1, focused


def test_on_a_phone_the_steps_fold_next_moves_on_and_nothing_overflows(browser: Browser,
                                                                     server: tuple[str, Flask]) -> None:
    base, app = server
    ctx = browser.new_context(viewport={"width": 375, "height": 740}, is_mobile=True, has_touch=True)
    ctx.set_default_timeout(15_000)
    try:
        page = ctx.new_page()
        login(page, base)
        draft = worker_draft(app)
        for path in ("/drafts", f"/drafts/{draft}/step/case", f"/drafts/{draft}/step/services"):
            page.goto(base + path)
            width = page.evaluate("() => document.documentElement.scrollWidth")
            assert width <= 375, (path, width)
            assert axe_violations(page) == [], path
        page.goto(f"{base}/drafts/{draft}/step/case")
        expect(page.locator("#progress-details summary")).to_be_visible()
        expect(page.locator("#progress-list")).not_to_be_visible()
        page.locator("#progress-details summary").click()
        expect(page.locator("#progress-list")).to_be_visible()
        title = page.locator("h1").inner_text()
        with page.expect_navigation():
            page.get_by_role("button", name="Save and go to the next step").click()
        assert not page.url.endswith("/step/case")
        expect(page.locator("h1")).not_to_have_text(title)
        expect(page.locator("h1")).to_be_in_viewport()
    finally:
        ctx.close()


def test_a_part_that_does_not_apply_appears_when_an_answer_makes_it_apply(page: Page,
                                                                         server: tuple[str, Flask]) -> None:
    base, app = server
    login(page, base)
    draft = worker_draft(app)
    page.goto(f"{base}/drafts/{draft}/step/services")
    bypass = page.locator("#f-sec-parents-0-No-services-bypass")
    services = page.locator("#f-list-parents-0-reunification-services")
    recommended = page.locator("#f-parents-0-reunification-recommended")
    if recommended.input_value() != "services":
        recommended.select_option("services")
    expect(bypass).to_be_hidden()
    expect(services).to_be_visible()
    recommended.select_option("bypass")
    expect(bypass).to_be_visible()
    expect(services).to_be_visible()  # its entries are answers, kept and shown
    recommended.select_option("services")
    expect(bypass).to_be_hidden()
    expect(page.locator("#save-status")).to_contain_text("Saved at", timeout=10_000)
