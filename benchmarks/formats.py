"""Extraction speed per format (dedupe.formats), on real files where this machine has them.

HTML: the pages of /usr/share/doc; PDF: the PDFs there; DOCX, e-mail, JSONL: files written here
(the DOCX by python-docx). Prints files, MB and files per second for each format, and every
file that could not be read, with its reason: once read in this process and once in the capped
child that bounds memory (the default), with the ratio. For PDFs, also what rebuilding paragraphs from the
layout costs: the same files read as bare page text (what PDFium gives, no layout) in the same
run, and the ratio.

    python -m benchmarks.formats [FOLDER]
"""

from __future__ import annotations

import email.message
import gzip
import json
import sys
import time
from collections.abc import Callable
from pathlib import Path

from dedupe.formats.documents import extract, items
from dedupe.formats.registry import FormatError, format_of
from dedupe.settings import Settings

SETTINGS = Settings()
PARAGRAPH = "The committee met on Tuesday to review the annual budget for the regional library network. "


def generated(folder: Path) -> list[Path]:
    """A DOCX, an e-mail and a gzip JSONL shard of 1,000 records, written under `folder`."""
    import docx

    document = docx.Document()
    for i in range(2000):
        document.add_paragraph(f"{i}: {PARAGRAPH * 2}")
    document.save(str(folder / "report.docx"))
    message = email.message.EmailMessage()
    message["Subject"] = "minutes"
    message.set_content(PARAGRAPH * 200)
    (folder / "minutes.eml").write_bytes(bytes(message))
    lines = (json.dumps({"id": i, "text": f"{i} {PARAGRAPH * 20}"}) for i in range(1000))
    (folder / "shard.jsonl.gz").write_bytes(gzip.compress("\n".join(lines).encode()))
    return sorted(folder.iterdir())


def measure(paths: list[Path], settings: Settings = SETTINGS) -> dict[str, float]:
    """Seconds to read `paths`, by format; prints them with their throughput."""
    seconds_by_format = {}
    by_format: dict[str, list[Path]] = {}
    for path in paths:
        known = format_of(str(path))
        if known is not None:
            by_format.setdefault(known.name, []).append(path)
    for name, files in sorted(by_format.items()):
        started, size, failed = time.perf_counter(), 0, []
        for path in files:
            data = path.read_bytes()
            size += len(data)
            try:
                if name == "JSONL":
                    found = items(str(path), settings)
                    if not isinstance(found, tuple):
                        raise FormatError(found.reason)
                else:
                    extract(str(path), data, settings)
            except FormatError as error:
                failed.append(f"{path}: {error}")
        seconds = time.perf_counter() - started
        print(
            f"{name:7} {len(files):5} files {size / 1e6:7.2f} MB {seconds:7.2f} s {len(files) / seconds:8.1f} files/s"
        )
        for line in failed:
            print("  skipped", line)
        seconds_by_format[name] = seconds
    return seconds_by_format


def isolation_cost(paths: list[Path]) -> None:
    """Each format read in this process (no memory bound) and in the capped child (the default),
    in the same run: what the memory bound costs."""
    print("-- in this process, bounded in time only (max_extract_memory = 0):")
    here = measure(paths, Settings(max_extract_memory=0))
    print(f"-- in a child capped at {SETTINGS.max_extract_memory / 2**20:,.0f} MiB (the default):")
    child = measure(paths, SETTINGS)
    for name in sorted(here):
        print(f"{name:7} child/in-process ×{child[name] / here[name]:.2f}")


def layout_cost(pdfs: list[Path], rounds: int = 3) -> None:
    """Seconds to read `pdfs` as bare page text and with their paragraphs rebuilt, best of `rounds`."""
    if not pdfs:
        return
    import pypdfium2

    def bare() -> None:
        for path in pdfs:
            document = pypdfium2.PdfDocument(path.read_bytes())
            for page in document:
                page.get_textpage().get_text_range()
            document.close()

    def rebuilt() -> None:
        for path in pdfs:
            extract(str(path), path.read_bytes(), SETTINGS)

    times = {}
    for name, run in (("bare page text", bare), ("paragraphs rebuilt", rebuilt)):
        times[name] = min(_timed(run) for _ in range(rounds))
    base = times["bare page text"]
    for name, seconds in times.items():
        print(f"PDF {name:18} {len(pdfs):4} files {seconds:7.3f} s  ×{seconds / base:.2f}")


def _timed(run: Callable[[], None]) -> float:
    started = time.perf_counter()
    run()
    return time.perf_counter() - started


def main() -> None:
    root = Path(sys.argv[1] if len(sys.argv) > 1 else "/usr/share/doc")
    real = [p for p in root.rglob("*") if p.suffix.lower() in (".html", ".htm", ".pdf") and p.is_file()]
    scratch = Path("/tmp/dedupe-formats-benchmark")
    scratch.mkdir(exist_ok=True)
    isolation_cost(sorted(real) + generated(scratch))
    layout_cost(sorted(p for p in real if p.suffix.lower() == ".pdf"))


if __name__ == "__main__":
    main()
