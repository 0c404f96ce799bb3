#!/usr/bin/env bash
# Build digitpad for macOS (Apple Silicon): a PyInstaller .app in dist/digitpad-X.Y.Z-macos-arm64.dmg,
# signed and notarized when the environment asks for it, then the app's --self-test from the DMG.
#
# Usage, on an Apple Silicon Mac (arm64; TensorFlow 2.17+ ships no macOS x86_64 wheels, so there is
# no Intel build), from anywhere in a clone:
#     bash packaging/macos/build.sh
#
# Needs: macOS 13+ on arm64, Python 3.11 arm64 or universal2 (python.org installer or Homebrew;
# PYTHON=/path/to/python3.11), Xcode command line tools (codesign, hdiutil, xcrun), PyPI access.
#
# Signing and notarization (all optional; unset = an ad-hoc signed app for testing only):
#     DIGITPAD_SIGN_IDENTITY="Developer ID Application: School Name (TEAMID1234)"
#         a Developer ID Application certificate in the keychain. PyInstaller then signs every
#         binary inside the app, the executable and the .app itself with
#             codesign -s "$DIGITPAD_SIGN_IDENTITY" --force --all-architectures --timestamp \
#                      --options=runtime --entitlements packaging/macos/entitlements.plist [--deep]
#         (inside-out, file by file: `codesign --deep` alone would miss the Python extension modules
#         that lie in sub-folders of Contents/Frameworks). This script then signs the DMG.
#     DIGITPAD_ENTITLEMENTS=path.plist   other entitlements (default packaging/macos/entitlements.plist)
#     DIGITPAD_NOTARY_PROFILE=profile-name
#         a notarytool keychain profile, created once with
#             xcrun notarytool store-credentials profile-name --apple-id you@school.org --team-id TEAMID1234
#         The app is notarized and stapled first (so that it opens on Macs that are offline when it is
#         first launched), then the DMG is built, signed, notarized and stapled.
#     DIGITPAD_REUSE_VENV=1              keep build/macos/venv between runs (development only)
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"
PYTHON="${PYTHON:-python3.11}"
BUILD="$ROOT/build/macos"
VENV="$BUILD/venv"
PY="$VENV/bin/python"
IDENTITY="${DIGITPAD_SIGN_IDENTITY:-}"
PROFILE="${DIGITPAD_NOTARY_PROFILE:-}"
export DIGITPAD_ENTITLEMENTS="${DIGITPAD_ENTITLEMENTS:-$ROOT/packaging/macos/entitlements.plist}"
T0=$(date +%s)

say() { printf '\n==> %s\n' "$*"; }
die() { printf 'build.sh: %s\n' "$*" >&2; exit 1; }

[ "$(uname -s)" = Darwin ] || die "this script builds the macOS app; use packaging/linux/build.sh or packaging/windows/build.ps1 elsewhere"
[ "$(uname -m)" = arm64 ] || die "run on Apple Silicon (arm64), not under Rosetta: TensorFlow 2.17+ has no macOS x86_64 wheels"
"$PYTHON" -c 'import platform, sys; assert sys.version_info[:2] == (3, 11), sys.version; assert platform.machine() == "arm64", platform.machine()' \
    || die "$PYTHON must be Python 3.11 running as arm64 (set PYTHON=...)"
[ -z "$PROFILE" ] || [ -n "$IDENTITY" ] || die "DIGITPAD_NOTARY_PROFILE needs DIGITPAD_SIGN_IDENTITY: Apple notarizes only Developer ID signed code"
if [ -n "$IDENTITY" ]; then
    security find-identity -v -p codesigning | grep -qF "$IDENTITY" || die "signing identity not found in the keychain: $IDENTITY"
    [ -f "$DIGITPAD_ENTITLEMENTS" ] || die "entitlements file not found: $DIGITPAD_ENTITLEMENTS"
    export DIGITPAD_SIGN_IDENTITY="$IDENTITY"
    export PYINSTALLER_STRICT_BUNDLE_CODESIGN_ERROR=1  # a failed signature must fail the build, not warn
fi

VERSION="$("$PYTHON" -c 'import sys; sys.path.insert(0, "packaging/pyinstaller"); import bundle_data; print(bundle_data.read_version())')"
NAME="digitpad-$VERSION-macos-arm64"
DMG="$ROOT/dist/$NAME.dmg"
say "digitpad $VERSION: building $NAME.dmg (signing: ${IDENTITY:-ad-hoc}; notarization: ${PROFILE:-off})"

# --- 1. a clean venv with the pinned versions ------------------------------------------------------
if [ "${DIGITPAD_REUSE_VENV:-0}" = 1 ] && [ -x "$PY" ]; then
    say "reusing build/macos/venv"
    find "$BUILD" -mindepth 1 -maxdepth 1 ! -name venv -exec rm -rf {} +
else
    say "clean venv in build/macos/venv"
    rm -rf "$BUILD"
    mkdir -p "$BUILD"
    "$PYTHON" -m venv "$VENV"
fi
mkdir -p "$ROOT/dist"
"$PY" -m pip install --quiet --disable-pip-version-check --only-binary=:all: -r packaging/requirements-lock.txt
"$PY" -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation "$ROOT"
"$PY" -m pip check
rm -rf "$ROOT/build/lib" "$ROOT/build/bdist."* "$ROOT"/*.egg-info
T_VENV=$(date +%s)

# --- 2. PyInstaller: dist/digitpad.app (signed inside-out when DIGITPAD_SIGN_IDENTITY is set) -------
say "PyInstaller (one-folder .app)"
(cd "$BUILD" && "$PY" -m PyInstaller --noconfirm --clean --log-level WARN \
    --distpath "$BUILD/dist" --workpath "$BUILD/work" "$ROOT/packaging/pyinstaller/digitpad.spec")
APP="$BUILD/dist/digitpad.app"
[ -x "$APP/Contents/MacOS/digitpad" ] || die "PyInstaller did not produce $APP"
/usr/libexec/PlistBuddy -c 'Print :CFBundleIdentifier' "$APP/Contents/Info.plist"
T_PYI=$(date +%s)

# --- 3. signature checks, notarization of the app ------------------------------------------------------
notarize() {  # notarize FILE: submit, wait, fail with Apple's log unless the verdict is Accepted
    local file="$1" out id status
    out="$(xcrun notarytool submit "$file" --keychain-profile "$PROFILE" --wait --output-format json)" \
        || die "notarytool submit failed for $file: $out"
    id="$(printf '%s' "$out" | "$PY" -c 'import json, sys; print(json.load(sys.stdin)["id"])')"
    status="$(printf '%s' "$out" | "$PY" -c 'import json, sys; print(json.load(sys.stdin)["status"])')"
    echo "notarization $id: $status"
    if [ "$status" != Accepted ]; then
        xcrun notarytool log "$id" --keychain-profile "$PROFILE" || true
        die "Apple did not accept $file ($status)"
    fi
}

if [ -n "$IDENTITY" ]; then
    say "verifying the app's signature"
    codesign --verify --deep --strict --verbose=2 "$APP"
    info="$(codesign --display --verbose=2 "$APP" 2>&1)"
    for want in 'Authority=Developer ID Application' 'flags=0x[0-9a-f]+\(runtime\)' 'Timestamp='; do
        grep -Eq "$want" <<<"$info" || die "the app's signature lacks $want (Developer ID, hardened runtime, secure timestamp)"
    done
    if [ -n "$PROFILE" ]; then
        say "notarizing the app"
        ditto -c -k --keepParent "$APP" "$BUILD/digitpad-app.zip"
        notarize "$BUILD/digitpad-app.zip"
        xcrun stapler staple "$APP"
        xcrun stapler validate "$APP"
        spctl --assess --type execute --verbose=2 "$APP"
    fi
fi

# --- 4. the DMG ----------------------------------------------------------------------------------------
say "creating $NAME.dmg"
STAGE="$BUILD/dmg"
rm -rf "$STAGE" && mkdir -p "$STAGE"
ditto "$APP" "$STAGE/digitpad.app"        # ditto keeps signatures, extended attributes and links
ln -s /Applications "$STAGE/Applications"  # drag-to-install target
cp resources/mnist/README.md "$STAGE/MNIST-LICENSE.md"
rm -f "$DMG"
hdiutil create -volname "digitpad $VERSION" -srcfolder "$STAGE" -fs HFS+ -format UDZO -ov "$DMG"
if [ -n "$IDENTITY" ]; then
    codesign --force --sign "$IDENTITY" --timestamp "$DMG"
    codesign --verify --verbose=2 "$DMG"
    if [ -n "$PROFILE" ]; then
        say "notarizing the DMG"
        notarize "$DMG"
        xcrun stapler staple "$DMG"
        xcrun stapler validate "$DMG"
        spctl --assess --type open --context context:primary-signature --verbose=2 "$DMG"
    fi
fi
(cd "$ROOT/dist" && shasum -a 256 "$NAME.dmg" > "$NAME.dmg.sha256")
T_DMG=$(date +%s)

# --- 5. the shipped app's self-test, run from the mounted DMG ------------------------------------------
say "mounting the DMG and running the app's --self-test (QT_QPA_PLATFORM=offscreen)"
MNT="$(mktemp -d /tmp/digitpad-dmg.XXXXXX)"
DATA="$(mktemp -d /tmp/digitpad-data.XXXXXX)"
hdiutil attach -nobrowse -readonly -noautoopen -mountpoint "$MNT" "$DMG" >/dev/null
cleanup() { hdiutil detach "$MNT" -quiet || true; rm -rf "$MNT" "$DATA"; }
trap cleanup EXIT
RUN="$MNT/digitpad.app/Contents/MacOS/digitpad"
export QT_QPA_PLATFORM=offscreen DIGITPAD_DATA_DIR="$DATA"
S=$(date +%s)
"$RUN" --version
set +e
"$RUN" --self-test
RC=$?
set -e
E=$(date +%s)

say "done"
cat <<EOF
digitpad $VERSION, macOS arm64
  DMG:          dist/$NAME.dmg  $(du -h "$DMG" | cut -f1)
  app bundle:   $(du -sh "$APP" | cut -f1)
  signed:       ${IDENTITY:-ad-hoc (not for distribution)}; notarized and stapled: $([ -n "$PROFILE" ] && echo yes || echo no)
  build time:   $((E - T0)) s (venv $((T_VENV - T0)) s, PyInstaller $((T_PYI - T_VENV)) s, sign/notarize/DMG $((T_DMG - T_PYI)) s)
  --self-test:  exit status $RC in $((E - S)) s (including --version)
EOF
[ "$RC" = 0 ] || die "the app's --self-test failed (exit status $RC)"
