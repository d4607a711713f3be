from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
BASE_CASE = EXAMPLES / "01-complete-sibling-group.json"


def read_json(path: Path) -> Any:
    return json.loads(path.read_text(encoding="utf-8"))


@pytest.fixture
def base_case() -> dict[str, Any]:
    """The complete example as raw JSON data (a fresh copy per test)."""
    return read_json(BASE_CASE)
