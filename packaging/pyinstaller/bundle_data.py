"""What goes into digitpad's PyInstaller bundle, in plain Python (no PyInstaller import).

The spec (``digitpad.spec``) and the quick CI checks (``tests/test_packaging.py``) both use this module,
so the rules the build follows are the rules the tests check:

* ``resource_datas()``: every file under the top-level ``resources/`` folder, mapped to the same
  relative place under ``resources/`` inside the bundle (``digitpad/core/resources.py`` looks for
  ``Path(sys._MEIPASS) / "resources"``).
* ``keep_toc_entry()``: which collected files to drop (TensorFlow's C++ headers, test folders, Qt
  plugins a desktop classroom app never loads).
* ``referenced_resources()``: the resource names the code refers to, found by reading the source
  (``resource("...")``, ``resources_dir() / "..."``, ``mnist_dir() / "..."``, the ``*_NAME`` constants of
  ``digitpad/core/resources.py``, and literal ``"icons/..."`` / ``"i18n/..."`` strings).
"""

from __future__ import annotations

import ast
import fnmatch
import posixpath
import re
from pathlib import Path, PurePosixPath

REPO_ROOT = Path(__file__).resolve().parents[2]
RESOURCES = REPO_ROOT / "resources"
BUNDLE_RESOURCES = "resources"  # the folder name inside the bundle (sys._MEIPASS / "resources")

# Files that are never shipped even if they lie in resources/ (editor and OS litter).
IGNORED_RESOURCE_FILES = ("*.pyc", ".DS_Store", "Thumbs.db", "desktop.ini", "*~", "*.swp", ".gitkeep")
IGNORED_RESOURCE_DIRS = ("__pycache__", ".git")

# Files the packaging itself needs from resources/ (icons for the executables, the MNIST licence).
PACKAGING_RESOURCES = (
    "icons/digitpad.png",
    "icons/digitpad-512.png",
    "icons/digitpad.ico",
    "icons/digitpad.icns",
    "mnist/README.md",
)

# Collected files (bundle-relative destination paths, POSIX style) that are dropped from the bundle.
DROP_PATTERNS = (
    # TensorFlow's C/C++ headers (about 290 MB) and XLA's AOT sources: only for compiling extensions.
    "tensorflow/include/*",
    "tensorflow/xla_aot_runtime_src/*",
    # TensorFlow extensions that no digitpad process loads (checked against /proc/self/maps of the window,
    # of training with and without augmentation, an ensemble, saving and loading, evaluation, LiteRT
    # conversion and XLA compilation): XLA's Python op wrappers (jit_compile does not need them), the
    # StableHLO bindings and the protobuf caster. 33 MiB; docs/performance.md has the bundle's account.
    "tensorflow/compiler/tf2xla/ops/_xla_ops.so",
    "tensorflow/compiler/mlir/stablehlo/stablehlo_extension.so",
    "tensorflow/python/framework/lib_native_proto_caster.so",
    # Static and import libraries, C headers anywhere.
    "*.a",
    "*.lib",
    "*.h",
    "*.hpp",
    # Test folders of any package.
    "*/tests/*",
    "*/test/*",
    # Qt platform plugins for embedded devices and remote displays (a classroom desktop runs xcb,
    # wayland, windows or cocoa; offscreen stays for --self-test, minimal for diagnosis).
    "PySide6/Qt/plugins/platforms/libqeglfs.so",
    "PySide6/Qt/plugins/platforms/libqlinuxfb.so",
    "PySide6/Qt/plugins/platforms/libqminimalegl.so",
    "PySide6/Qt/plugins/platforms/libqvnc.so",
    "PySide6/Qt/plugins/platforms/libqvkkhrdisplay.so",
    "PySide6/Qt/plugins/egldeviceintegrations/*",
    "PySide6/Qt/lib/libQt6EglFSDeviceIntegration.so*",
    "PySide6/Qt/lib/libQt6EglFsKmsSupport.so*",
    "PySide6/Qt/lib/libQt6EglFsKmsGbmSupport.so*",
    "PySide6/Qt/plugins/platforms/qdirect2d.dll",
    # Raw evdev/TUIO input for eglfs and linuxfb (X11 and Wayland deliver touch and pens themselves).
    "PySide6/Qt/plugins/generic/*",
    # The GTK3 platform theme links the system's GTK 3; PyInstaller would bundle part of its stack
    # (cairo, pango, gdk-pixbuf) from the build machine next to the target's own GTK, a known source
    # of crashes. Qt falls back to its xdg-desktop-portal theme and Fusion style.
    "PySide6/Qt/plugins/platformthemes/libqgtk3.so",
    # Network status and TLS back ends of QtNetwork: digitpad makes no network connections.
    "PySide6/Qt/plugins/networkinformation/*",
    "PySide6/Qt/plugins/tls/*",
    "PySide6/plugins/networkinformation/*",
    "PySide6/plugins/tls/*",
    # Qt Designer plugins and QML tooling.
    "PySide6/Qt/plugins/designer/*",
    "PySide6/plugins/designer/*",
    "PySide6/Qt/plugins/qmltooling/*",
    "PySide6/plugins/qmltooling/*",
)

# Python packages and modules PyInstaller must not follow (never imported by digitpad at run time).
EXCLUDED_MODULES = (
    # GUI toolkits and shells the app does not use.
    "tkinter",
    "_tkinter",
    "PIL.ImageTk",
    "PIL._imagingtk",
    "PIL._tkinter_finder",
    "IPython",
    "matplotlib",
    "notebook",
    # Build and test tooling that might lie in the build venv.
    "pytest",
    "_pytest",
    "PyInstaller",
    # TensorFlow extras: TensorBoard (not a dependency since TF 2.20, excluded in case it is
    # installed) and gRPC (only TensorFlow's distributed/TPU/debug-server code imports it; a full
    # import, training, prediction and model save/load leaves it out of sys.modules).
    "tensorboard",
    "grpc",
    # Keras back ends other than TensorFlow.
    "jax",
    "jaxlib",
    "torch",
    "openvino",
    # The wheel's copy of resources/ (the bundle carries the top-level folder instead).
    "digitpad._resources",
    # Qt modules digitpad does not use: web engine, QML and Quick, 3D, multimedia, charts and the rest.
    *(
        f"PySide6.{m}"
        for m in (
            "QtWebEngineCore",
            "QtWebEngineWidgets",
            "QtWebEngineQuick",
            "QtWebChannel",
            "QtWebSockets",
            "QtWebView",
            "QtHttpServer",
            "QtQml",
            "QtQuick",
            "QtQuick3D",
            "QtQuickControls2",
            "QtQuickWidgets",
            "QtQuickTest",
            "Qt3DCore",
            "Qt3DRender",
            "Qt3DInput",
            "Qt3DLogic",
            "Qt3DAnimation",
            "Qt3DExtras",
            "QtMultimedia",
            "QtMultimediaWidgets",
            "QtSpatialAudio",
            "QtTextToSpeech",
            "QtCharts",
            "QtDataVisualization",
            "QtGraphs",
            "QtGraphsWidgets",
            "QtPdf",
            "QtPdfWidgets",
            "QtDesigner",
            "QtHelp",
            "QtUiTools",
            "QtSql",
            "QtBluetooth",
            "QtNfc",
            "QtPositioning",
            "QtLocation",
            "QtRemoteObjects",
            "QtScxml",
            "QtSensors",
            "QtSerialPort",
            "QtSerialBus",
            "QtStateMachine",
            "QtNetworkAuth",
            "QtAxContainer",
            "QtCanvasPainter",
        )
    ),
)


def _ignored(rel: PurePosixPath) -> bool:
    if any(part in IGNORED_RESOURCE_DIRS for part in rel.parts[:-1]):
        return True
    return any(fnmatch.fnmatch(rel.name, pat) for pat in IGNORED_RESOURCE_FILES)


def resource_files(root: Path = RESOURCES) -> list[PurePosixPath]:
    """Every shippable file under ``root``, as POSIX paths relative to it, sorted."""
    out = []
    for path in sorted(root.rglob("*")):
        if path.is_file():
            rel = PurePosixPath(path.relative_to(root).as_posix())
            if not _ignored(rel):
                out.append(rel)
    return out


def resource_datas(root: Path = RESOURCES) -> list[tuple[str, str]]:
    """PyInstaller ``datas`` entries: (source file, destination folder inside the bundle)."""
    return [
        (str(root / Path(*rel.parts)), str(PurePosixPath(BUNDLE_RESOURCES, *rel.parts[:-1])))
        for rel in resource_files(root)
    ]


def bundle_destination(rel: str | PurePosixPath) -> str:
    """Where resources/<rel> lands inside the bundle (a POSIX path relative to sys._MEIPASS)."""
    return str(PurePosixPath(BUNDLE_RESOURCES, rel))


def keep_toc_entry(dest_name: str) -> bool:
    """False for collected files that are dropped (see DROP_PATTERNS); ``dest_name`` is bundle-relative."""
    dest = dest_name.replace("\\", "/")
    if dest.startswith(BUNDLE_RESOURCES + "/"):
        return True  # our own data is never filtered here (resource_files() decides)
    return not any(fnmatch.fnmatch(dest, pat) for pat in DROP_PATTERNS)


def prune_toc(toc: list[tuple], dropped: set[str]) -> list[tuple]:
    """Remove the SYMLINK entries of a PyInstaller TOC that point at a dropped file.

    PyInstaller 6 puts symbolic links such as ``libQt6Core.so.6 -> PySide6/Qt/lib/libQt6Core.so.6`` at
    the top of ``_internal``; once their target is filtered out they would dangle.
    """
    kept = []
    for entry in toc:
        dest, src, typecode = entry[0], entry[1], entry[2]
        if typecode == "SYMLINK":
            folder = posixpath.dirname(dest.replace("\\", "/"))
            target = posixpath.normpath(posixpath.join(folder, src.replace("\\", "/")))
            if target in dropped:
                continue
        kept.append(entry)
    return kept


def orphaned_libraries(dropped: list[tuple[str, str]], kept: list[tuple[str, str]], needed) -> set[str]:
    """Top-level shared libraries that only dropped binaries needed.

    PyInstaller collects a binary's link-time dependencies as separate top-level entries; dropping the
    binary afterwards would leave them behind. ``dropped`` and ``kept`` are (destination, source) pairs;
    ``needed(source)`` returns the library names (DT_NEEDED) a file links against. A top-level library
    is an orphan when a dropped binary needs it (directly or through other top-level libraries) and no
    kept binary does. Libraries loaded with dlopen() are not NEEDED anywhere, so they are never
    candidates: only what a dropped binary links against is.
    """
    top = {}
    for dest, src in kept:
        d = dest.replace("\\", "/")
        if "/" not in d:
            top[d] = src

    def closure(sources):
        seen, stack = set(), list(sources)
        while stack:
            for name in needed(stack.pop()):
                if name in top and name not in seen:
                    seen.add(name)
                    stack.append(top[name])
        return seen

    candidates = closure(src for _, src in dropped)
    if not candidates:
        return set()
    roots = [src for dest, src in kept if dest.replace("\\", "/") not in candidates]
    return candidates - closure(roots)


def elf_needed(path: str) -> list[str]:
    """DT_NEEDED entries of an ELF file, via binutils' objdump (Linux build hosts)."""
    import subprocess

    out = subprocess.run(["objdump", "-p", path], capture_output=True, text=True, check=False).stdout
    return [line.split()[1] for line in out.splitlines() if line.strip().startswith("NEEDED")]


# --- what the code refers to --------------------------------------------------------------------

_RESOURCE_LITERAL = re.compile(r"^(icons|i18n)/[^/\s]+$")


def _call_name(node: ast.AST) -> str | None:
    if isinstance(node, ast.Call):
        f = node.func
        if isinstance(f, ast.Name):
            return f.id
        if isinstance(f, ast.Attribute):
            return f.attr
    return None


def _resource_call_names(node: ast.AST) -> list[str]:
    """resource("name") and resources.resource("name"); an f-string gives its folder and suffix."""
    if not isinstance(node, ast.Call) or _call_name(node) != "resource" or not node.args:
        return []
    arg = node.args[0]
    if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
        return [arg.value]
    if not (isinstance(arg, ast.JoinedStr) and arg.values and isinstance(arg.values[0], ast.Constant)):
        return []
    head = str(arg.values[0].value)
    if "/" not in head:
        return []
    folder = head.rsplit("/", 1)[0]
    tail = arg.values[-1]
    text = str(tail.value) if isinstance(tail, ast.Constant) else ""
    suffix = "." + text.rsplit(".", 1)[1] if "." in text and "/" not in text else ""
    return [f"{folder}/*{suffix}"]


def _folder_join_names(node: ast.AST) -> list[str]:
    """resources_dir() / "x" and mnist_dir() / "x"."""
    if not (isinstance(node, ast.BinOp) and isinstance(node.op, ast.Div)):
        return []
    base, right = _call_name(node.left), node.right
    if base in ("resources_dir", "mnist_dir") and isinstance(right, ast.Constant) and isinstance(right.value, str):
        return [("mnist/" if base == "mnist_dir" else "") + right.value]
    return []


def _literal_names(node: ast.AST, in_fstrings: set[int]) -> list[str]:
    """ "icons/x.png" and "i18n/x.qm" literals (not parts of f-strings)."""
    if (
        isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and id(node) not in in_fstrings
        and _RESOURCE_LITERAL.match(node.value)
    ):
        return [node.value]
    return []


def _resources_module_names(node: ast.AST) -> list[str]:
    """DEFAULT_MODEL_NAME = "digitpad-default.keras" and friends in resources.py."""
    if not (
        isinstance(node, ast.Assign) and isinstance(node.value, ast.Constant) and isinstance(node.value.value, str)
    ):
        return []
    return [node.value.value for t in node.targets if isinstance(t, ast.Name) and t.id.endswith(("_NAME", "_FILE"))]


def referenced_resources(package: Path = REPO_ROOT / "digitpad") -> dict[str, list[str]]:
    """Resource names (relative to resources/) the code refers to, each with where it was seen.

    Names ending in "/" are folders that must exist and hold at least one file; a name ending in
    "/*.qm" means the folder must hold at least one such file (an f-string such as
    ``resource(f"i18n/digitpad_{lang}.qm")`` cannot be resolved further).
    """
    refs: dict[str, list[str]] = {}
    for py in sorted(package.rglob("*.py")):
        rel = py.relative_to(package.parent).as_posix()
        tree = ast.parse(py.read_text(encoding="utf-8"), filename=rel)
        is_resources_module = rel == "digitpad/core/resources.py"
        in_fstrings = {id(v) for n in ast.walk(tree) if isinstance(n, ast.JoinedStr) for v in n.values}
        for node in ast.walk(tree):
            names = [*_resource_call_names(node), *_folder_join_names(node)]
            # any call of mnist_dir(): the four IDX files must be there (the names data.py accepts)
            if _call_name(node) == "mnist_dir" and not is_resources_module:
                names.append("mnist/")
            names += _literal_names(node, in_fstrings)
            if is_resources_module:
                names += _resources_module_names(node)
            for name in names:
                refs.setdefault(name, []).append(f"{rel}:{getattr(node, 'lineno', '?')}")
    return refs


def idx_file_choices(package: Path = REPO_ROOT / "digitpad") -> dict[str, list[str]]:
    """The accepted file names of each of the four MNIST IDX files, read from data.py's _IDX_STEMS."""
    tree = ast.parse((package / "core" / "data.py").read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign) and any(isinstance(t, ast.Name) and t.id == "_IDX_STEMS" for t in node.targets):
            stems = ast.literal_eval(node.value)
            return {key: [s + ext for s in names for ext in (".gz", "")] for key, names in stems.items()}
    raise LookupError("digitpad/core/data.py no longer defines _IDX_STEMS; update packaging/pyinstaller/bundle_data.py")


def missing_resources(root: Path = RESOURCES, package: Path = REPO_ROOT / "digitpad") -> list[str]:
    """Referenced or packaging-required resources that are not in ``root``; empty when all is well."""
    files = {str(p) for p in resource_files(root)}
    missing = []
    wanted = dict(referenced_resources(package))
    for name in PACKAGING_RESOURCES:
        wanted.setdefault(name, ["packaging"])
    for name, where in sorted(wanted.items()):
        if name == "mnist/":
            for key, choices in idx_file_choices(package).items():
                if not any(f"mnist/{c}" in files for c in choices):
                    missing.append(f"mnist/{choices[0]} (MNIST {key}; used at {where[0]})")
            continue
        if "*" in name:
            folder, pattern = name.rsplit("/", 1)
            if not any(fnmatch.fnmatch(f, f"{folder}/{pattern}") for f in files):
                missing.append(f"{name} (used at {where[0]})")
            continue
        if name.endswith("/"):
            if not any(f.startswith(name) for f in files):
                missing.append(f"{name} (used at {where[0]})")
            continue
        if name not in files and not any(f.startswith(name.rstrip("/") + "/") for f in files):
            missing.append(f"{name} (used at {where[0]})")
    return missing


def read_version(init_file: Path = REPO_ROOT / "digitpad" / "__init__.py") -> str:
    """digitpad.__version__, read without importing the package; must be plain X.Y.Z."""
    match = re.search(r'^__version__\s*=\s*["\']([^"\']+)["\']', init_file.read_text(encoding="utf-8"), re.M)
    if not match:
        raise ValueError(f"{init_file}: no __version__ = '...' line")
    version = match.group(1)
    if not re.fullmatch(r"\d+\.\d+\.\d+", version):
        raise ValueError(f"digitpad.__version__ is {version!r}; installers need plain X.Y.Z")
    return version
