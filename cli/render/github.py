"""GitHub Actions workflow commands: one `::error` (or `::warning`) annotation per problem.

Values are escaped as the Actions toolkit does (`%`, CR and LF in the message; also `:` and `,`
in properties), so a file name cannot end the command early or inject another one.
"""

from __future__ import annotations

from dedupe.model import Report
from dedupe.problems import Level, problems

from .safe import visible


def _data(text: str) -> str:
    """Escaped as the toolkit does first, so a newline in a file name stays `%0A` (which GitHub
    reads back as the newline: `file=` names the real file); other controls then made visible."""
    return visible(text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A"))


def _property(text: str) -> str:
    return _data(text).replace(":", "%3A").replace(",", "%2C")


def render(report: Report, level: Level) -> str:
    return "".join(
        f"::{level} file={_property(p.path)},line={p.line},title={_property('dedupe ' + p.rule)}::{_data(p.message)}\n"
        for p in problems(report)
    )
