"""``python -m reportgen.untrusted.worker FD LIMITS``: one sandbox worker.

Started by :class:`reportgen.untrusted.pool.Sandbox` with one end of a socket
pair as file descriptor ``FD`` and its :class:`~reportgen.untrusted.pool.Limits`
as JSON; it lowers its own limits and reads documents until told to stop.
"""

from __future__ import annotations

import json
import sys
from multiprocessing.connection import Connection


def main(argv: list[str]) -> int:
    from reportgen.untrusted.pool import Limits, serve

    fd, limits = int(argv[0]), Limits(**json.loads(argv[1]))
    serve(Connection(fd), limits)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
