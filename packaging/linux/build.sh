#!/usr/bin/env bash
# Build digitpad's Linux bundle: a PyInstaller one-folder app in dist/digitpad-X.Y.Z-linux-x86_64.tar.gz
# with a .desktop file, the icon, install.sh (system-wide to /opt/digitpad) and a README for IT staff.
#
# Usage, from anywhere in a clone (the script works from the repository root):
#     bash packaging/linux/build.sh
#
# Needs: Linux x86_64, Python 3.11 with venv (PYTHON=/path/to/python3.11 to choose one), the X11
# libraries Qt's xcb plugin loads (they are copied into the bundle; see README-linux.md), tar, gzip,
# binutils (strip and objdump; without them TensorFlow stays unstripped and the dropped Qt plugins'
# libraries stay in), about 5 GB of free disk. Network: PyPI (or a mirror pip is configured for) for
# the pinned wheels; the checks at the end run without network where `unshare --net` is allowed.
# Optional: xvfb-run and xwininfo (Debian: xvfb xauth x11-utils) to open and time the real window.
#
# Environment:
#     PYTHON=python3.11                    interpreter for the build venv (default: python3)
#     DIGITPAD_REUSE_VENV=1                keep build/linux/venv if it exists (faster rebuilds while
#                                          working on the spec; release builds leave it unset)
#     DIGITPAD_STRIP=0                     keep TensorFlow's symbol tables (default: strip them, ~200 MB less)
#     DIGITPAD_ALLOW_MISSING_XCB=1         build even if the build host lacks some of Qt's X11 libraries
#     DIGITPAD_ALLOW_INCOMPLETE_RESOURCES=1  build even if a resource the code refers to is missing
#     SOURCE_DATE_EPOCH                    timestamp for the files in the tarball (default: last commit)
#
# It ends by unpacking the tarball and running the unpacked app: --version, a small training run and an
# evaluation, the --self-test without a screen (QT_QPA_PLATFORM=offscreen), the window on Xvfb; then
# it prints the build time, the sizes and the start-up times, and fails unless all of that passed.
# About 4 minutes on 2 cores (measured: 235 s).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"
PYTHON="${PYTHON:-python3}"
BUILD="$ROOT/build/linux"
VENV="$BUILD/venv"
T0=$(date +%s)

say() { printf '\n==> %s\n' "$*"; }
die() { printf 'build.sh: %s\n' "$*" >&2; exit 1; }

[ "$(uname -s)" = Linux ] || die "this script builds the Linux bundle; use packaging/windows/build.ps1 or packaging/macos/build.sh elsewhere"
[ "$(uname -m)" = x86_64 ] || die "only x86_64 is supported (the lock file pins tensorflow-cpu, an x86_64 wheel)"
PYVER="$("$PYTHON" -c 'import sys; print("%d.%d" % sys.version_info[:2])')" || die "cannot run $PYTHON"
[ "$PYVER" = 3.11 ] || die "packaging/requirements-lock.txt is pinned for Python 3.11; $PYTHON is $PYVER (set PYTHON=...)"

VERSION="$("$PYTHON" -c 'import sys; sys.path.insert(0, "packaging/pyinstaller"); import bundle_data; print(bundle_data.read_version())')"
NAME="digitpad-$VERSION-linux-x86_64"
STAGE="$BUILD/stage/$NAME"
TARBALL="$ROOT/dist/$NAME.tar.gz"
export SOURCE_DATE_EPOCH="${SOURCE_DATE_EPOCH:-$(git log -1 --format=%ct 2>/dev/null || date +%s)}"
say "digitpad $VERSION: building $NAME.tar.gz"

# --- 1. a clean venv with the pinned versions -------------------------------------------------------
PY="$VENV/bin/python"
if [ "${DIGITPAD_REUSE_VENV:-0}" = 1 ] && [ -x "$PY" ]; then
    say "reusing build/linux/venv (DIGITPAD_REUSE_VENV=1)"
    find "$BUILD" -mindepth 1 -maxdepth 1 ! -name venv -exec rm -rf {} +
else
    say "clean venv in build/linux/venv"
    rm -rf "$BUILD"
    mkdir -p "$BUILD"
    "$PYTHON" -m venv "$VENV"
fi
mkdir -p "$ROOT/dist"
"$PY" -m pip install --quiet --disable-pip-version-check --only-binary=:all: -r packaging/requirements-lock.txt
"$PY" -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation "$ROOT"
"$PY" -m pip check
rm -rf "$ROOT/build/lib" "$ROOT/build/bdist."* "$ROOT"/*.egg-info  # setuptools' in-tree leftovers
T_VENV=$(date +%s)

# --- 2. Qt's X11 libraries on the build host (PyInstaller copies the ones it finds) -----------------
QXCB="$("$PY" -c 'import PySide6, pathlib; print(pathlib.Path(PySide6.__file__).parent / "Qt/plugins/platforms/libqxcb.so")')"
MISSING_LIBS="$(ldd "$QXCB" | awk '/not found/ {print $1}' | sort -u | tr '\n' ' ')"
if [ -n "$MISSING_LIBS" ]; then
    msg="the build host lacks libraries of Qt's xcb plugin: $MISSING_LIBS
  Debian/Ubuntu: sudo apt-get install libxcb-cursor0 libxcb-icccm4 libxcb-image0 libxcb-keysyms1 libxcb-randr0 \\
      libxcb-render-util0 libxcb-shape0 libxcb-xkb1 libxkbcommon-x11-0 libegl1 libgl1 libfontconfig1 libdbus-1-3"
    if [ "${DIGITPAD_ALLOW_MISSING_XCB:-0}" = 1 ]; then
        echo "build.sh: WARNING: $msg (continuing: target machines must then have them installed)" >&2
    else
        die "$msg"
    fi
fi

# --- 3. PyInstaller ---------------------------------------------------------------------------------
say "PyInstaller (one-folder, windowed)"
# Run from build/linux so that the installed copy of digitpad is analysed, not the source tree.
(cd "$BUILD" && TF_CPP_MIN_LOG_LEVEL=2 "$PY" -m PyInstaller --noconfirm --clean --log-level WARN \
    --distpath "$BUILD/dist" --workpath "$BUILD/work" "$ROOT/packaging/pyinstaller/digitpad.spec")
APP="$BUILD/dist/digitpad"
[ -x "$APP/digitpad" ] || die "PyInstaller did not produce $APP/digitpad"
T_PYI=$(date +%s)

# --- 4. strip TensorFlow's symbol tables (not its dynamic symbols) ------------------------------------
if [ "${DIGITPAD_STRIP:-1}" = 1 ] && command -v strip >/dev/null; then
    say "stripping symbol tables of TensorFlow's shared libraries"
    before=$(du -sb "$APP" | cut -f1)
    find "$APP/_internal/tensorflow" -type f \( -name '*.so' -o -name '*.so.*' \) -print0 |
        xargs -0 -r strip --strip-unneeded
    after=$(du -sb "$APP" | cut -f1)
    echo "saved $(( (before - after) / 1048576 )) MiB"
fi

# --- 5. the tarball ---------------------------------------------------------------------------------
say "assembling $NAME"
mkdir -p "$STAGE"
cp -a "$APP" "$STAGE/digitpad"
cp packaging/linux/digitpad.desktop "$STAGE/digitpad.desktop"
cp resources/icons/digitpad.png "$STAGE/digitpad.png"
cp resources/icons/digitpad-512.png "$STAGE/digitpad-512.png"
install -m 0755 packaging/linux/install.sh "$STAGE/install.sh"
GLIBC=$(find "$APP" -type f \( -name '*.so*' -o -name digitpad \) -print0 |
    xargs -0 objdump -T 2>/dev/null | grep -o 'GLIBC_[0-9.]*' | sort -u -V | tail -1 | sed 's/GLIBC_//' || true)
DISK="$(du -sh "$APP" | cut -f1 | sed 's/\([KMGT]\)$/ \1B/')"
sed -e "s/@VERSION@/$VERSION/g" -e "s/@GLIBC@/${GLIBC:-2.34}/g" -e "s/@DISK@/$DISK/g" packaging/linux/README-linux.md > "$STAGE/README.md"
cp resources/mnist/README.md "$STAGE/MNIST-LICENSE.md"
if command -v desktop-file-validate >/dev/null; then desktop-file-validate "$STAGE/digitpad.desktop"; fi
rm -f "$TARBALL"
# Reproducible archive: sorted names, fixed owner and times, no gzip timestamp.
tar --sort=name --owner=0 --group=0 --numeric-owner --mtime="@$SOURCE_DATE_EPOCH" \
    -C "$BUILD/stage" -cf - "$NAME" | gzip -n -6 > "$TARBALL"
(cd "$ROOT/dist" && sha256sum "$NAME.tar.gz" > "$NAME.tar.gz.sha256")
T_TAR=$(date +%s)

# --- 6. check what ships: unpack and run the unpacked app's self-test without a screen ---------------
say "unpacking the tarball and running its --self-test (QT_QPA_PLATFORM=offscreen)"
VERIFY="$BUILD/verify"
rm -rf "$VERIFY" && mkdir -p "$VERIFY"
tar -C "$VERIFY" -xzf "$TARBALL"
RUN="$VERIFY/$NAME/digitpad/digitpad"
DATA="$(mktemp -d)"
trap 'rm -rf "$DATA"' EXIT
export QT_QPA_PLATFORM=offscreen DIGITPAD_DATA_DIR="$DATA"

now_ms() { echo $(( $(date +%s%N) / 1000000 )); }
fmt_s() { printf '%d.%02d' $(( $1 / 1000 )) $(( ($1 % 1000) / 10 )); }
timed() {  # timed VAR command...: run, keep its output, store the wall time in VAR
    local var=$1; shift
    local s; s=$(now_ms)
    "$@"
    local rc=$?
    printf -v "$var" '%s' "$(fmt_s $(( $(now_ms) - s )))"
    return $rc
}
# The checks run with no network at all when the host allows a private network namespace (root, or
# unprivileged user namespaces): digitpad must not need one.
NONET=()
if command -v unshare >/dev/null && unshare --net true 2>/dev/null; then
    NONET=(unshare --net)
elif command -v unshare >/dev/null && unshare --user --map-root-user --net true 2>/dev/null; then
    NONET=(unshare --user --map-root-user --net)
fi
if [ ${#NONET[@]} -gt 0 ]; then
    NET_NOTE="none: the smoke tests and the self-test ran under: ${NONET[*]}"
else
    NET_NOTE="the host network (unshare is not available here)"
fi
echo "network for the checks: $NET_NOTE"
set +e
timed T_VERSION "$RUN" --version || die "the bundle does not start: $RUN --version failed"
timed T_VERSION2 "$RUN" --version >/dev/null
# TensorFlow, Keras and the bundled MNIST, end to end: a tiny training run and an evaluation.
timed T_TRAIN "${NONET[@]}" "$RUN" train --train-samples 512 --epochs 1 --quiet -o "$DATA/smoke.keras" \
    || die "the bundle's 'train' smoke test failed (TensorFlow/Keras import or the bundled MNIST)"
timed T_EVAL "${NONET[@]}" "$RUN" evaluate "$DATA/smoke.keras" >/dev/null || die "the bundle's 'evaluate' smoke test failed"
timed T_SELFTEST "${NONET[@]}" "$RUN" --self-test
SELFTEST_RC=$?

# The real window on an X server (Xvfb), through Qt's xcb plugin and the bundled X11 libraries:
# the time from launch until the main window is mapped, then a few seconds of running.
T_WINDOW="not measured (needs xvfb-run and xwininfo: apt-get install xvfb xauth x11-utils)"
if command -v xvfb-run >/dev/null && command -v xwininfo >/dev/null; then
    say "X11 check under Xvfb (QT_QPA_PLATFORM=xcb)"
    T_WINDOW="$(QT_QPA_PLATFORM=xcb xvfb-run -a -s "-screen 0 1366x768x24" bash -c '
        start=$(date +%s%N)
        "$1" & pid=$!
        for _ in $(seq 600); do
            if xwininfo -root -tree 2>/dev/null | grep -q "\"digitpad\""; then
                shown=$(( ($(date +%s%N) - start) / 1000000 ))
                sleep 5
                if kill -0 $pid 2>/dev/null; then
                    kill $pid; wait $pid 2>/dev/null
                    printf "%d.%02d s to the main window (then ran 5 s)" $((shown / 1000)) $(((shown % 1000) / 10))
                    exit 0
                fi
                echo "FAILED: the app exited within 5 s of showing its window"; exit 1
            fi
            kill -0 $pid 2>/dev/null || { echo "FAILED: the app exited before showing a window"; exit 1; }
            sleep 0.1
        done
        kill $pid; echo "FAILED: no window within 60 s"; exit 1' _ "$RUN")" || true
    echo "window: $T_WINDOW"
fi
set -e
case "$T_WINDOW" in FAILED*) die "the bundle's window did not start under Xvfb: $T_WINDOW (see $DATA/logs/digitpad.log)";; esac
if [ -f "$DATA/logs/digitpad.log" ]; then
    echo "(log file written: \$DIGITPAD_DATA_DIR/logs/digitpad.log, $(wc -l < "$DATA/logs/digitpad.log") lines)"
    grep -E "window shown|ERROR|Traceback" "$DATA/logs/digitpad.log" | tail -5 || true
fi

# --- 7. report ----------------------------------------------------------------------------------------
T_END=$(date +%s)
say "done"
cat <<EOF
digitpad $VERSION, Linux x86_64
  tarball:           dist/$NAME.tar.gz  $(du -h "$TARBALL" | cut -f1)  ($(stat -c %s "$TARBALL") bytes)
  unpacked app:      $(du -sh "$VERIFY/$NAME/digitpad" | cut -f1)  ($(find "$VERIFY/$NAME/digitpad" -type f | wc -l) files)
  needs glibc:       ${GLIBC:-unknown} or newer (the newest GLIBC_ symbol version its files use)
  build time:        $((T_END - T0)) s  (venv $((T_VENV - T0)) s, PyInstaller $((T_PYI - T_VENV)) s, tarball $((T_TAR - T_PYI)) s, checks $((T_END - T_TAR)) s)
  start-up:          --version ${T_VERSION} s (first run after unpacking), ${T_VERSION2} s (again)
  smoke tests:       train (TensorFlow import, 512 MNIST images, 1 epoch) ${T_TRAIN} s; evaluate ${T_EVAL} s
  X11 window:        $T_WINDOW
  --self-test:       exit status $SELFTEST_RC in ${T_SELFTEST} s
  network:           $NET_NOTE
EOF
echo
echo "What each part of the unpacked app costs (packaging/bundle_sizes.py):"
"$PY" packaging/bundle_sizes.py "$VERIFY/$NAME/digitpad"
[ "$SELFTEST_RC" = 0 ] || die "the bundle's --self-test failed (exit status $SELFTEST_RC)"
