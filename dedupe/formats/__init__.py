"""Articles in the formats they arrive in: HTML, PDF, DOCX, e-mail, JSON Lines.

A reader turns a file's bytes into the plain text dedupe compares (`Extracted`), or says in one
line why it cannot (`FormatError`). Containers (JSONL shards, mbox files) hold many articles:
each becomes a `SourceFile` of its own, named `shard.jsonl/<id>`, a path below a regular file
that can never exist on disk. HTML, PDF and DOCX readers need the `[formats]` extra; e-mail and
JSONL use the standard library.
"""

from dedupe.formats.registry import FORMATS, Extracted, Format, FormatError, format_of

__all__ = ["FORMATS", "Extracted", "Format", "FormatError", "format_of"]
