"""The journals `bench/journal.py` measures: realistic sessions of any number, and journals whose
notes are dense with escape characters (issue 10, item 18). Not part of the pytest run."""

from __future__ import annotations

import os
import random
import statistics
import subprocess
import time
from collections.abc import Callable, Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path

from hipcli.journal.holds import Hold
from hipcli.journal.record import SessionRecord, format_record

ROUTINES = [
    ("pigeon", "Pigeon"),
    ("frog", "Frog"),
    ("lizard", "Lizard"),
    ("butterfly", "Butterfly"),
    ("ninety-ninety", "90/90"),
    ("happy-baby", "Happy baby"),
    ("box-breathing", "Box breathing"),
    ("morning", "Morning hips"),
    ("evening-wind-down", "Evening wind-down"),
    ("figure-four", "Figure four"),
]
PHRASES = [
    "Left side tighter than the right.",
    "Felt calmer after.",
    "Breath came easier today.",
    "Knee complained a little, backed off.",
    "Tears came up in the second hold — let them.",
    "Jaw kept clenching; noticed and softened.",
    "Slept badly, went gently.",
    "Warm after the walk, went deeper than usual.",
    "Mind wandered to work, came back.",
    "Hüfte links fester als rechts.",
    "La respiración se hizo más lenta.",
    "שקט יותר אחרי התרגול",
    "Much better than yesterday 🙂",
    "Shoulders dropped at the end.",
]
TAGS = ["release", "tight", "calm", "grief", "morning", "evening", "knee", "hips", "sleep"]
NOW = datetime(2026, 11, 21, 7, 0, tzinfo=UTC)
# The journal reaches back at most this far: hipcli writes no year before 1900 (`YEARS`), and a
# person's years of practice are what the views are for. Beyond about 13,000 sessions the
# sessions come closer together (several a day) rather than reaching further back.
MAX_SPAN = timedelta(days=20 * 365)


def synthetic_records(count: int, seed: int = 7, holds: bool = True) -> list[SessionRecord]:
    """`count` realistic sessions, oldest first, the last ones ending about `NOW`: most days,
    some twice, moods before and after, notes of one to three lines, holds as v2 writes them.
    However many, they span at most `MAX_SPAN` (100,000 sessions: about 14 a day over 20 years,
    the shortest gap between two starts 48 minutes, longer than any session here)."""
    rng = random.Random(seed)
    gaps = [rng.choice([10, 14, 24, 24, 38]) * 0.58 for _ in range(count)]
    span_h = MAX_SPAN.total_seconds() / 3600
    if sum(gaps) + 1 > span_h:
        scale = (span_h - 1) / sum(gaps)
        gaps = [gap * scale for gap in gaps]
    moment = NOW - timedelta(hours=sum(gaps) + 1)
    records = []
    for gap in gaps:
        moment += timedelta(hours=gap)
        start = moment.replace(microsecond=0)  # whole seconds, as hipcli saves them
        routine, title = rng.choice(ROUTINES)
        planned = rng.choice([300, 480, 600, 900, 1200])
        completed = rng.random() < 0.85
        active = planned * (1 if completed else rng.uniform(0.2, 0.9)) + rng.uniform(-3, 3)
        lines = [
            " ".join(rng.sample(PHRASES, rng.randint(1, 3)))
            for _ in range(rng.choice([1, 1, 1, 2, 3]))
        ]
        hold = planned // 8
        records.append(
            SessionRecord(
                id=f"{start:%Y%m%dT%H%M%S}-{rng.getrandbits(24):06x}",
                routine=routine,
                title=title,
                started_at=start,
                ended_at=start + timedelta(seconds=round(active + rng.uniform(0, 60))),
                planned_s=planned,
                active_s=round(max(active, 0), 1),
                completed=completed,
                steps_done=4 if completed else rng.randint(0, 3),
                steps_total=4,
                mood=rng.randint(1, 5) if rng.random() < 0.7 else None,
                mood_before=rng.randint(1, 5) if rng.random() < 0.4 else None,
                tags=tuple(rng.sample(TAGS, rng.choice([0, 0, 1, 2]))),
                notes="\n".join(lines),
                holds=(
                    tuple(
                        Hold(title, side, hold, hold + rng.choice([0, 0, 15]), False)
                        for side in ("left", "right")
                    )
                    if holds
                    else None
                ),
            )
        )
    return records


def write_journal(path: Path, records: Sequence[SessionRecord]) -> None:
    """The journal as appends would leave it (records joined by a blank line), written at once."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding="utf-8") as handle:
        handle.write("\n".join(format_record(record) for record in records))
        handle.flush()
        os.fsync(handle.fileno())  # or the first timed append pays for flushing all of it


def escape_journal(path: Path, records: int, escapes_each: int) -> None:
    """`records` sessions whose notes hold `escapes_each` ESC characters each (written as
    `\\u001b`, six bytes each: 3 million of them make an 18 MB journal)."""
    base = synthetic_records(records, seed=11, holds=False)
    notes = "\x1b" * escapes_each
    write_journal(
        path, [record.__class__(**{**_fields(record), "notes": notes}) for record in base]
    )


def _fields(record: SessionRecord) -> dict[str, object]:
    return {name: getattr(record, name) for name in record.__dataclass_fields__}


def write_jrnl(path: Path, records: Sequence[SessionRecord]) -> None:
    """The same sessions as a plain-text jrnl journal."""
    with open(path, "w", encoding="utf-8") as handle:
        for record in records:
            tags = " ".join("@" + tag for tag in record.tags)
            handle.write(
                f"[{record.started_at:%Y-%m-%d %H:%M}] {record.title}. {record.notes} {tags}\n\n"
            )


def median_time(run: Callable[[], float], runs: int) -> float:
    """The median of `runs` runs, after one that warms the caches."""
    run()
    return statistics.median(run() for _ in range(runs))


def whole(cmd: list[str], env: dict[str, str]) -> Callable[[], float]:
    """A run of a whole process (output to a pipe): its wall seconds."""

    def run() -> float:
        began = time.perf_counter()
        subprocess.run(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, check=True)
        return time.perf_counter() - began

    return run
