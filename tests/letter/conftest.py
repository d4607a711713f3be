"""Shared data for the letter tests: every example case, loaded once."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from reportgen.schema import load_case
from tests.conftest import EXAMPLES, read_json

EXAMPLE_FILES = sorted(EXAMPLES.glob("*.json"))


def loaded(name: str) -> dict[str, Any]:
    return load_case(read_json(EXAMPLES / f"{name}.json"))


@pytest.fixture(scope="session")
def cases() -> dict[str, dict[str, Any]]:
    """Every example, loaded (tests take a deep copy before changing one)."""
    return {path.stem: load_case(read_json(path)) for path in EXAMPLE_FILES}


def fresh(cases: dict[str, dict[str, Any]], name: str) -> dict[str, Any]:
    return copy.deepcopy(cases[name])
