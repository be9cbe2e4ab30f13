from __future__ import annotations

import pytest

from dedupe.errors import SettingsError
from dedupe.settings import Settings


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"similarity": 0.0}, "similarity must be a number in"),
        ({"containment": 1.5}, "containment must be"),
        ({"keep": "largest"}, "keep must be one of"),
        ({"num_perm": 4}, "num_perm must be a whole number from 8"),
        ({"lsh_bands": 64, "lsh_rows": 3}, "must not exceed num_perm"),
        ({"extensions": ("",)}, "extension must not be empty"),
        ({"shingle_words": True}, "shingle_words must be a whole number"),
    ],
)
def test_invalid_settings_say_what_to_fix(changes: dict[str, object], message: str) -> None:
    with pytest.raises(SettingsError, match=message):
        Settings(**changes)  # type: ignore[arg-type]


def test_extensions_are_normalized() -> None:
    assert Settings(extensions=("md", ".TXT")).extensions == (".md", ".txt")
