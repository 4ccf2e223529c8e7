"""The `hipcli` script and `python -m hipcli`.

Python's cyclic garbage collector rests while the command line loads: importing click, hipcli
(and for `start`, Textual) makes tens of thousands of objects and no garbage, and its full passes
over them cost `hipcli start` ~10 ms before its first frame. Every command but `start` turns it
back on as it begins (`hipcli.commands`); `start` does once its first frame is on screen.
"""

import gc


def main() -> None:
    """Entry point of the `hipcli` script."""
    gc.disable()
    from hipcli.commands import main as run

    run()


if __name__ == "__main__":
    main()
