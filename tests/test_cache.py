"""The analysis cache: hits equal fresh analyses, changed files are seen, a bad cache is never trusted."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from conftest import ARTICLE, OTHER, RETOLD, check, git, git_repo, write_tree
from dedupe.model import Skipped
from dedupe.settings import Settings
from dedupe.sources import SourceFile, discover
from dedupe.stages.analyze import ANALYSIS_SETTINGS, Analysis, analyze
from dedupe.store.cache import DATABASE, AnalysisCache, _checksum, snapshot_checksum
from dedupe.store.entries import Entry
from dedupe.store.snapshot import NextSnapshot, Snapshot

SETTINGS = Settings()


class Recorder:
    """The real `analyze`, remembering which files each run had to analyze."""

    def __init__(self) -> None:
        self.runs: list[list[str]] = []

    def __call__(self, sources: list[SourceFile]) -> Iterator[Analysis | Skipped]:
        self.runs.append(sorted(os.path.basename(s.path) for s in sources))
        return (analyze(source, SETTINGS) for source in sources)


def run_cached(folder: Path, racy_ns: int = 2_000_000_000) -> tuple[list[list[str]], dict[str, tuple[object, ...]]]:
    """(the files analyzed, each file's analysis as plain values) for one run over folder/files."""
    sources, _ = discover([str(folder / "files")], SETTINGS)
    recorder = Recorder()
    with AnalysisCache(str(folder / "cache"), SETTINGS, racy_ns=racy_ns) as cache:
        results = list(cache.analyses(sources, SETTINGS, recorder))
    return recorder.runs, {os.path.basename(a.source.path): plain(a) for a in results if isinstance(a, Analysis)}


def plain(a: Analysis) -> tuple[object, ...]:
    signature = None if a.signature is None else a.signature.tolist()
    return (a.source.path, a.digest, a.exact_key, a.shingle_count, signature, a.repeats)


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    write_tree(tmp_path / "files", {"bridge.txt": ARTICLE, "budget.txt": OTHER, "drivers.txt": RETOLD})
    return tmp_path


def test_a_warm_run_analyzes_nothing_and_gives_the_same_analyses(folder: Path) -> None:
    cold_runs, cold = run_cached(folder)
    warm_runs, warm = run_cached(folder)
    assert cold_runs == [["bridge.txt", "budget.txt", "drivers.txt"]]
    assert warm_runs == [[]]
    assert warm == cold
    assert cold["drivers.txt"][5]  # the repeat groups survive the round trip, path and all
    (folder / "files" / "bridge.txt").rename(folder / "files" / "renamed.txt")
    runs, renamed = run_cached(folder)
    assert runs == [[]]  # keyed by content: a renamed file is still a hit
    assert renamed["renamed.txt"][1:] == cold["bridge.txt"][1:]


def test_a_changed_file_is_read_again_even_with_its_old_size_and_mtime(folder: Path) -> None:
    target = folder / "files" / "budget.txt"
    _, cold = run_cached(folder, racy_ns=0)  # stamps recorded
    assert run_cached(folder, racy_ns=0)[0] == [[]]  # served from the corpus snapshot
    before = target.stat()
    target.write_text(OTHER.replace("schools", "college"))  # same length
    os.utime(target, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert target.stat().st_size == before.st_size
    runs, analyses = run_cached(folder, racy_ns=0)
    assert runs == [["budget.txt"]]
    assert analyses["budget.txt"][1] != cold["budget.txt"][1]  # a new digest
    fresh = analyze(SourceFile(str(target), "budget.txt", before.st_size, before.st_mtime), SETTINGS)
    assert isinstance(fresh, Analysis) and analyses["budget.txt"][1:] == plain(fresh)[1:]


def without_snapshot(folder: Path) -> None:
    """The corpus snapshot dropped: the next run looks files up in the per-file rows."""
    with sqlite3.connect(folder / "cache" / DATABASE) as connection:
        assert connection.execute("DELETE FROM corpus").rowcount == 1


def test_an_unchanged_stamp_saves_reading_the_file(folder: Path) -> None:
    """Shown by pointing budget.txt's (checksummed) stamp at bridge.txt's digest: the file is not
    read, so the run believes the stamp."""
    _, cold = run_cached(folder, racy_ns=0)
    bridge = cold["bridge.txt"][1]
    without_snapshot(folder)
    with sqlite3.connect(folder / "cache" / DATABASE) as connection:
        assert connection.execute("SELECT count(*) FROM stamps").fetchone() == (3,)
        [(path, stamp)] = connection.execute("SELECT path, stamp FROM stamps WHERE path LIKE '%budget.txt'")
        connection.execute(
            "UPDATE stamps SET digest = ?, checksum = ? WHERE path = ?", (bridge, _checksum(path, stamp, bridge), path)
        )
    runs, warm = run_cached(folder, racy_ns=0)
    assert runs == [[]] and warm["budget.txt"][1] == bridge


def forge_snapshot(folder: Path, forge: Callable[[bytes], bytes], checksum: bool = True) -> bytes:
    """The stored corpus snapshot replaced by `forge(it)`, with a valid checksum unless told
    otherwise; the snapshot it replaced."""
    with sqlite3.connect(folder / "cache" / DATABASE) as connection:
        [(settings, data)] = connection.execute("SELECT settings, data FROM corpus")
        forged = forge(data)
        stored = snapshot_checksum(settings, forged) if checksum else "damaged"
        connection.execute("UPDATE corpus SET data = ?, checksum = ?", (forged, stored))
    return bytes(data)


def pointed_at_bridge(folder: Path) -> Callable[[bytes], bytes]:
    """A forge: the snapshot's entry for budget.txt, under its real stamp, made bridge.txt's analysis."""
    budget, bridge = folder / "files" / "budget.txt", folder / "files" / "bridge.txt"
    info = budget.stat()
    stamp = (info.st_dev, info.st_ino, info.st_size, info.st_mtime_ns, info.st_ctime_ns)
    bridged = analyze(SourceFile(str(bridge), "bridge.txt", bridge.stat().st_size, 0.0), SETTINGS)
    assert isinstance(bridged, Analysis)

    def forge(data: bytes) -> bytes:
        snapshot = Snapshot.from_bytes(data, SETTINGS.num_perm)
        position = snapshot.find(str(budget), stamp)
        assert position is not None and len(snapshot) == 3
        others = [p for p in range(3) if p != position]
        return snapshot.updated(others, [(str(budget), stamp, bridged.digest, Entry.of(bridged))]).to_bytes()

    return forge


def test_the_corpus_snapshot_serves_an_unchanged_file_without_reading_it(folder: Path) -> None:
    """Shown as for the stamp rows: the run believes the forged entry, so it did not read the file."""
    _, cold = run_cached(folder, racy_ns=0)
    forge_snapshot(folder, pointed_at_bridge(folder))
    runs, warm = run_cached(folder, racy_ns=0)
    assert runs == [[]] and warm["budget.txt"][1:] == cold["bridge.txt"][1:]


def test_a_snapshot_that_fails_its_checksum_is_not_believed(folder: Path) -> None:
    """The same forged entry, a well-formed snapshot, under a checksum that does not match it:
    budget.txt is served from its own row, not from the snapshot."""
    _, cold = run_cached(folder, racy_ns=0)
    forge_snapshot(folder, pointed_at_bridge(folder), checksum=False)
    runs, warm = run_cached(folder, racy_ns=0)
    assert runs == [[]] and warm == cold


@pytest.mark.parametrize(
    ("forge", "checksum"),
    [
        (lambda data: data[:-1] + bytes([data[-1] ^ 1]), False),  # a flipped bit
        (lambda data: data[:-1], True),  # cut short
        (lambda data: data.replace(b"snapshot 1", b"snapshot 9"), True),  # another format
        (lambda data: b"not a snapshot at all", True),
        (lambda data: data[:60] + bytes(len(data) - 60), True),  # zeroed: no header, no texts
        (lambda data: data[:-1] + b"\xff", True),  # texts that are not UTF-8, under a valid checksum
    ],
)
def test_a_bad_corpus_snapshot_is_not_trusted_and_is_written_again(
    folder: Path, forge: Callable[[bytes], bytes], checksum: bool
) -> None:
    _, cold = run_cached(folder, racy_ns=0)
    good = forge_snapshot(folder, forge, checksum)
    runs, again = run_cached(folder, racy_ns=0)
    assert runs == [[]] and again == cold  # from the per-file rows
    with sqlite3.connect(folder / "cache" / DATABASE) as connection:
        [(data,)] = connection.execute("SELECT data FROM corpus")
    assert data == good


def test_the_corpus_snapshot_holds_the_files_of_the_last_run(folder: Path) -> None:
    """A run over fewer files leaves a snapshot of those: entries are never kept for files a run
    did not see."""
    run_cached(folder, racy_ns=0)
    (folder / "files" / "drivers.txt").unlink()
    runs, _ = run_cached(folder, racy_ns=0)
    with sqlite3.connect(folder / "cache" / DATABASE) as connection:
        [(data,)] = connection.execute("SELECT data FROM corpus")
    assert runs == [[]] and len(Snapshot.from_bytes(data, SETTINGS.num_perm)) == 2


def test_a_snapshot_keeps_any_inode_and_leaves_out_a_time_it_cannot_hold(folder: Path) -> None:
    """An overlay file system sets an inode's top bits (past a signed 64-bit integer); a file
    dated past 2262 has a time in ns past one. The first is kept and found again; the second is
    left out of the snapshot (the rows serve it), and neither stops the run."""
    source = SourceFile(str(folder / "files" / "bridge.txt"), "bridge.txt", 0, 0.0)
    bridge = analyze(source, SETTINGS)
    assert isinstance(bridge, Analysis)
    overlay, far = (66, 2**64 - 1, 5, -(10**9), 2**63 - 1), (66, 7, 5, 2**63, 0)
    following = NextSnapshot(Snapshot.empty(SETTINGS.num_perm))
    following.add("overlay.txt", overlay, bridge.digest, Entry.of(bridge))
    following.add("far.txt", far, bridge.digest, Entry.of(bridge))
    stored = Snapshot.from_bytes(following.snapshot().to_bytes(), SETTINGS.num_perm)
    assert len(stored) == 1 and stored.find("overlay.txt", overlay) == 0 and stored.find("far.txt", far) is None
    assert stored.find("overlay.txt", (*overlay[:4], 0)) is None  # another change time: not served


def test_recently_changed_files_get_no_stamp(folder: Path) -> None:
    run_cached(folder)
    with sqlite3.connect(folder / "cache" / DATABASE) as connection:
        assert connection.execute("SELECT count(*) FROM stamps").fetchone() == (0,)
        assert connection.execute("SELECT count(*) FROM corpus").fetchone() == (0,)  # nor a snapshot entry


def corrupt_bytes(path: Path) -> None:
    path.write_bytes(b"this is not a database" * 100)


def truncated(path: Path) -> None:
    path.write_bytes(path.read_bytes()[:1500])


def foreign(path: Path) -> None:
    path.unlink()
    with sqlite3.connect(path) as connection:
        connection.execute("CREATE TABLE notes (text TEXT)")


def other_code(path: Path) -> None:
    with sqlite3.connect(path) as connection:
        connection.execute("UPDATE meta SET value = 'older code' WHERE key = 'code'")


@pytest.mark.parametrize("damage", [corrupt_bytes, truncated, foreign, other_code])
def test_a_bad_database_is_replaced_not_trusted(folder: Path, damage: object) -> None:
    _, cold = run_cached(folder)
    damage(folder / "cache" / DATABASE)  # type: ignore[operator]
    runs, again = run_cached(folder)
    assert runs == [["bridge.txt", "budget.txt", "drivers.txt"]]
    assert again == cold
    assert run_cached(folder)[0] == [[]]  # and the rebuilt cache works


@pytest.mark.parametrize(
    "tamper",
    [
        "UPDATE analyses SET shingle_count = shingle_count + 1 WHERE repeats != '[]'",
        "UPDATE analyses SET signature = zeroblob(12) WHERE repeats != '[]'",
        "UPDATE analyses SET repeats = '[[\"exact\"]]' WHERE repeats != '[]'",
    ],
)
def test_a_damaged_entry_is_a_miss_and_is_written_again(folder: Path, tamper: str) -> None:
    _, cold = run_cached(folder)
    with sqlite3.connect(folder / "cache" / DATABASE) as connection:
        assert connection.execute(tamper).rowcount == 1
    runs, again = run_cached(folder)
    assert runs == [["drivers.txt"]]
    assert again == cold
    assert run_cached(folder)[0] == [[]]


def holding_the_write_lock(folder: Path) -> sqlite3.Connection:
    """Another run in the middle of a write to the cache (a process stopped with Ctrl-Z, say)."""
    other = sqlite3.connect(folder / "cache" / DATABASE, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    return other


def test_a_cache_another_run_is_writing_is_waited_for_then_left_alone(folder: Path) -> None:
    """A lock held past the wait is not damage: the run goes on without the cache, which is kept
    (it was deleted, under the run that held it, and built again)."""
    run_cached(folder)
    other = holding_the_write_lock(folder)
    with pytest.raises(sqlite3.OperationalError, match="locked"):
        AnalysisCache(str(folder / "cache"), SETTINGS, busy_seconds=0.05)
    other.execute("COMMIT")
    other.close()
    assert run_cached(folder)[0] == [[]]  # every analysis still there


def test_a_cache_locked_while_in_use_is_a_miss_and_is_kept(folder: Path) -> None:
    _, cold = run_cached(folder)
    (folder / "files" / "new.txt").write_text(RETOLD + "\nA line no other file has.\n")
    sources, _ = discover([str(folder / "files")], SETTINGS)
    recorder = Recorder()
    with AnalysisCache(str(folder / "cache"), SETTINGS, busy_seconds=0.05) as cache:
        other = holding_the_write_lock(folder)
        results = {os.path.basename(a.source.path): plain(a) for a in cache.analyses(sources, SETTINGS, recorder)}
        other.execute("COMMIT")
        other.close()
    assert recorder.runs == [["new.txt"]]  # its analysis could not be stored
    assert {name: results[name] for name in cold} == cold
    assert run_cached(folder)[0] == [["new.txt"]]  # the others were kept


def test_a_damaged_stamp_means_reading_the_file(folder: Path) -> None:
    _, cold = run_cached(folder, racy_ns=0)
    without_snapshot(folder)
    with sqlite3.connect(folder / "cache" / DATABASE) as connection:
        connection.execute("UPDATE stamps SET digest = 'feed' WHERE path LIKE '%budget.txt'")
    runs, again = run_cached(folder, racy_ns=0)
    assert runs == [[]] and again == cold  # read, digested, and found under its real digest


def test_the_cache_key_holds_every_setting_an_analysis_depends_on(folder: Path) -> None:
    """Changing any other setting must not change an analysis; a new setting must be listed here."""
    others = {
        "extensions": (".txt", ".md"),
        "include": ("*",),
        "exclude": ("nothing",),
        "keep": "first",
        "originals": ("archive",),  # which copy a group keeps, never what a file holds
        "similarity": 0.9,
        "containment": 0.9,
        "min_length_ratio": 0.9,
        "lsh_bands": 10,
        "lsh_rows": 2,
        "max_file_bytes": 10**9,
        "follow_symlinks": True,
        # for JSONL records only: the text field is part of a record's digest, the id names it
        "jsonl_text": "body",
        "jsonl_id": "key",
        "max_extract_memory": 0,  # decides whether a format file is read, never what it reads to
    }
    assert set(others) | set(ANALYSIS_SETTINGS) == set(Settings.field_names())
    source = SourceFile(str(folder / "files" / "drivers.txt"), "drivers.txt", 0, 0.0)
    base = analyze(source, SETTINGS)
    for name, value in others.items():
        changed = analyze(source, Settings(**{name: value}))  # type: ignore[arg-type]
        assert isinstance(base, Analysis) and isinstance(changed, Analysis)
        assert plain(changed) == plain(base), name


def test_check_with_a_warm_cache_reports_the_same(repo: Path) -> None:
    write_tree(repo, {"new.txt": RETOLD})
    cold = check("--format", "json", "new.txt")
    warm = check("--format", "json", "new.txt")
    assert (cold.exit_code, warm.exit_code) == (1, 1)
    assert warm.stdout == cold.stdout
    assert (repo / ".dedupe-cache" / ".gitignore").read_text().endswith("*\n")
    assert git(repo, "status", "--porcelain").splitlines() == ["?? new.txt"]  # the cache itself stays out of git
    assert check("--format", "json", "--no-cache", "new.txt").stdout == cold.stdout


def run_git_status(repo: Path) -> list[str]:
    return subprocess.run(
        ["git", "status", "--porcelain"], cwd=repo, capture_output=True, text=True
    ).stdout.splitlines()


def test_a_cache_folder_that_cannot_be_used_slows_down_only(repo: Path) -> None:
    write_tree(repo, {"blocked": "a file where the cache folder would go"})
    result = check("--cache-dir", "blocked/cache")
    assert result.exit_code == 0
    assert result.stderr.startswith("dedupe: warning: running without a cache (blocked/cache: ")


def test_concurrent_runs_share_one_cache(tmp_path: Path) -> None:
    files = {f"articles/{i:03d}.txt": OTHER.replace("schools", f"schools {i} " * (i % 7)) for i in range(40)}
    repo = git_repo(tmp_path / "repo", {**files, "articles/copy.txt": ARTICLE, "articles/bridge.txt": ARTICLE})
    command = [sys.executable, "-c", "from dedupe_cli.app import main; main()", "check", "-q", "--format", "json"]
    runs = [subprocess.Popen(command, cwd=repo, stdout=subprocess.PIPE, text=True) for _ in range(3)]
    outputs = [(run.communicate()[0], run.returncode) for run in runs]
    warm = subprocess.run(command, cwd=repo, capture_output=True, text=True)
    assert {code for _, code in outputs} == {1}
    assert {out for out, _ in outputs} == {warm.stdout}
    with sqlite3.connect(repo / ".dedupe-cache" / DATABASE) as connection:
        assert connection.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        stored = connection.execute("SELECT count(*) FROM analyses").fetchone()[0]
    assert stored == len({*files.values(), ARTICLE})  # one entry per distinct content


def test_the_code_digest_covers_every_module_of_the_package(tmp_path: Path) -> None:
    """Analyses made by other code are never reused: a change to any module, in a subpackage
    too (the stages moved to dedupe/stages/), gives another digest. It covered dedupe/store/ alone."""
    import shutil

    import dedupe
    from dedupe.store.cache import _code_digest, sources_digest

    assert _code_digest() == sources_digest(Path(dedupe.__file__).parent)  # the whole package, not its store/
    package = tmp_path / "dedupe"
    shutil.copytree(Path(dedupe.__file__).parent, package, ignore=shutil.ignore_patterns("__pycache__"))
    before = sources_digest(package)
    for module in ("stages/analyze.py", "repeats.py", "formats/html.py"):
        with open(package / module, "a") as handle:
            handle.write("\n# changed\n")
        after = sources_digest(package)
        assert after != before, module
        before = after


def test_a_few_changed_files_are_served_from_the_rows_and_the_snapshot_is_not_written_again(
    tmp_path: Path,
) -> None:
    """Writing the whole snapshot cost a commit hook more than its few edited files; they are
    served from the per-file rows (the same analyses) until a sixteenth of it has changed."""
    write_tree(tmp_path / "files", {f"{i:02d}.txt": OTHER.replace("schools", f"schools {i}") for i in range(32)})
    run_cached(tmp_path, racy_ns=0)

    def snapshot() -> bytes:
        with sqlite3.connect(tmp_path / "cache" / DATABASE) as connection:
            [(data,)] = connection.execute("SELECT data FROM corpus")
        return bytes(data)

    written, changed = snapshot(), tmp_path / "files" / "00.txt"
    changed.write_text(ARTICLE)  # one file of 32 changed: less than a sixteenth
    assert run_cached(tmp_path, racy_ns=0)[0] == [["00.txt"]] and snapshot() == written
    runs, warm = run_cached(tmp_path, racy_ns=0)
    assert runs == [[]] and snapshot() == written  # served from the rows
    assert warm["00.txt"] == plain(analyze(SourceFile(str(changed), "00.txt", 0, 0.0), SETTINGS))
    (tmp_path / "files" / "01.txt").write_text(RETOLD)  # two: a sixteenth
    assert run_cached(tmp_path, racy_ns=0)[0] == [["01.txt"]] and snapshot() != written
    assert run_cached(tmp_path, racy_ns=0)[0] == [[]]
