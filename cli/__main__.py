"""`python -m dedupe_cli`: the same as the `dedupe` command."""

from .entry import main

main()
