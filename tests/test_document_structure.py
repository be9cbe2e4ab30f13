"""Documentation is built of sections, examples and tables that repeat by design: each case is a
snippet of a real file under /usr/share/doc (pip's reference, X protocol specifications, grep's
TODO, Python's README.Debian, xtrans) where `clean` used to cut a paragraph a reader needs,
found by the judged precision benchmark (benchmarks/judged, kind docs2)."""

from __future__ import annotations

from pathlib import Path

from conftest import run, run_json, write_tree

WINDOWS = """which depends on foo:

.. tab:: Unix/macOS

   .. code-block:: console

      $ python -m pip install quux
      ...
      Installing collected packages baz, bar, foo, quux

      $ python -m pip install bar
      ...
      Installing collected packages foo, baz, bar

.. tab:: Windows

   .. code-block:: console

      C:\\> py -m pip install quux
      ...
      Installing collected packages baz, bar, foo, quux

      C:\\> py -m pip install bar
      ...
      Installing collected packages foo, baz, bar
"""
CASE_TABLES = """There are several candidate --ignore-case logics.  Using the

  if (lc(input_wchar) == lc(pattern_wchar))

logic leads to the following matches:

    \\in  I  i  İ  ı
  pat\\   ----------
   I  |  Y  Y  Y  n
   i  |  Y  Y  Y  n
   İ  |  Y  Y  Y  n
   ı  |  n  n  n  Y

There is a lack of symmetry between CAPITAL and SMALL LETTERs with
this.  Using the

  if (uc(input_wchar) == uc(pattern_wchar))

logic (which is what GNU grep currently does although this is not
documented or guaranteed in the future), leads to the following
matches:

    \\in  I  i  İ  ı
  pat\\   ----------
   I  |  Y  Y  n  Y
   i  |  Y  Y  n  Y
   İ  |  n  n  Y  n
   ı  |  Y  Y  n  Y
"""
REQUESTS = """AppGroupDestroy

app_group: APPGROUP

This request destroys the app_group. If the app_group_leader attribute for the
app_group is True, then any applications in the Application Group that are
still connected will be killed as if a KillClient request had been received for
that application.

Note

If the application that created a non-embedded Application Group exits, and
therefore any Authorizations to be cancelled, and any applications that attempt
to open new connections to the X server using one of those Authorizations will
be unable to do so.

AppGroupGetAttr

>app_group: APPGROUP
=>
LISTofVALUE

This request returns the application group attributes for app_group.

AppGroupQuery

resource: XID
=>
app_group: APPGROUP

Errors

AppGroupDestroy

An AppGroup error is returned if app_group is not a valid Application Group.

An Access error is returned if an untrusted application attempts to destroy an
Application Group created by a trusted application.

AppGroupGetAttr

An AppGroup error is returned if app_group is not a valid Application Group.

An Access error is returned if an untrusted application attempts to get the
attributes of an Application Group created by a trusted application.

AppGroupQuery

An Access error is returned if an untrusted application attempts to query the
Application Group of a trusted application.
"""
FUNCTIONS = """\
Bool XeviQueryVersion(Display *display, int *major_version_return, int
*minor_version_return);

display              Specifies the connection to the X server.

major_version_return Returns the major version supported by the server.

minor_version_return Returns the minor version supported by the server.

XeviQueryVersion sets major_version_return and minor_version_return to the
major and minor EVI protocol version supported by the server. If the EVI
library is compatible with the version returned by the server, it returns
nonzero. If dpy does not support the EVI extension, or if there was an error
during communication with the server, or if the server and library protocol
versions are incompatible, it returns zero. No other Xevi functions may be
called before this function. If a client violates this rule, the effects of all
subsequent Xevi calls that it makes are undefined.

To get the extended information for any subset of visuals use
XeviGetVisualInfo.

int XeviGetVisualInfo(Display *display, VisualID *visual, int n_visual,
ExtendedVisualInfo **evi_return, int *n_info_return);

display       Specifies the connection to the X server.

              If NULL, then information for all visuals of all screens is
visual        returned. Otherwise, a pointer to a list of visuals for which
              extended visual information is desired.
"""
RUBRICS = """.. _`0-ssl certificate verification`:
.. rubric:: SSL Certificate Verification

This is now covered in :doc:`../topics/https-certificates`.

.. _`0-caching`:
.. rubric:: Caching

This is now covered in :doc:`../topics/caching`.

.. _`0-wheel-cache`:
.. rubric:: Wheel Cache

This is now covered in :doc:`../topics/caching`.

.. _`0-hash-checking-mode`:
.. rubric:: Hash checking mode

This is now covered in :doc:`../topics/secure-installs`.

.. _`0-local-project-installs`:
.. rubric:: Local Project Installs

This is now covered in :doc:`../topics/local-project-installs`.

.. _`0-editable-installs`:
.. rubric:: Editable installs

This is now covered in :doc:`../topics/local-project-installs`.
"""
README_DEBIAN = """Currently, it features those two main topics:

  1. Release notes for the Debian packages:
  2. Notes for developers using the Debian Python packages:

Release notes and documentation from the upstream package are installed
in /usr/share/doc/python3.11/.

There's a mailing list for discussion of issues related to Python on Debian
systems: debian-python@lists.debian.org. The list is not intended for
general Python problems, but as a forum for maintainers of Python-related
packages and interested third parties.



1. Release notes for the Debian packages:


Results of the regression test:
------------------------------
"""
TRANSPORTS = """    This function creates a Connection-Oriented Transport that is suitable for
    use by a client. The parameter address contains the full address of the
    server to which this endpoint will be connected. This function returns an
    opaque transport connection object on success, or NULL on failure.

    This function creates a Connection-Oriented Transport that is suitable for
    use by a server. The parameter address contains the full address to which
    this server will be bound. This function returns an opaque transport
    connection object on success, or NULL on failure.
"""
INSTALLING = """:orphan:

.. meta::

  :http-equiv=refresh: 3; url=../installation/

This page has moved
===================

You should be redirected automatically in 3 seconds. If that didn't
work, here's a link: :doc:`installation`
"""
QUICKSTART = INSTALLING.replace("installation", "getting-started")


def _cut(tmp_path: Path, name: str, text: str) -> list[tuple[int, list[int]]]:
    """(kept line, removed lines) of each repeat found in one file; `clean` must leave the file
    as it was when none is."""
    root = write_tree(tmp_path / "docs", {name: text})
    repeats = [(r["kept_line"], r["removed_lines"]) for r in run_json(root)["repeated_paragraphs"]]
    assert run("clean", root, "--out", tmp_path / "out", "-q").exit_code == 0
    if not repeats:
        assert (tmp_path / "out" / name).read_text() == text
    return repeats


def test_a_windows_session_is_code_never_a_near_repeat(tmp_path: Path) -> None:
    """pip's install order example: the second `C:\\> ` command installs another package in
    another order; it was cut as a near repeat of the first (a `$ ` session was already code)."""
    assert _cut(tmp_path, "pip_install.rst", WINDOWS) == []


def test_a_table_of_short_values_is_data_never_a_near_repeat(tmp_path: Path) -> None:
    """grep's TODO: the uc() logic's match table differs from the lc() logic's in its Y/n
    values only, which is all it says; it was cut as a near repeat."""
    assert _cut(tmp_path, "TODO.txt", CASE_TABLES) == []


def test_a_request_name_written_again_starts_its_entry(tmp_path: Path) -> None:
    """The AppGroup spec names each request over its description, then again over its errors:
    the same error sentence under AppGroupGetAttr and under AppGroupDestroy is one per request,
    and the Access error of a query is not that of a destroy. Both were cut."""
    assert _cut(tmp_path, "appgrp.txt", REQUESTS) == []


def test_a_pasted_label_with_its_text_still_goes(tmp_path: Path) -> None:
    """A label written again with the paragraph that followed it the first time is a paste: the
    pasted paragraph goes, as before."""
    entry = "AppGroupGetAttr\n\nThis request returns the application group attributes for app_group.\n"
    assert _cut(tmp_path, "appgrp.txt", f"{entry}\n{entry}") == [(1, [5]), (3, [7])]


def test_a_c_declaration_starts_a_function_entry(tmp_path: Path) -> None:
    """The EVI library chapter: `display  Specifies the connection to the X server.` belongs to
    each function's entry under its declaration; the second was cut."""
    assert _cut(tmp_path, "evi.txt", FUNCTIONS) == []


def test_a_paragraph_of_rst_markup_starts_a_section(tmp_path: Path) -> None:
    """pip's moved sections: each `.. rubric::` keeps a pointer to where its text went, and two
    rubrics point to the same page; the second pointer was cut, leaving its rubric empty."""
    assert _cut(tmp_path, "pip_install.rst", RUBRICS) == []


def test_a_numbered_line_alone_is_a_heading(tmp_path: Path) -> None:
    """Python's README.Debian: `1. Release notes for the Debian packages:` heads its section
    and repeats the table of contents' entry word for word; it was cut, leaving the section
    without its heading."""
    assert _cut(tmp_path, "README.Debian.txt", README_DEBIAN) == []


def test_a_word_said_more_often_fills_a_slot(tmp_path: Path) -> None:
    """xtrans: OpenCOTSServer's transport is `for use by a server`, OpenCOTSClient's `for use by a
    client`; the kept text names the server elsewhere, so `server` was not counted as a word of
    the copy's own and the server's description was cut as a rewording of the client's."""
    assert _cut(tmp_path, "xtrans.txt", TRANSPORTS) == []
    reports = run_json(tmp_path / "docs")["similar_but_kept"]["paragraphs"]
    assert [(h["line"], h["kept_line"]) for h in reports] == [(6, 1)]


def test_two_short_files_differ_in_one_word(tmp_path: Path) -> None:
    """pip's redirect stubs: installing.rst points to `installation`, quickstart.rst to
    `getting-started`; no sentence of eight words differs, so the first was removed as a copy."""
    root = write_tree(tmp_path / "html", {"installing.rst": INSTALLING, "quickstart.rst": QUICKSTART})
    report = run_json(root)
    assert report["duplicate_groups"] == []
    assert [Path(f["path"]).name for f in report["similar_but_kept"]["files"]] == ["installing.rst"]
