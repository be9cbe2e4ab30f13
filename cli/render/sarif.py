"""A SARIF 2.1.0 log (what GitHub code scanning uploads): one result per problem, located at the
copy, with a related location at the text it repeats and a content fingerprint.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from urllib.parse import quote

from dedupe import __version__
from dedupe.model import Report
from dedupe.problems import RULES, Level, problems

from .safe import visible

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"


def _location(path: str, line: int) -> dict[str, object]:
    """A relative path stays relative to the checkout (`%SRCROOT%`); an absolute one is a file URI."""
    if os.path.isabs(path):
        artifact: dict[str, object] = {"uri": Path(path).as_uri()}
    else:
        artifact = {"uri": quote(os.fsencode(path).replace(os.sep.encode(), b"/")), "uriBaseId": "%SRCROOT%"}
    return {"physicalLocation": {"artifactLocation": artifact, "region": {"startLine": line}}}


def as_data(report: Report, level: Level) -> dict[str, object]:
    rule_ids = list(RULES)
    results = [
        {
            "ruleId": p.rule,
            "ruleIndex": rule_ids.index(p.rule),
            "level": level,
            "message": {"text": visible(p.message)},
            "locations": [_location(p.path, p.line)],
            "relatedLocations": [
                {"id": 1, **_location(p.copy_of, p.copy_line), "message": {"text": "the text it repeats"}}
            ],
            "partialFingerprints": {"dedupeContent/v1": f"{p.rule}:{p.key}"},
        }
        for p in problems(report)
    ]
    rules = [
        {
            "id": rule,
            "name": rule.title().replace("-", ""),
            "shortDescription": {"text": description},
            "defaultConfiguration": {"level": level},
        }
        for rule, description in RULES.items()
    ]
    driver = {"name": "dedupe", "version": __version__, "rules": rules}
    return {"$schema": SCHEMA, "version": "2.1.0", "runs": [{"tool": {"driver": driver}, "results": results}]}


def render(report: Report, level: Level) -> str:
    return json.dumps(as_data(report, level), indent=2) + "\n"
