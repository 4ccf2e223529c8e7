"""The pager, as git uses it: only on a terminal, only for more than a screen, `$PAGER` or
`less -FRX`, `LESS=FRX` unless set, `--no-pager`, and quitting it early is quiet."""

from __future__ import annotations

import fcntl
import io
import os
import pty
import re
import struct
import subprocess
import sys
import termios
from pathlib import Path

import pytest

from hipcli.commands.pager import DEFAULT_PAGER, PagedOutput, pager_command
from hipcli.journal.record import format_record
from tests.journal_records import make_record


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True

    def fileno(self) -> int:
        return 1


def test_the_pager_is_pager_else_less_frx_and_cat_or_nothing_means_none() -> None:
    assert pager_command({"PAGER": "most -s"}) == "most -s"
    assert pager_command({"PAGER": ""}) is None
    assert pager_command({"PAGER": "cat"}) is None
    assert pager_command({}) in (DEFAULT_PAGER, None)  # None only where less is missing
    assert DEFAULT_PAGER == "less -FRX"


def test_output_that_fits_the_screen_is_printed_without_the_pager(tmp_path: Path) -> None:
    screen = Terminal()
    output = PagedOutput(screen, f"sh -c 'cat > {tmp_path / 'paged'}'", height=10)
    output.write("one\ntwo\n")
    output.close()
    assert screen.getvalue() == "one\ntwo\n"
    assert not (tmp_path / "paged").exists()


def test_output_longer_than_the_screen_goes_through_the_pager_whole(tmp_path: Path) -> None:
    screen = Terminal()
    paged = tmp_path / "paged"
    output = PagedOutput(screen, f"sh -c 'cat > {paged}'", height=5)
    text = "".join(f"line {n} é\n" for n in range(50))
    for line in text.splitlines(keepends=True):
        output.write(line)
    output.close()
    assert screen.getvalue() == ""
    assert paged.read_text(encoding="utf-8") == text


def test_less_gets_frx_unless_less_is_already_set(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen = tmp_path / "less"
    for setting, expected in ((None, "FRX"), ("-S", "-S")):
        if setting is None:
            monkeypatch.delenv("LESS", raising=False)
        else:
            monkeypatch.setenv("LESS", setting)
        output = PagedOutput(Terminal(), f"sh -c 'echo \"$LESS\" > {seen}; cat >/dev/null'", 2)
        output.write("a\nb\nc\n")
        output.close()
        assert seen.read_text().strip() == expected


def test_quitting_the_pager_early_is_quiet() -> None:
    output = PagedOutput(Terminal(), "head -c 5", height=2)
    for n in range(20000):
        output.write(f"line {n}\n")
    output.close()
    assert output.gone


def test_a_pager_that_cannot_start_prints_directly() -> None:
    screen = Terminal()
    output = PagedOutput(screen, "no-such-pager-anywhere --please", height=2)
    output.write("a\nb\nc\n")
    output.write("d\n")
    output.close()
    assert screen.getvalue() == "a\nb\nc\nd\n"


def run_on_a_terminal(args: list[str], env: dict[str, str]) -> tuple[int, bytes]:
    main, secondary = pty.openpty()
    fcntl.ioctl(secondary, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 100, 0, 0))
    process = subprocess.Popen(
        [sys.executable, "-m", "hipcli", *args],
        stdin=subprocess.DEVNULL,
        stdout=secondary,
        stderr=secondary,
        env=env,
    )
    os.close(secondary)
    output = b""
    while True:
        try:
            chunk = os.read(main, 65536)
        except OSError:
            break
        if not chunk:
            break
        output += chunk
    os.close(main)
    return process.wait(timeout=60), output


def test_hipcli_log_on_a_terminal_pages_a_long_journal_and_no_pager_prints(
    tmp_path: Path, data_dir: Path
) -> None:
    journal = data_dir / "journal.toml"
    journal.write_text("\n".join(format_record(make_record(i)) for i in range(60)))
    paged = tmp_path / "paged"
    env = {**os.environ, "PAGER": f"sh -c 'cat > {paged}'", "LINES": "24", "TZ": "UTC"}
    code, shown = run_on_a_terminal(["log"], env)
    assert code == 0
    assert b"Pigeon" not in shown  # it all went to the pager
    text = re.sub(r"\x1b\[[0-9;]*m", "", paged.read_text(encoding="utf-8"))
    assert text.count(" · Pigeon · ") == 20
    paged.unlink()
    code, shown = run_on_a_terminal(["log", "--no-pager"], env)
    assert code == 0
    assert re.sub(rb"\x1b\[[0-9;]*m", b"", shown).count(" · Pigeon · ".encode()) == 20
    assert not paged.exists()


def test_browse_without_a_terminal_says_so(data_dir: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "hipcli", "log", "--browse"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 1
    assert "hipcli log --browse needs a terminal" in result.stderr
