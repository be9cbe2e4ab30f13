"""The per-file analysis (split, normalize, repeats, shingles, signature) of every file of a
folder, in one process and nothing else: the work the worker processes do, to time from outside
against another checkout's, run by that checkout's own venv (`<checkout>/.venv/bin/python
benchmarks/kernels.py FOLDER`: an editable install's finder comes before PYTHONPATH).
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
