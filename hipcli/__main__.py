"""`python -m hipcli` runs the same command as the `hipcli` script."""

from hipcli.cli import main

if __name__ == "__main__":
    main()
