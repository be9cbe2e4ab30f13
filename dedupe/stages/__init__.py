"""The stages: pure functions over small picklable records (analyze a file, band keys and
candidates, verify and group one component, cut spans from bytes). No I/O beyond reading the
file a record names; where the work runs is the engine's business (`dedupe.engines`)."""
