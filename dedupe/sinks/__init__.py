"""Where cleaned bytes go: what a cleaned corpus holds and the bytes of each file (the writing
itself, staged and atomic, is done by the caller's sink: an output folder or the files in place)."""

# `outputs` first: it and `dedupe.formats.writing` import each other, and only this order works.
from dedupe.sinks import outputs as outputs
