"""What a removal would lose: table-driven from removals a reader judged (benchmarks/judged)."""

from __future__ import annotations

import shutil
from difflib import SequenceMatcher
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import ROOT, run_json
from dedupe import differences
from dedupe.differences import FileText, Passage, file_copy_loss, identifiers, near_copy_loss
from dedupe.normalize import normalize

LEDE = (
    " date 2023-05-13 The main opposition candidate, Kemal Kılıçdaroğlu, claimed on Thursday that Russian "
    "state actors leaked a manipulated sex video to the public in an attempt to influence Turkish elections."
)
LEDE_REWORDED = (
    "The main candidate of the opposition Kemal Kılıçdaroğlu claimed on Thursday, that Russian state actors "
    "had leaked a manipulated sex video to the public in an attempt to influence extremely tight elections."
)


@pytest.mark.parametrize(
    ("copy", "kept", "lost"),
    [
        (LEDE_REWORDED, LEDE, False),  # seed 000: a reworded lede
        (
            "Otherwise AUTHORIZATION-INDEX is set to the index into the list of protocols.",
            "Otherwise the AUTHORIZATION-INDEX is set to the index into the list of protocols.",
            False,
        ),
        (
            "These are signed numbers. The latter two are byte-swapped when the client and server differ.",
            "These are unsigned numbers. The latter two are byte-swapped when the server and client differ.",
            True,
        ),
        ("Additional events may be defined by extensions.", "Additional errors may be defined by extensions.", True),
        (
            "FONTCONFIG_PATH is used to override the default configuration directory.",
            "FONTCONFIG_FILE is used to override the default configuration file.",
            True,
        ),
        ("base-files (12.2) unstable; urgency=medium", "base-files (12) unstable; urgency=medium", True),
        (
            "The pattern matches if preceded by a comma here.",
            "The pattern matches if not preceded by a comma here.",
            True,
        ),
        ("DejaVu Sans Condensed Oblique (experimental)", "DejaVu Sans Condensed Bold Oblique (experimental)", True),
    ],
)
def test_near_copy_loss(copy: str, kept: str, lost: bool) -> None:
    assert (near_copy_loss(copy, kept) is not None) == lost, near_copy_loss(copy, kept)


ARTICLE = (
    "The council voted on Tuesday to close the old harbour bridge for six weeks from the start of March.\n\n"
    "The bridge carries about 40,000 vehicles a day between the port district and the city centre.\n\n"
    "Ferry services between the two banks will run every ten minutes during the closure, officials said.\n"
)


@pytest.mark.parametrize(
    ("copy", "kept", "lost"),
    [
        ("Bridge to close\n\n" + ARTICLE, ARTICLE, False),  # a new headline
        (ARTICLE.rsplit("\n\n", 1)[0], ARTICLE, False),  # truncated
        ("Sign up for our newsletter today and get the day's news.\n\n" + ARTICLE, ARTICLE, False),  # a frame
        (
            ARTICLE + "\nThe mayor said a second bridge would be planned next year, with money from the state.\n",
            ARTICLE,
            True,
        ),  # a sentence of its own
        (
            "GNU Free Documentation License\nVersion 1.2, November 2002\n\n" + ARTICLE,
            "GNU Free Documentation License\nVersion 1.3, 3 November 2008\n\n" + ARTICLE,
            True,
        ),
    ],
)
def test_file_copy_loss(copy: str, kept: str, lost: bool) -> None:
    assert (file_copy_loss(copy, kept) is not None) == lost, file_copy_loss(copy, kept)


@pytest.mark.parametrize(
    ("copy", "kept", "loss"),
    [
        # the kept text writes the version with other punctuation around it: nothing lost
        ("Fixed in 2.4.1.\n\n" + ARTICLE, "Fixed in 2.4.1, thanks to Ana.\n\n" + ARTICLE, None),
        # the kept text holds `2.4` only inside `2.4.1`: a version it never names
        ("Fixed in 2.4.\n\n" + ARTICLE, "Fixed in 2.4.1.\n\n" + ARTICLE, "names 2.4"),
        # full-width digits are the same version as written (NFKC)
        ("Fixed in release ２.４.１ for all.\n\n" + ARTICLE, "Fixed in release 2.4.1 for all.\n\n" + ARTICLE, None),
        (
            "Fixed in release ２.４.１ for all.\n\n" + ARTICLE,
            "Fixed in release 2.4.2 for all.\n\n" + ARTICLE,
            "names 2.4.1",
        ),
        # a kept text that is not ASCII, naming the version in another script's sentence
        ("Behoben in 2.4.1.\n\n" + ARTICLE, "Behoben in 2.4.1 (größere Änderung).\n\n" + ARTICLE, None),
        ("Behoben in 2.4.1.\n\n" + ARTICLE, "Behoben in 2.4.10 (größere Änderung).\n\n" + ARTICLE, "names 2.4.1"),
    ],
)
def test_what_a_copy_names_is_compared_as_whole_tokens(copy: str, kept: str, loss: str | None) -> None:
    """Only the runs of text a copy does not share with the kept file are searched for what it
    names, and the kept file is asked for whole tokens: other punctuation around a version, a
    longer version holding it, a form that is the same as written (NFKC)."""
    assert file_copy_loss(copy, kept) == loss


@pytest.mark.parametrize(
    ("copy", "kept", "loss"),
    [
        # the copy's line is in the kept text, but ends inside a longer version there
        ("Fixed in 2.4\n\n" + ARTICLE, "Fixed in 2.4.1 for all.\n\n" + ARTICLE, "names 2.4"),
        # the copy's title is in the kept text, inside a sentence: not a title of the kept text
        (
            "Version 1.2, November 2002\n\n" + ARTICLE,
            ARTICLE + "\nThis is the text of Version 1.2, November 2002 of the licence, as it was.\n",
            "is titled Version 1.2, November 2002",
        ),
        # the same title over the same text, with a line added below it in the kept one
        ("Version 1.2, November 2002\n\n" + ARTICLE, "Version 1.2, November 2002\n\n" + ARTICLE + "\nMore.\n", None),
    ],
)
def test_a_paragraph_the_kept_text_holds_is_still_read_at_its_edges_and_as_a_title(
    copy: str, kept: str, loss: str | None
) -> None:
    """A copy's paragraph found in the kept text is passed unread only when it stands between
    spaces there; a title is asked what it names wherever the kept text holds it."""
    assert file_copy_loss(copy, kept) == loss


# GPL-1's opening, in small: a title over its version, then a copyright line whose address, indented
# under it, is split off as a line of its own, so it reads as a title naming the kept text's postcode
LICENCE_V1 = "   HARBOUR LICENCE\n   Version 1, February 1989\n\n Copyright (C) 1989 Harbour Board, Inc.\n"
LICENCE_V2 = "   HARBOUR LICENCE\n   Version 2, June 1991\n\n Copyright (C) 1989, 1991 Harbour Board, Inc.,\n"


@pytest.mark.parametrize(
    ("copy", "kept", "loss"),
    [
        (
            LICENCE_V1 + "          1 Quay St, Porttown  02110-1301\n\n" + ARTICLE,
            LICENCE_V2 + " 1 Quay Street, Porttown 02110-1301\n\n" + ARTICLE,
            "is titled HARBOUR LICENCE Version 1, February 1989",
        ),
        (  # the same heading: the title that names another release is named, whole
            "Bridge news\n\nRelease 2.4.1 notes\n\n" + ARTICLE,
            "Bridge news\n\n" + ARTICLE + "\nThe 2.4.1 notes, as released.\n",
            "is titled Release 2.4.1 notes",
        ),
    ],
)
def test_a_copy_titled_for_another_release_is_named_by_its_title(copy: str, kept: str, loss: str | None) -> None:
    """What a reader knows a text by is its title, not the token that told the two apart: a
    licence beside its next version is titled for its own, though what told was a postcode."""
    assert file_copy_loss(copy, kept) == loss


@pytest.mark.parametrize(
    ("copy", "kept", "loss"),
    [
        (  # GPL-1 and GPL-2: the licence's name over its terms, beside the sentence announcing them
            "GNU GENERAL PUBLIC LICENSE\n   TERMS AND CONDITIONS FOR COPYING, DISTRIBUTION AND MODIFICATION",
            "The precise terms and conditions for copying, distribution and modification follow.",
            "names GNU GENERAL PUBLIC LICENSE",
        ),
        ("Read more in the Harbour Gazette every week.", "Read more in the paper every week.", "names Harbour Gazette"),
        (  # the words around it are in the kept text: the one it lacks is the difference
            "Parts are licensed under the GNU Library General Public License.",
            "Parts are licensed under the GNU General Public License.",
            "names Library",
        ),
    ],
)
def test_a_name_the_kept_text_lacks_is_named_whole(copy: str, kept: str, loss: str) -> None:
    assert near_copy_loss(copy, kept) == loss


def test_gpl_1_beside_gpl_2_is_held_for_its_title_and_its_named_heading(tmp_path: Path) -> None:
    """GPL-1 is rightly kept beside GPL-2, and the report says why in words a reader knows: the
    reasons were `is titled 02110-1301` (the FSF's postcode) and `names GENERAL`."""
    for name in ("GPL-1.txt", "GPL-2.txt"):
        shutil.copy(ROOT / "benchmarks" / "judged" / "texts" / "licences" / "common-licenses" / name, tmp_path)
    report = run_json(tmp_path)
    held = report["similar_but_kept"]
    assert report["duplicate_groups"] == []
    assert [(Path(f["path"]).name, Path(f["keep"]).name, f["reason"]) for f in held["files"]] == [
        ("GPL-1.txt", "GPL-2.txt", "is titled GNU GENERAL PUBLIC LICENSE Version 1, February 1989")
    ]
    assert [(Path(p["path"]).name, p["reason"]) for p in held["paragraphs"]] == [
        ("GPL-1.txt", "names GNU GENERAL PUBLIC LICENSE"),
        ("GPL-2.txt", "names GNU GENERAL PUBLIC LICENSE"),
    ]


@pytest.mark.parametrize(
    ("sentence", "loss"),
    [
        ("The bridge will reopen for six weeks, officials said.", None),  # one word of its own in nine
        (
            "The bridge will reopen for six weeks, engineers said.",  # two: more than a fifth
            "has text of its own: the bridge will reopen for six weeks, engineers said.",
        ),
    ],
)
def test_a_sentence_of_its_own_needs_more_than_a_fifth_of_its_words_new(sentence: str, loss: str | None) -> None:
    """A line added below the article is text of its own only when more than a fifth of its
    words are nowhere in the kept text: the fewest that can be is two, in a sentence of eight
    or nine words."""
    assert file_copy_loss(ARTICLE + "\n" + sentence + "\n", ARTICLE) == loss


# spaces of several kinds, marks that compose (Hangul jamo, an acute, a stroke over `=`), a mark
# that NFKC turns into a space and a mark (¨), a letter that casefolds to two, a zero-width space
HELD_ALPHABET = "aZ9 ._-\n\u00a0\u3000\u2028\x1c\u0301\u00a8\u1100\u1161\uac00\u0338=\u00df\u0130\u200b\uff46"


@settings(max_examples=1000)
@given(st.text(alphabet=HELD_ALPHABET, max_size=24), st.integers(0, 24), st.integers(0, 24))
def test_a_passage_a_text_holds_has_its_normal_form_and_identifiers_in_it(text: str, i: int, j: int) -> None:
    """What the file test skips for a paragraph the kept text holds is what holding it implies."""
    passage = text[min(i, j) : max(i, j)]
    if FileText(text).holds(passage):
        assert normalize(passage) in normalize(text)
        assert set(identifiers(passage)) <= set(identifiers(text))


@settings(max_examples=500)
@given(st.text(alphabet="aZ9 ._/+~:@-_(\n", max_size=30))
def test_the_ascii_shortcut_finds_every_identifier(text: str) -> None:
    every_token = tuple(t for t in differences._TOKEN.findall(text) if not differences._plain_word(t))
    assert differences.identifiers(text) == every_token


def _edit(words: list[str], edits: list[tuple[int, int, str]]) -> list[str]:
    """`words` with each (kind, place, word) applied: 0 replaces, 1 inserts, 2 deletes."""
    edited = list(words)
    for kind, place, word in edits:
        at = place % (len(edited) + 1)
        if kind == 1 or not edited:
            edited.insert(at, word)
        elif kind == 0:
            edited[at % len(edited)] = word
        else:
            del edited[at % len(edited)]
    return edited


_FEW_WORDS = st.sampled_from(["a", "b", "c", "d", "e", "f"])


@settings(max_examples=3000)
@given(
    st.lists(_FEW_WORDS, max_size=16),
    st.lists(_FEW_WORDS, max_size=16),
    st.lists(st.tuples(st.integers(0, 2), st.integers(0, 16), _FEW_WORDS), max_size=4),
    st.booleans(),
)
def test_a_passages_edits_are_difflibs(
    kept: list[str], other: list[str], edits: list[tuple[int, int, str]], edited: bool
) -> None:
    """The near-copy test's own matching (each run of equal words found once) gives difflib's
    opcodes exactly: texts of a few words repeated often, unrelated or a few edits apart."""
    copy = _edit(kept, edits) if edited else other
    expected = SequenceMatcher(None, kept, copy, autojunk=False).get_opcodes()
    assert Passage(" ".join(copy)).edits_from(Passage(" ".join(kept))) == expected


ISC = (
    "Permission to use, copy, modify, and/or distribute this software for any purpose with or without fee is\n"
    "hereby granted, provided that the above copyright notice and this permission notice appear in all copies.\n\n"
    'THE SOFTWARE IS PROVIDED "AS IS" AND THE AUTHOR DISCLAIMS ALL WARRANTIES WITH REGARD TO THIS SOFTWARE\n'
    "INCLUDING ALL IMPLIED WARRANTIES OF MERCHANTABILITY AND FITNESS. IN NO EVENT SHALL THE AUTHOR BE LIABLE\n"
    "FOR ANY SPECIAL, DIRECT, INDIRECT, OR CONSEQUENTIAL DAMAGES OR ANY DAMAGES WHATSOEVER.\n"
)


@pytest.mark.parametrize(
    ("copy_header", "kept_header", "loss"),
    [
        ("Copyright (c) 2021 Gioele Barabucci", "Copyright (c) 2008 Otto Moerbeek", "credits Gioele Barabucci"),
        (
            "Files: *\nCopyright: 2021-2022 Gioele Barabucci\nLicense: ISC",
            "Files: *\nCopyright: 1997 Eric S. Raymond\nLicense: ISC",
            "credits Gioele Barabucci",
        ),
        ("Author: Keith Packard", "Author: Jim Gettys", "credits Keith Packard"),
        # setuptools' notice has neither sign nor year; a name is given whole, initials and all
        ("Copyright Jason R. Coombs", "Copyright (c) 2016-2017 Jukka Lehtosalo", "credits Jason R. Coombs"),
        ("Copyright (c) 2019 Dr. Tobias Quathamer", "Copyright (c) 2008 Otto Moerbeek", "credits Dr. Tobias Quathamer"),
        ("© 1998 The Open Group", "Copyright 1998 THE OPEN GROUP", None),  # one holder, in capitals
        ("Copyright (c) 2021 Gioele Barabucci", "Copyright (c) 2021 Gioele Barabucci <gioele@svario.it>", None),
        ("Copyright 2020 Seán O'Brien. Licensed under MIT.", "Copyright 2020 Seán O'Brien, licensed under MIT.", None),
        ("© 2020 株式会社テスト", "© 2020 株式会社テスト", None),
    ],
)
def test_a_licence_that_credits_another_holder_is_not_a_copy(copy_header: str, kept_header: str, loss: str) -> None:
    """The same licence text under another holder's name says whose it is: never a copy to drop.
    Sentences that mention 'the above copyright notice' credit no one."""
    assert file_copy_loss(f"{copy_header}\n\n{ISC}", f"{kept_header}\n\n{ISC}") == loss


def test_a_licence_that_credits_a_holder_is_not_a_copy_of_one_that_credits_no_one() -> None:
    """A licence's holder is what it is about: sniffio's MIT text names no one, setuptools' names
    Jason R. Coombs; dropping setuptools' as a copy of sniffio's would lose him."""
    assert file_copy_loss(f"Copyright Jason R. Coombs\n\n{ISC}", ISC) == "credits Jason R. Coombs"
    assert file_copy_loss(ISC, f"Copyright Jason R. Coombs\n\n{ISC}") is None


@pytest.mark.parametrize(
    "frame",
    [
        "{article}\nCopyright 2023 Reuters. All rights reserved.\n",
        "Sign up for the Harbour Weekly newsletter.\n\n{article}\n© 2023 Harbour Weekly Ltd. All rights reserved.\n",
        "Written by Jane Smith\n\n{article}",
        "Author: Alice Jones\n\n{article}",
    ],
)
def test_a_rights_notice_or_byline_around_an_article_that_credits_no_one_is_a_frame(frame: str) -> None:
    """Holders are compared only when the kept text credits someone too: a copy that wraps an
    uncredited article in a notice or a byline loses nothing a reader would miss."""
    article = "\n\n".join(
        f"The harbour bridge reopened in March 2023 after {n} months of repairs, the council said on {day}."
        for n, day in ((14, "Tuesday"), (3, "Monday"), (8, "Friday"))
    )
    assert file_copy_loss(frame.format(article=article), article) is None


STUB = """{package} (528.0.0-0) xenial; urgency=medium

  * Changes can be found at https://cloud.google.com/sdk/docs/release-
    notes and in the RELEASE_NOTES file.

 -- Google Cloud SDK <gcloud@google.com>  Tue, 16 Jul 2025 12:00:00 +0000
"""
SOURCE = """dbus (1.14.10-1~deb12u1) bookworm; urgency=medium

  * New upstream stable release, fixing a crash when a connection with
    pending messages is closed, and a leak in the system bus.

 -- Simon McVittie <smcv@debian.org>  Wed, 16 Aug 2023 11:23:19 +0100

{footer}
"""


def test_the_debian_changelogs_of_two_packages_are_not_copies(tmp_path: Path) -> None:
    """google-cloud-cli ships a one-entry changelog per component, alike but for the package its
    first line names: each is the changelog of its own package. Binary packages of one source
    ship the source's changelog (one first line; Debian adds a footer naming the binary): copies."""
    folder = tmp_path / "doc"
    for name in ("google-cloud-cli-kpt", "google-cloud-cli-cbt"):
        (folder / name).mkdir(parents=True)
        (folder / name / "changelog.Debian").write_text(STUB.format(package=name))
    for name in ("dbus-bin", "dbus-daemon"):
        (folder / name).mkdir(parents=True)
        footer = f"# For older changelog entries, run 'apt-get changelog {name}'"
        (folder / name / "changelog.Debian").write_text(SOURCE.format(footer=footer))
    report = run_json(folder, "--include", "*")
    removed = {m["path"] for g in report["duplicate_groups"] for m in g["members"] if m["path"] != g["keep"]}
    held = {(f["path"], f["reason"]) for f in report["similar_but_kept"]["files"]}
    assert removed == {f"{folder}/dbus-daemon/changelog.Debian"}
    assert held == {(f"{folder}/google-cloud-cli-kpt/changelog.Debian", "names google-cloud-cli-kpt")}


@pytest.mark.parametrize(
    ("copy", "kept", "loss"),
    [
        (
            "Resolve the host name with avahi-resolve -4 over the local network.",
            "Resolve the host name with avahi-resolve -6 over the local network.",
            "names -4",
        ),
        (
            "Print the table with arp -Ds and the address of the interface.",
            "Print the table with arp -a and the address of the interface.",
            "names -Ds",
        ),
    ],
)
def test_an_option_a_copy_names_is_named_with_its_dash(copy: str, kept: str, loss: str) -> None:
    """A command line's tokens lose their dashes; the reason gives the option as written."""
    assert differences.passage_loss(Passage(copy), Passage(kept)) == loss
