"""The `dedupe` command's entry point: signal handlers first, then the (slow) imports of the app,
so that Ctrl-C during start-up is answered like Ctrl-C at any other time."""

from __future__ import annotations


def main() -> None:
    from .signals import install

    install()
    from .app import main as run

    run()
