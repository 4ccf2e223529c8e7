"""The routine JSON Schema agrees with the loader (what `hipcli schema` and `hipcli validate
--format json` give editors and scripts: tests/commands/test_schema_cli.py).

The schema is checked with a small validator for exactly the draft-07 keywords it uses (a test
below fails if it starts using another), so the suite needs no extra dependency.
"""

from __future__ import annotations

import json
import re
import tomllib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from hipcli.routine import authoring
from hipcli.routine.durations import DurationError, parse_duration
from hipcli.routine.library import RoutineFile, Source
from hipcli.routine.model import (
    ALIAS_LIMIT,
    BREATH_BOUNDS,
    BREATH_KEYS,
    BREATH_PATTERNS,
    DURATION_BOUNDS,
    MAX_ALIASES,
    MAX_SIDES,
    MAX_STEPS,
    ROUTINE_KEYS,
    SIDE_NAME_LIMIT,
    STEP_KEYS,
    TEXT_LIMITS,
    RoutineError,
)
from hipcli.routine.validate import parse_routine
from tests.conftest import BUILTIN_ROUTINES, REPO, SIMPLE_ROUTINE

SCHEMA: dict[str, Any] = json.loads(authoring.schema_text())
ROOT = SCHEMA["properties"]
STEP = ROOT["steps"]["items"]["properties"]
DURATION_KEYS = [key for key in (*ROUTINE_KEYS, *STEP_KEYS) if key in DURATION_BOUNDS]


# --- a validator for the subset of draft-07 the schema uses ---------------------------------------

ANNOTATIONS = {"$schema", "title", "description", "default", "examples"}
CHECKED = {
    "type", "enum", "pattern", "minLength", "maxLength", "minimum", "maximum", "minItems",
    "maxItems", "uniqueItems", "items", "properties", "required", "additionalProperties", "anyOf",
}  # fmt: skip
TYPES = {
    "object": lambda v: isinstance(v, dict),
    "array": lambda v: isinstance(v, list),
    "string": lambda v: isinstance(v, str),
    "integer": lambda v: isinstance(v, int) and not isinstance(v, bool),
    "number": lambda v: isinstance(v, int | float) and not isinstance(v, bool),
}


def errors(value: Any, schema: dict[str, Any], where: str = "") -> list[str]:
    """Every way `value` breaks `schema`, each as 'where: what'."""
    found: list[str] = []
    if "type" in schema and not TYPES[schema["type"]](value):
        return [f"{where}: not of type {schema['type']}"]
    if "enum" in schema and value not in schema["enum"]:
        found.append(f"{where}: not one of {schema['enum']}")
    if isinstance(value, str):
        if len(value) < schema.get("minLength", 0) or len(value) > schema.get("maxLength", 1e9):
            found.append(f"{where}: length {len(value)} out of range")
        if "pattern" in schema and not re.search(schema["pattern"], value):
            found.append(f"{where}: does not match {schema['pattern']}")
    if TYPES["number"](value) and not (
        schema.get("minimum", value) <= value <= schema.get("maximum", value)
    ):
        found.append(f"{where}: {value} out of range")
    if isinstance(value, list):
        if not schema.get("minItems", 0) <= len(value) <= schema.get("maxItems", len(value)):
            found.append(f"{where}: {len(value)} items out of range")
        if schema.get("uniqueItems") and len({json.dumps(v) for v in value}) != len(value):
            found.append(f"{where}: items repeat")
        for index, item in enumerate(value):
            found += errors(item, schema.get("items", {}), f"{where}[{index}]")
    if isinstance(value, dict):
        properties = schema.get("properties", {})
        missing = [key for key in schema.get("required", ()) if key not in value]
        found += [f"{where}: missing {key}" for key in missing]
        for key, item in value.items():
            if key in properties:
                found += errors(item, properties[key], f"{where}.{key}")
            elif schema.get("additionalProperties") is False:
                found.append(f"{where}: unexpected {key}")
    if "anyOf" in schema and all(errors(value, option, where) for option in schema["anyOf"]):
        found.append(f"{where}: matches none of anyOf")
    return found


def subschemas(schema: dict[str, Any], where: str = "#") -> Iterator[tuple[str, dict[str, Any]]]:
    """The schema and every schema inside it, with a JSON-pointer-like location."""
    yield where, schema
    for key, inner in schema.get("properties", {}).items():
        yield from subschemas(inner, f"{where}/properties/{key}")
    if "items" in schema:
        yield from subschemas(schema["items"], f"{where}/items")
    for index, option in enumerate(schema.get("anyOf", ())):
        yield from subschemas(option, f"{where}/anyOf/{index}")


def schema_errors(text: str) -> list[str]:
    return errors(tomllib.loads(text), SCHEMA)


def loader_accepts(text: str) -> bool:
    try:
        parse_routine(text, name="x")
    except RoutineError:
        return False
    return True


def test_the_validator_knows_every_keyword_the_schema_uses() -> None:
    for where, schema in subschemas(SCHEMA):
        unknown = set(schema) - ANNOTATIONS - CHECKED
        assert not unknown, f"{where} uses {unknown}; teach the test validator first"


# --- the schema itself ----------------------------------------------------------------------------


def test_the_schema_is_draft_07_and_shipped_in_the_package() -> None:
    assert SCHEMA["$schema"] == "http://json-schema.org/draft-07/schema#"
    path = Path(authoring.schema_uri().removeprefix("file://"))
    assert path.name == "routine.schema.json"
    assert json.loads(path.read_text(encoding="utf-8")) == SCHEMA


def test_every_object_refuses_unknown_keys_and_every_key_is_described() -> None:
    objects = [(w, s) for w, s in subschemas(SCHEMA) if s.get("type") == "object"]
    assert len(objects) == 4  # the routine, a step, and the breath table in each
    for where, schema in objects:
        assert schema.get("additionalProperties") is False, where
        for key, inner in schema["properties"].items():
            assert len(inner.get("description", "")) > 15, f"{where}/{key} needs a description"


def test_the_documentation_link_is_the_projects() -> None:
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert project["urls"]["Documentation"] == authoring.DOCS_URL
    assert authoring.DOCS_URL in SCHEMA["description"]


# --- in step with the loader ----------------------------------------------------------------------


def test_the_schema_knows_exactly_the_keys_the_loader_knows() -> None:
    assert list(ROOT) == list(ROUTINE_KEYS)
    assert list(STEP) == list(STEP_KEYS)
    for breath in (ROOT["breath"], STEP["breath"]):
        table = breath["anyOf"][1]
        assert list(table["properties"]) == list(BREATH_KEYS)
        assert table["required"] == ["inhale", "exhale"]
    assert SCHEMA["required"] == ["title", "steps"]
    assert ROOT["steps"]["items"]["required"] == ["name", "hold"]


def test_the_named_breath_patterns_are_the_loaders() -> None:
    for breath in (ROOT["breath"], STEP["breath"]):
        assert breath["anyOf"][0]["enum"] == list(BREATH_PATTERNS)


def test_the_bounds_are_the_loaders() -> None:
    for table, key in [(ROOT, k) for k in ROUTINE_KEYS] + [(STEP, k) for k in STEP_KEYS]:
        if key in DURATION_BOUNDS:
            whole_seconds = table[key]["anyOf"][0]
            assert whole_seconds["type"] == "integer"
            bounds = (whole_seconds["minimum"], whole_seconds["maximum"])
            assert bounds == DURATION_BOUNDS[key], key
        if key in TEXT_LIMITS:
            assert table[key]["maxLength"] == TEXT_LIMITS[key], key
    for breath in (ROOT["breath"], STEP["breath"]):
        for key, inner in breath["anyOf"][1]["properties"].items():
            assert (inner["minimum"], inner["maximum"]) == BREATH_BOUNDS[key]
    assert ROOT["steps"]["maxItems"] == MAX_STEPS
    assert STEP["sides"]["maxItems"] == MAX_SIDES
    assert STEP["sides"]["items"]["maxLength"] == SIDE_NAME_LIMIT
    assert ROOT["aliases"]["maxItems"] == MAX_ALIASES
    assert ROOT["aliases"]["items"]["maxLength"] == ALIAS_LIMIT


DURATION_PATTERN = ROOT["lead_in"]["anyOf"][1]["pattern"]


def test_every_duration_key_takes_the_same_text() -> None:
    for table, key in [(ROOT, k) for k in DURATION_KEYS if k in ROOT] + [
        (STEP, k) for k in DURATION_KEYS if k in STEP
    ]:
        assert table[key]["anyOf"][1] == {"type": "string", "pattern": DURATION_PATTERN}, key


def duration_text_accepted(text: str) -> bool:
    try:
        parse_duration(text)
    except DurationError:
        return False
    return True


@pytest.mark.parametrize(
    "text",
    ["90s", "1m30s", "2m", "1h", "1h5m", "1h 5m 3s", " 45S ", "0s", "1M", "90", "", "1.5m",
     "1m1h", "s", "1m 1m", "1x", "1h30", "ninety"],
)  # fmt: skip
def test_the_duration_pattern_accepts_what_the_loader_accepts(text: str) -> None:
    assert bool(re.search(DURATION_PATTERN, text)) == duration_text_accepted(text)


@given(st.text(alphabet="0123456789hmsHMS \t", max_size=12))
def test_the_duration_pattern_agrees_with_the_loader_on_any_text(text: str) -> None:
    assert bool(re.search(DURATION_PATTERN, text)) == duration_text_accepted(text)


# --- documents ------------------------------------------------------------------------------------


@pytest.mark.parametrize("path", sorted(BUILTIN_ROUTINES.glob("*.toml")), ids=lambda p: p.stem)
def test_every_builtin_routine_is_valid_under_the_schema(path: Path) -> None:
    assert schema_errors(path.read_text(encoding="utf-8")) == []


def test_the_template_and_a_copy_are_valid_under_the_schema_and_the_loader() -> None:
    template = authoring.template_text("mine")
    pigeon = BUILTIN_ROUTINES / "pigeon.toml"
    copy = authoring.copy_text(
        pigeon.read_text(encoding="utf-8"),
        source=RoutineFile("pigeon", pigeon, Source.BUILT_IN),
        name="mine",
    )
    for text in (template, copy, SIMPLE_ROUTINE):
        assert schema_errors(text) == []
        assert loader_accepts(text)


STEP_TOML = '[[steps]]\nname = "Lunge"\nhold = "30s"\n'


@pytest.mark.parametrize(
    "text",
    [
        'title = "T"\nhodl = 3\n' + STEP_TOML,
        'title = "T"\n',
        STEP_TOML,
        'title = ""\n' + STEP_TOML,
        'title = "   "\n' + STEP_TOML,
        'title = "T"\nsteps = []\n',
        'title = "T"\nlead_in = "ten"\n' + STEP_TOML,
        'title = "T"\nlead_in = 301\n' + STEP_TOML,
        'title = "T"\nrest = -1\n' + STEP_TOML,
        'title = "T"\nswitch = 1.5\n' + STEP_TOML,
        'title = "T"\nbreath = "boxy"\n' + STEP_TOML,
        'title = "T"\nbreath = { inhale = 4 }\n' + STEP_TOML,
        'title = "T"\nbreath = { inhale = 4, exhale = 40 }\n' + STEP_TOML,
        'title = "T"\nbreath = { inhale = 4, exhale = 4, pause = 1 }\n' + STEP_TOML,
        'title = "T"\nbreath = { inhale = true, exhale = 4 }\n' + STEP_TOML,
        'title = "T"\n' + STEP_TOML + "hodl = 3\n",
        'title = "T"\n[[steps]]\nname = "Lunge"\n',
        'title = "T"\n[[steps]]\nname = "Lunge"\nhold = 0\n',
        'title = "T"\n[[steps]]\nname = "Lunge"\nhold = true\n',
        'title = "T"\n' + STEP_TOML + "sides = []\n",
        'title = "T"\n' + STEP_TOML + 'sides = ["left", "left"]\n',
        'title = "T"\n' + STEP_TOML + 'sides = ["a", "b", "c", "d", "e"]\n',
        'title = "T"\n' + STEP_TOML + f'sides = ["{"x" * 41}"]\n',
        'title = "T"\n' + STEP_TOML + f'cue = "{"x" * 1001}"\n',
        f'title = "{"x" * 81}"\n' + STEP_TOML,
        'title = "T"\n' + STEP_TOML * (MAX_STEPS + 1),
        'title = "T"\naliases = "butterfly"\n' + STEP_TOML,
        'title = "T"\naliases = [1]\n' + STEP_TOML,
        'title = "T"\naliases = [""]\n' + STEP_TOML,
        'title = "T"\naliases = [" - "]\n' + STEP_TOML,
        'title = "T"\naliases = ["a", "a"]\n' + STEP_TOML,
        f'title = "T"\naliases = ["{"x" * 41}"]\n' + STEP_TOML,
        'title = "T"\naliases = ' + str([f"a{i}" for i in range(11)]) + "\n" + STEP_TOML,
    ],
)
def test_mistakes_are_caught_by_the_schema_and_the_loader_alike(text: str) -> None:
    assert schema_errors(text), "the schema let it through"
    assert not loader_accepts(text), "the loader let it through"
