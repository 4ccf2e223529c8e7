"""`hipcli log` as a journal you read: entries with their notes in full, `--id`, every width."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest
from rich.cells import cell_len

from tests.journal_records import make_record
from tests.unit.review.support import HOSTILE, SGR, TODAY, add, at, headings, log

LONG_NOTES = (
    "Left side much tighter than the right today, so I stayed longer on that side and let the "
    "breath do the work.\n\nFelt calmer after. Cried a little in pigeon, and that was fine."
)

pytestmark = pytest.mark.usefixtures("utc_local_time")


@pytest.fixture
def three(journal: Path) -> Path:
    add(
        journal,
        make_record(0, started_at=at(date(2026, 11, 18)), mood=2, mood_before=1),
        make_record(
            1,
            started_at=at(date(2026, 11, 20), 18),
            title="Frog",
            completed=False,
            active_s=45,
            mood=None,
            tags=(),
            notes="Short one.",
        ),
        make_record(2, started_at=at(date(2026, 11, 19)), active_s=3900, notes=LONG_NOTES),
    )
    return journal


def test_each_session_is_a_heading_with_its_tags_and_notes_in_full_newest_first(
    three: Path,
) -> None:
    code, out, err = log(three)
    assert (code, err) == (0, "")
    assert headings(out) == [
        "Fri 20 Nov 2026 18:30 · Frog · 45s · ended early",
        "Thu 19 Nov 2026 07:30 · Pigeon · 1h 05m · completed · mood after: good",
        "Wed 18 Nov 2026 07:30 · Pigeon · 8m 36s · completed · mood very low → low",
    ]
    entry = out.split("\n\n")[1:4]
    assert "    #release" in out
    # the whole note, wrapped at the width, its paragraphs kept; nothing cut with "…"
    text = " ".join(line.strip() for line in out.splitlines())
    assert "let the breath do the work." in text
    assert "Cried a little in pigeon, and that was fine." in text
    assert "…" not in out
    assert entry


@pytest.mark.parametrize("width", [40, 60, 80, 100, 120, 200])
@pytest.mark.parametrize("color", [False, True])
def test_no_line_is_wider_than_the_terminal_from_40_to_200_columns(
    journal: Path, width: int, color: bool
) -> None:
    add(
        journal,
        make_record(0, title="A very long routine title that goes on and on", notes=LONG_NOTES),
        make_record(1, title="ピジョン 🧘", notes="長い日本語のメモ" * 40, mood_before=5, mood=5),
        make_record(2, notes="x" * 500, tags=tuple(f"tag{i}" for i in range(30))),
        make_record(3, notes=HOSTILE * 3, title=HOSTILE[:60]),
    )
    for options in ({}, {"limit": None}, {"oneline": True}, {"session_id": "test-000001"}):
        _, out, _ = log(journal, width=width, color=color, **options)
        too_wide = [line for line in SGR.sub("", out).splitlines() if cell_len(line) > width]
        assert too_wide == [], options


def test_a_narrow_terminal_gets_a_shorter_heading_not_a_wrapped_one(three: Path) -> None:
    _, out, _ = log(three, width=40)
    assert headings(out)[0] == "2026-11-20 18:30  Frog  45s  early"
    assert headings(out)[2] == "2026-11-18 07:30  Pigeon  9m  1→2/5"


def test_a_terminal_gets_colour_and_a_pipe_none(three: Path) -> None:
    _, plain, _ = log(three, color=False)
    _, coloured, _ = log(three, color=True)
    assert "\x1b" not in plain
    assert "\x1b[1;36mFrog\x1b[0m" in coloured
    assert SGR.sub("", coloured) == plain


@pytest.mark.parametrize("color", [False, True])
def test_journal_text_is_shown_literally_never_as_markup_or_control(
    journal: Path, color: bool
) -> None:
    add(
        journal,
        make_record(0, title="Pigeon [red]x[/red] \x1b[5m", notes=HOSTILE, tags=("[i]t\x07",)),
    )
    _, out, _ = log(journal, color=color, width=200)
    for shown in ("[bold]not bold[/bold]", "[red]x[/red]", "#[i]t\\x07", "\\x1b[31mred", "\\x9b2J"):
        assert shown in out
    assert "\\u202eevil" in out
    assert "🧘 שלום" in out
    assert not any(ch in SGR.sub("", out) for ch in "\x1b\x07\x9b\u202e")


def test_showing_the_most_recent_says_how_to_see_more(journal: Path) -> None:
    add(journal, *[make_record(i, started_at=at(TODAY) - timedelta(days=i)) for i in range(30)])
    _, out, _ = log(journal)
    assert len(headings(out)) == 20
    assert out.rstrip().endswith("`hipcli log -n N` or `hipcli log --all` shows more.")
    _, out, _ = log(journal, limit=None)
    assert len(headings(out)) == 30
    assert "Showing" not in out


def test_id_shows_one_session_whole_from_a_unique_start_of_its_id(journal: Path) -> None:
    add(
        journal,
        make_record(0, id="20261120T073000-aaaaaa", mood_before=2, extra={"place": "mat"}),
        make_record(1, id="20261121T073000-bbbbbb", notes=LONG_NOTES),
    )
    code, out, err = log(journal, session_id="20261120")
    assert (code, err) == (0, "")
    assert out.startswith("Sat 21 Nov 2026 07:30 · Pigeon · 8m 36s · completed · mood low → good")
    for line in (
        "id         20261120T073000-aaaaaa",
        "routine    pigeon (Pigeon)",
        "practised  8m 36s of 8m 00s planned, 3 of 3 steps",
        "mood       low (2) before, good (4) after",
        "place      mat",
    ):
        assert f"    {line}" in out
    assert "Felt calmer after." in out


def test_id_that_fits_several_or_none_says_so_and_exits_2(journal: Path) -> None:
    add(journal, make_record(0, id="2026-a"), make_record(1, id="2026-b"))
    code, out, err = log(journal, session_id="2026")
    assert (code, out) == (2, "")
    assert err == "2 sessions have an id beginning '2026': 2026-b, 2026-a. Give more of the id.\n"
    code, _, err = log(journal, session_id="1999")
    assert code == 2
    assert err.startswith("No session has an id beginning '1999'.")


def test_id_as_json_is_the_one_record(journal: Path) -> None:
    import json

    add(journal, make_record(0, id="only-one"))
    assert [r["id"] for r in json.loads(log(journal, session_id="only", fmt="json")[1])] == [
        "only-one"
    ]


@pytest.mark.parametrize(
    ("width", "after_only", "before_only"),
    [
        (120, "mood after: very low", "mood before: low"),
        (80, "mood after: very low", "mood before: low"),
        (60, "after 1/5", "before 2/5"),
        (40, "?→1/5", "2→?"),
    ],
)
def test_a_mood_given_alone_says_whether_it_was_before_or_after(
    journal: Path, width: int, after_only: str, before_only: str
) -> None:
    add(
        journal,
        make_record(0, started_at=at(date(2026, 11, 19)), title="Pigeon, slowly", mood=1),
        make_record(
            1, started_at=at(date(2026, 11, 20)), title="Pigeon, slowly", mood=None, mood_before=2
        ),
    )
    before, after = headings(log(journal, width=width)[1])
    assert before.endswith(before_only)
    assert after.endswith(after_only)
    assert cell_len(before) <= width
    assert cell_len(after) <= width
