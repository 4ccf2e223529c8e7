"""The `holds` of a journal record (v2): one entry per hold a session reached, its checks and its
TOML text.

Each entry is an inline table on a line of its own, whatever its length: tomli_w would write a
long one as a `[[session.holds]]` table after `id`, which must stay the record's last line (its
seal, see `hipcli.journal.record`). A damaged entry (a wrong type, a number past a day, ten
thousand entries) makes the whole record a reported problem, like any other damaged field.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from hipcli.literal import toml_value
from hipcli.routine.model import MAX_SIDES, MAX_STEPS

MAX_HOLDS = MAX_STEPS * MAX_SIDES  # the most holds one routine has
MAX_HOLD_S = 24 * 3600  # a hold longer than a day is a damaged record, not a hold
HOLD_FIELDS = ("step", "side", "planned_s", "held_s", "skipped")
HOLD_EXAMPLE = '{ step = "Pigeon", side = "left", planned_s = 60, held_s = 75, skipped = false }'


@dataclass(frozen=True, slots=True)
class Hold:
    """One hold a session reached: the step, its side (None without sides), planned and held
    whole seconds (extensions in, pauses out), and whether `n` cut it short."""

    step: str
    side: str | None
    planned_s: int
    held_s: int
    skipped: bool = False


def _show(value: object) -> str:
    """A short rendering of a value for an error message."""
    return toml_value(value)


def _seconds(entry: Mapping[str, Any], name: str, errors: list[str]) -> int:
    value = entry[name]
    if isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= MAX_HOLD_S:
        return value
    errors.append(f"{name} is {_show(value)}, but it must be a whole number from 0 to {MAX_HOLD_S}")
    return 0


def _hold(entry: object, number: int) -> Hold | str:
    """One entry of `holds` as a Hold, or what is wrong with it (`number` counts from 1)."""
    if not isinstance(entry, Mapping):
        return f"hold {number} is {_show(entry)}, but it must be a table like {HOLD_EXAMPLE}"
    missing = [name for name in HOLD_FIELDS if name != "side" and name not in entry]
    if missing:
        return f"hold {number}: missing " + ", ".join(missing)
    errors: list[str] = []
    step = entry["step"]
    if not (isinstance(step, str) and step.strip()):
        errors.append(f"step is {_show(step)}, but it must be some text")
    side = entry.get("side")
    if "side" in entry and not (isinstance(side, str) and side.strip()):
        errors.append(f"side is {_show(side)}, but it must be some text (or absent)")
    planned = _seconds(entry, "planned_s", errors)
    held = _seconds(entry, "held_s", errors)
    skipped = entry["skipped"]
    if not isinstance(skipped, bool):
        errors.append(f"skipped is {_show(skipped)}, but it must be true or false")
    if errors:
        return f"hold {number}: " + "; ".join(errors)
    return Hold(step, side, planned, held, skipped)


def holds_from_value(value: object) -> tuple[Hold, ...] | str:
    """The `holds` of a record read from a file or an export, or what is wrong with them."""
    if not isinstance(value, list):
        return f"holds is {_show(value)}, but it must be a list of tables like {HOLD_EXAMPLE}"
    if len(value) > MAX_HOLDS:
        return f"holds has {len(value):,} entries, but a session has at most {MAX_HOLDS:,}"
    holds = []
    for number, entry in enumerate(value, 1):
        hold = _hold(entry, number)
        if isinstance(hold, str):
            return hold  # the first bad entry is enough to say: the record is skipped anyway
        holds.append(hold)
    return tuple(holds)


def hold_to_dict(hold: Hold, *, text: Callable[[str], str] = str) -> dict[str, Any]:
    """A hold as the record writes it (and the exports show it): `side` absent without sides."""
    entry: dict[str, Any] = {"step": text(hold.step)}
    if hold.side is not None:
        entry["side"] = text(hold.side)
    entry.update(planned_s=hold.planned_s, held_s=hold.held_s, skipped=hold.skipped)
    return entry


def holds_text(holds: list[dict[str, Any]], dumps: Callable[[dict[str, Any]], str]) -> str:
    """`holds = [...]` as TOML, one inline table a line; `dumps` (tomli_w's) writes each value
    exactly as it writes the rest of the record."""
    if not holds:
        return "holds = []\n"
    lines = ["holds = [\n"]
    for entry in holds:
        values = (
            f"{key} = {dumps({key: value})[len(key) + 3 : -1]}" for key, value in entry.items()
        )
        lines.append("    { " + ", ".join(values) + " },\n")
    lines.append("]\n")
    return "".join(lines)
