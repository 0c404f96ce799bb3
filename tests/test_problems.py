"""Problems as code + values: every code the core raises has its English sentence, and the sentences read well."""

import ast
import copy
import errno
import pickle
import string
from pathlib import Path

import pytest

from digitpad.core import problems as problems_module
from digitpad.core.config import ConfigError, TrainingConfig
from digitpad.core.data import DatasetError, load_dataset
from digitpad.core.lessons import LessonError
from digitpad.core.modelfile import DESCRIPTIONS, ModelFileError
from digitpad.core.problems import PROBLEMS, Problem, english, os_problem

CORE = Path(problems_module.__file__).parent

# OSErrors of every kind os_problem tells apart, with and without a file name.
OS_ERRORS = [
    FileNotFoundError(errno.ENOENT, "No such file or directory", "/x/a.npz"),
    PermissionError(errno.EACCES, "Permission denied", "/x/a.npz"),
    IsADirectoryError(errno.EISDIR, "Is a directory", "/x"),
    NotADirectoryError(errno.ENOTDIR, "Not a directory", "/x/a.npz/b"),
    OSError(errno.ENOSPC, "No space left on device", "/x/a.npz"),
    OSError(errno.EROFS, "Read-only file system", "/x/a.npz"),
    OSError(errno.EIO, "Input/output error", "/x/a.npz"),
    OSError(errno.ENOSPC, "No space left on device"),
    PermissionError(errno.EACCES, "Permission denied"),
    OSError(errno.EROFS, "Read-only file system"),
    OSError(errno.EIO, "Input/output error"),
    OSError("disk full"),
]


def problem_classes() -> set[str]:
    """The names of Problem and every subclass the core defines (every core module imported, so none is missed)."""
    import importlib
    import pkgutil

    import digitpad.core

    for module in pkgutil.iter_modules(digitpad.core.__path__):
        importlib.import_module(f"digitpad.core.{module.name}")

    found, todo = set(), [Problem]
    while todo:
        cls = todo.pop()
        found.add(cls.__name__)
        todo.extend(cls.__subclasses__())
    return found


def literals(expr: ast.expr, assigned: dict[str, list[ast.expr]], where: str) -> list[str]:
    """The strings ``expr`` can be: a literal, either branch of an ``if``/``else``, or what a name was assigned."""
    if isinstance(expr, ast.Constant) and isinstance(expr.value, str):
        return [expr.value]
    if isinstance(expr, ast.IfExp):
        return literals(expr.body, assigned, where) + literals(expr.orelse, assigned, where)
    if isinstance(expr, ast.Name) and expr.id in assigned:
        return [code for value in assigned[expr.id] for code in literals(value, assigned, where)]
    raise AssertionError(f"{where}: a problem's code must be a literal string")


def raised_codes() -> dict[str, list[str]]:
    """Every code the core passes to a Problem class: code -> where. A code that is not a literal (or a
    literal chosen by ``if``/``else``, or a name assigned one) fails the test: the table test must see it."""
    classes = problem_classes()
    found: dict[str, list[str]] = {}
    for path in sorted(CORE.glob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        assigned: dict[str, list[ast.expr]] = {}
        for node in ast.walk(tree):
            if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
                assigned.setdefault(node.targets[0].id, []).append(node.value)

        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            func = node.func.id if isinstance(node.func, ast.Name) else getattr(node.func, "attr", None)
            where = f"{path.name}:{node.lineno}"
            if func == "__init__" and node.args and isinstance(node.args[0], ast.Constant):
                found.setdefault(node.args[0].value, []).append(where)  # a class with its own fixed code
                continue
            # A Problem class passed as an argument is called ``error`` (core/inputfiles.py, core/archive.py).
            if func not in classes | {"error"} or func == "ConfigError" or not node.args:  # ConfigError: a list
                continue
            for code in literals(node.args[0], assigned, where):
                found.setdefault(code, []).append(where)
    return found


def fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def test_every_raised_code_has_an_english_sentence_and_every_sentence_is_used():
    raised = raised_codes()
    assert len(raised) > 60
    os_codes = {os_problem(exc)[0] for exc in OS_ERRORS}
    unknown = sorted(set(raised) - set(PROBLEMS))
    assert not unknown, f"codes raised without a sentence in core/problems.py PROBLEMS: {unknown}"
    unused = sorted(set(PROBLEMS) - set(raised) - os_codes)
    assert not unused, f"sentences in PROBLEMS that nothing raises: {unused}"
    for code in PROBLEMS:
        assert code == code.lower() and " " not in code and "_" not in code, f"codes are kebab-case: {code}"


def test_os_errors_name_the_kind_and_the_file_never_the_systems_words():
    seen = {}
    for exc in OS_ERRORS:
        code, values = os_problem(exc)
        seen[code] = english(code, values)
        assert exc.strerror is None or exc.strerror not in seen[code]
        if exc.filename:
            assert seen[code].startswith(f"{exc.filename}: ")
    assert seen["disk-full"] == "/x/a.npz: the disk is full"
    assert seen["permission-denied"] == "/x/a.npz: permission denied"
    assert seen["file-error"] == "/x/a.npz: the system could not read or write this file (error EIO)"
    assert seen["unnamed-disk-full"] == "a file could not be written: the disk is full"
    assert len(seen) == len(OS_ERRORS) - 1  # every kind its own sentence ("disk full" with no errno is generic)
    assert os_problem(OSError(errno.EIO, "x"), path="/y/b.keras") == (
        "file-error",
        {"path": "/y/b.keras", "error": "EIO"},
    )


def test_a_problem_is_its_code_and_values_and_reads_as_english(tmp_path):
    with pytest.raises(DatasetError) as caught:
        load_dataset(tmp_path / "nothing.npz")
    exc = caught.value
    assert (
        isinstance(exc, Problem) and exc.code == "file-not-found" and exc.values == {"path": tmp_path / "nothing.npz"}
    )
    assert str(exc) == f"{tmp_path / 'nothing.npz'}: file not found"
    for clone in (copy.copy(exc), pickle.loads(pickle.dumps(exc))):
        assert type(clone) is DatasetError and clone.code == exc.code and str(clone) == str(exc)
    assert "file-not-found" in repr(exc)
    # The old except clauses keep working.
    assert issubclass(ConfigError, ValueError) and issubclass(LessonError, ValueError)
    assert issubclass(ModelFileError, Exception) and issubclass(DatasetError, Exception)


def test_a_config_error_lists_each_problem_and_nests_in_a_lesson_error():
    with pytest.raises(ConfigError) as caught:
        TrainingConfig(dropout=2, epochs=0).validate()
    exc = caught.value
    assert exc.code == "impossible-settings"
    assert [p.code for p in exc.problems] == ["dropout-out-of-range", "epochs-out-of-range"]
    assert exc.problems[0].values == {"got": 2}
    assert str(exc) == (
        "impossible settings: dropout rate must be at least 0 and below 1 (got 2); "
        "epochs must be a whole number from 1 to 1000 (got 0)"
    )
    lesson = LessonError("lesson-impossible-settings", path="l.json", problems=exc.problems)
    assert str(lesson) == "l.json: " + str(exc)


def test_every_template_fills_in():
    for table in (PROBLEMS, DESCRIPTIONS):
        for code, template in table.items():
            text = english(code, dict.fromkeys(fields(template), 1), table)
            assert "{" not in text.replace("{...}", ""), (code, text)  # a misfit shows the raw template


def test_a_template_that_does_not_fit_still_says_something():
    assert english("no-such-code", {"path": "p"}) == "no-such-code {'path': 'p'}"
    assert "file not found" in english("file-not-found", {})  # a value missing: the template and the values
