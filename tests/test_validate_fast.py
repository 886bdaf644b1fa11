"""The validation pipeline's fast path (jsonschema-rs) agrees with `jsonschema` on every item:
it only ever accepts what `jsonschema` accepts, so the pipeline drops exactly what it did."""

from __future__ import annotations

import copy
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from newscrawl.pipelines.validate import fast_validator, schema_validator
from tests.test_pipelines import valid_item

SAMPLE = Path(__file__).resolve().parent.parent / "samples" / "snapshot.jsonl"
ITEMS = [json.loads(line) for line in SAMPLE.read_text("utf-8").splitlines()]
WRONG: list[Any] = [
    None, 0, -1, 1.5, True, "", " ", "x", "not a url", [], {}, ["x"], {"x": 1},
    "https://newsmoris.com/a b/", "https://newsmoris.com/é/", "https://newsmoris.com/%zz",
    "https://newsmoris.com/<x>", "ftp://newsmoris.com/x", "//newsmoris.com/x", "https://",
    "2024-02-22T10:00:00+04:00", "2024-02-30T10:00:00+04:00", "2024-02-22T25:00:00+04:00",
    "2024-02-22T10:00:00", "2024-02-22T06:00:00+00:00", "2024-02-22", "2024-13-01", "en", "xx",
]


MISSING = object()


def variants(item: dict[str, Any]) -> Iterator[dict[str, Any]]:
    """The item, then every field (and every nested field) missing or set to each WRONG value,
    then an unknown field."""
    yield item
    for path in paths(item):
        for value in (MISSING, *WRONG):
            yield changed(item, path, value)
    yield {**item, "unknown_field": 1}


def changed(item: dict[str, Any], path: tuple[str, ...], value: Any) -> dict[str, Any]:
    """A copy of the item with the field at `path` set to `value` (removed for MISSING)."""
    copied = copy.deepcopy(item)
    target = copied
    for key in path[:-1]:
        target = target[key]
    if value is MISSING:
        del target[path[-1]]
    else:
        target[path[-1]] = value
    return copied


def paths(data: dict[str, Any], prefix: tuple[str, ...] = ()) -> Iterator[tuple[str, ...]]:
    for key, value in data.items():
        yield (*prefix, key)
        if isinstance(value, dict):
            yield from paths(value, (*prefix, key))


@pytest.mark.parametrize("item", [valid_item(), *ITEMS[:8]], ids=lambda item: item["url"][-40:])
def test_fast_path_accepts_only_what_jsonschema_accepts(item: dict[str, Any]) -> None:
    fast, full = fast_validator(), schema_validator()
    checked = rejected = 0
    for data in variants(item):
        verdict = full.is_valid(data)
        assert fast.is_valid(data) == verdict, json.dumps(data, default=str)[:400]
        checked += 1
        rejected += not verdict
    assert full.is_valid(item)
    assert rejected > checked // 2  # the variants do break the contract
