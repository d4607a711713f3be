"""The step list's links (wizard.nav builds them from one url_for per child) are the ones url_for makes."""

from __future__ import annotations

from typing import Any

import pytest
from flask import Flask

from reportgen.web import wizard
from tests.web.conftest import make_app


@pytest.fixture
def app(tmp_path: Any, sqlite_template: Any) -> Flask:
    import shutil

    target = tmp_path / "reportgen.sqlite3"
    shutil.copyfile(sqlite_template, target)
    return make_app(f"sqlite:///{target}")


@pytest.mark.parametrize("child", [None, "c1", "sofia", "a b/ü?&=#%", "--step--"])
@pytest.mark.parametrize("step", ["wishes", "case_plan", "step-2", "odd step/ü"])
def test_a_page_link_is_what_url_for_makes(app: Flask, step: str, child: str | None) -> None:
    with app.test_request_context("/", base_url="https://example.org/prefix"):
        assert wizard._PageUrls(7).of(step, child) == wizard.page_url(7, step, child)
