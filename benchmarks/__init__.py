"""The accuracy and throughput harness: scripts that print figures (run with `python -m benchmarks.NAME`)."""
