"""``python -m digitpad.bench --part NAME --out FILE``: one part of ``digitpad bench``, in this process.

The parent (``runner.run_part``) starts one such process per part and reads the JSON it writes.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

from digitpad.bench import handwriting, prediction, startup, training_speed, window
from digitpad.bench.machine import loadavg
from digitpad.bench.plan import Plan

PARTS = {
    "tutorial": training_speed.measure_tutorial,
    "engine": training_speed.measure_engine,
    "predict": prediction.measure,
    "predict-busy": prediction.measure_busy,
    "handwriting": handwriting.measure,
    "startup": startup.measure,
    "gui": window.measure,
    "gui-headless": window.measure_headless,
}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m digitpad.bench", description="one part of digitpad bench")
    parser.add_argument("--part", required=True, choices=sorted(PARTS))
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--precision", default="auto")
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--config", help="a TrainingConfig as JSON (gui-headless)")
    args = parser.parse_args(argv)
    config = json.loads(args.config) if args.config else None
    result = PARTS[args.part](Plan.make(args.quick, args.precision), config)
    result["load_average_after"] = loadavg()
    args.out.write_text(json.dumps(result, indent=1, default=float))
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(0)  # skip TensorFlow's and Qt's slow teardown; the result is written


if __name__ == "__main__":
    sys.exit(main())
