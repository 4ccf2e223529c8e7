"""`hipcli log --all --oneline` (the table) written straight from each record's text, as
`hipcli.review.entry_rows` writes the entries: the cells most rows repeat (titles, lengths,
statuses, moods, days) are kept, and only the notes column is made for each session. A record
the fast path can't write is written by `table.Table.row`, as records in any other layout are.
Tests check every row both ways against `Table.row`.
"""

from __future__ import annotations

from hipcli.journal.fast import Groups, checked_start, record_from_groups, string_text, tags_of
from hipcli.review.entry_rows import KEPT, MOODS, UNSEEN, Build, Repeated, TextRow
from hipcli.review.table import LAYOUTS, Table, preview_cell


def row_builder(table: Table) -> Build:
    """What a reader makes of each record that takes the fast path: its row of `table` (which
    has no Machine column), or None when the record isn't valid (the reader reports it)."""
    texts = Repeated()
    titles: dict[str, str | None] = {}  # a title's cell by its text in the journal
    tag_texts: dict[str, str | None] = {"[]": ""}  # "#calm #hips" by the text of the list
    style = LAYOUTS.index(table.layout)  # 0: "Sat 2026-11-21 07:30", 1: no day, 2: the date
    paint, gap, notes_size = table.paint, table.gap, table.columns.notes
    statuses, moods = table.statuses, table.moods
    when_code = "2" if paint.on else ""

    def from_record(groups: Groups, line: int) -> TextRow | None:
        record = record_from_groups(groups, line)
        if record is None:
            return None
        return TextRow(record.id, record.started_at, table.row(record))

    def title_cell(body: str) -> str | None:
        shown = texts.titles.get(body, UNSEEN)
        if shown is UNSEEN:
            shown = texts.title(body)
        cell = None if shown is None else table.title_cell(shown)
        if len(titles) >= KEPT:
            titles.clear()
        titles[body] = cell
        return cell

    def tags_text(block: str) -> str | None:
        tags = tags_of(block)
        text = None if tags is None else " ".join("#" + tag for tag in tags)
        if len(tag_texts) >= KEPT:
            tag_texts.clear()
            tag_texts["[]"] = ""
        tag_texts[block] = text
        return text

    # (the caches' lookups, found once: each record looks in every one)
    lengths_get, holds_get, days_get = texts.lengths.get, texts.holds.get, texts.days.get
    titles_get, tags_get = titles.get, tag_texts.get

    def build(groups: Groups, line: int) -> TextRow | None:
        (
            version, routine, title, started, ended, planned, active, completed, done, total,
            _before, mood, tags, notes, holds, ident,
        ) = groups  # fmt: skip
        length = lengths_get(active, UNSEEN)
        if length is UNSEEN:
            length = texts.length(active)
        cell = titles_get(title or routine, UNSEEN)
        if cell is UNSEEN:
            cell = title_cell(title or routine)
        tag_text = tags_get(tags, UNSEEN)
        if tag_text is UNSEEN:
            tag_text = tags_text(tags)
        read = holds_get(holds)
        if read is None:
            read = texts.holds_read(holds)
        if (
            length is None
            or cell is None
            or tag_text is None
            or not read
            or "\\" in routine
            or "\\" in ident
        ):
            return from_record(groups, line)  # (None, or the record with what it holds)
        if "\\" in notes:
            notes = string_text(notes)
            if notes is None:
                return from_record(groups, line)
        started_at = checked_start(version, ident, routine, started, ended, done, total, planned)
        if started_at is None:
            return None
        if style == 0:
            day = days_get(started[:10]) or texts.day(started, started_at)
            when = f"{day[:3]} {started[:16]}"  # (the weekday, then the date and time)
        else:
            when = started[:16] if style == 1 else started[:10]
        if when_code:
            when = paint(when, when_code)
        text = gap.join(
            (
                when,
                cell,
                length[0].rjust(7),
                statuses[completed != "true"],
                moods[MOODS[mood]],
            )
        )
        if notes_size:
            text = f"{text}{gap}{preview_cell(tag_text, notes, notes_size)}"
        return TextRow(ident, started_at, text.rstrip() + "\n")

    return build
