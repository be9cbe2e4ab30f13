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


def _version() -> str:
    """`dedupe.__version__`, read from the package's source: importing the package imports numpy,
    and importlib.metadata costs 0.08 s."""
    import re
    from importlib.util import find_spec

    spec = find_spec("dedupe")
    assert spec is not None and spec.origin is not None
    with open(spec.origin, encoding="utf-8") as source:
        found = re.search(r'^__version__ = "([^"]+)"$', source.read(), re.MULTILINE)
    assert found is not None, "dedupe/__init__.py sets __version__"
    return found.group(1)


def main() -> None:
    if sys.argv[1:] == ["--version"]:  # answered without the app's imports (0.5 s)
        print(f"dedupe {_version()}")
        return
    from .signals import install

    install()
    if sys.stdout is None:
        sys.stdout = _ClosedOutput()
    from .app import main as run

    run()
