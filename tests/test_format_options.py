"""The format readers' options through the real CLI: JSON Lines fields, and the memory bound that
a file's extraction may not pass (a zip bomb and a gzip bomb made here)."""

from __future__ import annotations

import gzip
import io
import json
import zipfile
from pathlib import Path

import pytest

from conftest import ARTICLE, OTHER, run, write_tree

REPEAT = "Please remember that the library closes early on public holidays throughout the year."


def shard(records: list[dict[str, object]]) -> str:
    return "\n".join(json.dumps(record) for record in records) + "\n"


def test_jsonl_text_and_id_fields_are_options(tmp_path: Path) -> None:
    records = [
        {"uid": "u1", "body": ARTICLE, "lang": "en"},
        {"uid": "u2", "body": f"{OTHER}\n{REPEAT}\n\n{REPEAT}\n"},
        {"uid": "u3", "body": ARTICLE},
        {"uid": "u4", "title": "no body here"},
    ]
    folder = write_tree(tmp_path / "c", {"s.jsonl": shard(records)})
    fields = ["--jsonl-text", "body", "--jsonl-id", "uid"]
    result = run("scan", folder, "--ext", "jsonl", *fields, "--format", "json", "--quiet")
    assert result.exit_code == 0, result.stderr
    report = json.loads(result.stdout)
    [group] = report["duplicate_groups"]
    assert sorted(Path(m["path"]).name for m in group["members"]) == ["u1", "u3"]
    assert [Path(r["path"]).name for r in report["repeated_paragraphs"]] == ["u2"]
    assert [(Path(s["path"]).name, s["reason"]) for s in report["skipped"]] == [
        ("u4", "line 4 has no string field 'body'")
    ]
    assert (report["settings"]["jsonl_text"], report["settings"]["jsonl_id"]) == ("body", "uid")

    out = tmp_path / "out"
    assert run("clean", folder, "--ext", "jsonl", *fields, "--out", out, "--quiet").exit_code == 0
    cleaned = [json.loads(line) for line in (out / "s.jsonl").read_text().splitlines()]
    assert [r["uid"] for r in cleaned] == ["u1", "u2", "u4"]  # u3 (a copy of u1) dropped
    assert cleaned[1]["body"] == f"{OTHER}\n{REPEAT}\n"  # the repeat cut from the body field


def test_without_the_options_such_a_shard_is_skipped_record_by_record(tmp_path: Path) -> None:
    folder = write_tree(tmp_path / "c", {"s.jsonl": shard([{"uid": "u1", "body": ARTICLE}])})
    result = run("scan", folder, "--ext", "jsonl", "--format", "json", "--quiet")
    assert [s["reason"] for s in json.loads(result.stdout)["skipped"]] == ["line 1 has no string field 'text'"]
    empty = run("scan", folder, "--ext", "jsonl", "--jsonl-text", "")
    assert (
        empty.exit_code == 2 and empty.stderr.count("\n") == 1 and "--jsonl-text must be a field name" in empty.stderr
    )


def docx_bomb(paragraphs: int) -> bytes:
    """A small DOCX (tens of kB) whose document.xml unpacks to `paragraphs` paragraphs."""
    docx = pytest.importorskip("docx", reason="needs the [formats] extra")
    seed = io.BytesIO()
    document = docx.Document()
    document.add_paragraph("seed")
    document.save(seed)
    paragraph = b"<w:p><w:r><w:t>The committee met on Tuesday to review the annual budget.</w:t></w:r></w:p>"
    out = io.BytesIO()
    with zipfile.ZipFile(seed) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as bomb:
        for member in source.infolist():
            data = source.read(member.filename)
            if member.filename == "word/document.xml":
                head, body, tail = data.partition(b"<w:body>")
                data = head + body + paragraph * paragraphs + tail
            bomb.writestr(member, data)
    return out.getvalue()


def gzip_bomb(megabytes: int) -> bytes:
    """A gzip JSON Lines shard of a few hundred kB that unpacks to `megabytes` MB of records."""
    line = json.dumps({"id": 0, "text": "word " * 20_000}).encode() + b"\n"
    return gzip.compress(line * (megabytes * 10**6 // len(line)), compresslevel=6)


@pytest.mark.parametrize(
    ("name", "make"), [("bomb.docx", lambda: docx_bomb(200_000)), ("bomb.jsonl.gz", lambda: gzip_bomb(60))]
)
def test_a_file_whose_extraction_passes_the_memory_bound_is_skipped(tmp_path: Path, name: str, make: object) -> None:
    """Under a bound of 100 MB, a bomb (18 MB of DOCX XML, 60 MB of JSON, both under
    max_file_bytes) is skipped with the reason, and the ordinary files beside it are read."""
    data = make()  # type: ignore[operator]
    assert len(data) < 10**6
    folder = write_tree(tmp_path / "c", {"a.txt": ARTICLE, "small.jsonl": shard([{"id": "x", "text": OTHER}])})
    (folder / name).write_bytes(data)
    exts = ["--ext", "txt", "--ext", "jsonl", "--ext", "jsonl.gz", "--ext", "docx"]
    result = run("scan", folder, *exts, "--max-extract-memory", "100M", "--format", "json", "--quiet")
    assert result.exit_code == 0, result.stderr
    report = json.loads(result.stdout)
    [skipped] = report["skipped"]
    assert skipped["path"].endswith(name)
    assert skipped["reason"] == "extraction needs more memory than the bound of 95 MiB (max_extract_memory)"
    assert report["files_scanned"] == 2 and report["settings"]["max_extract_memory"] == 10**8


def test_the_memory_bound_is_a_size(tmp_path: Path) -> None:
    folder = write_tree(tmp_path / "c", {"a.txt": ARTICLE})
    result = run("scan", folder, "--max-extract-memory", "lots")
    assert result.exit_code == 2 and result.stderr.count("\n") == 1
    assert "--max-extract-memory must be a size such as 2000, 10k or 5M, not 'lots'" in result.stderr
