"""`hipcli log` on a journal folder at every width: which machine each session came from, shown
only when the sessions come from more than one, and never at the cost of a wrapped row."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from rich.cells import cell_len

from hipcli.commands import cli
from hipcli.journal.append import append_session
from tests.journal_records import make_record

WIDTHS = [40, 80, 120]
WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A journal folder seen from this machine, "phone", which has saved nothing yet."""
    folder = tmp_path / "Sync" / "hipcli"
    monkeypatch.setenv("HIPCLI_JOURNAL_DIR", str(folder))
    monkeypatch.setenv("HIPCLI_DEVICE", "phone")
    monkeypatch.setenv("TZ", "UTC")
    return folder


def run(*args: str, width: int = 120) -> Result:
    return CliRunner(env={"COLUMNS": str(width)}).invoke(cli, list(args), catch_exceptions=False)


def two_machines(folder: Path) -> None:
    """Sessions from "desktop" and "laptop-at-home", long titles, an early end, both moods."""
    for index in range(6):
        machine = "laptop-at-home" if index % 2 else "desktop"
        append_session(
            folder / f"{machine}.toml",
            make_record(
                index,
                title="Butterfly and frog, slowly" if index % 3 else "Pigeon",
                completed=index % 2 == 0,
                steps_done=3,
                steps_total=5,
                mood_before=2 if index % 3 == 1 else None,
                notes="Long notes " * 12,
            ),
        )


def lines_of(result: Result) -> list[str]:
    assert result.exit_code == 0, result.output
    return result.stdout.splitlines()


def whose(line: str) -> str:
    return "laptop" if "laptop" in line else "desktop" if "desktop" in line else ""


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("limit", [["-n", "4"], ["--all"]])
def test_every_oneline_row_fits_with_two_machines(
    folder: Path, width: int, limit: list[str]
) -> None:
    two_machines(folder)
    lines = lines_of(run("log", "--oneline", *limit, width=width))
    assert all(cell_len(line) <= width for line in lines), width
    rows = [line for line in lines if line[:3] in WEEKDAYS or line.startswith("2026-")]
    assert len(rows) == (4 if limit[0] == "-n" else 6)
    header = lines[0].split()
    if width >= 80:  # room for the machine: each row says which, newest (index 5) first
        assert "Machine" in header
        assert [whose(row) for row in rows] == ["laptop", "desktop"] * (len(rows) // 2)
        assert "laptop-at-home" in lines[1] or width < 120
        assert "These sessions come from" not in result_text(lines)
    else:  # no room: the column makes way, and a sentence says so
        assert "Machine" not in header
        said = " ".join(result_text(lines).split())
        assert "These sessions come from 2 machines (desktop, laptop-at-home)." in said
        assert "`--device NAME` shows one machine's." in said


def result_text(lines: list[str]) -> str:
    return "\n".join(lines)


@pytest.mark.parametrize("width", [46, 60, 70, 80])
def test_a_machine_column_cut_short_keeps_machines_apart(folder: Path, width: int) -> None:
    for index, machine in enumerate(["laptop-at-home", "laptop-at-work", "desktop"] * 2):
        append_session(folder / f"{machine}.toml", make_record(index))
    lines = lines_of(run("log", "--oneline", width=width))
    assert all(cell_len(line) <= width for line in lines)
    if width < 60:  # "laptop-at-h…" takes 12 cells: left out rather than cut to "laptop…"
        assert "Machine" not in lines[0]
        assert "come from 3 machines" in " ".join(lines)
        return
    start = lines[0].index("Machine")
    cells = [line[start:].split("  ")[0].strip() for line in lines[1:7]]
    assert len(set(cells)) == 3, cells  # "laptop-at-h…" and "laptop-at-w…", never "laptop…" twice


@pytest.mark.parametrize("width", WIDTHS)
def test_every_entry_line_fits_and_names_its_machine(folder: Path, width: int) -> None:
    two_machines(folder)
    for limit in (["-n", "6"], ["--all"]):
        text = run("log", *limit, width=width).stdout
        assert all(cell_len(line) <= width for line in text.splitlines())
        entries = [entry for entry in text.split("\n\n") if entry.startswith(("2026", "Sa", "Su"))]
        entries += [e for e in text.split("\n\n") if e[:3] in ("Mon", "Tue", "Wed", "Thu", "Fri")]
        assert len(entries) == 6
        # the machine is in the heading, or on a line of its own beneath it: never left out
        assert sorted(whose(entry.split("#release")[0]) for entry in entries) == (
            ["desktop"] * 3 + ["laptop"] * 3
        )


@pytest.mark.parametrize("args", [["log", "--oneline"], ["log", "--oneline", "--all"], ["log"]])
def test_this_machine_without_a_file_is_not_a_second_machine(folder: Path, args: list[str]) -> None:
    append_session(folder / "desktop.toml", make_record(0))
    append_session(folder / "desktop.toml", make_record(1))
    text = run(*args).stdout
    assert "Machine" not in text
    assert "desktop" not in text
    assert "machines" not in text


def test_an_empty_file_or_one_without_sessions_is_not_a_machine(folder: Path) -> None:
    append_session(folder / "desktop.toml", make_record(0))
    folder.joinpath("phone.toml").write_text("")
    folder.joinpath("tablet.toml").write_text("# nothing here yet\n")
    for args in (["log", "--oneline", "--all"], ["log", "--oneline"]):
        assert "Machine" not in run(*args).stdout
    append_session(folder / "phone.toml", make_record(1))
    assert "Machine" in run("log", "--oneline", "--all").stdout


def test_this_machine_can_be_asked_for_before_its_first_session(folder: Path) -> None:
    append_session(folder / "desktop.toml", make_record(0))
    result = run("log", "--device", "phone")
    assert result.exit_code == 0
    assert "No sessions" in result.stdout
    unknown = CliRunner().invoke(cli, ["log", "--device", "phnoe"])
    assert unknown.exit_code == 2
    assert "Did you mean 'phone'?" in unknown.output
