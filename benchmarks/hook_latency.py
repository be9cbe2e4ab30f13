"""Latency of `dedupe check` as a commit hook: a few staged files against a large tracked corpus.

Generates a git repository of N articles (benchmarks/gen_corpus.py), fills the analysis cache with
one whole-corpus check (cold), then stages three new files (a reworded copy of a committed
article, an article with a pasted-again paragraph, an unrelated article) and times
`dedupe check FILES` as pre-commit runs it: a new process each time, wall clock, warm cache.
Before each run the staged files get a new last line, so, as in a real commit, their content is
new to the cache and is analyzed.

    python benchmarks/hook_latency.py [--docs 20000] [--runs 5]
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).parent
DEDUPE = [sys.executable, "-c", "from dedupe_cli.app import main; main()"]


def timed(command: list[str], cwd: Path) -> tuple[float, subprocess.CompletedProcess[str]]:
    started = time.perf_counter()
    done = subprocess.run(command, cwd=cwd, capture_output=True, text=True)
    return time.perf_counter() - started, done


def children_cpu() -> float:
    """CPU seconds of the finished child processes: steadier than wall time on a shared machine."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def git(repo: Path, *args: str) -> None:
    subprocess.run(
        ["git", "-c", "user.name=bench", "-c", "user.email=bench@example.invalid", *args], cwd=repo, check=True
    )


def staged_files(repo: Path, other: Path) -> list[str]:
    """A reworded copy of a committed article, one with a repeated paragraph, an unrelated one."""
    articles = sorted((repo / "articles").iterdir())
    new = repo / "new"
    new.mkdir()
    copied = articles[len(articles) // 2].read_text().replace(" the ", " a ", 3)
    (new / "copy.txt").write_text("Reprinted with permission.\n\n" + copied)
    paragraphs = sorted(other.iterdir())[0].read_text().split("\n\n")
    (new / "repeat.txt").write_text("\n\n".join([*paragraphs, paragraphs[0]]))
    (new / "fresh.txt").write_text(sorted(other.iterdir())[1].read_text())
    git(repo, "add", "new")
    return ["new/copy.txt", "new/repeat.txt", "new/fresh.txt"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--docs", type=int, default=20000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        repo, other = Path(tmp) / "repo", Path(tmp) / "other"
        generate = [sys.executable, str(HERE / "gen_corpus.py")]
        subprocess.run(
            [*generate, str(repo / "articles"), "--docs", str(args.docs), "--seed", str(args.seed)], check=True
        )
        subprocess.run([*generate, str(other), "--docs", "2", "--seed", str(args.seed + 1)], check=True)
        os.remove(repo / "articles.truth.json")
        git(repo, "init", "-q")
        git(repo, "add", "articles")
        git(repo, "commit", "-q", "-m", "corpus")
        megabytes = sum(f.stat().st_size for f in (repo / "articles").iterdir()) / 1e6
        whole = [*DEDUPE, "check", "--quiet", "--format", "json", "--output", str(Path(tmp) / "report.json")]
        cold, _ = timed(whole, repo)
        warm_all, _ = timed(whole, repo)
        files = staged_files(repo, other)
        seconds, cpu = [], []
        for run in range(args.runs):
            for name in files:
                with open(repo / name, "a") as handle:
                    handle.write(f"\nEdited for commit {run}.\n")
            git(repo, "add", *files)
            before = children_cpu()
            elapsed, done = timed([*DEDUPE, "check", "--quiet", "--format", "text", *files], repo)
            seconds.append(elapsed)
            cpu.append(children_cpu() - before)
        startup, _ = timed([*DEDUPE, "--version"], repo)
    print(f"corpus: {args.docs:,} tracked articles, {megabytes:.1f} MB; {os.cpu_count()} cores")
    print(f"  whole corpus, cold cache          {cold:7.2f} s")
    print(f"  whole corpus, warm cache          {warm_all:7.2f} s")
    print(
        f"  3 staged files, warm cache        {statistics.median(seconds):7.2f} s median, "
        f"{min(seconds):.2f}-{max(seconds):.2f} s over {args.runs} runs (exit {done.returncode})"
    )
    print(f"  3 staged files, CPU time          {statistics.median(cpu):7.2f} s median")
    print(f"  of which interpreter + imports    {startup:7.2f} s (dedupe --version)")
    print("hook output:", *done.stdout.splitlines()[:1], *done.stderr.splitlines(), sep="\n  ")


if __name__ == "__main__":
    main()
