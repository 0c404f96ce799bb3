"""``digitpad bench``: digitpad against the Keras tutorial's own recipe, side by side, in one run.

Every measured side runs in its own fresh Python process (``python -m digitpad.bench --part NAME``,
``__main__.py``); the parent (``runner.py``) only starts the parts, collects their JSON and prints the
table (``report.py``, ``table.py``). One module per measured part, each with the side(s) it runs and
the rows it adds to the table:

- ``training_speed``: digitpad's engine (``core.training.train``, default settings, no validation split)
  against the tutorial's exact recipe, on the same images, test accuracy at every epoch end;
- ``time_to_accuracy``: time to 99% test accuracy and the final accuracy, from those epoch ends;
- ``prediction``: one drawing at a time, with and without preprocessing, against ``model.predict``;
- ``window``: the GUI thread's lateness while the window trains, and its speed against the engine;
- ``startup``: the first painted window and the first prediction, from the moment the process spawned;
- ``memory``: the peak memory of the training process.

The bench measures digitpad's production code as it runs: it listens through the core's ``Reporter``
(``model_built``, ``epoch``), the window's signals and the core's timed log records; it replaces nothing.
The full run's table and what it means are in docs/performance.md.
"""
