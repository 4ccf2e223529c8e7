"""`hipcli log --all --oneline` (the table) written straight from each record's text, as
`hipcli.review.entry_rows` writes the entries: a region of records at a time, a column at a time
(`region_rows`); the cells most rows repeat (titles, lengths, statuses, moods, days) are kept,
and only the notes column is made for each session. A record the fast path can't write is
written by `table.Table.row`, as records in any other layout are. Tests check every row both
ways against `Table.row`.
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import repeat
from typing import Any

from hipcli.journal.fast import Groups, tags_of
from hipcli.review.entry_rows import MOODS, day_of, length_of, title_of
from hipcli.review.region_rows import (
    Builder,
    Memo,
    TextRow,
    checked_region,
    escaped,
    finished_rows,
    notes_of,
    odd,
    titles_of,
)
from hipcli.review.table import LAYOUTS, Table, preview_cell


def _tags_text(block: bytes) -> str | None:
    """ "#calm #hips", from the text of a record's list of tags (None: the fast path refuses
    it)."""
    try:
        tags = tags_of(block.decode())
    except UnicodeDecodeError:
        return None
    return None if tags is None else " ".join("#" + tag for tag in tags)


def row_builder(table: Table) -> Builder:
    """What a reader makes of the records that take the fast path: their rows of `table`
    (which has no Machine column), a region at a time, or None when one isn't valid (the
    reader then goes record by record, and reports it)."""
    style = LAYOUTS.index(table.layout)  # 0: "Sat 2026-11-21 07:30", 1: no day, 2: the date
    paint, gap, notes_size = table.paint, table.gap, table.columns.notes
    statuses = {b"true": table.statuses[0], b"false": table.statuses[1]}
    moods = {text: table.moods[mood] for text, mood in MOODS.items()}
    when_code = "2" if paint.on else ""

    def title_cell(body: bytes) -> str | None:
        shown = title_of(body)
        return None if shown is None else table.title_cell(shown)

    def length_cell(active: bytes) -> str | None:
        length = length_of(active)
        return None if length is None else length[0].rjust(7)

    titles, lengths = Memo(title_cell), Memo(length_cell)
    tag_texts = Memo(_tags_text)
    weekdays: Memo[bytes, str] = Memo(lambda date: day_of(date)[:3])

    def many(groups: Sequence[Groups]) -> list[TextRow] | None:
        region = checked_region(groups)
        if region is None:
            return None
        started = region.started
        length: list[Any] = lengths.column(region.active)
        cell: list[Any] = titles.column(titles_of(region))
        tag_text: list[Any] = tag_texts.column(region.tags)
        read, refused = notes_of(region)
        notes: list[Any] = read
        places = odd(
            (length, cell, tag_text, notes),
            ("", "", "", ""),
            escaped(region),
            (lengths.unusual, titles.unusual, tag_texts.unusual, refused),
        )
        if style == 0:
            days = weekdays.column(region.dates)
            whens = [f"{day} {start[:16]}" for day, start in zip(days, started, strict=True)]
        else:
            whens = [start[:16] if style == 1 else start[:10] for start in started]
        if when_code:
            whens = [paint(when, when_code) for when in whens]
        if notes_size:
            previews = list(map(preview_cell, tag_text, notes, repeat(notes_size)))
        else:
            previews = [""] * len(whens)
        texts = [
            f"{when}{gap}{cell_}{gap}{length_}{gap}{status}{gap}{mood}{gap}{shown}".rstrip() + "\n"
            for when, cell_, length_, status, mood, shown in zip(
                whens,
                cell,
                length,
                map(statuses.__getitem__, region.completed),
                map(moods.__getitem__, region.mood),
                previews,
                strict=True,
            )
        ]
        return finished_rows(groups, region, texts, places, table.row)

    return Builder(many)
