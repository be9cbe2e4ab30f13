"""Verified components as the analysis cache keeps them: a component's key and its result as JSON.

Verifying a component re-reads its files and measures every candidate pair: on a warm re-scan
that was most of the run, though the component had not changed. Its result is a pure function of
its files' paths, contents (digests) and modification times (the keeper policy reads them), of
its pairs and of the settings, so those make the key. A stored result is checked for shape, and
every path it names must be one of the component's: a bad row is a miss (`ValueError`).
"""

from __future__ import annotations

import json
from typing import Any

import xxhash

from dedupe.model import DuplicateGroup, HeldPair, Member, ScoredPair
from dedupe.settings import Settings
from dedupe.stages.duplicates import Component, Resolved


def component_key(part: Component, settings: str) -> str:
    """What the component's verification depends on, as one digest; `settings` is
    `settings_text(part.settings)`, made once for all the components of a run."""
    members = [[a.source.path, a.digest, a.source.mtime, a.shingle_count] for a in part.analyses]
    shape = json.dumps([members, part.representative, part.exact, part.candidates])
    return xxhash.xxh3_128_hexdigest(f"{settings}\0{shape}".encode())


def settings_text(settings: Settings) -> str:
    return json.dumps(settings.as_dict(), sort_keys=True)


def resolved_json(result: Resolved) -> str:
    """A result as JSON (floats keep every bit: `json` writes their shortest exact form)."""
    groups = [
        [g.keep, g.policy, [[m.path, m.similarity, m.containment] for m in g.members], list(g.originals)]
        for g in result.groups
    ]
    return json.dumps(
        {
            "groups": groups,
            "scored": [[p.a, p.b, p.similarity, p.containment, p.duplicate] for p in result.scored_pairs],
            "held": [[h.keep, h.path, h.similarity, h.containment, h.reason] for h in result.held],
        }
    )


def resolved_from_json(text: str, part: Component) -> Resolved:
    """The stored result of `part`; ValueError when it is not what `resolved_json` wrote for it."""
    try:
        stored = json.loads(text)
        paths = {a.source.path for a in part.analyses}
        groups = [
            DuplicateGroup(
                _among(keep, paths),
                tuple(Member(_among(path, paths), _score(s), _score(c)) for path, s, c in _rows(members)),
                _text(policy),
                tuple(_among(path, paths) for path in _rows(originals)),
            )
            for keep, policy, members, originals in _rows(stored["groups"])
        ]
        scored = [
            ScoredPair(_among(a, paths), _among(b, paths), _score(s), _score(c), _flag(duplicate))
            for a, b, s, c, duplicate in _rows(stored["scored"])
        ]
        held = [
            HeldPair(_among(keep, paths), _among(path, paths), _score(s), _score(c), _text(reason))
            for keep, path, s, c, reason in _rows(stored["held"])
        ]
    except (TypeError, KeyError, RecursionError) as error:
        raise ValueError(f"not a stored component: {error}") from None
    return Resolved(groups, scored, held, [])


def _rows(value: Any) -> list[Any]:
    if not isinstance(value, list):
        raise ValueError("not a list")
    return value


def _among(path: Any, paths: set[str]) -> str:
    if path not in paths:
        raise ValueError("a path that is not one of the component's")
    return str(path)


def _score(value: Any) -> float:
    if type(value) not in (int, float) or not 0.0 <= value <= 1.0:
        raise ValueError("score out of range")
    return float(value)


def _flag(value: Any) -> bool:
    if not isinstance(value, bool):
        raise ValueError("not a boolean")
    return value


def _text(value: Any) -> str:
    if not isinstance(value, str):
        raise ValueError("not text")
    return value
