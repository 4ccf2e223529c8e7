"""`python -m hipcli` runs the same command as the `hipcli` script."""

from hipcli.commands import main

if __name__ == "__main__":
    main()
