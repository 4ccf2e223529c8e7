"""Exports carry each session's holds (v2 records), and nothing for a v1 record without them
(the holds in the journal itself: tests/unit/journal/test_holds_record.py)."""

from __future__ import annotations

import csv
import io
import json

from hipcli.journal.holds import Hold
from hipcli.journal.record import SessionRecord, record_to_dict
from hipcli.review.exports import write_export
from tests.journal_records import make_record

PIGEON_HOLDS = (
    Hold("Pigeon", "left", 60, 75, False),
    Hold("Pigeon", "right", 60, 60, False),
    Hold("Child's pose", None, 45, 10, True),
)


def export(fmt: str, records: list[SessionRecord]) -> str:
    out = io.StringIO()
    write_export(fmt, records, out, terminal=False)  # type: ignore[arg-type]
    return out.getvalue()


def test_json_carries_the_holds_and_null_for_a_record_without_them() -> None:
    records = [make_record(1, holds=PIGEON_HOLDS), make_record(0, v=1)]
    data = json.loads(export("json", records))
    assert data[0]["holds"] == [
        {"step": "Pigeon", "side": "left", "planned_s": 60, "held_s": 75, "skipped": False},
        {"step": "Pigeon", "side": "right", "planned_s": 60, "held_s": 60, "skipped": False},
        {"step": "Child's pose", "planned_s": 45, "held_s": 10, "skipped": True},
    ]
    assert data[1]["holds"] is None
    assert record_to_dict(records[0])["holds"] == data[0]["holds"]


def test_csv_carries_the_holds_as_one_json_encoded_cell() -> None:
    records = [make_record(1, holds=PIGEON_HOLDS), make_record(0, v=1)]
    rows = list(csv.DictReader(io.StringIO(export("csv", records))))
    header = next(csv.reader(io.StringIO(export("csv", records))))
    assert header[header.index("notes") + 1] == "holds"
    assert json.loads(rows[0]["holds"]) == json.loads(export("json", records))[0]["holds"]
    assert rows[1]["holds"] == ""
