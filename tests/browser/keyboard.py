"""Fill a wizard step with the keyboard alone: Tab to each control, type, use the
arrow keys in radio groups and selects, press Enter on buttons."""

from __future__ import annotations

from typing import Any

from playwright.sync_api import Page

from reportgen.web.checking import Evaluation
from reportgen.web.forms import FormSpec, field_id
from reportgen.web.pages import BoundField, Group, bind_step

ACTIVE = """() => {
  const e = document.activeElement;
  if (!e || e === document.body) return null;
  return {tag: e.tagName, type: e.type || "", name: e.name || "", value: e.value || "",
          checked: !!e.checked, id: e.id || ""};
}"""
CHECKED = "(name) => { const r = document.querySelector(`input[name=\"${name}\"]:checked`); return r ? r.value : ''; }"
LONG = 60


def targets(spec: FormSpec, step_id: str, raw: dict[str, Any],
            child: int | None = None) -> tuple[dict[str, str], dict[str, int]]:
    """What each control of a step (of the child at index ``child``, for a per-child step) should
    hold for ``raw`` (2.0), and how many items each repeat needs."""
    step = spec.step(step_id)
    assert step is not None
    page = bind_step(spec, step, raw, Evaluation([], []), child=child)
    values = {a.path: a.value for a in page.anchors.values() if isinstance(a, BoundField)}
    counts = {a.path: len(a.groups) for a in page.anchors.values() if isinstance(a, Group) and a.kind == "repeat"}
    return values, counts


def _set_text(page: Page, value: str) -> None:
    page.keyboard.press("Control+A")
    page.keyboard.press("Delete")
    if len(value) > LONG:
        page.keyboard.insert_text(value)
    else:
        page.keyboard.type(value)


def _set_radio(page: Page, name: str, value: str) -> None:
    if value == "true" and page.evaluate(CHECKED, name) == "":
        page.keyboard.press("Space")
    for _ in range(4):
        if page.evaluate(CHECKED, name) == value:
            return
        page.keyboard.press("ArrowRight")
    raise AssertionError(f"could not choose {value!r} in {name} with the arrow keys")


def _set_select(page: Page, value: str) -> None:
    for key in ("ArrowDown", "ArrowUp"):
        for _ in range(12):
            if page.evaluate(ACTIVE)["value"] == value:
                return
            page.keyboard.press(key)
    raise AssertionError(f"could not choose {value!r} with the arrow keys")


def fill_step(page: Page, values: dict[str, str], counts: dict[str, int], max_tabs: int = 1500) -> None:
    """Fill the current step; add repeated items as needed; finish with 'Save and go to the next step'."""
    landed = False  # after "Add ...", focus is already in the new entry's first field: fill it first
    while True:
        added = False
        for i in range(max_tabs):
            if i > 0 or not landed:
                page.keyboard.press("Tab")
            active = page.evaluate(ACTIVE)
            if active is None:
                continue
            name, tag, kind = active["name"], active["tag"], active["type"]
            if tag == "BUTTON" and name == "action":
                verb, _, target = active["value"].partition(":")
                if verb == "add" and target in counts:
                    have = page.locator(f"#{field_id('list-' + target)} > fieldset.item").count()
                    if have < counts[target]:
                        with page.expect_navigation():
                            page.keyboard.press("Enter")
                        page.wait_for_load_state("load")
                        page.wait_for_function("() => document.activeElement && document.activeElement !== document.body")
                        added = landed = True
                        break
                if verb in ("next", "review"):
                    with page.expect_navigation():
                        page.keyboard.press("Enter")
                    return
                continue
            if name not in values:
                continue
            want = values[name]
            if kind == "checkbox":  # one box per child: checked when its id is in the list
                if (active["value"] in want.split(",")) != active["checked"]:
                    page.keyboard.press("Space")
            elif kind == "radio":
                if page.evaluate(CHECKED, name) != want:
                    _set_radio(page, name, want)
            elif tag == "SELECT":
                if active["value"] != want:
                    _set_select(page, want)
            elif active["value"] != want:
                _set_text(page, want)
        if not added:
            raise AssertionError("reached the end of the step without finding its Save-and-continue button")
