"""``python -m digitpad`` and the ``digitpad`` command."""

import sys


def main() -> int:
    from digitpad.cli import main as cli_main

    return cli_main()


if __name__ == "__main__":
    sys.exit(main())
