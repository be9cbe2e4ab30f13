"""fsspec URLs as inputs and as --out: `file://` and `memory://` here, and a real S3 API served
on 127.0.0.1 by moto's server (a subprocess started and stopped by its fixture), read by the real
CLI on the local engine and on a real Dask cluster."""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
import time
import urllib.request
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from conftest import ARTICLE, CLEANED, COPY, DEDUPE, OTHER, REPEATED, ROOT, dask_cluster, free_port, stop, write_tree
from dedupe import Settings, scan
from dedupe.engines.local import Serial
from dedupe.errors import InputError
from dedupe.library import clean

# A duplicate pair, a file with a repeated paragraph, one unlike the others; and what a walk
# leaves out: a hidden file, a hidden folder, an extension that is not compared.
CORPUS = {
    "bridge.txt": ARTICLE,
    "reprint/bridge-copy.txt": COPY,
    "repeated.md": REPEATED,
    "budget.txt": OTHER,
    ".draft.txt": ARTICLE,
    ".cache/bridge.txt": ARTICLE,
    "figures.csv": "a,b\n1,2\n",
}


def _dedupe(*args: str, cwd: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run([*DEDUPE, *args], cwd=cwd, capture_output=True, timeout=300, env=env)


def _report(*args: str, cwd: Path, env: dict[str, str] | None = None) -> bytes:
    done = _dedupe("scan", *args, "--format", "json", "--quiet", cwd=cwd, env=env)
    assert done.returncode == 0, done.stderr.decode()
    return done.stdout


def _error(*args: str, cwd: Path, env: dict[str, str] | None = None) -> str:
    """The one line a refused run prints (it must exit 2 and print no more)."""
    done = _dedupe(*args, cwd=cwd, env=env)
    assert done.returncode == 2, done.stderr.decode()
    [line] = done.stderr.decode().splitlines()
    return line.removeprefix("dedupe: error: ")


def _tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def test_a_file_url_gives_the_local_report_with_the_urls_paths(tmp_path: Path) -> None:
    write_tree(tmp_path / "in", CORPUS)
    url = (tmp_path / "in").as_uri() + "/"
    local = _report("in", cwd=tmp_path)
    assert b'"in/repeated.md"' in local and b".draft" not in local and b"figures" not in local
    assert _report(url, cwd=tmp_path).replace(url.encode(), b"in/") == local


@pytest.mark.parametrize(
    "options", [("--exclude", "reprint"), ("--min-size", str(len(ARTICLE) + 1)), ("--include", "*.csv")]
)
def test_a_url_folder_is_filtered_by_the_walks_rules(tmp_path: Path, options: tuple[str, ...]) -> None:
    write_tree(tmp_path / "in", CORPUS)
    url = (tmp_path / "in").as_uri()
    local = _report("in", *options, cwd=tmp_path)
    assert local.count(b'"path"') != _report("in", cwd=tmp_path).count(b'"path"')  # the option matters here
    assert _report(url, *options, cwd=tmp_path).replace(url.encode() + b"/", b"in/") == local


def test_a_file_url_out_is_written_like_a_plain_folder(tmp_path: Path) -> None:
    write_tree(tmp_path / "in", CORPUS)
    done = _dedupe("clean", "in", "--out", (tmp_path / "out").as_uri(), "-q", cwd=tmp_path)
    assert done.returncode == 0, done.stderr.decode()
    assert _dedupe("clean", "in", "--out", "plain", "-q", cwd=tmp_path).returncode == 0
    assert _tree(tmp_path / "out") == _tree(tmp_path / "plain")
    assert _tree(tmp_path / "out")["repeated.md"] == CLEANED.encode()


@pytest.mark.parametrize("spelled", ["url inside plain", "plain inside url"])
def test_an_output_inside_an_input_is_refused_however_spelled(tmp_path: Path, spelled: str) -> None:
    write_tree(tmp_path / "in", CORPUS)
    given, out = ("in", (tmp_path / "in" / "out").as_uri())
    if spelled == "plain inside url":
        given, out = (tmp_path / "in").as_uri(), "in/out"
    done = _dedupe("clean", given, "--out", out, "-q", cwd=tmp_path)
    assert done.returncode == 2 and "must not be inside the input" in done.stderr.decode()
    assert not (tmp_path / "in" / "out").exists()


def test_files_at_urls_are_not_fixed_in_place(tmp_path: Path) -> None:
    write_tree(tmp_path / "in", CORPUS)
    url = (tmp_path / "in").as_uri()
    said = _error("clean", url, "--in-place", cwd=tmp_path)
    assert said == f"{url}: files at URLs cannot be fixed in place; write cleaned copies to an output folder"
    assert _tree(tmp_path / "in")["repeated.md"] == REPEATED.encode()


def test_a_container_at_a_url_is_an_error_not_a_silent_skip(tmp_path: Path) -> None:
    record = '{"id": "1", "text": "A short article in a shard of records."}\n'
    write_tree(tmp_path / "in", {"shard.jsonl": record, "bridge.txt": ARTICLE})
    url = (tmp_path / "in").as_uri()
    done = _dedupe("scan", url, "--ext", "jsonl", "--ext", "txt", "-q", cwd=tmp_path)
    assert done.returncode == 2
    reason = "a container at a URL is not read yet: compare it from a local folder"
    assert f"dedupe: error: {url}/shard.jsonl: {reason}" in done.stderr.decode().splitlines()
    assert b"1 file scanned" in done.stdout


def test_memory_urls_in_and_out_through_the_library() -> None:
    import fsspec

    fs, root = fsspec.filesystem("memory"), f"/{uuid.uuid4().hex}"
    for relative, text in CORPUS.items():
        fs.pipe_file(f"{root}/in/{relative}", text.encode())
    report = scan([f"memory:/{root}/in"], Settings(), engine=Serial())
    assert [f.relative for f in report.files] == ["bridge.txt", "budget.txt", "repeated.md", "reprint/bridge-copy.txt"]
    assert report.files[0].path == f"memory:/{root}/in/bridge.txt"
    done = clean([f"memory:/{root}/in/"], f"memory:/{root}/out/", Settings(), engine=Serial())
    written = {name.removeprefix(f"{root}/out/"): fs.cat_file(name) for name in fs.find(f"{root}/out")}
    assert (done.written, done.failed) == (len(written), [])
    assert written["repeated.md"] == CLEANED.encode() and written["budget.txt"] == OTHER.encode()
    assert len(written) == 3  # one of the duplicate pair is left out


def test_a_url_output_inside_a_url_input_is_refused() -> None:
    """Two URLs of one store (not file://, which is read as a plain path): the output inside the
    input would be scanned as input on the next run."""
    import fsspec

    fs, root = fsspec.filesystem("memory"), f"/{uuid.uuid4().hex}"
    for relative, text in CORPUS.items():
        fs.pipe_file(f"{root}/in/{relative}", text.encode())
    with pytest.raises(InputError, match="must not be inside the input"):
        clean([f"memory:/{root}/in/"], f"memory:/{root}/in/out/", Settings(), engine=Serial())
    assert not fs.exists(f"{root}/in/out")


@pytest.mark.skipif(importlib.util.find_spec("gcsfs") is not None, reason="gcsfs is installed here")
def test_a_url_whose_fsspec_package_is_missing_is_one_line_exit_2(tmp_path: Path) -> None:
    said = _error("scan", "gs://bucket/articles/", cwd=tmp_path)
    assert said == "gs://bucket/articles/: Please install gcsfs to access Google Storage"


def test_an_unknown_scheme_is_one_line_exit_2(tmp_path: Path) -> None:
    assert (
        _error("scan", "nope://bucket/articles/", cwd=tmp_path) == "nope://bucket/articles/: Protocol not known: nope"
    )


@pytest.fixture(scope="module")
def s3(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, str]]:
    """moto's S3 server on a free port of 127.0.0.1; yields the environment that points the AWS
    libraries at it (any credentials do)."""
    port = free_port()
    command = [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)]
    log = tmp_path_factory.mktemp("moto") / "server.log"
    with log.open("wb") as output:
        server = subprocess.Popen(command, stdout=output, stderr=subprocess.STDOUT)
    try:
        endpoint = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(endpoint, timeout=5):
                    break
            except OSError:
                assert server.poll() is None and time.monotonic() < deadline, log.read_text()
                time.sleep(0.3)
        yield {
            "AWS_ENDPOINT_URL": endpoint,
            "AWS_ACCESS_KEY_ID": "testing",
            "AWS_SECRET_ACCESS_KEY": "testing",
            "AWS_DEFAULT_REGION": "us-east-1",
        }
    finally:
        stop([server])


@pytest.fixture
def bucket(s3: dict[str, str], tmp_path: Path) -> tuple[str, Any]:
    """A new bucket holding CORPUS under `in/` (the same files are in tmp_path/in)."""
    import s3fs

    store = s3fs.S3FileSystem(
        key=s3["AWS_ACCESS_KEY_ID"],
        secret=s3["AWS_SECRET_ACCESS_KEY"],
        endpoint_url=s3["AWS_ENDPOINT_URL"],
        skip_instance_cache=True,
    )
    name = f"articles-{uuid.uuid4().hex[:12]}"
    store.mkdir(name)
    write_tree(tmp_path / "in", CORPUS)
    for relative, text in CORPUS.items():
        store.pipe_file(f"{name}/in/{relative}", text.encode())
    return name, store


def _env(s3: dict[str, str]) -> dict[str, str]:
    return {**os.environ, **s3}


@pytest.mark.slow
def test_an_s3_scan_gives_the_local_report(s3: dict[str, str], bucket: tuple[str, Any], tmp_path: Path) -> None:
    name, _ = bucket
    local = _report("in", cwd=tmp_path)
    remote = _report(f"s3://{name}/in/", cwd=tmp_path, env=_env(s3))
    assert remote.replace(f"s3://{name}/in/".encode(), b"in/") == local
    assert b'"duplicate_groups": []' not in local and b'"repeated_paragraphs": []' not in local


@pytest.mark.slow
def test_clean_writes_the_cleaned_copies_to_s3(s3: dict[str, str], bucket: tuple[str, Any], tmp_path: Path) -> None:
    name, store = bucket
    done = _dedupe("clean", f"s3://{name}/in/", "--out", f"s3://{name}/out/", "-q", cwd=tmp_path, env=_env(s3))
    assert done.returncode == 0, done.stderr.decode()
    assert _dedupe("clean", "in", "--out", "out", "-q", cwd=tmp_path).returncode == 0
    written = {key.removeprefix(f"{name}/out/"): store.cat_file(key) for key in store.find(f"{name}/out")}
    assert written == _tree(tmp_path / "out")
    assert written["repeated.md"] == CLEANED.encode()
    again = _error("clean", f"s3://{name}/in/", "--out", f"s3://{name}/out/", "-q", cwd=tmp_path, env=_env(s3))
    assert again == f"the output folder s3://{name}/out/ is not empty; choose a new folder or pass --overwrite"


@pytest.mark.slow
def test_missing_credentials_are_one_line_exit_2(s3: dict[str, str], bucket: tuple[str, Any], tmp_path: Path) -> None:
    name, _ = bucket
    env = {k: v for k, v in _env(s3).items() if k not in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY")}
    env.update(HOME=str(tmp_path), AWS_EC2_METADATA_DISABLED="true")  # no ~/.aws, no instance role
    said = _error("scan", f"s3://{name}/in/", cwd=tmp_path, env=env)
    assert said == f"cannot list s3://{name}/in/: NoCredentialsError: Unable to locate credentials"


@pytest.mark.slow
def test_a_pool_of_workers_reads_from_s3(s3: dict[str, str], bucket: tuple[str, Any], tmp_path: Path) -> None:
    """Enough files for the local process pool (its workers open their own S3 connections)."""
    name, store = bucket
    generator = [sys.executable, str(ROOT / "benchmarks" / "gen_corpus.py"), "generated", "--docs", "60", "--seed", "3"]
    subprocess.run(generator, cwd=tmp_path, check=True, capture_output=True, timeout=120)
    store.put(f"{tmp_path / 'generated'}/", f"{name}/generated/", recursive=True)
    local = _report("generated", "--jobs", "2", cwd=tmp_path)
    remote = _report(f"s3://{name}/generated", "--jobs", "2", cwd=tmp_path, env=_env(s3))
    assert remote.replace(f"s3://{name}/generated/".encode(), b"generated/") == local
    assert local.count(b'"path"') > 32 and b'"duplicate_groups": []' not in local


@pytest.mark.slow
def test_a_dask_cluster_reads_from_s3(s3: dict[str, str], bucket: tuple[str, Any], tmp_path: Path) -> None:
    """The workers read the objects themselves: they find the S3 server through their own environment."""
    name, _ = bucket
    url = f"s3://{name}/in/"
    local = _report(url, cwd=tmp_path, env=_env(s3))
    with dask_cluster(tmp_path, env=s3) as address:
        assert _report(url, "--scheduler", address, cwd=tmp_path, env=_env(s3)) == local
