"""dedupe's command line: argument parsing and presentation only (installed as `dedupe_cli`)."""
