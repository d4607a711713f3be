"""Renders run below a frame that gives them room on CPython's frame stack (a
speed measure, see reportgen/render/stack_room.py): calls going up and down
through tens of KiB of frames no longer map and unmap a chunk each time."""

from __future__ import annotations

import resource
import sys

import pytest

from reportgen.render import stack_room

ROOMY = sys.implementation.name == "cpython" and sys.version_info >= (3, 11)


def down(depth: int) -> int:
    """Recursion to ``depth`` and back (about 100 bytes of frame per level)."""
    return 0 if depth == 0 else down(depth - 1) + 1


def up_and_down(times: int, depth: int) -> int:
    """Minor page faults while the stack goes ``times`` times ``depth`` levels deep and back."""
    before = resource.getrusage(resource.RUSAGE_SELF).ru_minflt
    for _ in range(times):
        assert down(depth) == depth
    return resource.getrusage(resource.RUSAGE_SELF).ru_minflt - before


def test_call_passes_arguments_and_result():
    assert stack_room.call(lambda a, b=0: a + b, 2, b=3) == 5
    with pytest.raises(ZeroDivisionError):
        stack_room.call(lambda: 1 / 0)


@pytest.mark.skipif(not ROOMY, reason="frames live in stack chunks on CPython 3.11 and later")
def test_deep_calls_below_call_touch_no_new_pages():
    depth = 400  # some 40 KiB of frames: more than a 16 KiB chunk, less than the room
    up_and_down(3, depth)
    without = up_and_down(200, depth)
    within = stack_room.call(up_and_down, 200, depth)
    assert without >= 200  # a chunk mapped and first touched on each way down
    assert within < 20
