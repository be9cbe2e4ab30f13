"""Shared test helpers: real folders and git repositories in tmp_path, and the real CLI."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from dedupe_cli import app as app_module
from dedupe_cli.app import app

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
SEED_000 = SAMPLES / "000_aa1d6de8988af644.txt"
SEED_004 = SAMPLES / "004_93517e45620c80a7.txt"
DEDUPE = [sys.executable, "-m", "dedupe_cli"]

ARTICLE = (SAMPLES / "wire" / "harbour-bridge.txt").read_text(encoding="utf-8")
LEDE, SECOND = ARTICLE.split("\n\n")[1:3]
REPEATED = f"{LEDE}\n\n{SECOND}\n\n{LEDE}\n"  # the third paragraph repeats the first
CLEANED = f"{LEDE}\n\n{SECOND}\n"
OTHER = (SAMPLES / "wire" / "city-budget.txt").read_text(encoding="utf-8")
SEED_LINES = (SAMPLES / "004_93517e45620c80a7.txt").read_text(encoding="utf-8").splitlines()[:15]


def distinct_articles(count: int) -> dict[str, str]:
    """`count` files unlike each other, each with a repeated paragraph (count ≤ 7)."""
    return {f"{i}.txt": f"{SEED_LINES[i]}\n\n{SEED_LINES[i + 7]}\n\n{SEED_LINES[i]}\n" for i in range(count)}


PARAPHRASE = (SAMPLES / "wire" / "harbour-bridge-other-report.txt").read_text(encoding="utf-8")
COPY = "Reprinted from the Harbour Gazette with permission.\n\n" + ARTICLE
RETOLD = PARAPHRASE.rstrip("\n") + "\n\n" + PARAPHRASE.split("\n\n")[2]
FRESH = """Library opens late on Thursdays

From next month the central library will stay open until nine in the evening every Thursday,
so that people who work during the day can borrow books and use the study rooms.

The extra hours are paid for by a grant from a local foundation. Staff will also run a
homework club for secondary school pupils in the reading room on those evenings.
"""


def three_groups(root: Path) -> Path:
    """Three duplicate groups whose orders by path, by similarity (nearest the threshold first)
    and by bytes saved (largest first) all differ: by path 1 2 3, by similarity 3 1 2, by bytes 2 3 1."""
    return write_tree(
        root,
        {
            "0.txt": FRESH,
            "0-copy.txt": FRESH,  # small exact copy
            "a.txt": ARTICLE,
            "a-copy.txt": ARTICLE,  # large exact copy
            "b.txt": OTHER,
            "b-trimmed.txt": OTHER[: len(OTHER) * 3 // 4],  # a near copy
        },
    )


def write_tree(root: Path, files: dict[str, str | bytes]) -> Path:
    """Create `files` ({relative path: content}) under root; str content is written as UTF-8."""
    for relative, content in files.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, str):
            path.write_bytes(content.encode("utf-8"))
        else:
            path.write_bytes(content)
    return root


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def stop(processes: list[subprocess.Popen[bytes]]) -> None:
    """End the processes a fixture started (by their own handles), the last started first."""
    for process in reversed(processes):
        process.terminate()
    for process in reversed(processes):
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@contextmanager
def dask_cluster(folder: Path, env: dict[str, str] | None = None) -> Iterator[str]:
    """The address of a real `dask scheduler` with two single-threaded `dask worker`s over TCP
    on 127.0.0.1, started in `folder` with `env` added to the environment, stopped at the end."""
    from distributed import Client

    dask = str(Path(sys.executable).parent / "dask")
    address = f"tcp://127.0.0.1:{free_port()}"
    env = {**os.environ, "DASK_DISTRIBUTED__NANNY__PRE_SPAWN_ENVIRON__MALLOC_TRIM_THRESHOLD_": "None", **(env or {})}
    started = [
        subprocess.Popen(
            [dask, "scheduler", "--host", "127.0.0.1", "--port", address.rsplit(":", 1)[1], "--no-dashboard"],
            cwd=folder,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
    ]
    try:
        for _ in range(2):
            worker = [dask, "worker", address, "--nthreads", "1", "--host", "127.0.0.1", "--no-dashboard"]
            started.append(
                subprocess.Popen(worker, cwd=folder, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            )
        deadline = time.monotonic() + 60
        while True:  # the scheduler takes a moment to listen
            try:
                with Client(address, timeout="5s") as client:
                    client.wait_for_workers(2, timeout=60)
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.5)
        yield address
    finally:
        stop(started)


def git(repo: Path, *args: str) -> str:
    done = subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True, text=True)
    return done.stdout


def git_repo(root: Path, files: dict[str, str | bytes]) -> Path:
    """A git repository at root with `files` committed (a user configured, as CI machines lack one)."""
    write_tree(root, files)
    git(root, "init", "-q")
    git(root, "config", "user.email", "tests@example.invalid")
    git(root, "config", "user.name", "dedupe tests")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "articles")
    return root


def edit_after_scan(monkeypatch: pytest.MonkeyPatch, path: Path, text: str) -> None:
    """The CLI's scan finishes, then `path` changes: a file edited while dedupe runs."""
    real = app_module.run_scan

    def scan_then_edit(*args, **kwargs):  # type: ignore[no-untyped-def]
        report = real(*args, **kwargs)
        path.write_text(text)
        return report

    monkeypatch.setattr(app_module, "run_scan", scan_then_edit)


def run(*args: str | Path) -> Result:
    return CliRunner().invoke(app, [str(a) for a in args], catch_exceptions=False)


def run_json(*args: str | Path) -> dict:  # type: ignore[type-arg]
    result = run("scan", *args, "--format", "json", "--quiet", "--jobs", "1")
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)  # type: ignore[no-any-return]


@pytest.fixture
def seeds(tmp_path: Path) -> Path:
    folder = tmp_path / "seeds"
    folder.mkdir()
    for seed in (SEED_000, SEED_004):
        (folder / seed.name).write_bytes(seed.read_bytes())
    return folder


def check(*args: str | Path) -> Result:
    return run("check", "--quiet", "--jobs", "1", *args)


def stage(repo: Path, files: dict[str, str]) -> None:
    write_tree(repo, files)
    git(repo, "add", *files)


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A repository with two unrelated committed articles, as the current folder."""
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    root = git_repo(tmp_path / "repo", {"articles/bridge.txt": ARTICLE, "articles/budget.txt": OTHER})
    monkeypatch.chdir(root)
    return root
