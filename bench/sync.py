"""The journal folder synced by real Syncthing instances: sessions, time to converge, conflicts.

    python bench/sync.py                      # 2 × 300 sessions, then 2 × 16 on a shared name
    python bench/sync.py --sessions 500 --twin 40 --twin-every 1.0

Starts two Syncthing instances on 127.0.0.1 (own homes, no discovery or relays), each with a
machine driven by its own hipcli settings, and stops them at the end. What it checks and how:
tests/sync/syncthing.py; the slow test `tests/sync/test_syncthing.py` runs the same thing.
Needs Debian's `syncthing` (apt-get install -y syncthing).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.sync.syncthing import run_sync_check, syncthing_path


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=300, help="per machine, phase 1")
    parser.add_argument("--twin", type=int, default=16, help="per machine, phase 2")
    parser.add_argument(
        "--twin-every", type=float, default=1.5, help="seconds between sessions, phase 2"
    )
    args = parser.parse_args()
    if syncthing_path() is None:
        print("syncthing is not installed (apt-get install -y syncthing)", file=sys.stderr)
        return 1
    with tempfile.TemporaryDirectory(prefix="hipcli-sync-") as root:
        report = run_sync_check(Path(root), args.sessions, args.twin, args.twin_every)
    print(f"sessions saved on the two machines   {report.sessions}")
    for phase, (converge, total) in enumerate(
        zip(report.converge_s, report.phase_s, strict=True), start=1
    ):
        name = "own files" if phase == 1 else "one shared name"
        print(
            f"phase {phase} ({name}): converged {converge:.1f} s after the writers ended "
            f"({total:.1f} s from the start)"
        )
    print(f"`hipcli log` runs while syncing      {report.reads_during_sync}")
    print(f"conflict copies seen                 {len(report.conflict_copies)}")
    print(f"sessions found only in those copies  {report.only_in_conflict_copies} (all shown)")
    for failure in report.failures:
        print(f"FAILED: {failure}")
    print("each session listed once on both machines" if not report.failures else "")
    return 1 if report.failures else 0


if __name__ == "__main__":
    sys.exit(main())
