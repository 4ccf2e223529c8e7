"""`hipcli log` as a journal you read: one entry per session, the way `git log` and jrnl show
them. A heading line (when, routine, length, completed or ended early, mood before → after),
then the tags and the notes in full beneath it, wrapped to the width; newest first.

Every line fits the width (40-200 cells): the heading takes a shorter form on a narrow
terminal rather than wrap, and the notes are wrapped by us, not by the terminal.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime
from typing import Any, NamedTuple, TextIO

from hipcli.journal.record import SessionRecord, record_to_dict
from hipcli.journal.strings import joined_text
from hipcli.literal import visible
from hipcli.review.layout import (
    JOINT,
    Paint,
    fit,
    measure,
    wrap,
    wrap_joined,
    wrap_lines,
    wrap_paragraphs,
    wrap_texts,
)
from hipcli.review.words import (
    count,
    date_text,
    date_time_text,
    length_text,
    mood_word,
    when_text,
)

WRITE_EVERY = 256  # entries held before they are written (all at once: one call, not 256)
NOTES_MEASURE = 100  # notes wrap at most this wide: long lines are hard to read
TITLE_MIN = 12
_JOINT = JOINT.encode()  # (between notes as the journal has them: see `note_texts_read`)


def _mood(before: int | None, after: int | None, style: int) -> str:
    """The moods in the heading; one mood alone always says whether it is before or after."""
    if before is None and after is None:
        return ""
    if style >= 2:  # compact: "2→4/5"; one alone "after 4/5", "before 2/5", or "?→4/5", "2→?"
        if before is not None and after is not None:
            return f"{before}→{after}/5"
        if style == 3:
            return f"?→{after}/5" if after is not None else f"{before}→?"
        return f"after {after}/5" if after is not None else f"before {before}/5"
    word = mood_word if style == 0 else str
    if before is not None and after is not None:
        return f"mood {word(before)} → {word(after)}"
    if after is not None:
        return f"mood after: {word(after)}"
    return f"mood before: {word(before)}" if before is not None else ""


def whens(moment: datetime) -> tuple[str, str, str, str]:
    """When a session began, in the heading's four styles (the first two the same)."""
    long = when_text(moment)
    return long, long, date_time_text(moment), date_text(moment)


def lengths(active_s: float) -> tuple[str, str]:
    """A session's length in the heading: in the first two styles, and in the compact two."""
    long = length_text(active_s)
    return long, long if active_s < 60 else f"{math.floor(active_s / 60 + 0.5)}m"


def _status(completed: bool, style: int) -> str:
    if completed:
        return "completed" if style < 2 else ""
    return "ended early" if style < 2 else "early"


def heading(record: SessionRecord, width: int, paint: Paint, machine: str = "") -> str:
    """The heading line of an entry, in the longest form that fits `width` cells: on a narrow
    terminal the date, length and mood get shorter before the title is cut short. A
    `machine` that leaves the title too little room is left out (`machine_line` then gives
    it a line of its own)."""
    line = _heading(record, width, paint, visible(machine)) if machine else None
    return line if line is not None else _heading(record, width, paint, "", squeeze=True) or ""


def machine_line(record: SessionRecord, width: int, machine: str) -> str | None:
    """ "on laptop", for the body, when the heading has no room for the machine."""
    if not machine or _heading(record, width, Paint(False), visible(machine)) is not None:
        return None
    return f"on {visible(machine)}"


def _heading(
    record: SessionRecord, width: int, paint: Paint, machine: str, *, squeeze: bool = False
) -> str | None:
    return heading_from(
        HeadingParts(
            whens(record.started_at),
            visible(record.title or record.routine),
            lengths(record.active_s),
            record.completed,
            record.mood_before,
            record.mood,
        ),
        width,
        paint,
        machine,
        squeeze=squeeze,
    )


class HeadingParts(NamedTuple):
    """What a heading says: when (in its four styles), the title (made visible), the length
    (in its long and short forms), whether completed, the moods before and after."""

    whens: tuple[str, str, str, str]
    title: str
    lengths: tuple[str, str]
    completed: bool
    before: int | None
    after: int | None


def heading_from(
    parts: HeadingParts, width: int, paint: Paint, machine: str = "", *, squeeze: bool = False
) -> str | None:
    """The heading in the first style that leaves the title room (with `squeeze`, any room
    at all in the shortest style, else the date and the title alone); None if none does."""
    title = parts.title
    for style in (0, 1, 2, 3):
        sep = " · " if style < 2 else "  "
        when = parts.whens[style]
        rest = [
            (parts.lengths[style >= 2], ""),
            (_status(parts.completed, style), "" if parts.completed else "3"),
            (_mood(parts.before, parts.after, style), ""),
            (machine, "2"),
        ]
        rest = [(text, code) for text, code in rest if text]
        texts = [text for text, _ in rest]
        room = width - measure(when) - sum(map(measure, texts)) - len(sep) * (len(rest) + 1)
        if room >= min(TITLE_MIN, measure(title)) or (squeeze and style == 3 and room > 0):
            if not paint.on:  # (the same line, without a call for each part)
                return sep.join([when, fit(title, room), *texts])
            parts_ = [(when, "1"), (fit(title, room), "1;36"), *rest]
            return paint(sep, "2").join(paint(text, code) for text, code in parts_)
    return fit(f"{parts.whens[3]}  {title}", width) if squeeze else None


def _indent(width: int) -> int:
    return 4 if width >= 60 else 2


def body_layout(width: int) -> tuple[str, int]:
    """The indent of an entry's body, and the width its tags and notes are wrapped to."""
    pad = " " * _indent(width)
    return pad, min(width - len(pad), NOTES_MEASURE)


# The lines of each list of tags, for each width and colour (most sessions repeat a few lists)
_TAG_LINES: dict[tuple[tuple[str, ...], int, str, bool], list[str]] = {}
_TAG_LINES_KEPT = 4096


def tag_lines(tags: tuple[str, ...], size: int, pad: str, paint: Paint) -> list[str]:
    """The tags of a session as the lines of its entry (kept for the lists seen again)."""
    key = (tags, size, pad, paint.on)
    lines = _TAG_LINES.get(key)
    if lines is None:
        text = " ".join("#" + visible(tag) for tag in tags)
        lines = [pad + paint(line, "36") for line in wrap(text, size)]
        if len(_TAG_LINES) >= _TAG_LINES_KEPT:
            _TAG_LINES.clear()
        _TAG_LINES[key] = lines
    return lines


def body(record: SessionRecord, width: int, paint: Paint, machine: str = "") -> list[str]:
    """The lines beneath the heading: the machine (when the heading had no room for it),
    the tags, then the notes, wrapped and indented."""
    pad, measure_ = body_layout(width)
    lines: list[str] = []
    where = machine_line(record, width, machine)
    if where is not None:
        lines.extend(pad + paint(line, "2") for line in wrap(where, measure_))
    if record.tags:
        lines.extend(tag_lines(record.tags, measure_, pad, paint))
    if record.notes.strip():
        lines.extend(note_lines(record.notes, measure_, pad))
    return lines


def note_lines(notes: str, size: int, pad: str) -> list[str]:
    """Notes (not blank) made visible, wrapped to `size` cells and indented by `pad`."""
    text = visible(notes, keep_newlines=True).replace("\t", " ")
    return [pad + line if line else "" for line in wrap_paragraphs(text, size)]


def note_text(notes: str, size: int, pad: str) -> str:
    """`note_lines` as text, each line ending in a newline: printable paragraphs wrapped all
    at once where they can be (`layout.wrap_lines`), and so paragraphs a blank line apart."""
    joint = "\n" + pad
    lines = wrap_lines(notes, size)  # (printable: `visible` would leave it as it is)
    if lines is not None:
        return pad + joint.join(lines) + "\n"
    if "\n\n" in notes and "\n\n\n" not in notes:
        blocks = []
        for block in notes.split("\n\n"):
            lines = wrap_lines(block, size)
            if lines is None:
                break
            blocks.append(pad + joint.join(lines))
        else:
            return "\n\n".join(blocks) + "\n"
    return "\n".join(note_lines(notes, size, pad)) + "\n"


def note_texts(notes: Sequence[str], size: int, pad: str) -> list[str]:
    """`note_text` of each of many notes ("" for one that is empty or blank, which an entry
    leaves out), wrapped all at once where they can be (`layout.wrap_texts`)."""
    present = [note for note in notes if note] if "" in notes else notes
    wrapped = wrap_texts(present, size, pad) if present else []
    if wrapped is None:
        return [note_text(note, size, pad) if note and not note.isspace() else "" for note in notes]
    if len(present) == len(notes):
        return wrapped
    texts = iter(wrapped)
    return [next(texts) if note else "" for note in notes]


def note_texts_read(bodies: Sequence[bytes], size: int, pad: str) -> list[str] | None:
    """`note_texts` of many notes as the journal has them (the bytes between their quotes, the
    escapes not read yet), decoded, read and wrapped all at once (`strings.joined_text`,
    `layout.wrap_joined`); None when that can't be done for every one of them (the caller then
    reads them one by one and gives them to `note_texts`), or one isn't UTF-8."""
    present = [body for body in bodies if body] if b"" in bodies else bodies
    if not present:
        return [""] * len(bodies)
    raw = _JOINT.join(present)
    data: bytes | None = None  # (the text's UTF-8, when at hand)
    try:  # (the joint, ASCII, ends whatever a note leaves unfinished)
        if raw.count(b"\\") == raw.count(b"\\n"):  # (the only escapes, new lines: most notes)
            data = raw.replace(b"\\n", b"\n")
            whole: str | None = data.decode()
        else:  # (a body that isn't empty reads as a note that isn't)
            whole = joined_text(raw.decode())
    except UnicodeDecodeError:
        return None
    if whole is None:
        return None
    wrapped = wrap_joined(whole, len(present), size, pad, data)
    if wrapped is None or len(present) == len(bodies):
        return wrapped
    texts = iter(wrapped)
    return [next(texts) if body else "" for body in bodies]


def entry_text(record: SessionRecord, width: int, paint: Paint, machine: str = "") -> str:
    """One entry: its heading and body, each line ending in a newline."""
    lines = [heading(record, width, paint, machine), *body(record, width, paint, machine)]
    return "\n".join(lines) + "\n"


def write_entries(
    records: Iterable[SessionRecord],
    out: TextIO,
    *,
    paint: Paint,
    width: int,
    machines: Mapping[str, str] | None = None,
) -> int:
    """Write each session as an entry, as they come; how many were written. With `machines`
    (a journal folder of several machines) each heading ends with the session's machine."""
    written = 0
    pending: list[str] = []  # entries written a few hundred at a time, each group in one call
    for record in records:
        machine = machines.get(record.id, "") if machines is not None else ""
        pending.append(entry_text(record, width, paint, machine))
        written += 1
        if len(pending) >= WRITE_EVERY:
            out.write(("\n" if written > len(pending) else "") + "\n".join(pending))
            pending.clear()
    if pending:
        out.write(("\n" if written > len(pending) else "") + "\n".join(pending))
    return written


def _detail_value(value: Any) -> str:
    if isinstance(value, list):
        return ", ".join(str(item) for item in value)
    return str(value)


def details(record: SessionRecord, width: int, paint: Paint) -> list[str]:
    """Every field of one session, labelled, for `--id`."""
    pad = " " * _indent(width)
    moods = []
    if record.mood_before is not None:
        moods.append(f"{mood_word(record.mood_before)} ({record.mood_before}) before")
    if record.mood is not None:
        moods.append(f"{mood_word(record.mood)} ({record.mood}) after")
    rows = [
        ("id", record.id),
        ("routine", f"{record.routine} ({record.title})" if record.title else record.routine),
        ("started", f"{record.started_at:%Y-%m-%d %H:%M:%S %z}"),
        ("ended", f"{record.ended_at:%Y-%m-%d %H:%M:%S %z}"),
        (
            "practised",
            f"{length_text(record.active_s)} of {length_text(record.planned_s)} planned, "
            f"{record.steps_done} of {count(record.steps_total, 'step')}",
        ),
        ("mood", ", ".join(moods) or "not given"),
    ]
    known = set(record_to_dict(record)) - set(record.extra)
    rows += [
        (key, _detail_value(value))
        for key, value in record_to_dict(record).items()
        if key not in known
    ]
    label = max(len(name) for name, _ in rows) + 2
    lines = []
    for name, value in rows:
        text = wrap(visible(value), max(10, width - len(pad) - label))
        lines.append(pad + paint(name.ljust(label), "2") + text[0])
        lines.extend(pad + " " * label + more for more in text[1:])
    return lines


def write_whole(record: SessionRecord, out: TextIO, *, paint: Paint, width: int) -> None:
    """One session whole: the heading, every field, the tags and the notes."""
    out.write(heading(record, width, paint) + "\n")
    out.write("\n".join(details(record, width, paint)) + "\n")
    rest = body(record, width, paint)
    if rest:
        out.write("\n" + "\n".join(rest) + "\n")
