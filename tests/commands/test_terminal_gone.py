"""A terminal closed while hipcli still has lines for it (its window or pane): hipcli leaves
quietly, with no traceback for the next reader of its error output."""

from __future__ import annotations

import subprocess
import sys

# The command's last lines meet a terminal that has hung up: every write fails with EIO.
SCRIPT = """
import errno, sys
import click
from hipcli import commands

def gone(*args, **kwargs):
    click.echo("Saved to your journal.")
    raise OSError(errno.EIO, "Input/output error")

commands.cli.main = gone
commands.main(["log"])
"""


def test_lines_for_a_terminal_that_has_gone_end_quietly() -> None:
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT], capture_output=True, text=True, timeout=60, check=False
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert result.stderr == ""
