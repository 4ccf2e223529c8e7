"""Journal records for the harnesses: each one follows from its writer's name and its index, so
a checker can rebuild exactly what a writer appended and compare it with what the journal holds."""

from __future__ import annotations

import functools
import random
from datetime import UTC, datetime, timedelta

from hipcli.journal.holds import Hold
from hipcli.journal.record import SessionRecord
from tests.reliability.support import HOSTILE_TEXTS

# Notes sizes, weighted: mostly a few lines, sometimes a long entry, rarely a huge one (a huge
# write takes long enough to copy that a kill can land in the middle of it).
SIZES = ((0, 200, 70), (200, 8_000, 22), (8_000, 70_000, 7), (200_000, 600_000, 1))
PLAIN = ("Left hip tighter than the right. ", "Breathing slowed down. ", "Felt calmer after. ")


def record_id(name: str, index: int) -> str:
    """The id of writer `name`'s `index`-th record."""
    return f"{name}-{index:06d}"


def parse_id(ident: str) -> tuple[str, int]:
    """(writer name, index) from an id made by `record_id`."""
    name, _, index = ident.rpartition("-")
    return name, int(index)


@functools.lru_cache(maxsize=4096)
def writer_record(name: str, index: int, *, big: bool = True) -> SessionRecord:
    """The `index`-th record writer `name` appends: hostile notes and tags, of varied sizes."""
    rng = random.Random(f"{name}:{index}")
    low, high, _ = rng.choices(SIZES, weights=[w for *_, w in SIZES])[0]
    if not big:
        low, high = min(low, 200), min(high, 400)
    size = rng.randrange(low, high + 1)
    pieces: list[str] = []
    length = 0
    while length < size:
        # mostly plain words, with hostile text mixed in
        texts = HOSTILE_TEXTS if rng.random() < 0.25 else PLAIN
        piece = rng.choice(texts) + rng.choice((" ", "\n", "\r\n", ""))
        pieces.append(piece)
        length += len(piece)
    notes = "".join(pieces)[:size]
    start = datetime(2026, 1, 1, tzinfo=UTC) + timedelta(minutes=index, seconds=rng.randrange(60))
    return SessionRecord(
        id=record_id(name, index),
        routine=rng.choice(("pigeon", "lizard", "box-breathing")),
        title=rng.choice(("Pigeon", "Lizard [bold]", "Box \x1b]0;t\x07")),
        started_at=start,
        ended_at=start + timedelta(seconds=rng.randrange(1, 4000)),
        planned_s=rng.randrange(0, 4000),
        active_s=round(rng.uniform(0, 4000), 1),
        completed=rng.random() < 0.7,
        steps_done=1,
        steps_total=rng.randrange(1, 9),
        mood=rng.choice((None, 1, 2, 3, 4, 5)),
        mood_before=rng.choice((None, 1, 3, 5)),
        tags=tuple(rng.sample(("release", "[red]", "a, b", 'q"', "🧘", "\x1b[2J"), 2)),
        notes=notes,
        holds=tuple(
            Hold(
                rng.choice(
                    ("Pigeon", "Lizard [bold]", "Frog \x1b]0;t\x07", 'Say "ah"', "\u202eevil")
                ),
                rng.choice((None, "left", "right", "[b]side\x9b")),
                rng.randrange(0, 600),
                rng.randrange(0, 900),
                rng.random() < 0.2,
            )
            for _ in range(rng.randrange(0, 7))
        ),
    )
