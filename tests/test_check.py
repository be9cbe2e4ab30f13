"""`dedupe check` on real git repositories: exit codes, the corpus, the formats, the level."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import ARTICLE, COPY, FRESH, RETOLD, check, git, stage, write_tree


@pytest.mark.parametrize(
    ("files", "args", "code", "message"),
    [
        ({"new/fresh.txt": FRESH}, ["new/fresh.txt"], 0, ""),
        ({"new/copy.txt": COPY}, ["new/copy.txt"], 1, "dedupe: 1 problem: 1 duplicate article, 0 repeated"),
        (
            {"new/repeat.txt": RETOLD},
            ["new/repeat.txt"],
            1,
            "dedupe: 1 problem: 0 duplicate articles, 1 repeated",
        ),
        ({}, [], 0, ""),
        ({"pyproject.toml": "[tool.dedupe]\nsimilarity = 2\n"}, [], 2, "dedupe: error: pyproject.toml [tool.dedupe]: "),
        ({}, ["no-such-file.txt"], 2, "dedupe: error: no such file or folder: no-such-file.txt"),
        ({}, ["--format", "yaml"], 2, "Usage: dedupe check"),
    ],
)
def test_exit_codes_are_pinned(repo: Path, files: dict[str, str], args: list[str], code: int, message: str) -> None:
    """0 clean, 1 problems found, 2 usage, configuration or input errors (as the README says)."""
    stage(repo, files)
    result = check(*args)
    assert result.exit_code == code, result.stdout + result.stderr
    assert result.stderr.startswith(message)
    assert "Traceback" not in result.stdout + result.stderr
    if message.startswith("dedupe:"):
        assert len(result.stderr.splitlines()) == 1


def test_a_new_copy_of_a_committed_article_fails_and_names_both(repo: Path) -> None:
    stage(repo, {"new/copy.txt": COPY})
    result = check("new/copy.txt", "--format", "github")
    assert result.exit_code == 1
    [line] = result.stdout.splitlines()
    # the wrapped copy holds all of the old article, so `clean` would keep it; the problem is still in the new file
    assert line.startswith(
        "::error file=new/copy.txt,line=1,title=dedupe duplicate-article::duplicate of articles/bridge.txt (similarity "
    )
    assert result.stderr == "dedupe: 1 problem: 1 duplicate article, 0 repeated paragraphs\n"


def test_only_problems_that_involve_the_given_files_are_reported(repo: Path) -> None:
    stage(repo, {"articles/bridge-again.txt": ARTICLE, "articles/budget-repeat.txt": RETOLD})
    git(repo, "commit", "-q", "-m", "old problems")
    stage(repo, {"new/fresh.txt": FRESH})
    fresh = check("new/fresh.txt", "--format", "github")
    assert (fresh.exit_code, fresh.stdout) == (0, "")
    whole = check("--format", "github")
    assert whole.exit_code == 1
    assert {line.split(",")[0] for line in whole.stdout.splitlines()} == {
        "::error file=articles/bridge.txt",
        "::error file=articles/budget-repeat.txt",
    }


def test_repeated_paragraphs_of_a_given_file_are_reported_with_their_lines(repo: Path) -> None:
    stage(repo, {"new/repeat.txt": RETOLD})
    result = check("new/repeat.txt", "--format", "github")
    assert result.stdout == (
        "::error file=new/repeat.txt,line=13,title=dedupe repeated-paragraph::"
        "exact repeat of the paragraph at line 5 (similarity 1.00)\n"
    )


def test_given_files_that_are_not_articles_are_left_alone(repo: Path) -> None:
    """pre-commit passes every staged text file; the extension and glob rules decide what is an article."""
    stage(repo, {"tool.py": f'"""{RETOLD}"""\n', "notes/copy.txt": ARTICLE})
    assert check("tool.py").exit_code == 0
    assert check("tool.py", "--exclude", "notes", "notes/copy.txt").exit_code == 0
    assert check("tool.py", "notes/copy.txt").exit_code == 1


def test_hidden_and_untracked_files_are_not_the_corpus(repo: Path) -> None:
    write_tree(repo, {"untracked/copy.txt": ARTICLE, ".archive/copy.txt": ARTICLE})
    git(repo, "add", "-f", ".archive/copy.txt")
    assert check("--format", "github").stdout == ""


def test_the_corpus_can_be_named_or_configured(repo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    outside = write_tree(tmp_path / "plain", {"articles/bridge.txt": ARTICLE, "new.txt": COPY})
    monkeypatch.chdir(outside)
    result = check("new.txt")
    assert result.exit_code == 2
    assert result.stderr.startswith("dedupe: error: ") and "not in a git repository" in result.stderr
    assert check("new.txt", "--corpus", "articles").exit_code == 1
    write_tree(outside, {".dedupe.toml": 'roots = ["articles"]\n'})
    assert check("new.txt").exit_code == 1
    assert check("new.txt", "--corpus", "new.txt").exit_code == 0  # --corpus overrides the roots


@pytest.mark.parametrize(
    ("folder", "corpus", "given"),
    [
        ("", ["--corpus", "."], "new/copy.txt"),
        ("", ["--corpus", "./"], "./new/copy.txt"),
        ("", ["--corpus", "{root}"], "new/copy.txt"),
        ("", [], "new/copy.txt"),  # roots = ["."]
        ("new", [], "copy.txt"),  # the roots, from a subfolder
        ("new", ["--corpus", ".."], "copy.txt"),
    ],
)
def test_a_given_file_inside_a_corpus_folder_is_still_checked(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, folder: str, corpus: list[str], given: str
) -> None:
    """A corpus folder that holds the given file walks to another name of it (`./new/copy.txt`
    for `new/copy.txt`): the file is checked once, under one name, and its copy is found."""
    root = write_tree(tmp_path / "plain", {"articles/bridge.txt": ARTICLE, "new/copy.txt": COPY})
    write_tree(root, {".dedupe.toml": 'roots = ["."]\n'})
    monkeypatch.chdir(root / folder)
    result = check(given, *(arg.format(root=root) for arg in corpus), "--no-cache")
    assert result.exit_code == 1, result.stdout + result.stderr
    [line] = result.stdout.splitlines()
    assert "copy.txt:1: duplicate-article duplicate of " in line and "bridge.txt" in line
    assert "same file" not in result.stderr


def test_github_annotations_escape_names_and_messages(repo: Path) -> None:
    stage(repo, {"new/a,b:c%d.txt": RETOLD})
    result = check("new/a,b:c%d.txt", "--format", "github")
    assert result.stdout.startswith("::error file=new/a%2Cb%3Ac%25d.txt,line=13,title=dedupe repeated-paragraph::")


def test_auto_picks_github_inside_github_actions(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    stage(repo, {"new/copy.txt": COPY})
    assert check("new/copy.txt").stdout.startswith("new/copy.txt:1: duplicate-article duplicate of articles/bridge")
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    assert check("new/copy.txt").stdout.startswith("::error file=new/copy.txt,line=1,")
    assert check("new/copy.txt", "--format", "text").stdout.startswith("new/copy.txt:1: ")


def test_level_warning_reports_without_failing(repo: Path) -> None:
    stage(repo, {"new/copy.txt": COPY})
    warned = check("new/copy.txt", "--format", "github", "--level", "warning")
    assert warned.exit_code == 0
    assert warned.stdout.startswith("::warning file=new/copy.txt,line=1,")
    write_tree(repo, {".dedupe.toml": 'level = "warning"\n'})
    assert check("new/copy.txt").exit_code == 0
    assert check("new/copy.txt", "--level", "error").exit_code == 1


def test_report_to_a_file_prints_nothing(repo: Path) -> None:
    stage(repo, {"new/copy.txt": COPY})
    result = check("new/copy.txt", "--format", "json", "--output", "report.json")
    assert (result.exit_code, result.stdout) == (1, "")
    report = json.loads(Path("report.json").read_text())
    assert [g["keep"] for g in report["duplicate_groups"]] == ["new/copy.txt"]
    assert report["files_scanned"] == 3


def test_the_repeats_of_a_copy_that_goes_whole_are_no_problem(repo: Path) -> None:
    """The copy is removed whole, so its pasted repeat is not a second problem; text, counts and
    annotations agree."""
    stage(repo, {"new/copy.txt": ARTICLE + "\n" + ARTICLE.split("\n\n")[1] + "\n"})
    result = check("new/copy.txt", "--format", "github")
    assert result.exit_code == 1
    assert [line.split("::")[1].split(" ")[-1] for line in result.stdout.splitlines()] == ["duplicate-article"]
    assert result.stderr == "dedupe: 1 problem: 1 duplicate article, 0 repeated paragraphs\n"
    text = check("new/copy.txt")
    assert [line.split(" ")[1] for line in text.stdout.splitlines()] == ["duplicate-article"]


def test_the_tracked_corpus_is_what_a_walk_of_the_repository_picks(repo: Path) -> None:
    """The listing of tracked files is filtered folder by folder (hidden, excluded, `.dedupeignore`
    verdicts worked out once per folder); the files picked must be those a walk picks, file by file."""
    from dedupe.corpus import tracked_files
    from dedupe.settings import Settings
    from dedupe.sources import discover

    names = ["a.txt", "b.md", ".c.txt", "d.TXT", "e.py", "keep.md", "x.txt"]
    folders = ["", "docs/", "docs/old/", "docs/old/deep/", ".hidden/", "build/", "notes/build/", "notes/"]
    write_tree(repo, {folder + name: f"{folder}{name}\n" for folder in folders for name in names})
    write_tree(
        repo,
        {
            ".dedupeignore": "*.md\n!keep.md\nold/\n",
            "docs/.dedupeignore": "x.txt\n",
            "notes/.dedupeignore": "!*.md\n",
        },
    )
    git(repo, "add", "-f", ".")
    for settings in (Settings(), Settings(exclude=("build",)), Settings(include=("*.md", "docs/*"))):
        listed = tracked_files(settings, str(repo)).paths
        walked = [source.relative for source in discover([str(repo)], settings)[0]]
        assert sorted(listed) == sorted(walked) and len(listed) >= 10
