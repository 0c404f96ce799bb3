"""PyInstaller's entry script for digitpad: make the standard streams safe, then run digitpad's main.

A windowed executable (Windows ``console=False``, a macOS .app started from the Finder) can start with
``sys.stdout``/``sys.stderr`` set to ``None``. digitpad's own code checks for that, but a library that
writes to ``sys.stdout`` directly (a progress bar, say) would raise ``AttributeError``. Point any missing
stream at the null device before anything is imported. When the executable is started with its output
redirected (``Start-Process -RedirectStandardOutput``, ``> file``), the streams exist and are kept.
"""

import os
import sys


def _guard_streams() -> None:
    for name, mode in (("stdin", "r"), ("stdout", "w"), ("stderr", "w")):
        if getattr(sys, name) is None:
            setattr(sys, name, open(os.devnull, mode, encoding="utf-8"))  # noqa: SIM115 - lives as long as the process


if __name__ == "__main__":
    _guard_streams()
    # A frozen app that starts worker processes (multiprocessing's spawn method: Windows, macOS)
    # re-runs this executable for each; freeze_support() turns those runs into the workers.
    import multiprocessing

    multiprocessing.freeze_support()
    from digitpad.__main__ import main

    sys.exit(main())
