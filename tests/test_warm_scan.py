"""`scan` and `clean` use the analysis cache as `check` does: a warm run reports byte for byte
what a cold one and one without the cache report, and a file changed since is analyzed again."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import time
from pathlib import Path

from conftest import ARTICLE, COPY, DEDUPE, LEDE, OTHER, RETOLD, SECOND, git_repo, write_tree
from dedupe.settings import Settings
from dedupe.store.cache import DATABASE, _checksum
from dedupe.store.snapshot import Snapshot

FILLER = ("Filler words stand here until an editor pastes a paragraph again. " * 40)[: len(LEDE)]
NOTES = f"{LEDE}\n\n{SECOND}\n\n{FILLER}\n"
REPEATING = f"{LEDE}\n\n{SECOND}\n\n{LEDE}\n"  # the same size as NOTES: a pasted-again paragraph
RULES = "* * * * *\n\n= = = = = = =\n"  # no word: an exact key, no shingles, no signature


def records(*texts: str) -> str:
    return "".join(json.dumps({"id": f"r{i}", "text": text}) + "\n" for i, text in enumerate(texts))


def dedupe(folder: Path, *args: str) -> bytes:
    """The real command, run in `folder` (the project root: its cache goes there); exit 0."""
    done = subprocess.run([*DEDUPE, *args], cwd=folder, capture_output=True, timeout=300)
    assert done.returncode == 0, done.stderr
    return done.stdout


def scan_json(folder: Path, *args: str) -> bytes:
    return dedupe(folder, "scan", "articles", "--format", "json", "--quiet", "--ext", ".txt", "--ext", ".jsonl", *args)


def cached_contents(folder: Path) -> int:
    with sqlite3.connect(folder / ".dedupe-cache" / DATABASE) as connection:
        return int(connection.execute("SELECT count(*) FROM analyses").fetchone()[0])


def test_a_warm_scan_reports_what_a_cold_scan_and_one_without_the_cache_report(tmp_path: Path) -> None:
    articles = {"bridge.txt": ARTICLE, "copy.txt": COPY, "retold.txt": RETOLD, "budget.txt": OTHER}
    write_tree(tmp_path / "articles", {**articles, "notes.txt": REPEATING, "shard.jsonl": records(ARTICLE, OTHER)})
    cold = scan_json(tmp_path)
    assert cached_contents(tmp_path) == len(articles) + 1 + 2  # the scan filled the cache, records too
    warm = scan_json(tmp_path)
    uncached = scan_json(tmp_path, "--no-cache")
    assert warm == cold == uncached
    report = json.loads(cold)
    assert report["files_skipped"] == 0 and report["duplicate_groups"] and report["repeated_paragraphs"]


def test_no_cache_leaves_no_cache_behind(tmp_path: Path) -> None:
    write_tree(tmp_path / "articles", {"bridge.txt": ARTICLE, "copy.txt": COPY})
    scan_json(tmp_path, "--no-cache")
    assert not (tmp_path / ".dedupe-cache").exists()
    scan_json(tmp_path, "--cache-dir", "elsewhere")
    assert not (tmp_path / ".dedupe-cache").exists() and (tmp_path / "elsewhere" / DATABASE).is_file()


def test_a_file_changed_since_the_cold_scan_is_analyzed_again_not_served_stale(tmp_path: Path) -> None:
    notes = tmp_path / "articles" / "notes.txt"
    write_tree(tmp_path / "articles", {"bridge.txt": ARTICLE, "notes.txt": NOTES})
    time.sleep(2.1)  # files changed just before they are read get no stamp; these must get one
    cold = json.loads(scan_json(tmp_path))
    assert cold["repeated_paragraphs"] == []
    before = notes.stat()
    notes.write_text(REPEATING)  # same size, and the old modification time put back
    os.utime(notes, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert notes.stat().st_size == before.st_size
    warm = scan_json(tmp_path)
    assert warm == scan_json(tmp_path, "--no-cache")
    assert [group["path"] for group in json.loads(warm)["repeated_paragraphs"]] == ["articles/notes.txt"]


def test_a_warm_clean_writes_what_a_cold_clean_writes(tmp_path: Path) -> None:
    write_tree(tmp_path / "articles", {"bridge.txt": ARTICLE, "copy.txt": COPY, "notes.txt": REPEATING})
    outputs = []
    for run, extra in enumerate(([], [], ["--no-cache"])):
        dedupe(tmp_path, "clean", "articles", "--out", f"out{run}", "--quiet", *extra)
        outputs.append(
            {p.relative_to(tmp_path / f"out{run}"): p.read_bytes() for p in (tmp_path / f"out{run}").rglob("*")}
        )
    assert outputs[0] == outputs[1] == outputs[2]
    assert outputs[0][Path("notes.txt")] == f"{LEDE}\n\n{SECOND}\n".encode()
    assert cached_contents(tmp_path) == 3


def test_check_with_the_cache_reads_the_records_of_a_jsonl_shard(tmp_path: Path) -> None:
    """The cache digested the shard's bytes at each record's path, which is no file: every record
    was 'unreadable' (exit 2) when the cache was on."""
    repo = git_repo(tmp_path / "repo", {"shard.jsonl": records(ARTICLE, OTHER, ARTICLE)})
    command = [*DEDUPE, "check", "--ext", ".jsonl", "--jobs", "1"]
    runs = [
        subprocess.run([*command, *extra], cwd=repo, capture_output=True, text=True)
        for extra in ([], [], ["--no-cache"])
    ]
    assert [run.returncode for run in runs] == [1, 1, 1], [run.stderr for run in runs]
    assert runs[0].stdout.startswith("shard.jsonl/r2:1: duplicate-article duplicate of shard.jsonl/r0 ")
    assert runs[0].stdout == runs[1].stdout == runs[2].stdout


def test_a_stored_verification_that_does_not_fit_its_component_is_verified_again(tmp_path: Path) -> None:
    """Verified components are kept too; a row that is damaged, or names files that are not the
    component's (however good its checksum), is a miss: the warm report is still the cold one."""
    write_tree(tmp_path / "articles", {"bridge.txt": ARTICLE, "copy.txt": COPY, "retold.txt": RETOLD})
    cold = scan_json(tmp_path)
    with sqlite3.connect(tmp_path / ".dedupe-cache" / DATABASE) as connection:
        rows = connection.execute("SELECT key, result FROM components").fetchall()
        assert rows and all("articles/bridge.txt" in result for _, result in rows)
        for number, (key, result) in enumerate(rows):
            forged = result.replace("articles/bridge.txt", "articles/elsewhere.txt")
            checksum = _checksum(key, forged) if number % 2 == 0 else "damaged"
            connection.execute("UPDATE components SET result = ?, checksum = ? WHERE key = ?", (forged, checksum, key))
    assert scan_json(tmp_path) == cold
    with sqlite3.connect(tmp_path / ".dedupe-cache" / DATABASE) as connection:
        assert all("elsewhere" not in result for (result,) in connection.execute("SELECT result FROM components"))


def test_check_reads_a_tracked_file_changed_in_place_since_the_corpus_snapshot(tmp_path: Path) -> None:
    """The commit hook's path: the tracked files come from the corpus snapshot (one blob of
    stamps and analyses). A tracked file rewritten since as the original of the checked file,
    its size and modification time kept, is read again: the copy is found, as without the cache."""
    size = len(ARTICLE.encode())
    filler = (FILLER * (size // len(FILLER) + 1))[:size]
    repo = git_repo(tmp_path / "repo", {"articles/budget.txt": OTHER, "articles/notes.txt": filler})
    time.sleep(2.1)  # old enough to be stamped, so the snapshot holds them
    write_tree(repo, {"new.txt": COPY})
    command = [*DEDUPE, "check", "--format", "json", "--quiet", "new.txt"]
    for _ in range(2):  # cold, then warm from the snapshot
        assert subprocess.run(command, cwd=repo, capture_output=True, timeout=300).returncode == 0
    notes = repo / "articles" / "notes.txt"
    before = notes.stat()
    stamp = (before.st_dev, before.st_ino, before.st_size, before.st_mtime_ns, before.st_ctime_ns)
    with sqlite3.connect(repo / ".dedupe-cache" / DATABASE) as connection:
        [(data,)] = connection.execute("SELECT data FROM corpus")
    snapshot = Snapshot.from_bytes(data, Settings().num_perm)
    assert snapshot.find("articles/notes.txt", stamp) is not None  # the snapshot's way was taken
    notes.write_text(ARTICLE)
    os.utime(notes, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert notes.stat().st_size == before.st_size
    warm = subprocess.run(command, cwd=repo, capture_output=True, timeout=300)
    uncached = subprocess.run([*command, "--no-cache"], cwd=repo, capture_output=True, timeout=300)
    assert (warm.returncode, warm.stdout) == (1, uncached.stdout)
    [group] = json.loads(warm.stdout)["duplicate_groups"]
    assert {member["path"] for member in group["members"]} == {"new.txt", "articles/notes.txt"}


def test_a_check_served_from_the_snapshot_reports_what_one_without_the_cache_reports(tmp_path: Path) -> None:
    """A check builds analyses only for the corpus files that share an exact key or an LSH band
    with a checked file; the others are served as report entries. The report must be the one a
    run without the cache gives: exact and reworded copies found, keepers chosen by modification
    time, the encodings and `dedupe:` marks of files never analyzed in full listed as before."""
    unrelated = {f"articles/other{i}.txt": OTHER.replace("budget", f"budget {i} " * (i + 1)) for i in range(6)}
    corpus = {
        "articles/bridge.txt": ARTICLE,
        "articles/notes.txt": REPEATING,
        "articles/marked.txt": f"{SECOND}\n\nSays dedupe: ignore nothing here, only a mark.\n",
        "articles/rule.txt": RULES,
        **unrelated,
    }
    repo = git_repo(tmp_path / "repo", corpus)
    (repo / "articles" / "latin.txt").write_bytes(f"{FILLER}\n\nCaf\xe9 cr\xe8me, na\xefve.\n".encode("cp1252"))
    subprocess.run(["git", "add", "."], cwd=repo, check=True)
    time.sleep(2.1)  # old enough to be stamped, so the snapshot holds them
    # a reworded copy of bridge.txt (an LSH band in common), exact copies of notes.txt (its key
    # and bands) and of rule.txt (no words, so no signature: its key only)
    staged = {"new/copy.txt": COPY, "new/exact.txt": REPEATING, "new/retold.txt": RETOLD, "new/rule.txt": RULES}
    write_tree(repo, staged)
    os.utime(repo / "new" / "exact.txt", (1, 1))  # the oldest: `--keep newest` keeps another
    for keep in ("complete", "newest"):
        command = [*DEDUPE, "check", "--format", "json", "--quiet", "--keep", keep, *sorted(staged)]
        cold = subprocess.run(command, cwd=repo, capture_output=True, timeout=300)
        warm = subprocess.run(command, cwd=repo, capture_output=True, timeout=300)
        uncached = subprocess.run([*command, "--no-cache"], cwd=repo, capture_output=True, timeout=300)
        assert warm.returncode == cold.returncode == uncached.returncode == 1, warm.stderr
        assert warm.stdout == cold.stdout == uncached.stdout
        report = json.loads(warm.stdout)
        pairs = {tuple(sorted((m["path"], g["keep"]))) for g in report["duplicate_groups"] for m in g["members"]}
        expected = {("articles/bridge.txt", "new/copy.txt"), ("articles/notes.txt", "new/exact.txt")}
        assert {*expected, ("articles/rule.txt", "new/rule.txt")} <= pairs
        assert report["files_scanned"] == len(corpus) + 1 + len(staged)
        assert [e["path"] for e in report["encodings"]] == ["articles/latin.txt"]
    with sqlite3.connect(repo / ".dedupe-cache" / DATABASE) as connection:
        [(data,)] = connection.execute("SELECT data FROM corpus")
    assert len(Snapshot.from_bytes(data, Settings().num_perm)) >= len(corpus)  # the snapshot's way was taken
