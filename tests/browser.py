"""Headless Chromium driven through the DevTools protocol over a pipe: no WebDriver, no network port.

Chromium started with ``--remote-debugging-pipe`` reads protocol commands from file descriptor 3 and
writes answers and events to descriptor 4, each a JSON message ending in a NUL byte. That is all a test
needs to open a page, dispatch real mouse events to it and read what it shows.
"""

from __future__ import annotations

import contextlib
import json
import os
import select
import shutil
import subprocess
import time
from pathlib import Path

CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome", "chrome")
FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--remote-debugging-pipe",
    "--window-size=1000,800",
)


def find_chromium() -> str | None:
    override = os.environ.get("DIGITPAD_CHROMIUM")
    if override:
        return override if Path(override).exists() else None
    return next((found for name in CHROMIUM_NAMES if (found := shutil.which(name))), None)


class BrowserError(RuntimeError):
    pass


class Chromium:
    """One headless Chromium with one page, started by the test and ended by ``close``."""

    def __init__(self, executable: str, profile: Path, url: str, timeout: float = 60.0):
        self.timeout = timeout
        to_browser_r, self._to_browser = os.pipe()
        self._from_browser, from_browser_w = os.pipe()

        # Bash (dash takes only one-digit descriptors) parks our pipe ends at 100 and 101 (they may be 3 or 4
        # themselves), then puts them at 3 and 4 of the browser it becomes.
        r, w = to_browser_r, from_browser_w
        wiring = f'exec 100<&{r} 101>&{w} {r}<&- {w}>&-; exec "$0" "$@" 3<&100 4>&101 100<&- 101>&-'
        self.process = subprocess.Popen(
            ["/bin/bash", "-c", wiring, executable, *FLAGS, f"--user-data-dir={profile}", url],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            pass_fds=(to_browser_r, from_browser_w),
        )
        os.close(to_browser_r)
        os.close(from_browser_w)
        self._buffer = b""
        self._next_id = 0
        self.session = None
        targets = self.command("Target.getTargets")["targetInfos"]
        page = next(t for t in targets if t["type"] == "page")
        self.session = self.command("Target.attachToTarget", targetId=page["targetId"], flatten=True)["sessionId"]

    # -- the protocol -------------------------------------------------------------------------------

    def command(self, method: str, **params):
        self._next_id += 1
        message = {"id": self._next_id, "method": method, "params": params}
        if self.session is not None and not method.startswith("Target."):
            message["sessionId"] = self.session
        os.write(self._to_browser, json.dumps(message).encode() + b"\0")
        while True:
            answer = self._read()
            if answer.get("id") == self._next_id:
                if "error" in answer:
                    raise BrowserError(f"{method}: {answer['error']}")
                return answer.get("result", {})

    def _read(self) -> dict:
        deadline = time.monotonic() + self.timeout
        while b"\0" not in self._buffer:
            left = deadline - time.monotonic()
            if left <= 0 or self.process.poll() is not None:
                raise BrowserError("Chromium stopped answering")
            ready, _, _ = select.select([self._from_browser], [], [], left)
            if ready:
                chunk = os.read(self._from_browser, 1 << 20)
                if not chunk:
                    raise BrowserError("Chromium closed its pipe")
                self._buffer += chunk
        raw, self._buffer = self._buffer.split(b"\0", 1)
        return json.loads(raw)

    # -- what tests use -------------------------------------------------------------------------------

    def evaluate(self, expression: str):
        """The value of a JavaScript expression in the page (JSON-serialisable values only)."""
        result = self.command("Runtime.evaluate", expression=expression, returnByValue=True, awaitPromise=True)
        if "exceptionDetails" in result:
            raise BrowserError(f"{expression[:80]}: {result['exceptionDetails']}")
        return result["result"].get("value")

    def wait_for(self, expression: str, timeout: float = 30.0):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            value = self.evaluate(expression)
            if value:
                return value
            time.sleep(0.05)
        raise BrowserError(f"timed out waiting for {expression}")

    def drag(self, points: list[tuple[float, float]]) -> None:
        """Press the left button at the first point, move through the rest, release: real mouse events."""
        mouse = {"button": "left", "pointerType": "mouse"}
        (x, y), rest = points[0], points[1:]
        self.command("Input.dispatchMouseEvent", type="mouseMoved", x=x, y=y, pointerType="mouse")
        self.command("Input.dispatchMouseEvent", type="mousePressed", x=x, y=y, clickCount=1, buttons=1, **mouse)
        for x, y in rest:
            self.command("Input.dispatchMouseEvent", type="mouseMoved", x=x, y=y, buttons=1, **mouse)
        self.command("Input.dispatchMouseEvent", type="mouseReleased", x=x, y=y, clickCount=1, buttons=0, **mouse)

    def close(self) -> None:
        with contextlib.suppress(OSError, BrowserError):
            self.command("Browser.close")
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=10)
        for fd in (self._to_browser, self._from_browser):
            with contextlib.suppress(OSError):
                os.close(fd)
