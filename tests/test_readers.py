"""Articles in other formats (dedupe.formats): fixtures written here by the libraries themselves."""

from __future__ import annotations

import gzip
import io
import json
from pathlib import Path

import pytest

from conftest import ARTICLE, OTHER, run, write_tree
from dedupe import Settings, scan

docx = pytest.importorskip("docx", reason="needs the [formats] extra")
pytest.importorskip("pypdfium2", reason="needs the [formats] extra")
pytest.importorskip("resiliparse", reason="needs the [formats] extra")
canvas = pytest.importorskip("reportlab.pdfgen.canvas", reason="needs reportlab (the test extra)")

FORMATS = Settings(extensions=(".txt", ".html", ".pdf", ".docx", ".eml", ".mbox", ".jsonl", ".jsonl.gz"))
PARAGRAPHS = [p.replace("\n", " ") for p in ARTICLE.strip().split("\n\n")]
CLOSING = "The council will publish the full minutes of the meeting on its website next week."
REPEAT = "Please remember that the library closes early on public holidays throughout the year."


def docx_bytes(paragraphs: list[str]) -> bytes:
    document = docx.Document()
    for paragraph in paragraphs:
        document.add_paragraph(paragraph)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def pdf_bytes(
    pages: list[list[str]], encrypt: str = "", indent: int = 0, header: str = "", runs_on: bool = False
) -> bytes:
    """A PDF of `pages` of paragraphs, written by reportlab, lines wrapped at 80 characters: a
    paragraph set off by a blank line, or (`indent`) by its first line indented so many points.
    `header` goes at the top of each page, its number at the foot; `runs_on`: each page's first
    paragraph goes on with the previous page's last (drawn as its next lines)."""
    out = io.BytesIO()
    page = canvas.Canvas(out, encrypt=encrypt or None, invariant=1)
    for number, paragraphs in enumerate(pages, start=1):
        if header:
            page.drawString(40, 815, header)
            page.drawString(290, 30, str(number))
        y = 790
        for index, paragraph in enumerate(paragraphs):
            words, line, x = paragraph.split(), "", 40 + (0 if runs_on and number > 1 and index == 0 else indent)
            for word in [*words, ""]:
                if word and len(line) + len(word) < 80:
                    line = f"{line} {word}".strip()
                    continue
                page.drawString(x, y, line)
                y, line, x = y - 14, word, 40
            y -= 0 if indent else 14
        page.showPage()
    page.save()
    return out.getvalue()


def html_page(paragraphs: list[str]) -> str:
    nav = "".join(f"<li><a href='/{n}'>{n}</a></li>" for n in ("Home", "News", "Sport", "Weather"))
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    footer = "Copyright 2024 Example Media Group. All rights reserved. Privacy policy. Terms of use."
    article = f"<article><h1>News</h1>{body}</article>"
    return f"<html><body><nav><ul>{nav}</ul></nav>{article}<footer>{footer}</footer></body></html>"


def mbox(bodies: list[str]) -> str:
    messages = [
        f"From a@example.org Mon Jan 1 00:00:00 2024\nFrom: a@example.org\nSubject: note {i}\n"
        f"Content-Type: text/plain; charset=utf-8\n\n{body}\n"
        for i, body in enumerate(bodies)
    ]
    return "\n".join(messages)


def test_the_same_article_in_every_format_is_one_group(tmp_path: Path) -> None:
    folder = write_tree(tmp_path / "c", {"a.txt": ARTICLE, "page.html": html_page(PARAGRAPHS), "other.txt": OTHER})
    (folder / "report.pdf").write_bytes(pdf_bytes([PARAGRAPHS]))
    (folder / "report.docx").write_bytes(docx_bytes(PARAGRAPHS))
    (folder / "mail.mbox").write_text(mbox([ARTICLE, OTHER]))
    shard = "\n".join(json.dumps({"id": i, "text": t, "lang": "en"}) for i, t in (("x1", ARTICLE), ("x2", OTHER)))
    (folder / "shard.jsonl.gz").write_bytes(gzip.compress(shard.encode()))
    report = scan([str(folder)], FORMATS)
    assert report.skipped == ()
    groups = sorted(
        sorted(Path(m.path).relative_to(folder).as_posix() for m in g.members) for g in report.duplicate_groups
    )
    assert groups == [
        ["a.txt", "mail.mbox/message-1", "page.html", "report.docx", "report.pdf", "shard.jsonl.gz/x1"],
        ["mail.mbox/message-2", "other.txt", "shard.jsonl.gz/x2"],
    ]


def test_a_repeated_paragraph_in_a_docx_is_reported_with_its_paragraph(tmp_path: Path) -> None:
    folder = tmp_path / "c"
    folder.mkdir()
    (folder / "r.docx").write_bytes(docx_bytes([PARAGRAPHS[0], REPEAT, PARAGRAPHS[1], "", REPEAT, PARAGRAPHS[2]]))
    data = json.loads(run("scan", folder, "--ext", "docx", "--format", "json", "--quiet").stdout)
    [repeat] = data["repeated_paragraphs"]
    assert (repeat["kept_place"], repeat["removed_places"], repeat["cut"]) == ("paragraph 2", ["paragraph 5"], False)
    text = run("scan", folder, "--ext", "docx", "--quiet").stdout
    assert "paragraph 2 kept, copies at paragraph 5; reported, not cut" in text
    out = tmp_path / "out"
    run("clean", folder, "--ext", "docx", "--out", out, "--quiet")
    assert (out / "r.docx").read_bytes() == (folder / "r.docx").read_bytes()  # byte for byte


def test_a_pdf_is_read_page_by_page_in_order(tmp_path: Path) -> None:
    from dedupe.formats.pdf import extract

    pages = [[PARAGRAPHS[0], REPEAT, PARAGRAPHS[1]], [PARAGRAPHS[2], REPEAT]]
    extracted = extract(pdf_bytes(pages), 10**8)
    assert extracted.text.split() == " ".join(p for page in pages for p in page).split()
    assert [label for _, label in extracted.places] == ["page 1", "page 2"]
    lines = enumerate(extracted.text.splitlines(), 1)
    page_two = next(n for n, line in lines if line and PARAGRAPHS[2].startswith(line))
    assert (extracted.place_of(page_two - 1), extracted.place_of(page_two)) == ("page 1", "page 2")


@pytest.mark.parametrize("indent", [0, 24], ids=["spaced", "indented"])
def test_a_paragraph_pasted_twice_in_a_pdf_is_reported_with_its_pages(tmp_path: Path, indent: int) -> None:
    """PDF text has line breaks but no paragraph breaks: they are rebuilt from the layout (space
    between paragraphs, or an indented first line), so a paragraph pasted on two pages is found."""
    folder = tmp_path / "c"
    folder.mkdir()
    pages = [[PARAGRAPHS[1], REPEAT, PARAGRAPHS[2]], [PARAGRAPHS[3], REPEAT, PARAGRAPHS[4]]]
    (folder / "r.pdf").write_bytes(pdf_bytes(pages, indent=indent))
    data = json.loads(run("scan", folder, "--ext", "pdf", "--format", "json", "--quiet").stdout)
    [repeat] = data["repeated_paragraphs"]
    assert (repeat["kept_place"], repeat["removed_places"], repeat["cut"]) == ("page 1", ["page 2"], False)
    text = run("scan", folder, "--ext", "pdf", "--quiet").stdout
    assert "page 1 kept, copies at page 2; reported, not cut" in text


@pytest.mark.parametrize("indent", [0, 24], ids=["spaced", "indented"])
def test_a_pdf_of_ordinary_paragraphs_has_no_repeats(tmp_path: Path, indent: int) -> None:
    """Three pages with a running header (longer than a short paragraph) and page numbers, and
    a paragraph that runs on from one page to the next: no repeat, and that paragraph is one."""
    from dedupe.formats.pdf import extract

    words = PARAGRAPHS[2].split()
    head, tail = " ".join(words[:20]), " ".join(words[20:])
    assert not head.endswith((".", ",", ";"))  # the page breaks mid-sentence
    pages = [[PARAGRAPHS[1], head], [tail, PARAGRAPHS[3]], [PARAGRAPHS[4], PARAGRAPHS[5], CLOSING]]
    header = "Annual report of the regional harbour authority, 2024 edition"
    data = pdf_bytes(pages, indent=indent, header=header, runs_on=True)
    folder = tmp_path / "c"
    folder.mkdir()
    (folder / "r.pdf").write_bytes(data)
    report = json.loads(run("scan", folder, "--ext", "pdf", "--format", "json", "--quiet").stdout)
    assert report["repeated_paragraphs"] == [] and report["files_scanned"] == 1
    paragraphs = [" ".join(p.split()) for p in extract(data, 10**8).text.split("\n\n")]
    assert paragraphs == [PARAGRAPHS[1], PARAGRAPHS[2], PARAGRAPHS[3], PARAGRAPHS[4], PARAGRAPHS[5], CLOSING]


def test_a_jsonl_shard_is_cleaned_record_by_record(tmp_path: Path) -> None:
    records = [
        {"id": "a", "text": ARTICLE, "meta": {"n": 1.50, "tags": ["x"]}},
        {"text": f"{OTHER}\n{REPEAT}\n\n{CLOSING}\n\n{REPEAT}\n", "id": "b", "score": 1e3},
        {"id": "c", "text": ARTICLE, "note": "é"},
        {"id": "d", "text": "Short."},
    ]
    lines = [json.dumps(r, ensure_ascii=False, indent=None, separators=(", ", ": ")) for r in records]
    lines[0] = lines[0].replace('"meta": {"n": 1.5,', '"meta":  {"n": 1.50,')  # odd spelling, kept as is
    folder = write_tree(tmp_path / "c", {"s.jsonl": "\n".join(lines) + "\n"})
    out = tmp_path / "out"
    run("clean", folder, "--ext", "jsonl", "--out", out, "--quiet")
    cleaned = (out / "s.jsonl").read_text().splitlines()
    assert cleaned[0] == lines[0] and cleaned[2] == lines[3]  # untouched records: byte for byte
    assert len(cleaned) == 3  # record c is a copy of a: dropped
    b = json.loads(cleaned[1])
    assert b == {**records[1], "text": f"{OTHER}\n{REPEAT}\n\n{CLOSING}\n"}
    assert cleaned[1] == lines[1].replace(json.dumps(records[1]["text"]), json.dumps(b["text"]))


def test_the_text_and_id_fields_are_configurable(tmp_path: Path) -> None:
    shard = "\n".join(json.dumps({"key": k, "body": ARTICLE}) for k in ("p", "q"))
    folder = write_tree(tmp_path / "c", {"s.jsonl": shard})
    report = scan([str(folder)], Settings(extensions=(".jsonl",), jsonl_text="body", jsonl_id="key"))
    assert [m.path for g in report.duplicate_groups for m in g.members] == [f"{folder}/s.jsonl/{k}" for k in "pq"]
    report = scan([str(folder)], Settings(extensions=(".jsonl",)))
    assert [s.reason for s in report.skipped] == [
        "line 1 has no string field 'text'",
        "line 2 has no string field 'text'",
    ]


@pytest.mark.parametrize(
    ("name", "data", "reason"),
    [
        ("locked.pdf", pdf_bytes([PARAGRAPHS], encrypt="secret"), "encrypted PDF (it needs a password)"),
        ("broken.pdf", b"%PDF-1.4\n garbage", "not a readable PDF (data format error)"),
        ("scan.pdf", pdf_bytes([[]]), "no text: the PDF has no text layer (scanned images?)"),
        ("broken.docx", b"PK\x03\x04 not a zip", "not a readable DOCX (BadZipFile: File is not a zip file)"),
        ("nav.html", b"<html><body><nav><a href='/'>Home</a></nav></body></html>", "no text: the page has no article"),
        ("empty.eml", b"From: a@example.org\nContent-Type: image/png\n\nxx", "the message has no text body"),
        ("bad.jsonl.gz", b"\x1f\x8b\x08\x00garbage", "truncated gzip shard"),
        ("notes.mbox", b"hello\n", "not an mbox (no line starts with 'From ')"),
    ],
)
def test_unreadable_files_are_skipped_with_one_line(tmp_path: Path, name: str, data: bytes, reason: str) -> None:
    folder = write_tree(tmp_path / "c", {"a.txt": ARTICLE})
    (folder / name).write_bytes(data)
    result = run("scan", folder, "--ext", name.partition(".")[2], "--ext", "txt", "--quiet", "--format", "json")
    [skipped] = json.loads(result.stdout)["skipped"]
    assert skipped["reason"].startswith(reason) and "Traceback" not in result.stderr


def test_real_html_pages_and_pdfs_are_read_without_errors() -> None:
    """Debian's package documentation: HTML pages (texinfo, sphinx) and its PDFs."""
    roots = [Path("/usr/share/doc/libffi8"), *Path("/usr/share/doc").glob("*/*.pdf")]
    roots = [r for r in roots if r.exists()]
    if not roots:
        pytest.skip("no HTML or PDF documentation on this machine")
    report = scan([str(r) for r in roots], FORMATS)
    assert report.read_errors == () and report.files_scanned >= len(roots)
    assert all("Traceback" not in s.reason for s in report.skipped)


def test_in_place_fixing_leaves_format_files_whole(tmp_path: Path) -> None:
    """Repeats inside HTML, DOCX or JSONL are reported, not cut: in place as in `--out`, such a
    file is left byte for byte (cutting spans of its extracted text out of its bytes mangled it),
    and a duplicate record cannot be deleted from its shard. A plain text file is still fixed."""
    shard = "\n".join(json.dumps({"id": i, "text": t}) for i, t in (("a", ARTICLE), ("b", ARTICLE))) + "\n"
    files = {
        "page.html": html_page([PARAGRAPHS[0], REPEAT, PARAGRAPHS[1], REPEAT]),
        "s.jsonl": shard,
        "notes.txt": f"{REPEAT}\n\n{CLOSING}\n\n{REPEAT}\n",
    }
    folder = write_tree(tmp_path / "c", files)
    before = {name: (folder / name).read_bytes() for name in files}
    exts = ["--ext", "html", "--ext", "jsonl", "--ext", "txt"]
    report = json.loads(run("scan", folder, *exts, "-f", "json", "-q").stdout)
    assert {Path(r["path"]).name for r in report["repeated_paragraphs"]} >= {"page.html", "notes.txt"}
    dry = run("clean", folder, *exts, "--in-place", "--delete-duplicates", "--dry-run", "-q")
    assert "page.html" not in dry.stdout and "s.jsonl" not in dry.stdout and "notes.txt" in dry.stdout
    result = run("clean", folder, *exts, "--in-place", "--delete-duplicates", "-q")
    assert result.exit_code == 0, result.stderr
    assert (folder / "page.html").read_bytes() == before["page.html"]
    assert (folder / "s.jsonl").read_bytes() == before["s.jsonl"]
    assert (folder / "notes.txt").read_text() == f"{REPEAT}\n\n{CLOSING}\n"


def test_two_pages_that_differ_in_their_lists_are_not_copies(tmp_path: Path) -> None:
    """A page's lists are its text: GCC's NEWS page is mostly lists, which the main-content reader
    dropped (it compared 948 characters of headings of 30,600), so two pages that differ only in
    their lists were taken for copies and one was removed. A navigation list is still left out."""

    def page(rules: list[str]) -> str:
        items = "".join(f"<li>{rule}</li>" for rule in rules)
        nav = "<nav><ul><li><a href='/'>Home</a></li><li><a href='/news'>News</a></li></ul></nav>"
        lead = "<p>These are the style rules every contributor follows in this project, in this order.</p>"
        return f"<html><body>{nav}<article><h1>Style</h1>{lead}<ul>{items}</ul></article></body></html>"

    old = ["Indent with four spaces in every Python file of the tree.", "Keep lines under 80 columns."]
    new = ["Indent with tabs in every Makefile and in the build scripts.", "Keep lines under 120 columns."]
    folder = write_tree(tmp_path / "c", {"style-12.html": page(old), "style-13.html": page(new)})
    report = json.loads(run("scan", folder, "--ext", "html", "--format", "json", "--quiet").stdout)
    assert report["duplicate_groups"] == []
    from dedupe.formats.html import main_text

    compared = main_text(page(old).encode())
    assert old[0] in compared and "Home" not in compared
