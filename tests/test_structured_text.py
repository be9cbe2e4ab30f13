"""Structured text is not prose: list items, `Key: value` stanzas, tables and comment blocks are
never cut as near repeats, and a field block is cut whole or not at all. Each case is a snippet of
a real file (Debian copyright files and READMEs) on which `clean` used to change the meaning."""

from __future__ import annotations

from pathlib import Path

from conftest import run, run_json, write_tree

STANZAS = """Files: *
Copyright: 1987-2022 Free Software Foundation, Inc.
License: GPL-3+

Files: lib/readline/*
Copyright: 1987-2022 Free Software Foundation, Inc.
License: GPL-2+

License: GPL-3+
 Bash is free software; you can redistribute it and/or modify it under
 the terms of the GNU General Public License as published by the Free
 Software Foundation; either version 3, or (at your option) any later
 version.

License: GPL-2+
 Readline is free software; you can redistribute it and/or modify it under
 the terms of the GNU General Public License as published by the Free
 Software Foundation; either version 2, or (at your option) any later
 version.

License: BSD-4-clause-UC
 * Redistribution and use in source and binary forms, with or without
 * modification, are permitted provided that the following conditions
 * are met:
 * 1. Redistributions of source code must retain the above copyright
 *    notice, this list of conditions and the following disclaimer.
 * 2. Redistributions in binary form must reproduce the above copyright
 *    notice, this list of conditions and the following disclaimer in the
 *    documentation and/or other materials provided with the distribution.
"""
BULLETS = """# Porting

* Known to require `#define DEFAULT_MANROFFSEQ "t"` on this system:

  Ultrix

* Known to require `#define DEFAULT_MANROFFSEQ "te"` on this system:

  HP-UX, OSF/1

We require several tools to check out and build the software, including:

* [Automake](https://www.gnu.org/software/automake/) (use 1.11.3 or later)
* [Autoconf](https://www.gnu.org/software/autoconf/) (use 2.64 or later)
"""
TABLES = """Benchmarks

Compressor name         | Ratio | Compression| Decompress.
---------------         | ------| -----------| ----------
zstd 1.5.1 -1           | 2.887 |   530 MB/s |  1700 MB/s
zstd 1.5.1 --fast=1     | 2.437 |   600 MB/s |  2150 MB/s

Compression Ratio | Compression Speed | Decompression Speed
------------------|-------------------|--------------------
![Compression Ratio](doc/cr.png "Compression Ratio") | ![Compression Speed](doc/cs.png "Compression Speed")
"""
PROSE = """Configuration flags

When using autotools, run "./configure --help" to see the possible
configuration options and environment variables.

When using cmake, inspect README.cmake to see the possible
configuration options and environment variables.
"""


def test_structured_and_distinct_text_is_left_whole(tmp_path: Path) -> None:
    files = {"copyright.txt": STANZAS, "porting.md": BULLETS, "tables.md": TABLES, "configure.md": PROSE}
    root = write_tree(tmp_path / "docs", files)
    assert run_json(root)["repeated_paragraphs"] == []
    result = run("clean", root, "--out", tmp_path / "out", "-q")
    assert result.exit_code == 0, result.stderr
    for name, text in files.items():
        assert (tmp_path / "out" / name).read_text() == text


def test_exact_repeats_of_structured_text_go_whole(tmp_path: Path) -> None:
    stanza = STANZAS.split("\n\n")[2]
    bullet = BULLETS.splitlines()[-1]
    files = {"copyright.txt": f"{STANZAS}\n{stanza}\n", "porting.md": f"{BULLETS}{bullet}\n"}
    root = write_tree(tmp_path / "docs", files)
    repeats = {
        (Path(r["path"]).name, r["kind"], r["kept_line"]): r["removed_lines"]
        for r in run_json(root)["repeated_paragraphs"]
    }
    # a stanza repeated alone is what each record of a copyright file carries: shown, not cut
    assert repeats == {("porting.md", "exact", 14): [15]}
    held = [(Path(h["path"]).name, h["line"], h["kept_line"]) for h in run_json(root)["similar_but_kept"]["paragraphs"]]
    assert held == [("copyright.txt", 31, 9)]
    assert run("clean", root, "--out", tmp_path / "out", "-q").exit_code == 0
    assert (tmp_path / "out" / "copyright.txt").read_text() == f"{STANZAS}\n{stanza}\n"
    assert (tmp_path / "out" / "porting.md").read_text() == BULLETS


GRANTS = """Copyright and license for the programs:

  This program is free software: you can redistribute it and/or modify
  it under the terms of the GNU General Public License as published by
  the Free Software Foundation; either version 3 of the License, or
  (at your option) any later version.

Copyright and license for the libintl library:

  This program is free software: you can redistribute it and/or modify it
  under the terms of the GNU Lesser General Public License as published
  by the Free Software Foundation; either version 2.1 of the License, or
  (at your option) any later version.
"""
LAPTOPS = """Today's offers, while stocks last.

The Compaq Presario 1200 notebook with a 14 inch screen and 256 MB of memory, only $899 this week.

The Compaq Presario 1700 notebook with a 15 inch screen and 512 MB of memory, only $1299 this week.
"""
MARKUP = """<table width="100%" border="0" cellpadding="2" cellspacing="0">

<tr><td>Rank</td><td>Download</td></tr>

<table width="100%" border="0" cellpadding="2" cellspacing="0">
"""


def test_a_paragraph_naming_what_its_near_copy_does_not_is_kept(tmp_path: Path) -> None:
    """Templated paragraphs score as near repeats but differ in a name or a number (a licence's
    name and version, a model and its price): removing one would lose them. Paragraphs of
    markup alone are layout, never cut."""
    files = {"copyright.txt": GRANTS, "offers.txt": LAPTOPS, "mail.txt": MARKUP}
    root = write_tree(tmp_path / "docs", files)
    assert run_json(root)["repeated_paragraphs"] == []
    reworded = (
        LAPTOPS
        + "\nThe Compaq Presario 1200 notebook, with a 14 inch screen and 256 MB memory, is only $899 this week.\n"
    )
    again = write_tree(tmp_path / "again", {"offers.txt": reworded})
    [repeat] = run_json(again)["repeated_paragraphs"]
    assert (repeat["kind"], repeat["kept_line"], repeat["removed_lines"]) == ("near", 3, [7])


SESSIONS = """ * The output from "git log --decorate" has changed. It used to list "HEAD"
   just like other branches; e.g.,

     $ git log --decorate -1 master
     commit bdb0f6788fa5e3cacc4315e9ff318a27b2676ff4 (HEAD, master)
     ...

   This release changes the output slightly when HEAD refers to a
   branch whose name is also shown in the output. The above is now
   shown as:

     $ git log --decorate -1 master
     commit bdb0f6788fa5e3cacc4315e9ff318a27b2676ff4 (HEAD -> master)
     ...
"""
DOCTEST = """These next two are equivalent, so the answer should be True, even through
the "outside" one is shorter than the "inside" one.

    >>> uri1 = URI('http://localhost/foo/bar/')
    >>> uri2 = URI('http://localhost/foo/bar')
    >>> uri1.contains(uri2)
    True

The next two are exactly the same.  We consider a url to be inside itself.

    >>> uri1 = URI('http://localhost/foo/bar/')
    >>> uri2 = URI('http://localhost/foo/bar/')
    >>> uri1.contains(uri2)
    True
"""


def test_a_shell_or_python_session_is_code_never_a_near_repeat(tmp_path: Path) -> None:
    """git's RelNotes/2.4.0.txt and lazr.uri's doctests: the second example differs from the first
    only in a symbol (`->` for `,`, a final `/`), which is its whole point; both were cut as near
    repeats (0.88 and 0.95) before prompt lines made a block code."""
    root = write_tree(tmp_path / "docs", {"RelNotes.txt": SESSIONS, "index.rst": DOCTEST})
    report = run_json(root)
    assert report["repeated_paragraphs"] == []
    assert run("clean", root, "--out", tmp_path / "out", "-q").exit_code == 0
    assert (tmp_path / "out" / "index.rst").read_text() == DOCTEST


def test_a_repeat_that_starts_a_block_leaves_the_blank_line_before_the_rest(tmp_path: Path) -> None:
    """Found by the accuracy harness in a real spam e-mail: the repeat's cut took the blank line
    before it, and the list running on under it was glued to the paragraph above."""
    scoop = "Find the scoop on anyone within minutes, family members and old friends."
    info = "For more info see our website today and find out the truth about anyone."
    item = "- *LOCATE anyone's email address and check your own credit reports today"
    root = write_tree(tmp_path / "mail", {"offer.txt": f"{scoop}\n\n{info}\n\n{scoop}\n{item}\n"})
    assert run("clean", root, "--out", tmp_path / "out", "-q").exit_code == 0
    assert (tmp_path / "out" / "offer.txt").read_text() == f"{scoop}\n\n{info}\n\n{item}\n"
