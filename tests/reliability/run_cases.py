"""Run hostile-input cases one after another in this process, each measured on its own.

``python -m tests.reliability.run_cases CASES.json RESULTS.jsonl``. A case is a command line for
``digitpad.cli.main`` (``"argv"``) or a call of a function of ``api_cases`` (``"call"``, ``"args"``),
optionally with a fault injected (``"inject"``: a name in ``api_cases.INJECTIONS``). For each, what the
process writes to its stdout and stderr (file descriptors 1 and 2, so native writes are caught too), the
exit status or the outcome, the seconds, and the peak resident memory *of that case* (the peak is reset
before each: Linux's /proc/self/clear_refs) go to one JSON line, written as soon as the case ends: a case
that hangs is the one without a line. A watchdog ends the process at once if it ever holds more than
``KILL_BYTES``, so a bomb that gets through fails its case instead of the machine.
"""

from __future__ import annotations

import contextlib
import json
import os
import sys
import tempfile
import threading
import time

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

from tests.reliability import api_cases, memory

KILL_BYTES = 3 << 30


class Watchdog(threading.Thread):
    def __init__(self, results):
        super().__init__(daemon=True, name="memory-watchdog")
        self.results = results
        self.case = None

    def run(self) -> None:
        while True:
            rss = memory.rss()
            if rss > KILL_BYTES:
                self.results.write(json.dumps({"name": self.case, "killed_at_rss": rss}) + "\n")
                self.results.flush()
                os._exit(3)
            time.sleep(0.005)


@contextlib.contextmanager
def captured():
    """Everything written to file descriptors 1 and 2 meanwhile, as ``out["stdout"]``, ``out["stderr"]``."""
    out = {}
    sys.stdout.flush()
    sys.stderr.flush()
    saved = {fd: os.dup(fd) for fd in (1, 2)}
    files = {fd: tempfile.TemporaryFile() for fd in (1, 2)}  # noqa: SIM115 -- closed below, after reading
    for fd, f in files.items():
        os.dup2(f.fileno(), fd)
    try:
        yield out
    finally:
        sys.stdout.flush()
        sys.stderr.flush()
        for fd, f in files.items():
            os.dup2(saved[fd], fd)
            os.close(saved[fd])
            f.seek(0)
            out["stdout" if fd == 1 else "stderr"] = f.read().decode("utf-8", "replace")
            f.close()


def run_case(case: dict) -> dict:
    from digitpad.cli import main
    from digitpad.core.problems import Problem

    record = {"name": case["name"]}
    injection = api_cases.INJECTIONS[case["inject"]]() if case.get("inject") else contextlib.nullcontext()
    record["rss_before"] = memory.rss()
    memory.reset_peak()
    started = time.perf_counter()
    with captured() as out, injection:
        try:
            if "argv" in case:
                record["exit"] = main(case["argv"])
            else:
                record["outcome"] = "ok: " + str(api_cases.call(case["call"], case.get("args", [])))
        except SystemExit as exc:  # argparse's own exit
            record["exit"] = exc.code
        except Problem as exc:
            record["outcome"] = f"problem: {exc.code}"
            record["message"] = str(exc)
        except BaseException as exc:  # a crash is a result too: the test says it must not happen
            record["outcome"] = f"crash: {type(exc).__name__}: {exc}"[:500]
    record["seconds"] = round(time.perf_counter() - started, 3)
    record["peak"] = memory.peak()
    return record | out


def main(cases_path: str, results_path: str) -> int:
    with open(cases_path, encoding="utf-8") as f:
        cases = json.load(f)
    with open(results_path, "a", encoding="utf-8") as results:
        watchdog = Watchdog(results)
        watchdog.start()
        for case in cases:
            watchdog.case = case["name"]
            results.write(json.dumps(run_case(case)) + "\n")
            results.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:3]))
