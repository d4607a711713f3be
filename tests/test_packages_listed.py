"""Every Python package under reportgen/ is listed in pyproject.toml, so a wheel carries
it (a package left out installs fine and fails only when its command is run)."""

from __future__ import annotations

import tomllib

from tests.conftest import ROOT


def test_every_package_is_in_the_wheel_list():
    listed = set(tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
                 ["tool"]["setuptools"]["packages"])
    found = {".".join(p.parent.relative_to(ROOT).parts) for p in (ROOT / "reportgen").rglob("__init__.py")}
    assert found, "no package found"
    assert found - listed == set()
