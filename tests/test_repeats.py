from __future__ import annotations

from pathlib import Path

import pytest

from dedupe.model import RepeatGroup
from dedupe.settings import Settings
from dedupe.stages.analyze import ComparisonForm

A = "The council voted on Tuesday to close the old harbour bridge for six weeks of repairs."
A_REWORDED = "On Tuesday the council voted to close the old harbour bridge for six weeks for repairs."
B = "Ferry services between the two banks will run every ten minutes during the closure."
C = "Local shop owners in the port district said they feared a drop in trade this spring."


def detect(text: str, settings: Settings, path: str = "f.txt") -> list[RepeatGroup]:
    return ComparisonForm.of(path, text, settings).repeats


def found(text: str, **settings: object) -> list[tuple[str, int, tuple[int, ...]]]:
    groups = detect(text, Settings(**settings), "f.txt")  # type: ignore[arg-type]
    return [(g.kind, g.kept_line, g.removed_lines) for g in groups]


@pytest.mark.parametrize(
    ("case", "text", "expected"),
    [
        ("no repeats", f"{A}\n\n{B}\n\n{C}", []),
        ("exact repeat", f"{A}\n\n{B}\n\n{A}", [("exact", 1, (5,))]),
        ("exact after normalization", f"{A}\n\n{B}\n\n  {A.upper()}  ", [("exact", 1, (5,))]),
        ("near repeat", f"{A}\n\n{B}\n\n{A_REWORDED}", [("near", 1, (5,))]),
        ("several copies", f"{A}\n\n{B}\n\n{A}\n\n{C}\n\n{A}", [("exact", 1, (5, 9))]),
        ("short paragraphs are left alone", "Read more.\n\nRead more.\n\nRead more.", []),
        ("code blocks are left alone", f"```\n{A}\n```\n\n```\n{A}\n```", []),
    ],
)
def test_find_repeats(case: str, text: str, expected: list[tuple[str, int, tuple[int, ...]]]) -> None:
    assert found(text) == expected, case


def test_exact_copy_of_a_near_repeat_points_at_the_kept_paragraph() -> None:
    text = f"{A}\n\n{B}\n\n{A_REWORDED}\n\n{A_REWORDED}"
    assert found(text) == [("near", 1, (5, 7))]


def test_chained_near_repeats_do_not_remove_distinct_text() -> None:
    """Each removed paragraph is itself close to the kept one."""
    text = f"{A}\n\n{A_REWORDED}\n\n{C}"
    groups = detect(text, Settings(), "f.txt")
    assert all(r.similarity >= Settings().paragraph_similarity for g in groups for r in g.removed)


def test_minimum_length_is_a_setting() -> None:
    assert found("Read more here.\n\nRead more here.", min_paragraph_chars=10) == [("exact", 1, (3,))]


def test_seed_000_finds_only_the_reworded_lede(seeds: Path) -> None:
    text = (seeds / "000_aa1d6de8988af644.txt").read_text(encoding="utf-8")
    groups = detect(text, Settings(), "000")
    assert [(g.kind, g.kept_line, g.removed_lines) for g in groups] == [("near", 1, (5,))]
    assert 0.5 <= groups[0].similarity < 0.8


def test_seed_004_finds_the_block_repeated_eight_times(seeds: Path) -> None:
    text = (seeds / "004_93517e45620c80a7.txt").read_text(encoding="utf-8")
    groups = detect(text, Settings(), "004")
    assert [g.kept_line for g in groups] == list(range(1, 16))
    assert all(g.kind == "exact" and len(g.removed) == 7 for g in groups)
    assert sorted(line for g in groups for line in g.removed_lines) == list(range(16, 121))


@pytest.mark.parametrize("dense_cells", [0, 1 << 22])
def test_long_and_short_files_and_small_steps_agree(
    seeds: Path, monkeypatch: pytest.MonkeyPatch, dense_cells: int
) -> None:
    """Long files score in float64, short ones in float32, both in steps; they find the same."""
    monkeypatch.setattr("dedupe.near._DENSE_CELLS", dense_cells)
    monkeypatch.setattr("dedupe.near._PAIRS_PER_STEP", 4)
    monkeypatch.setattr("dedupe.near._ENTRIES_PER_STEP", 4)
    text = (seeds / "000_aa1d6de8988af644.txt").read_text(encoding="utf-8")
    text += "\n\n" + (seeds / "004_93517e45620c80a7.txt").read_text(encoding="utf-8")
    groups = detect(text, Settings())
    assert [(g.kind, g.kept_line, len(g.removed)) for g in groups][:2] == [("near", 1, 1), ("exact", 25, 7)]
    assert round(groups[0].similarity, 4) == 0.6113


def test_groups_carry_the_kept_paragraph_span() -> None:
    text = f"{B}\n\n{A}\n\n{C}\n\n{A_REWORDED}"
    [group] = detect(text, Settings())
    assert text[group.kept_span.start : group.kept_span.end] == A
    assert group.kept_span.line == group.kept_line == 3


def test_a_block_of_short_lines_pasted_again_goes_by_its_whole_size() -> None:
    """Each row is shorter than `min_paragraph_chars`; the block of them, pasted three more
    times at the end, is one repeat and goes whole (seed 004 is the same with long lines)."""
    table = (
        "Quarter to June, in millions:\nRevenue 412.6 (last year 371.2)\nNet profit 39.7 (28.1)\nDividend 0.21 (0.18)"
    )
    text = f"{A}\n\n{table}\n\n{B}\n\n{table}\n\n{table}\n\n{table}\n"
    groups = detect(text, Settings())
    removed = sorted(line for g in groups for line in g.removed_lines)
    assert sorted(g.kept_line for g in groups) == [3, 4, 5, 6]
    assert removed == [*range(10, 14), *range(15, 19), *range(20, 24)]
    cleaned = ComparisonForm.of("f.txt", text, Settings()).normalized
    assert cleaned.count("dividend 0.21") == 1


def test_a_short_line_repeated_alone_stays() -> None:
    assert found(f"Read more here.\n\n{A}\n\nRead more here.\n") == []


BASENAME = """  basename now supports the -a and -s options, which allow processing
  of more than one argument at a time.  Also the complementary
  -z option was added to delimit output items with the NUL character."""
DIRNAME = """  dirname now supports more than one argument.  Also the complementary
  -z option was added to delimit output items with the NUL character."""
FIND_BUG = "#27017: find -D opt / -fstype ext3 -print , -quit coredumps"
OTHER_BUG = "#27328: segfault if the initial exec for find -exec fails, as reported on the list."


@pytest.mark.parametrize("name", ["NEWS", "coreutils-NEWS.txt", "CHANGELOG.md", "changelog.Debian", "HISTORY.rst"])
def test_a_changelogs_entries_that_read_alike_are_held_not_removed(tmp_path: Path, name: str) -> None:
    """coreutils' NEWS: `dirname` taking several arguments reads like `basename` doing so, and is
    another entry (a near repeat of 0.61 elsewhere). Only an entry written again but for its
    spacing and final full stop (findutils lists bug #27017 twice) is removed from a changelog."""
    import json
    import subprocess

    from conftest import DEDUPE

    text = f"{BASENAME}\n\n{DIRNAME}\n\n{FIND_BUG}\n\n{OTHER_BUG}\n\n{FIND_BUG}.\n"
    (tmp_path / "log").mkdir()
    (tmp_path / "log" / name).write_text(text)
    (tmp_path / "notes").mkdir()
    (tmp_path / "notes" / "notes.txt").write_text(text)
    done = subprocess.run(
        [*DEDUPE, "scan", "log", "notes", "--include", "*", "--format", "json", "--no-cache"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
    )
    report = json.loads(done.stdout)
    removed = {(r["path"], line) for r in report["repeated_paragraphs"] for line in r["removed_lines"]}
    held = {(h["path"], h["line"], h["reason"]) for h in report["similar_but_kept"]["paragraphs"]}
    log, notes = f"log/{name}", "notes/notes.txt"
    assert (notes, 5) in removed  # in notes, dirname's entry is a near repeat of basename's
    assert (log, 5) not in removed and (log, 5, "an entry of a changelog") in held
    assert (log, 12) in removed and (notes, 12) in removed  # bug #27017 listed twice


@pytest.mark.parametrize(
    ("name", "changelog"),
    [
        ("NEWS", True),
        ("NEWS.Debian.gz", True),
        ("coreutils-NEWS.txt", True),
        ("ChangeLog", True),
        ("CHANGES.md", True),
        ("HISTORY.rst", True),
        ("debian-changelog-2024.txt", True),
        ("RELNOTES", True),
        ("breaking-news-harbour.txt", False),
        ("newsletter.txt", False),
        ("notes.txt", False),
    ],
)
def test_a_changelog_is_known_by_its_name(name: str, changelog: bool) -> None:
    from dedupe.repeats import is_changelog

    assert is_changelog(f"docs/{name}") is changelog


RPM_LOG = """* Mon 06 Jul 2009 Caius Chance <me at kaio.me>
- Reconverted SFDs from original TTFs with traditional kern table.
- Updated the clean target in the Makefile.

* Tue 30 Jun 2009 Caius Chance <me at kaio.me>
- Reconverted SFDs from original TTFs with traditional kern table.
- Updated the clean target in the Makefile.

* Tue 30 Jun 2009 Caius Chance <me at kaio.me>
- Generated a cleaner SFD from the original TTFs, as upstream asked.
- Included the Makefile in the sources tarball for the packagers.

TLS improvements: ALPN selection for the proxy filters in one set of functions.

- standardized the logging of offered ALPNs across every backend.

TLS improvements: ALPN selection for the proxy filters in one set of functions.

- standardized the logging of offered ALPNs across every backend.
"""


def test_a_changelogs_exact_repeats_go_only_within_one_entry(tmp_path: Path) -> None:
    """fonts-liberation's changelog records the same work under 6 Jul and 30 Jun 2009, and two
    entries of 30 Jun: each date's bullets and header are its own (a date stands between the
    copies, or in them). curl's changelog pastes a block twice within one commit: that goes."""
    import json
    import subprocess

    from conftest import DEDUPE

    for name in ("changelog", "notes.txt"):
        (tmp_path / name).write_text(RPM_LOG)
    done = subprocess.run(
        [*DEDUPE, "scan", "changelog", "notes.txt", "--format", "json", "--no-cache"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
    )
    report = json.loads(done.stdout)
    removed = {(r["path"], line) for r in report["repeated_paragraphs"] for line in r["removed_lines"]}
    assert {line for path, line in removed if path == "notes.txt"} == {6, 7, 9, 17, 19}  # a plain file: all go
    assert {line for path, line in removed if path == "changelog"} == {17, 19}  # only the block pasted again


def held_and_removed(text: str, path: str = "f.txt") -> tuple[set[tuple[int, str]], set[int]]:
    form = ComparisonForm.of(path, text, Settings())
    return {(h.line, h.reason) for h in form.held}, {line for g in form.repeats for line in g.removed_lines}


def test_a_bullet_under_two_releases_with_rst_headings_is_held() -> None:
    """aiobotocore's changelog underlines its release headings with `^`: two releases' identical
    bullets are the same bullet in two sections, not a paste."""
    text = (
        "3.1.1 (2026-01-19)\n^^^^^^^^^^^^^^^^^^\n* relax botocore dependency specification\n\n"
        "3.1.0 (2026-01-02)\n^^^^^^^^^^^^^^^^^^\n* bump aiohttp to the release that fixes the leak\n\n"
        "2.7.0 (2023-10-17)\n^^^^^^^^^^^^^^^^^^\n* relax botocore dependency specification\n"
    )
    held, removed = held_and_removed(text, "METADATA")
    assert not removed and (11, "in another section") in held


def test_the_same_items_under_two_lead_ins_are_two_lists() -> None:
    """python-dotenv gives the precedence of values with and without `override`: the same four
    items in another order under another lead-in sentence. The order is the meaning."""
    items = ["Value of that variable in the `.env` file.", "Value of that variable in the environment."]
    steps = "- Default value, if provided.\n- Empty string that stands for an unset variable."
    text = (
        "With `load_dotenv(override=True)` the value is the first of these:\n\n"
        f"- {items[0]}\n- {items[1]}\n{steps}\n\n"
        "With `load_dotenv(override=False)` the value is the first of these:\n\n"
        f"- {items[1]}\n- {items[0]}\n{steps}\n"
    )
    held, removed = held_and_removed(text)
    assert not removed and {10, 11, 13} <= {line for line, _ in held}  # 12 is too short to list
    pasted = "Install it with pip:\n\n- pip install python-dotenv for the library\n\nInstall it with pip:\n\n"
    _, removed = held_and_removed(pasted + "- pip install python-dotenv for the library\n")
    assert removed == {5, 7}  # a lead-in pasted again with its list still goes


def test_two_example_commands_of_the_same_words_with_other_quoting_are_both_kept() -> None:
    """add-apt-repository(1) shows `-S` with its argument quoted and unquoted, on purpose."""
    text = (
        "EXAMPLES\n\n"
        "       add-apt-repository -S 'deb http://myserver/path/to/repo stable main'\n\n"
        "       add-apt-repository -S deb http://myserver/path/to/repo stable main\n"
    )
    held, removed = held_and_removed(text, "add-apt-repository.1")
    assert not removed and (5, "the same words with other symbols") in held


def test_the_same_description_under_two_function_names_is_held() -> None:
    """libxslt's API reference (gtk-doc HTML as text): each function's name over its entry, and two
    functions described by one sentence. The second entry would be left with no description."""
    text = (
        "xsltRegisterExtModule ()\n\nint xsltRegisterExtModule (const xmlChar * URI)\n\n"
        "Register an XSLT extension module to the library.\n\n"
        "xsltRegisterExtModuleFull ()\n\nint xsltRegisterExtModuleFull (const xmlChar * URI, void * f)\n\n"
        "Register an XSLT extension module to the library.\n"
    )
    held, removed = held_and_removed(text, "libxslt-extensions.html")
    assert not removed and (11, "in another section") in held


INFO = Path(__file__).parent.parent / "benchmarks" / "judged" / "texts" / "info"


@pytest.mark.parametrize(
    ("manual", "line", "what"),
    [
        ("diffutils.info.txt", 648, "the header of the node Detailed Context, near that of Less Context"),
        ("find.info.txt", 2691, "-ok's entry: the sentence -okdir's entry says too"),
        ("gpgrt.info.txt", 918, "the GPL's heading in capitals, near the sentence before it"),
        ("gettext.info.txt", 1805, "the one printf the manual recommends, near the two it warns against"),
        ("diffutils.info.txt", 2230, "the end of diff3 -E's output, as -A's ends, after a blank line in it"),
    ],
)
def test_a_manuals_structure_is_not_a_paste(manual: str, line: int, what: str) -> None:
    """GNU info manuals (the judged set `info`: 0 right of 6 removals at first sight): a node's
    header (`^_`, `File: ..., Node: ...`), an entry's definition line (` -- Action: -ok`), a heading
    in capitals and an example indented deeper than the prose (and its last lines, after a blank
    line in it) are structure, not pastes."""
    _, removed = held_and_removed((INFO / manual).read_text(encoding="utf-8"), str(INFO / manual))
    assert line not in removed, what
