"""Room on CPython's frame stack for a whole render, so it is not mapped and unmapped thousands of times.

Since Python 3.11, CPython keeps the frames of running functions on a stack
of its own, made of chunks of 16 KiB mapped from the system (``mmap``). When a
call does not fit in the current chunk, a new chunk is mapped; when the first
frame of that chunk returns, the chunk is unmapped at once. WeasyPrint lays a
document out by deep recursion (blocks in blocks, lines, inline boxes, text)
that goes up and down by dozens of frames all the time, so wherever a chunk
boundary falls inside that range, every crossing maps a fresh chunk, touches a
new page (a page fault) and unmaps it again. Rendering the three-child report
did that 5,000 to 10,000 times (``strace``: one 16 KiB ``mmap`` and ``munmap``
pair each time; ``getrusage``: as many minor page faults), about 25-55 ms of
system time and some user time besides, 15-17% of a warm render's CPU
(alternated renders in one process), and how much depended only on how deep
the caller's own stack happened to be.

:func:`call` runs a function below a frame that asks CPython for a large
stack (its code's ``co_stacksize`` is raised; the slots are never used or
touched): CPython maps one chunk of 128 KiB for it, and the frames of the
render fill the 70 KiB left in it, about three times what a render of the
report reaches at its deepest. The chunk is mapped once per call and unmapped
when the call returns. Nothing else changes: same frames, same objects, same
PDF. Where frames do not live in such chunks (another Python implementation,
Python before 3.11) the function is simply called.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import Any, ParamSpec, TypeVar

P = ParamSpec("P")
R = TypeVar("R")
F = TypeVar("F", bound=Callable[..., Any])

#: Stack slots (8 bytes each) declared by the frame of :func:`call`. CPython
#: gives a frame that does not fit the current chunk a chunk of 16 KiB doubled
#: until it holds the frame and 1,000 slots more: 7,200 slots (57.6 KiB) and
#: 1,000 more (8 KiB) make a chunk of 128 KiB, with about 70 KiB left for the
#: frames called below.
SLOTS = 7200


def _call(fn: Callable[P, R], *args: P.args, **kwargs: P.kwargs) -> R:
    return fn(*args, **kwargs)


def _roomy(function: F) -> F:
    """``function`` with a frame of :data:`SLOTS` stack slots (CPython 3.11 and later)."""
    if sys.implementation.name != "cpython" or sys.version_info < (3, 11):
        return function
    code = function.__code__
    function.__code__ = code.replace(co_stacksize=max(code.co_stacksize, SLOTS))
    return function


call = _roomy(_call)
"""``call(fn, *args, **kwargs)``: ``fn(*args, **kwargs)`` with room on the frame stack (see the module docstring)."""
