#!/bin/sh
# digitpad system-wide installer for Linux (ships inside digitpad-X.Y.Z-linux-x86_64.tar.gz).
#
#   sudo ./install.sh              install, or upgrade in place, to /opt/digitpad
#   sudo ./install.sh --uninstall  remove everything this script installed (user data is kept)
#   ./install.sh --check           list the system libraries Qt needs that this machine lacks
#   sudo ./install.sh --prefix /srv/apps/digitpad   install somewhere else
#
# It installs:
#   PREFIX/                                        the application folder (default /opt/digitpad)
#   /usr/local/bin/digitpad                        a symbolic link to PREFIX/digitpad
#   /usr/share/applications/digitpad.desktop       the menu entry
#   /usr/share/icons/hicolor/{256x256,512x512}/apps/digitpad.png
# and nothing else: no services, no network access, no files in users' homes.
set -eu

PREFIX=/opt/digitpad
BIN=/usr/local/bin/digitpad
DESKTOP=/usr/share/applications/digitpad.desktop
ICONS=/usr/share/icons/hicolor
HERE="$(cd "$(dirname "$0")" && pwd)"
ACTION=install

while [ $# -gt 0 ]; do
    case "$1" in
        --uninstall) ACTION=uninstall ;;
        --check) ACTION=check ;;
        --prefix) shift; PREFIX="${1:?--prefix needs a folder}" ;;
        --prefix=*) PREFIX="${1#--prefix=}" ;;
        -h|--help) sed -n '2,16p' "$0"; exit 0 ;;
        *) echo "install.sh: unknown option $1 (try --help)" >&2; exit 2 ;;
    esac
    shift
done
case "$PREFIX" in /*) ;; *) echo "install.sh: --prefix must be an absolute path" >&2; exit 2 ;; esac
case "$PREFIX" in /|/usr|/usr/local|/opt|/bin|/etc|/home) echo "install.sh: refusing to use $PREFIX as the application folder" >&2; exit 2 ;; esac

need_root() {
    if [ "$(id -u)" != 0 ]; then
        echo "install.sh: run as root (sudo ./install.sh $*)" >&2
        exit 1
    fi
}

refresh_caches() {
    if command -v update-desktop-database >/dev/null 2>&1; then update-desktop-database -q /usr/share/applications || true; fi
    if command -v gtk-update-icon-cache >/dev/null 2>&1; then gtk-update-icon-cache -q -t "$ICONS" || true; fi
}

check_libs() {  # prints the missing libraries of Qt's X11 platform plugin; returns 1 if any
    app="$1"
    plugin="$app/_internal/PySide6/Qt/plugins/platforms/libqxcb.so"
    [ -f "$plugin" ] || { echo "install.sh: $plugin not found" >&2; return 1; }
    missing="$(LD_LIBRARY_PATH="$app/_internal:$app/_internal/PySide6/Qt/lib" ldd "$plugin" 2>/dev/null | awk '/not found/ {print $1}' | sort -u)"
    if [ -n "$missing" ]; then
        echo "Missing system libraries for Qt's X11 (xcb) platform plugin:"
        echo "$missing" | sed 's/^/    /'
        echo "Install them (see README.md), e.g. on Debian/Ubuntu:"
        echo "    sudo apt-get install libxcb-cursor0 libxcb-icccm4 libxcb-image0 libxcb-keysyms1 libxcb-randr0 libxcb-render-util0 libxcb-shape0 libxcb-xkb1 libxkbcommon-x11-0 libegl1 libgl1 libfontconfig1 libdbus-1-3"
        echo "on Fedora:"
        echo "    sudo dnf install xcb-util-cursor xcb-util-wm xcb-util-image xcb-util-keysyms xcb-util-renderutil libxkbcommon-x11 libglvnd-egl libglvnd-glx fontconfig dbus-libs"
        return 1
    fi
    echo "All libraries of Qt's X11 platform plugin are present."
}

case "$ACTION" in
check)
    if [ -x "$PREFIX/digitpad" ]; then check_libs "$PREFIX"; else check_libs "$HERE/digitpad"; fi
    ;;

install)
    need_root
    [ -x "$HERE/digitpad/digitpad" ] || { echo "install.sh: $HERE/digitpad/digitpad not found; run me from the unpacked tarball" >&2; exit 1; }
    # Copy to a new folder first, then swap: an upgrade never leaves a half-copied app behind, and
    # files of the previous version do not linger.
    rm -rf "$PREFIX.new"
    mkdir -p "$(dirname "$PREFIX")"
    cp -a "$HERE/digitpad" "$PREFIX.new"
    chown -R root:root "$PREFIX.new"
    chmod -R u+rwX,go+rX,go-w "$PREFIX.new"
    if [ -e "$PREFIX" ]; then rm -rf "$PREFIX.old" && mv "$PREFIX" "$PREFIX.old"; fi
    mv "$PREFIX.new" "$PREFIX"
    rm -rf "$PREFIX.old"

    mkdir -p "$(dirname "$BIN")"
    ln -sfn "$PREFIX/digitpad" "$BIN"
    mkdir -p "$(dirname "$DESKTOP")"
    sed -e "s|^Exec=.*|Exec=$PREFIX/digitpad|" -e "s|^TryExec=.*|TryExec=$PREFIX/digitpad|" \
        "$HERE/digitpad.desktop" > "$DESKTOP"
    chmod 0644 "$DESKTOP"
    install -D -m 0644 "$HERE/digitpad.png" "$ICONS/256x256/apps/digitpad.png"
    install -D -m 0644 "$HERE/digitpad-512.png" "$ICONS/512x512/apps/digitpad.png"
    refresh_caches
    echo "digitpad installed in $PREFIX (command: $BIN, menu entry: $DESKTOP)."
    check_libs "$PREFIX" || echo "install.sh: the window will not open until those libraries are installed." >&2
    echo "Check the installation with:  digitpad --self-test"
    ;;

uninstall)
    need_root --uninstall
    # Only remove the symlink if it is ours.
    if [ -L "$BIN" ] && [ "$(readlink "$BIN")" = "$PREFIX/digitpad" ]; then rm -f "$BIN"; fi
    rm -f "$DESKTOP" "$ICONS/256x256/apps/digitpad.png" "$ICONS/512x512/apps/digitpad.png"
    rm -rf "$PREFIX" "$PREFIX.new" "$PREFIX.old"
    refresh_caches
    echo "digitpad removed from $PREFIX. Users' own files (~/.local/share/digitpad, ~/.config/digitpad) were kept."
    ;;
esac
