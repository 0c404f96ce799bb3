"""How big a bench run is (full or ``--quick``), and the thresholds its verdicts use."""

from __future__ import annotations

from dataclasses import dataclass

TARGET_ACCURACY = 0.99
QUICK_THRESHOLD = 0.97  # what a quick run (12,000 images, 2 epochs) can reach: its time-to-accuracy stand-in
SPAWN_ENV = "DIGITPAD_BENCH_SPAWN"  # the parent's wall clock when it spawned a part, for start-up times


@dataclass(frozen=True)
class Plan:
    quick: bool
    train_n: int  # training images for both training sides (the first N of MNIST's 60,000)
    epochs: int
    predict_n: int  # drawings predicted by digitpad
    reference_predict_n: int  # images put through model.predict (42-47 ms each)
    gui_train_n: int  # training images in the window run (0: the panel's default, all of them)
    gui_epochs: int
    startup_runs: int
    part_timeout_s: int
    busy_train_n: int  # training images of the run that predictions compete with (one epoch)
    precision: str = "auto"  # digitpad's training precision; "float32" emulates a CPU without bfloat16

    @classmethod
    def make(cls, quick: bool, precision: str = "auto") -> Plan:
        if quick:
            return cls(True, 12_000, 2, 300, 40, 12_000, 1, 1, 600, 12_000, precision)
        return cls(False, 60_000, 5, 1000, 200, 0, 2, 3, 1500, 0, precision)
