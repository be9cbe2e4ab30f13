"""Configuration files: every key checked, errors name the file and the key, flags override."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from conftest import RETOLD, check, stage, write_tree
from dedupe.config import Config, load_config
from dedupe.errors import SettingsError
from dedupe.settings import Settings


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "[tool.dedupe]\nsimilarty = 0.6\n",
            "pyproject.toml [tool.dedupe]: unknown key 'similarty' (known keys: roots",
        ),
        ("[tool.dedupe]\nsimilarity = '0.6'\n", "pyproject.toml [tool.dedupe]: similarity must be a number, not '0.6'"),
        ("[tool.dedupe]\nsimilarity = 1.5\n", "pyproject.toml [tool.dedupe]: similarity must be a number in (0, 1]"),
        ("[tool.dedupe]\nmin-paragraph-chars = 4.5\n", "min-paragraph-chars must be a whole number, not 4.5"),
        ("[tool.dedupe]\nmin-paragraph-chars = true\n", "min-paragraph-chars must be a whole number, not True"),
        ("[tool.dedupe]\nexclude = 'drafts'\n", "exclude must be a list of strings, not 'drafts'"),
        ("[tool.dedupe]\nroots = [1]\n", "roots must be a list of strings, not [1]"),
        ("[tool.dedupe]\nkeep = 'largest'\n", "keep must be one of complete, first, newest, oldest"),
        ("[tool.dedupe]\nlevel = 'fatal'\n", "level must be one of error, warning, not 'fatal'"),
        ("[tool.dedupe]\nlsh-bands = 65\n", "lsh_bands × lsh_rows (65 × 2) must not exceed num_perm"),
        ("[tool]\ndedupe = 3\n", "pyproject.toml [tool.dedupe] must be a table of settings"),
        ("[tool.dedupe\n", "pyproject.toml is not valid TOML: "),
    ],
)
def test_bad_configuration_names_the_key(tmp_path: Path, text: str, message: str) -> None:
    write_tree(tmp_path, {"pyproject.toml": text})
    with pytest.raises(SettingsError) as raised:
        load_config(folder=str(tmp_path))
    assert message in str(raised.value)
    assert "\n" not in str(raised.value)


def test_keys_map_onto_settings(tmp_path: Path) -> None:
    write_tree(
        tmp_path,
        {
            "pyproject.toml": "[project]\nname = 'x'\n\n[tool.dedupe]\n"
            "roots = ['articles']\nlevel = 'warning'\nmin-paragraph-chars = 60\n"
            "similarity = 1\nexclude = ['drafts']\nkeep = 'first'\nshingle_words = 4\n",
        },
    )
    config = load_config(folder=str(tmp_path))
    assert (config.roots, config.level) == ((os.path.relpath(tmp_path / "articles"),), "warning")
    settings = config.make_settings({"similarity": 0.7})
    assert (settings.min_paragraph_chars, settings.similarity, settings.exclude) == (60, 0.7, ("drafts",))
    assert (settings.keep, settings.shingle_words) == ("first", 4)


def test_which_file_is_read(tmp_path: Path) -> None:
    assert load_config(folder=str(tmp_path)) == Config(root=os.path.relpath(tmp_path))
    write_tree(tmp_path, {"pyproject.toml": "[project]\nname = 'x'\n", ".dedupe.toml": "level = 'warning'\n"})
    assert load_config(folder=str(tmp_path)).level == "warning"  # pyproject.toml without [tool.dedupe]
    write_tree(tmp_path, {"pyproject.toml": "[tool.dedupe]\nlevel = 'error'\n"})
    with pytest.raises(SettingsError, match=r"configured in both .*pyproject.toml and .*\.dedupe.toml; keep one"):
        load_config(folder=str(tmp_path))
    assert load_config(str(tmp_path / ".dedupe.toml")).level == "warning"
    with pytest.raises(SettingsError, match="no such configuration file"):
        load_config(str(tmp_path / "missing.toml"))


def test_the_command_line_overrides_the_file(repo: Path) -> None:
    stage(repo, {"new/repeat.txt": RETOLD})
    write_tree(repo, {"pyproject.toml": "[tool.dedupe]\nmin-paragraph-chars = 100000\n"})
    assert check("new/repeat.txt").exit_code == 0
    assert check("new/repeat.txt", "--min-paragraph-chars", "40").exit_code == 1
    write_tree(repo, {"pyproject.toml": "[tool.dedupe]\nexclude = ['new']\n"})
    assert check("new/repeat.txt").exit_code == 0
    assert check("new/repeat.txt", "--exclude", "other").exit_code == 1


def test_configuration_errors_exit_2_on_one_line(repo: Path) -> None:
    zero = check("--similarity", "0")  # given, so checked: not mistaken for "not given"
    assert (zero.exit_code, zero.stderr) == (2, "dedupe: error: --similarity must be a number in (0, 1], not 0.0\n")
    write_tree(repo, {".dedupe.toml": "min_paragraph_chars = 'long'\n"})
    result = check()
    assert (result.exit_code, result.stderr) == (
        2,
        "dedupe: error: .dedupe.toml: min_paragraph_chars must be a whole number, not 'long'\n",
    )
    assert check("--config", "missing.toml").stderr == "dedupe: error: no such configuration file: missing.toml\n"


def test_every_setting_can_be_configured(tmp_path: Path) -> None:
    """Each Settings field has a TOML spelling that parses back to its default."""
    defaults = Settings()
    lines = []
    for name in Settings.field_names():
        value = getattr(defaults, name)
        toml = list(value) if isinstance(value, tuple) else value
        lines.append(f"{name.replace('_', '-')} = {json.dumps(toml)}")
    write_tree(tmp_path, {".dedupe.toml": "\n".join(lines) + "\n"})
    assert load_config(folder=str(tmp_path)).make_settings() == defaults
    write_tree(tmp_path, {".dedupe.toml": "follow-symlinks = 'yes'\n"})
    with pytest.raises(SettingsError, match="follow-symlinks must be true or false, not 'yes'"):
        load_config(folder=str(tmp_path))
