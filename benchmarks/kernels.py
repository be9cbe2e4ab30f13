"""The per-file analysis (split, normalize, repeats, shingles, signature) of every file of a
folder, in one process and nothing else: the work the worker processes do, to time from outside
against another checkout's (`PYTHONPATH=<checkout> python <this checkout>/benchmarks/kernels.py
FOLDER`, run from outside both: `python -m` or `-c` from inside a checkout imports that one, as
the current folder comes first on the path).
"""

from __future__ import annotations

import sys
from pathlib import Path

from dedupe.settings import Settings
from dedupe.signatures import signature
from dedupe.stages.analyze import ComparisonForm, document_shingles


def main(folder: Path) -> None:
    settings = Settings()
    for path in sorted(folder.iterdir()):
        text = path.read_text(encoding="utf-8")
        shingles = document_shingles(ComparisonForm.of(str(path), text, settings).normalized, settings)
        if len(shingles):
            signature(shingles, settings.num_perm, settings.seed)


if __name__ == "__main__":
    main(Path(sys.argv[1]))
