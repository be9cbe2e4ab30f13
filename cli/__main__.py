"""`python -m dedupe_cli`: the same as the `dedupe` command."""

from .app import main

main()
