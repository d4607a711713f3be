"""A real browser against a real server: Debian's chromium driven by Playwright.

One server and one browser per test session (each test gets a fresh browser
context, so cookies and local storage do not leak between tests). The server
is the application factory on werkzeug's ``make_server`` on 127.0.0.1, in a
thread, over a migrated SQLite file with the demo accounts and examples.
Nothing is downloaded: chromium is /usr/bin/chromium, axe-core comes from
node_modules (``npm install`` of package.json).
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from argon2 import PasswordHasher
from flask import Flask
from playwright.sync_api import Browser, BrowserContext, Page, sync_playwright
from werkzeug.serving import make_server

from reportgen.store import migrate
from reportgen.web import create_app, get_store
from reportgen.web.demo import DEMO_ACCOUNTS, load_demo

ROOT = Path(__file__).resolve().parents[2]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--no-first-run"]
PASSWORDS = {a.username: a.password for a in DEMO_ACCOUNTS}


@pytest.fixture(scope="session")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Flask]]:
    url = f"sqlite:///{tmp_path_factory.mktemp('browser-db') / 'wizard.sqlite3'}"
    migrate(url)
    app = create_app({"DATABASE_URL": url, "TESTING": True, "SECRET_KEY": "browser-tests",
                      "PASSWORD_HASHER": PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)})
    load_demo(get_store(app))
    http = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=http.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{http.server_port}", app
    finally:
        http.shutdown()
        thread.join(timeout=10)
        get_store(app).dispose()


@pytest.fixture
def shots(tmp_path: Path) -> Path:
    """Where the tests' screenshots go: ``docs/`` when REPORTGEN_UPDATE_SCREENSHOTS=1
    (to refresh the README's pictures), else a temporary folder, so that running
    the tests leaves the checkout as it was."""
    if os.environ.get("REPORTGEN_UPDATE_SCREENSHOTS") == "1":
        docs = ROOT / "docs"
        docs.mkdir(exist_ok=True)
        return docs
    return tmp_path


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    if not AXE.is_file():
        pytest.fail(f"{AXE} is missing: run 'npm install' (scripts/setup.sh does)", pytrace=False)
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            yield b
        finally:
            b.close()


#: How long a click that makes a document may wait for it (milliseconds). The wizard's render processes
#: run below the web processes (nice, and their session's autogroup), so while the other test process
#: keeps both cores busy a PDF may take many seconds: the click waits for the document, not the clock.
RENDER_TIMEOUT = 120_000


@pytest.fixture
def context(browser: Browser) -> Iterator[BrowserContext]:
    ctx = browser.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True)
    ctx.set_default_timeout(15_000)
    try:
        yield ctx
    finally:
        ctx.close()


@pytest.fixture
def page(context: BrowserContext) -> Page:
    return context.new_page()


def login(page: Page, base: str, username: str = "worker") -> None:
    """Log in with the keyboard: type into the focused fields and press Enter."""
    page.goto(f"{base}/login")
    for _ in range(10):
        page.keyboard.press("Tab")  # past the skip link and the header link, to the username
        if page.evaluate("() => document.activeElement.id") == "username":
            break
    else:
        raise AssertionError("the username field cannot be reached with Tab")
    page.keyboard.type(username)
    page.keyboard.press("Tab")
    page.keyboard.type(PASSWORDS[username])
    with page.expect_navigation():
        page.keyboard.press("Enter")


def axe_violations(page: Page) -> list[dict[str, Any]]:
    # Evaluated through the DevTools protocol: the page's CSP (script-src 'self') rightly
    # refuses an injected <script> tag, and the test must not weaken the CSP to run.
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.evaluate(AXE.read_text(encoding="utf-8") + "\n;undefined")
    result: dict[str, Any] = page.evaluate(
        "async () => await axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21aa']}})"
    )
    return [{"id": v["id"], "help": v["help"], "nodes": [n["target"] for n in v["nodes"]][:5]}
            for v in result["violations"]]
