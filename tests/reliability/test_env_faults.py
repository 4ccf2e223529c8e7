"""Environment faults, made real where the machine allows: a read-only file system and a full disk
(small tmpfs mounts of our own, so root's powers don't hide them), a journal path that is a
directory or a dangling link, a config dir that can't be written, no HOME, a non-UTF-8 locale,
TERM=dumb and no terminal at all. Each is a calm message and an exit code from DESIGN.md
(0, 1, 2), never a traceback; and a session whose journal can't be written keeps its notes in a
recovery file whose path is shown, which `hipcli log` mentions until `hipcli recover`.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from hipcli.commands.practice import session_line
from hipcli.journal.append import append_session
from hipcli.journal.checkin import SaveResult, pending_recoveries, save_session
from hipcli.journal.read import read_journal
from hipcli.journal.record import JournalError
from hipcli.tui.checkin_screen import CheckInScreen
from tests.journal_records import make_record
from tests.reliability.support import (
    assert_calm,
    find_unsafe_bytes,
    hipcli_command,
    hipcli_env,
    run_hipcli,
    run_on_terminal,
)
from tests.tui_support import ONE_SECOND_ROUTINE, FakeClock, make_app

NOTES = "Left hip let go today 🧘 — keep these words."

Mount = Callable[..., Path]


def _mount_works() -> bool:
    return sys.platform == "linux" and os.geteuid() == 0 and shutil.which("mount") is not None


@pytest.fixture
def tmpfs(tmp_path: Path) -> Iterator[Mount]:
    """`tmpfs(name, size="64k")`: a fresh tmpfs mounted at tmp_path/name; unmounted at the end.
    (Needs root: as root, permissions don't stop writes, a read-only mount does.)"""
    if not _mount_works():
        pytest.skip("mounting a tmpfs needs root on Linux")
    mounted: list[Path] = []

    def mount(name: str, size: str = "64k") -> Path:
        point = tmp_path / name
        point.mkdir()
        done = subprocess.run(
            ["mount", "-t", "tmpfs", "-o", f"size={size},mode=0700", "tmpfs", str(point)],
            capture_output=True,
            check=False,
        )
        if done.returncode:
            pytest.skip(f"cannot mount a tmpfs here: {done.stderr.decode().strip()}")
        mounted.append(point)
        return point

    try:
        yield mount
    finally:
        for point in reversed(mounted):
            subprocess.run(["umount", "-l", str(point)], check=False)


def remount(point: Path, mode: str) -> None:
    """Remount our tmpfs read-only ("ro") or read-write ("rw")."""
    subprocess.run(["mount", "-o", f"remount,{mode}", str(point)], check=True)


def fill(point: Path, leave: int = 0) -> None:
    """Fill the file system at `point`, leaving about `leave` bytes free."""
    stats = os.statvfs(point)
    free = stats.f_bavail * stats.f_frsize
    with contextlib.suppress(OSError), (point / "filler").open("wb") as filler:
        filler.write(b"\0" * max(0, free - leave))
    if leave == 0:  # the last partial block too
        with contextlib.suppress(OSError), (point / "filler").open("ab") as filler:
            for _ in range(4096):
                filler.write(b"\0" * 512)


@pytest.fixture
def env(data_dir: Path, config_dir: Path) -> dict[str, str]:
    """The environment of a hipcli process that shares this test's config and data dirs."""
    return hipcli_env(
        data_dir.parent, HIPCLI_DATA_DIR=str(data_dir), HIPCLI_CONFIG_DIR=str(config_dir)
    )


async def check_in_through_the_tui(journal: Path, notes: str = NOTES) -> SaveResult:
    """Run a short session in the TUI (fake clock), type notes at the check-in, save."""
    clock = FakeClock()
    app = make_app(ONE_SECOND_ROUTINE, journal, clock)
    async with app.run_test() as pilot:
        await pilot.press(*"n" * 6)
        assert isinstance(app.screen, CheckInScreen)
        await pilot.press("4", "tab", "tab")
        app.screen.query_one("#notes").insert(notes)  # type: ignore[attr-defined]
        await pilot.press("ctrl+s")
    assert app.return_value is not None
    return app.return_value


def assert_kept_safe(result: SaveResult, notes: str = NOTES) -> Path:
    """The session is not in the journal, but in a recovery file that is named to the user."""
    assert not result.in_journal
    assert result.saved_to is not None
    assert read_journal(result.saved_to).records[0].notes == notes
    line = session_line(result)
    assert str(result.saved_to) in line
    assert "safe in" in line
    return result.saved_to


# --- a read-only file system ------------------------------------------------------------------


async def test_a_read_only_disk_keeps_the_notes_and_log_points_at_them(
    tmpfs: Mount, env: dict[str, str], data_dir: Path
) -> None:
    disk = tmpfs("ro")
    journal = disk / "journal.toml"
    append_session(journal, make_record(0))
    before = journal.read_bytes()
    remount(disk, "ro")

    result = await check_in_through_the_tui(journal)
    saved = assert_kept_safe(result)
    assert saved.parent == data_dir / "recovery"
    assert "read-only file system" in result.problem
    assert journal.read_bytes() == before

    shown = run_hipcli("log", "--journal", str(journal), env=env)
    assert_calm(shown, codes=(0,))
    assert b"Pigeon" in shown.stdout  # reading a read-only journal works
    assert b"1 session could not be written" in shown.stderr
    refused = run_hipcli("recover", "--journal", str(journal), env=env)
    assert_calm(refused, codes=(1,))
    assert b"read-only file system" in refused.stderr
    assert pending_recoveries() == [saved]  # still waiting, nothing lost

    remount(disk, "rw")
    assert_calm(run_hipcli("recover", "--journal", str(journal), env=env), codes=(0,))
    assert [r.notes for r in read_journal(journal).records][-1] == NOTES
    after = run_hipcli("log", "--journal", str(journal), env=env)
    assert b"could not be written" not in after.stderr


def test_when_the_data_dir_is_read_only_too_the_home_dir_takes_the_session(
    tmpfs: Mount, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    disk = tmpfs("ro-all")
    (disk / "data").mkdir()
    remount(disk, "ro")
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HIPCLI_DATA_DIR", str(disk / "data"))
    monkeypatch.setenv("HOME", str(home))
    result = save_session(make_record(0, notes=NOTES), disk / "data" / "journal.toml")
    assert assert_kept_safe(result).parent == home
    assert pending_recoveries() == [result.saved_to]
    logged = run_hipcli(
        "log", env=hipcli_env(tmp_path, HIPCLI_DATA_DIR=str(disk / "data"), HOME=str(home))
    )
    assert_calm(logged, codes=(0,))
    assert b"1 session could not be written" in logged.stderr


def test_a_config_dir_on_a_read_only_disk_is_a_calm_error_for_new_and_edit(
    tmpfs: Mount, tmp_path: Path
) -> None:
    disk = tmpfs("ro-config")
    remount(disk, "ro")
    env = hipcli_env(tmp_path, HIPCLI_CONFIG_DIR=str(disk / "config"), VISUAL="true")
    made = run_hipcli("new", "evening-hips", env=env)
    assert_calm(made, codes=(1,))
    assert b"Read-only file system" in made.stderr
    edited = run_hipcli("edit", "pigeon", env=env)
    assert_calm(edited, codes=(1,))
    assert b"Could not copy the built-in routine 'pigeon'" in edited.stderr
    listed = run_hipcli("routines", env=env)  # reading still works
    assert_calm(listed, codes=(0,))


def test_a_config_dir_below_a_file_is_a_calm_error(tmp_path: Path) -> None:
    (tmp_path / "a-file").write_text("")
    env = hipcli_env(tmp_path, HIPCLI_CONFIG_DIR=str(tmp_path / "a-file" / "config"))
    made = run_hipcli("new", "evening-hips", env=env)
    assert_calm(made, codes=(1,))
    assert b"Not a directory" in made.stderr


# --- a full disk --------------------------------------------------------------------------------


def test_a_full_disk_refuses_the_append_calmly_and_changes_nothing(tmpfs: Mount) -> None:
    disk = tmpfs("full")
    journal = disk / "journal.toml"
    append_session(journal, make_record(0))
    before = journal.read_bytes()
    fill(disk)
    with pytest.raises(JournalError, match="no space left"):
        append_session(journal, make_record(1, notes=NOTES * 100))
    assert journal.read_bytes() == before


def test_a_disk_that_fills_in_the_middle_of_an_append_takes_it_back(tmpfs: Mount) -> None:
    disk = tmpfs("fills", size="256k")
    journal = disk / "journal.toml"
    append_session(journal, make_record(0))
    before = journal.read_bytes()
    fill(disk, leave=16 * 1024)  # room for the start of the record, not for all of it
    big = make_record(1, notes="a long entry. " * 20_000)  # ~280 KB
    with pytest.raises(JournalError, match="no space left"):
        append_session(journal, big)
    assert journal.read_bytes() == before  # the partial record was truncated away
    assert read_journal(journal).problems == []
    append_session(journal, make_record(2))  # a small one still fits, on a line of its own
    assert [r.id for r in read_journal(journal).records] == ["test-000000", "test-000002"]


async def test_a_session_on_a_full_disk_keeps_the_notes_and_log_says_so(
    tmpfs: Mount, env: dict[str, str], data_dir: Path
) -> None:
    disk = tmpfs("full-tui")
    journal = disk / "journal.toml"
    append_session(journal, make_record(0))
    fill(disk)
    # (more than the free end of the journal's last page, which a full tmpfs still takes)
    result = await check_in_through_the_tui(journal, notes=NOTES * 200)
    assert assert_kept_safe(result, notes=NOTES * 200).parent == data_dir / "recovery"
    assert "no space left" in result.problem.lower()
    shown = run_hipcli("log", "--all", "--journal", str(journal), env=env)
    assert_calm(shown, codes=(0,))
    assert b"1 session could not be written" in shown.stderr


# --- odd journal paths ----------------------------------------------------------------------


def test_a_journal_path_that_is_a_directory(tmp_path: Path, env: dict[str, str]) -> None:
    folder = tmp_path / "journal-dir"
    folder.mkdir()
    for fmt in ("table", "json", "csv"):
        shown = run_hipcli("log", "--format", fmt, "--journal", str(folder), env=env)
        assert_calm(shown, codes=(1,))
        assert b"is a directory, not a journal file" in shown.stderr
        assert shown.stdout == b""
    assert_kept_safe(save_session(make_record(0, notes=NOTES), folder))


def test_a_journal_path_that_is_a_dangling_link(tmp_path: Path, env: dict[str, str]) -> None:
    link = tmp_path / "journal.toml"
    link.symlink_to(tmp_path / "unmounted-drive" / "journal.toml")
    shown = run_hipcli("log", "--journal", str(link), env=env)
    assert_calm(shown, codes=(1,))
    assert b"which doesn't exist" in shown.stderr
    assert_kept_safe(save_session(make_record(0, notes=NOTES), link))
    assert not (tmp_path / "unmounted-drive").exists()  # nothing made behind the link


# --- no HOME --------------------------------------------------------------------------------

# A process in which no one can say where home is: no HOME, and no passwd entry for the user
# (as for an unnamed uid in a container). Root's own entry is hidden by patching pwd.
NO_PASSWD_ENTRY = (
    "import pwd, sys\n"
    "def unknown(uid):\n"
    "    raise KeyError(uid)\n"
    "pwd.getpwuid = unknown\n"
    "sys.argv[0] = 'hipcli'\n"
    "from hipcli.commands import main\n"
    "main()\n"
)


def no_home_env(tmp_path: Path, **overrides: str | None) -> dict[str, str]:
    unset: dict[str, str | None] = dict.fromkeys(
        ("HOME", "HIPCLI_DATA_DIR", "HIPCLI_CONFIG_DIR", "XDG_DATA_HOME", "XDG_CONFIG_HOME")
    )
    return hipcli_env(tmp_path, **{**unset, "TMPDIR": str(tmp_path), **overrides})


def run_without_home(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-c", NO_PASSWD_ENTRY, *args],
        capture_output=True,
        stdin=subprocess.DEVNULL,
        env=no_home_env(tmp_path),
        cwd=tmp_path,
        timeout=60,
        check=False,
    )


@pytest.mark.parametrize(
    "overrides",
    [
        {"HIPCLI_DATA_DIR": "data", "HIPCLI_CONFIG_DIR": "config"},
        {"XDG_DATA_HOME": "share", "XDG_CONFIG_HOME": "xdg-config"},
    ],
    ids=["hipcli dirs", "xdg dirs"],
)
def test_without_home_the_overrides_are_enough(tmp_path: Path, overrides: dict[str, str]) -> None:
    env = no_home_env(tmp_path, **{key: str(tmp_path / value) for key, value in overrides.items()})
    for args in (
        ("log",),
        ("routines",),
        ("new", "evening-hips"),
        ("recover",),
        ("log", "--stats"),
    ):
        result = subprocess.run(
            [sys.executable, "-c", NO_PASSWD_ENTRY, *args],
            capture_output=True,
            stdin=subprocess.DEVNULL,
            env=env,
            cwd=tmp_path,
            timeout=60,
            check=False,
        )
        assert_calm(result, codes=(0,))
    assert not (tmp_path / "~").exists()


@pytest.mark.parametrize("args", [("log",), ("routines",), ("new", "evening-hips"), ("recover",)])
def test_without_any_home_each_command_says_what_to_set(
    tmp_path: Path, args: tuple[str, ...]
) -> None:
    result = run_without_home(tmp_path, *args)
    assert_calm(result, codes=(1,))
    assert b"Set HOME" in result.stderr
    assert not (tmp_path / "~").exists()  # never a literal "~" directory in the working dir


# --- locales ------------------------------------------------------------------------------------


@pytest.fixture
def hostile_journal(data_dir: Path) -> Path:
    journal = data_dir / "journal.toml"
    append_session(journal, make_record(0, notes=NOTES, title="Pigeon · café", tags=("🧘",)))
    return journal


LOG_VIEWS = [
    ("log",),
    ("log", "--all", "--format", "markdown"),
    ("log", "--stats"),
    ("log", "--all", "--format", "csv"),
    ("log", "--all", "--format", "json"),
]


@pytest.mark.parametrize("args", [*LOG_VIEWS, ("show", "pigeon"), ("routines",)])
def test_the_c_locale_is_utf8_in_python_3_11_and_works(
    hostile_journal: Path, env: dict[str, str], args: tuple[str, ...]
) -> None:
    result = run_hipcli(*args, env={**env, "LC_ALL": "C", "LANG": "C"})
    assert_calm(result, codes=(0,))


@pytest.mark.parametrize(
    "args", [("show", "full-hip-release"), ("routines",), ("validate", "pigeon")]
)
def test_ascii_output_of_the_routine_commands_works(
    env: dict[str, str], args: tuple[str, ...]
) -> None:
    """click.echo writes UTF-8 when it finds an ASCII stdout (a misconfigured locale)."""
    ascii_env = {**env, "LC_ALL": "C", "LANG": "C", "PYTHONUTF8": "0", "PYTHONCOERCECLOCALE": "0"}
    assert_calm(run_hipcli(*args, env=ascii_env), codes=(0,))


@pytest.mark.parametrize("args", LOG_VIEWS)
def test_an_ascii_locale_without_utf8_mode_shows_the_log(
    hostile_journal: Path, env: dict[str, str], args: tuple[str, ...]
) -> None:
    ascii_env = {**env, "LC_ALL": "C", "LANG": "C", "PYTHONUTF8": "0"}
    assert_calm(run_hipcli(*args, env=ascii_env), codes=(0,))


@pytest.fixture(scope="session")
def latin1_locale(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """An en_US.ISO-8859-1 locale compiled into a temporary LOCPATH (skip if we can't)."""
    if shutil.which("localedef") is None:
        pytest.skip("no localedef to build an ISO-8859-1 locale")
    where = tmp_path_factory.mktemp("locale")
    made = subprocess.run(
        ["localedef", "-i", "en_US", "-f", "ISO-8859-1", str(where / "en_US.ISO-8859-1")],
        capture_output=True,
        check=False,
    )
    if not (where / "en_US.ISO-8859-1").exists():
        pytest.skip(f"cannot build an ISO-8859-1 locale: {made.stderr.decode()[-200:]}")
    return {"LOCPATH": str(where), "LC_ALL": "en_US.ISO-8859-1", "LANG": "en_US.ISO-8859-1"}


@pytest.mark.parametrize("args", [("show", "pigeon"), ("routines",), ("validate", "pigeon")])
def test_a_latin1_locale_shows_the_routines(
    env: dict[str, str], latin1_locale: dict[str, str], args: tuple[str, ...]
) -> None:
    assert_calm(run_hipcli(*args, env={**env, **latin1_locale}), codes=(0,))


def test_a_latin1_locale_shows_a_log_with_emoji(
    hostile_journal: Path, env: dict[str, str], latin1_locale: dict[str, str]
) -> None:
    assert_calm(run_hipcli("log", env={**env, **latin1_locale}), codes=(0,))


# --- terminals: dumb, or none at all -----------------------------------------------------------


def test_no_terminal_at_all_with_no_plain_is_a_calm_message_and_never_a_hang(
    env: dict[str, str],
) -> None:
    began = time.monotonic()
    result = run_hipcli("start", "pigeon", "--no-plain", env=env, timeout=30)  # no TTY at all
    assert_calm(result, codes=(1,))
    assert b"needs a terminal" in result.stderr
    assert time.monotonic() - began < 10


def test_no_terminal_at_all_runs_plain_lines_and_records_the_session(
    env: dict[str, str], write_routine: Callable[[str, str], Path], tmp_path: Path
) -> None:
    write_routine("tiny", ONE_SECOND_ROUTINE)
    journal = tmp_path / "j.toml"
    result = run_hipcli("start", "tiny", "--journal", str(journal), env=env, timeout=60)
    assert_calm(result, codes=(0,))
    assert b"Session complete: 6 seconds." in result.stdout
    assert find_unsafe_bytes(result.stdout) == []
    assert read_journal(journal).records[0].completed is True


@pytest.mark.skipif(not hasattr(os, "openpty"), reason="needs a pseudo-terminal")
def test_output_on_a_terminal_but_no_keyboard_runs_plain_without_keys(
    env: dict[str, str], write_routine: Callable[[str, str], Path], tmp_path: Path
) -> None:
    write_routine("tiny", ONE_SECOND_ROUTINE)
    journal = tmp_path / "j.toml"
    command = hipcli_command("start", "tiny", "--journal", str(journal))
    code, output = run_on_terminal(command, env, stdin_tty=False)
    assert code == 0
    assert b"No keyboard here, so the session runs on its own." in output
    assert b"Traceback" not in output
    assert b"\x1b" not in output
    assert read_journal(journal).records[0].completed is True


@pytest.mark.skipif(not hasattr(os, "openpty"), reason="needs a pseudo-terminal")
@pytest.mark.parametrize("args", [("log",), ("routines",), ("show", "pigeon"), ("log", "--stats")])
def test_a_dumb_terminal_gets_no_colour_codes(
    hostile_journal: Path, env: dict[str, str], args: tuple[str, ...]
) -> None:
    code, output = run_on_terminal(hipcli_command(*args), {**env, "TERM": "dumb"}, stdin_tty=False)
    assert code == 0
    assert b"\x1b" not in output


@pytest.mark.skipif(not hasattr(os, "openpty"), reason="needs a pseudo-terminal")
def test_start_on_a_dumb_terminal_runs_plain_lines_never_the_full_screen(
    env: dict[str, str], write_routine: Callable[[str, str], Path], tmp_path: Path
) -> None:
    write_routine("tiny", ONE_SECOND_ROUTINE)
    command = hipcli_command("start", "tiny", "--journal", str(tmp_path / "j.toml"))
    # if the full-screen session does start, it is killed when the time is up
    try:
        code, output = run_on_terminal(
            command, {**env, "TERM": "dumb"}, timeout=30, stdin_tty=False
        )
    except TimeoutError:
        pytest.fail("hipcli start ran a full-screen session on TERM=dumb")
    assert code == 0
    assert b"\x1b" not in output
    assert b"Session complete: 6 seconds." in output


@pytest.mark.skipif(not hasattr(os, "openpty"), reason="needs a pseudo-terminal")
def test_start_no_plain_on_a_dumb_terminal_is_a_calm_message(
    env: dict[str, str], tmp_path: Path
) -> None:
    command = hipcli_command("start", "pigeon", "--no-plain", "--journal", str(tmp_path / "j"))
    code, output = run_on_terminal(command, {**env, "TERM": "dumb"}, timeout=10)
    assert code == 1
    assert b"\x1b[" not in output
    assert b"dumb terminal" in output
