"""Latency of `dedupe check` as a commit hook: a few staged files against a large tracked corpus.

Generates a git repository of N articles (benchmarks/gen_corpus.py), fills the analysis cache with
one whole-corpus check (cold), then stages three new files (a reworded copy of a committed
article, an article with a pasted-again paragraph, an unrelated article) and times
`dedupe check FILES` as pre-commit runs it: a new process each time, warm cache. Before each run
the staged files get a new last line, so, as in a real commit, their content is new to the cache
and is analyzed. CPU time (the process and its children, git included) is the steadier figure
on a shared machine; wall time is printed too.

With `--baseline CHECKOUT` (a checkout of other code, main say), the same repository is checked
by both codes in one run, alternately, each with its own cache folder, and the medians and their
ratio are printed; the whole-corpus reports and the hook outputs of the two must be identical.
Both run from source with their bytecode cached outside the checkouts (PYTHONPYCACHEPREFIX), as
an installed package runs.

    python -m benchmarks.hook_latency [--docs 20000] [--runs 5] [--baseline ../main]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from benchmarks.processes import generate, timed_run

HERE = Path(__file__).parent
DEDUPE = [sys.executable, "-c", "from dedupe_cli.app import main; main()"]


@dataclass
class Code:
    """One code to time: a checkout, run from its sources with its own cache folder."""

    label: str
    checkout: Path
    work: Path  # where its import alias, bytecode and cache go
    seconds: list[float] = field(default_factory=list)
    cpu: list[float] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.work.mkdir(parents=True)
        (self.work / "dedupe_cli").symlink_to(self.checkout / "cli")  # installed as dedupe_cli

    def env(self) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
        env["PYTHONPATH"] = os.pathsep.join([str(self.checkout), str(self.work)])
        env["PYTHONPYCACHEPREFIX"] = str(self.work / "bytecode")
        return env

    def check(self, repo: Path, *args: str) -> tuple[float, float, subprocess.CompletedProcess[str]]:
        return self.run(repo, "check", *args, "--cache-dir", str(self.work / "cache"))

    def run(self, repo: Path, *args: str) -> tuple[float, float, subprocess.CompletedProcess[str]]:
        """Wall and CPU seconds of `dedupe ARGS` in `repo`, and its result."""
        return timed_run([*DEDUPE, *args], repo, self.env())


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


def make_repo(tmp: Path, docs: int, seed: int) -> tuple[Path, Path]:
    repo, other = tmp / "repo", tmp / "other"
    generate(repo / "articles", docs, seed)
    generate(other, 2, seed + 1)
    os.remove(repo / "articles.truth.json")
    git(repo, "init", "-q")
    git(repo, "add", "articles")
    git(repo, "commit", "-q", "-m", "corpus")
    return repo, other


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--docs", type=int, default=20000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--baseline", type=Path, help="a checkout of the code to compare with (main, say)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        tmp = Path(folder)
        repo, other = make_repo(tmp, args.docs, args.seed)
        megabytes = sum(f.stat().st_size for f in (repo / "articles").iterdir()) / 1e6
        codes = [Code("this code", HERE.parent.resolve(), tmp / "this")]
        if args.baseline:
            codes.append(Code("baseline", args.baseline.resolve(), tmp / "baseline"))
        print(f"corpus: {args.docs:,} tracked articles, {megabytes:.1f} MB; {os.cpu_count()} cores")
        reports = []
        for code in codes:
            report = tmp / f"{code.work.name}.json"
            whole = ["--quiet", "--format", "json", "--output", str(report)]
            cold, cold_cpu, _ = code.check(repo, *whole)
            warm, warm_cpu, _ = code.check(repo, *whole)
            reports.append(report.read_bytes())
            print(f"  {code.label:>10}: whole corpus, cold cache {cold:7.2f} s ({cold_cpu:.2f} s CPU), "
                  f"warm {warm:6.2f} s ({warm_cpu:.2f} s CPU)")  # fmt: skip
        files = staged_files(repo, other)
        outputs = set()
        for run in range(args.runs):
            for name in files:
                with open(repo / name, "a") as handle:
                    handle.write(f"\nEdited for commit {run}.\n")
            git(repo, "add", *files)
            for code in codes if run % 2 == 0 else codes[::-1]:  # alternate which code goes first
                elapsed, cpu, done = code.check(repo, "--quiet", "--format", "text", *files)
                code.seconds.append(elapsed)
                code.cpu.append(cpu)
                outputs.add((run, done.returncode, done.stdout))
        for code in codes:
            print(
                f"  {code.label:>10}: 3 staged files, warm cache {statistics.median(code.seconds):5.2f} s median wall "
                f"({min(code.seconds):.2f}-{max(code.seconds):.2f}), {statistics.median(code.cpu):.2f} s median CPU "
                f"({min(code.cpu):.2f}-{max(code.cpu):.2f}) over {args.runs} runs"
            )
        startup, startup_cpu, _ = codes[0].run(repo, "--version")
    print(f"  {'':>10}  of which interpreter + imports    {startup:5.2f} s ({startup_cpu:.2f} s CPU, dedupe --version)")
    if len(codes) == 2:
        this, base = codes
        print(
            f"  ratio this/baseline: wall {statistics.median(this.seconds) / statistics.median(base.seconds):.2f}, "
            f"CPU {statistics.median(this.cpu) / statistics.median(base.cpu):.2f}; whole-corpus reports "
            f"{'identical' if reports[0] == reports[1] else 'DIFFER'}; hook outputs "
            f"{'identical' if len(outputs) == args.runs else 'DIFFER'}"
        )
    run, code, out = max(outputs)
    print(f"hook output (exit {code}):", *out.splitlines(), sep="\n  ")


if __name__ == "__main__":
    main()
