"""Quick checks that the installers still match the code (no build; a few seconds).

The full Linux build (``bash packaging/linux/build.sh``) takes minutes and a gigabyte of disk; these
tests catch the usual drift without it: a resource the code loads that the bundle would not carry, a
lazily imported module that does not exist, an installer script that lost its upgrade GUID or its
per-machine setting, a requirement that is no longer pinned.
"""

from __future__ import annotations

import ast
import configparser
import re
import shutil
import subprocess
import sys
from pathlib import Path, PurePosixPath

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGING = ROOT / "packaging"
SPEC = PACKAGING / "pyinstaller" / "digitpad.spec"
ISS = PACKAGING / "windows" / "digitpad.iss"
LOCK = PACKAGING / "requirements-lock.txt"
DESKTOP = PACKAGING / "linux" / "digitpad.desktop"
ADMIN_DOC = ROOT / "docs" / "administrators.md"

sys.path.insert(0, str(PACKAGING / "pyinstaller"))
import bundle_data  # noqa: E402

# --- the PyInstaller spec -------------------------------------------------------------------------


def _spec_tree() -> ast.Module:
    return ast.parse(SPEC.read_text(encoding="utf-8"), filename=str(SPEC))


def _calls(tree: ast.AST, name: str) -> list[ast.Call]:
    return [n for n in ast.walk(tree) if isinstance(n, ast.Call) and isinstance(n.func, ast.Name) and n.func.id == name]


def _kw(call: ast.Call, name: str) -> ast.AST | None:
    return next((k.value for k in call.keywords if k.arg == name), None)


def test_spec_is_python_and_bundles_the_resources_folder():
    tree = _spec_tree()
    (analysis,) = _calls(tree, "Analysis")
    datas = _kw(analysis, "datas")
    assert ast.unparse(datas).startswith("bundle_data.resource_datas()"), (
        "Analysis(datas=...) must take the whole resources/ tree"
    )
    assert bundle_data.BUNDLE_RESOURCES == "resources"  # digitpad/core/resources.py: Path(sys._MEIPASS) / "resources"
    resources_py = (ROOT / "digitpad" / "core" / "resources.py").read_text(encoding="utf-8")
    assert 'Path(bundle) / "resources"' in resources_py, "the code no longer looks for resources/ in the bundle"


def test_spec_builds_one_folder_windowed_app_with_macos_bundle():
    tree = _spec_tree()
    exe_calls = _calls(tree, "EXE")
    assert exe_calls, "no EXE() in the spec"
    for call in exe_calls:
        assert ast.literal_eval(_kw(call, "exclude_binaries")) is True, "one-folder builds keep binaries out of the exe"
        assert ast.unparse(_kw(call, "upx")) == "False"
    # The windowed executable is called "digitpad"; only the Windows console twin has console=True.
    text = SPEC.read_text(encoding="utf-8")
    assert '_exe("digitpad", console=False)' in text
    assert _calls(tree, "COLLECT"), "one-folder builds end in COLLECT"
    (bundle,) = _calls(tree, "BUNDLE")
    assert ast.literal_eval(_kw(bundle, "bundle_identifier")) == "org.digitpad.digitpad"
    assert ast.unparse(_kw(bundle, "version")) == "VERSION"
    assert ast.unparse(_kw(bundle, "icon")) == "icon"
    assert 'ICONS / "digitpad.ico"' in text and 'ICONS / "digitpad.icns"' in text


def test_every_resource_file_is_mapped_into_the_bundle():
    files = bundle_data.resource_files()
    assert files, "resources/ is empty"
    datas = bundle_data.resource_datas()
    mapped = {(Path(src).resolve(), dest) for src, dest in datas}
    for rel in files:
        src = (bundle_data.RESOURCES / Path(*rel.parts)).resolve()
        dest = str(PurePosixPath("resources", *rel.parts[:-1]))
        assert (src, dest) in mapped, f"resources/{rel} is not in the bundle's datas"
    # and every tracked file under resources/ is one of them (nothing silently ignored)
    if shutil.which("git") and (ROOT / ".git").exists():
        out = subprocess.run(["git", "ls-files", "resources"], cwd=ROOT, capture_output=True, text=True, check=True)
        tracked = {PurePosixPath(p).relative_to("resources") for p in out.stdout.split()}
        assert tracked <= set(files), f"tracked but not shipped: {sorted(map(str, tracked - set(files)))}"


def test_resource_mapping_keeps_structure_and_skips_litter(tmp_path):
    (tmp_path / "mnist").mkdir()
    (tmp_path / "mnist" / "a.gz").write_bytes(b"x")
    (tmp_path / "icons").mkdir()
    (tmp_path / "icons" / "app.png").write_bytes(b"x")
    (tmp_path / "icons" / ".DS_Store").write_bytes(b"x")
    (tmp_path / "__pycache__").mkdir()
    (tmp_path / "__pycache__" / "x.pyc").write_bytes(b"x")
    (tmp_path / "model.keras").write_bytes(b"x")
    datas = sorted((Path(s).relative_to(tmp_path).as_posix(), d) for s, d in bundle_data.resource_datas(tmp_path))
    assert datas == [
        ("icons/app.png", "resources/icons"),
        ("mnist/a.gz", "resources/mnist"),
        ("model.keras", "resources"),
    ]


@pytest.mark.parametrize(
    ("dest", "kept"),
    [
        ("tensorflow/include/tensorflow/core/framework/tensor.h", False),
        ("tensorflow/include/third_party/eigen3/Eigen/Core", False),
        ("numpy/_core/tests/data/umath-validation-set-exp.csv", False),
        ("PySide6/Qt/plugins/platforms/libqeglfs.so", False),
        ("PySide6/Qt/plugins/designer/libqpyqmlplugin.so", False),
        ("PySide6/Qt/plugins/platforms/libqxcb.so", True),
        ("PySide6/Qt/plugins/platforms/libqoffscreen.so", True),
        ("PySide6/Qt/plugins/platforms/libqwayland.so", True),
        ("tensorflow/libtensorflow_cc.so.2", True),
        ("tensorflow/compiler/tf2xla/ops/_xla_ops.so", False),
        ("tensorflow/python/profiler/internal/_pywrap_profiler_plugin.so", True),  # loaded by every import
        ("ai_edge_litert/libpywrap_litert_common.so", True),
        ("resources/mnist/train-images-idx3-ubyte.gz", True),
        ("resources/tests/anything.h", True),  # our own data is never filtered by these rules
    ],
)
def test_bundle_filters(dest, kept):
    assert bundle_data.keep_toc_entry(dest) is kept
    assert bundle_data.keep_toc_entry(dest.replace("/", "\\")) is kept  # Windows TOC names


def test_spec_excludes_unused_heavy_modules():
    excluded = set(bundle_data.EXCLUDED_MODULES)
    for name in (
        "tkinter",
        "tensorboard",
        "PySide6.QtWebEngineCore",
        "PySide6.QtQml",
        "PySide6.QtQuick",
        "PySide6.Qt3DCore",
        "PySide6.QtMultimedia",
    ):
        assert name in excluded
    # never exclude what the app imports
    used = set()
    for py in (ROOT / "digitpad").rglob("*.py"):
        for node in ast.walk(ast.parse(py.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                used.update(a.name for a in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                used.add(node.module)
                used.update(f"{node.module}.{a.name}" for a in node.names)
    clash = sorted(u for u in used for e in excluded if u == e or u.startswith(e + "."))
    assert not clash, f"the spec excludes modules digitpad imports: {clash}"


# --- the code's resources and modules exist -------------------------------------------------------


def test_resource_scanner_finds_every_kind_of_reference(tmp_path):
    pkg = tmp_path / "digitpad"
    (pkg / "core").mkdir(parents=True)
    (pkg / "ui").mkdir()
    (pkg / "core" / "resources.py").write_text(
        'DEFAULT_MODEL_NAME = "model.keras"\nOTHER = "not-a-resource.txt"\n'
        'def mnist_dir():\n    return resources_dir() / "mnist"\n',
        encoding="utf-8",
    )
    (pkg / "core" / "data.py").write_text('_IDX_STEMS = {"a": ("a-file",)}\nx = mnist_dir()\n', encoding="utf-8")
    (pkg / "ui" / "w.py").write_text(
        "from digitpad.core.resources import resource\n"
        'i = resource("icons/app.png")\nj = resources.resource(f"i18n/digitpad_{lang}.qm")\n'
        'k = "icons/other.svg"\nm = mnist_dir() / "README.md"\n',
        encoding="utf-8",
    )
    refs = bundle_data.referenced_resources(pkg)
    assert set(refs) == {
        "model.keras",
        "mnist",
        "mnist/",
        "icons/app.png",
        "i18n/*.qm",
        "icons/other.svg",
        "mnist/README.md",
    }
    res = tmp_path / "resources"
    for name in (
        "model.keras",
        "icons/app.png",
        "icons/other.svg",
        "i18n/digitpad_de.qm",
        "mnist/a-file.gz",
        "mnist/README.md",
        *bundle_data.PACKAGING_RESOURCES,
    ):
        (res / name).parent.mkdir(parents=True, exist_ok=True)
        (res / name).write_bytes(b"x")
    assert bundle_data.missing_resources(res, pkg) == []
    (res / "i18n" / "digitpad_de.qm").unlink()
    (res / "mnist" / "a-file.gz").unlink()
    missing = bundle_data.missing_resources(res, pkg)
    assert any(m.startswith("i18n/*.qm") for m in missing) and any(m.startswith("mnist/a-file.gz") for m in missing)


def test_every_resource_the_code_refers_to_exists():
    missing = bundle_data.missing_resources()
    assert not missing, "resources the code or the installers need are missing from resources/:\n  " + "\n  ".join(
        missing
    )


def _module_exists(name: str) -> bool:
    base = ROOT / Path(*name.split("."))
    return base.with_suffix(".py").is_file() or (base / "__init__.py").is_file()


def test_every_digitpad_module_imported_anywhere_exists():
    """The spec collects digitpad's submodules; a lazy import of a module that is not there would only
    fail in a classroom (PyInstaller just warns)."""
    problems = []
    for py in sorted((ROOT / "digitpad").rglob("*.py")):
        for node in ast.walk(ast.parse(py.read_text(encoding="utf-8"))):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            for name in names:
                if (
                    (name == "digitpad" or name.startswith("digitpad."))
                    and not name.startswith("digitpad._resources")
                    and not _module_exists(name)
                ):
                    problems.append(f"{py.relative_to(ROOT)}:{node.lineno} imports {name}")
    assert not problems, "imports of digitpad modules that do not exist:\n  " + "\n  ".join(problems)


def test_entry_point_matches_the_spec_entry_script():
    text = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert re.search(r'^digitpad\s*=\s*"digitpad\.__main__:main"', text, re.M)
    main_tree = ast.parse((ROOT / "digitpad" / "__main__.py").read_text(encoding="utf-8"))
    assert any(isinstance(n, ast.FunctionDef) and n.name == "main" for n in main_tree.body)
    entry = (PACKAGING / "pyinstaller" / "entry.py").read_text(encoding="utf-8")
    assert "from digitpad.__main__ import main" in entry and "sys.exit(main())" in entry


def test_version_is_plain_and_consistent():
    version = bundle_data.read_version()
    assert re.fullmatch(r"\d+\.\d+\.\d+", version)
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    m = re.search(r'^version\s*=\s*"([^"]+)"', pyproject, re.M)
    assert m is None or m.group(1) == version, "pyproject.toml and digitpad.__version__ disagree"


# --- icons -----------------------------------------------------------------------------------------


def test_icons_exist_in_every_format_and_match_the_generator():
    from PIL import Image

    icons = ROOT / "resources" / "icons"
    with Image.open(icons / "digitpad.png") as im:
        assert im.size == (256, 256) and im.mode == "RGBA"
    with Image.open(icons / "digitpad-512.png") as im:
        assert im.size == (512, 512)
    with Image.open(icons / "digitpad.ico") as im:
        assert {(16, 16), (32, 32), (48, 48), (256, 256)} <= set(im.info["sizes"])
    with Image.open(icons / "digitpad.icns") as im:
        assert (512, 512, 2) in im.info["sizes"] or (1024, 1024) in {s[:2] for s in im.info["sizes"]}
    # regenerating gives the same bytes (the generator is the source of truth)
    rc = subprocess.run([sys.executable, str(PACKAGING / "make_icons.py"), "--check"], cwd=ROOT, check=False).returncode
    assert rc == 0, "resources/icons/ is out of date: run python packaging/make_icons.py"


# --- Linux -----------------------------------------------------------------------------------------


def test_desktop_file_is_valid():
    if shutil.which("desktop-file-validate"):
        res = subprocess.run(["desktop-file-validate", str(DESKTOP)], capture_output=True, text=True, check=False)
        assert res.returncode == 0 and "error" not in res.stdout, res.stdout + res.stderr
    parser = configparser.ConfigParser(interpolation=None, strict=True)
    parser.optionxform = str  # keys are case-sensitive
    parser.read(DESKTOP, encoding="utf-8")
    entry = parser["Desktop Entry"]
    for key in ("Type", "Name", "Exec", "Icon", "Categories", "Terminal"):
        assert entry.get(key), f"{DESKTOP.name} lacks {key}"
    assert entry["Type"] == "Application" and entry["Terminal"] == "false"
    assert entry["Exec"].split()[0] == "/opt/digitpad/digitpad"  # install.sh's default prefix
    assert entry["Icon"] == "digitpad"  # install.sh installs hicolor/*/apps/digitpad.png
    assert entry["Categories"].endswith(";")
    install = (PACKAGING / "linux" / "install.sh").read_text(encoding="utf-8")
    assert "PREFIX=/opt/digitpad" in install and "apps/digitpad.png" in install and "--uninstall" in install


@pytest.mark.skipif(not shutil.which("bash"), reason="needs bash")
@pytest.mark.parametrize("script", ["linux/build.sh", "linux/install.sh", "macos/build.sh"])
def test_shell_scripts_parse(script):
    res = subprocess.run(["bash", "-n", str(PACKAGING / script)], capture_output=True, text=True, check=False)
    assert res.returncode == 0, res.stderr


@pytest.mark.parametrize("script", ["linux/build.sh", "macos/build.sh", "windows/build.ps1"])
def test_build_scripts_end_with_the_self_test(script):
    text = (PACKAGING / script).read_text(encoding="utf-8")
    tail = text[int(len(text) * 0.6) :]
    if script.endswith(".ps1"):  # the self-test lives in a function, called last
        assert "--self-test" in text and re.search(r"^Invoke-SelfTest -Folder \$AppDir", tail, re.M), (
            f"{script} must end by running the built app's --self-test"
        )
    else:
        assert "--self-test" in tail, f"{script} must end by running the built app's --self-test"
    assert "requirements-lock.txt" in text and "--only-binary=:all:" in text


# --- Windows ---------------------------------------------------------------------------------------


def _iss_setup() -> dict[str, str]:
    section, setup = None, {}
    for raw in ISS.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line or line.startswith(";"):
            continue
        if line.startswith("[") and line.endswith("]"):
            section = line[1:-1]
        elif section == "Setup" and "=" in line:
            key, value = line.split("=", 1)
            setup[key.strip()] = value.strip()
    return setup


def test_inno_setup_script_is_per_machine_with_fixed_appid_and_version_define():
    text = ISS.read_text(encoding="utf-8")
    setup = _iss_setup()
    guid = r"[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}"
    assert re.fullmatch(r"\{\{" + guid + r"\}", setup["AppId"]), setup["AppId"]
    assert setup["PrivilegesRequired"] == "admin"
    assert "PrivilegesRequiredOverridesAllowed" not in setup  # no per-user install mode
    assert setup["AppVersion"] == "{#AppVersion}"
    assert setup["VersionInfoVersion"] == "{#AppVersion}"
    assert "{#AppVersion}" in setup["OutputBaseFilename"]
    assert re.search(r"^#ifndef AppVersion\s*\n\s*#error", text, re.M), "ISCC must refuse to build without /DAppVersion"
    assert setup["ArchitecturesInstallIn64BitMode"] == "x64compatible"
    assert setup["DefaultDirName"] == r"{autopf}\digitpad"
    assert re.search(r'^Name: "\{autoprograms\}\\digitpad"; Filename: "\{app\}\\digitpad\.exe"', text, re.M)
    assert re.search(r'^Source: "\{#AppDir\}\\\*";.*recursesubdirs', text, re.M)
    ps1 = (PACKAGING / "windows" / "build.ps1").read_text(encoding="utf-8")
    assert "/DAppVersion=$Version" in ps1 and "digitpad.iss" in ps1


def test_admin_page_agrees_with_the_installers():
    doc = ADMIN_DOC.read_text(encoding="utf-8")
    guid = _iss_setup()["AppId"].strip("{}")
    assert guid in doc, "docs/administrators.md must name the uninstall key of the current AppId"
    for flag in (
        "/VERYSILENT",
        "/SUPPRESSMSGBOXES",
        "/NORESTART",
        "unins000.exe",
        "--self-test",
        "install.sh --uninstall",
    ):
        assert flag in doc
    for path in (
        r"HKEY_LOCAL_MACHINE\Software\digitpad\digitpad",
        "/etc/xdg/digitpad/digitpad.conf",
        "/Library/Preferences/com.digitpad.digitpad.plist",
    ):
        assert path in doc


def test_admin_page_lists_every_settings_key_the_app_reads():
    keys = set()
    for py in (ROOT / "digitpad").rglob("*.py"):
        keys.update(
            re.findall(
                r'"((?:training|regularization|canvas|window|files|view|data|model)/[a-z_]+)"',
                py.read_text(encoding="utf-8"),
            )
        )
    assert keys, "found no QSettings keys in digitpad/"
    doc = ADMIN_DOC.read_text(encoding="utf-8")
    undocumented = sorted(k for k in keys if f"`{k}`" not in doc)
    assert not undocumented, f"docs/administrators.md does not list these settings keys: {undocumented}"


# --- the lock file ---------------------------------------------------------------------------------

_LINE = re.compile(r"^(?P<name>[A-Za-z0-9][A-Za-z0-9._-]*)==(?P<version>[0-9][^\s;]*)\s*(;\s*(?P<marker>.+))?$")
_ENVS = {
    "linux-x86_64": {"sys_platform": "linux", "platform_system": "Linux", "platform_machine": "x86_64"},
    "windows-amd64": {"sys_platform": "win32", "platform_system": "Windows", "platform_machine": "AMD64"},
    "macos-arm64": {"sys_platform": "darwin", "platform_system": "Darwin", "platform_machine": "arm64"},
}


def _lock_entries():
    entries = []
    for raw in LOCK.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        m = _LINE.match(line)
        assert m, f"not pinned with == (or malformed): {line!r}"
        entries.append((m["name"], m["version"], m["marker"]))
    return entries


def _norm(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def test_lock_file_pins_everything_once_per_platform():
    markers = pytest.importorskip("packaging.markers")
    entries = _lock_entries()
    assert len(entries) > 20
    for env_name, platform_env in _ENVS.items():
        env = {
            **platform_env,
            "python_version": "3.11",
            "python_full_version": "3.11.7",
            "implementation_name": "cpython",
            "platform_python_implementation": "CPython",
            "os_name": "nt" if platform_env["sys_platform"] == "win32" else "posix",
        }
        chosen = {}
        for name, version, marker in entries:
            if marker is None or markers.Marker(marker).evaluate(env):
                assert _norm(name) not in chosen, f"{name} pinned twice for {env_name}"
                chosen[_norm(name)] = version
        assert chosen.get("pyinstaller") == "6.22.3"
        assert ("tensorflow-cpu" in chosen) == (env_name == "linux-x86_64")
        assert ("tensorflow" in chosen) == (env_name != "linux-x86_64")
        assert ("pefile" in chosen) == (env_name == "windows-amd64")
        assert ("macholib" in chosen) == (env_name == "macos-arm64")


def test_lock_file_satisfies_the_app_requirements():
    requirements = pytest.importorskip("packaging.requirements")
    tomllib = pytest.importorskip("tomllib")
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    # The installers carry the ONNX export too: the `onnx` extra must be pinned like the dependencies.
    deps = project["dependencies"] + project["optional-dependencies"]["onnx"]
    pins = {}
    for name, version, marker in _lock_entries():
        pins.setdefault(_norm(name), []).append((version, marker))
    for dep in deps:
        req = requirements.Requirement(dep)
        assert _norm(req.name) in pins, f"{req.name} (a dependency in pyproject.toml) is not in the lock file"
        for version, _marker in pins[_norm(req.name)]:
            assert req.specifier.contains(version, prereleases=True), (
                f"lock pins {req.name}=={version}, pyproject wants {req.specifier}"
            )
