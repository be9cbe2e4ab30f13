"""The `dedupe` command's entry point: signal handlers first, then the (slow) imports of the app,
so that Ctrl-C during start-up is answered like Ctrl-C at any other time."""

from __future__ import annotations

import errno
import io
import sys


class _ClosedOutput(io.TextIOBase):
    """Standard output when the shell closed it (`>&-`): Python then has none at all, and the
    first report line would be an AttributeError traceback. Writing is an OSError instead,
    which the app reports as one line, exit 2."""

    def write(self, text: str) -> int:
        raise OSError(errno.EBADF, "standard output is closed; redirect it to a file or use --output")


def main() -> None:
    from .signals import install

    install()
    if sys.stdout is None:
        sys.stdout = _ClosedOutput()
    from .app import main as run

    run()
