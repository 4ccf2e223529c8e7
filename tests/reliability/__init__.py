"""The reliability suite (issue 6): faults survived and bad inputs tried, with figures.

The harnesses live in plain modules here (`crash`, `concurrency`, `fuzz`, ...) so that the quick
CI tests and the long runs (`python -m pytest -m slow tests/reliability`, `bench/reliability.py`)
run the same code with different counts. Results are in docs/reliability.md.
"""
