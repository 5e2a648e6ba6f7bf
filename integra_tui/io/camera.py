"""Webcam check-in: QR codes read from a camera (or a video file) through OpenCV, each held-up code counted once.

OpenCV is an optional extra (``integra-tui[camera]``) and is imported only when a camera is opened.
Decoding uses zxing-cpp when it is installed (it reads small and tilted codes better), otherwise
OpenCV's own ``QRCodeDetector``.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Iterator
from typing import Any, Literal

from integra_tui.i18n import _

__all__ = [
    "CameraUnavailable",
    "QRDecoder",
    "RepeatFilter",
    "camera_available",
    "load_cv2",
    "parse_device",
    "read_codes",
]

Engine = Literal["auto", "opencv", "zxing"]


class CameraUnavailable(Exception):
    """The camera cannot be used; the message tells the user why and what to do."""


def load_cv2() -> Any:
    """OpenCV's module, imported now; a clear message when the camera extra is not installed."""
    try:
        import cv2
    except ImportError:
        raise CameraUnavailable(
            _("Für die Kamera fehlt OpenCV. Installieren Sie es mit: pip install 'integra-tui[camera]'")
        ) from None
    return cv2


def camera_available() -> bool:
    """True when OpenCV can be imported."""
    try:
        load_cv2()
    except CameraUnavailable:
        return False
    return True


def parse_device(text: str | int | None) -> int | str:
    """The camera as OpenCV takes it: a number (0 is the first camera) or a video file path."""
    if text is None or text == "":
        return 0
    if isinstance(text, int):
        return text
    stripped = text.strip()
    if stripped.isdigit() and not os.path.exists(stripped):
        return int(stripped)
    return stripped


class RepeatFilter:
    """Lets a code through once while it stays in view: again only after ``hold_seconds`` out of view."""

    def __init__(self, hold_seconds: float = 3.0) -> None:
        self.hold_seconds = hold_seconds
        """How long a code must be out of view before it counts as a new scan."""
        self._last_seen: dict[str, float] = {}

    def accept(self, code: str, at: float) -> bool:
        """Record a sighting of ``code`` at time ``at`` (seconds); True when it is a new scan."""
        last = self._last_seen.get(code)
        self._last_seen[code] = at
        return last is None or at - last > self.hold_seconds


class QRDecoder:
    """Finds QR codes in a video frame (a numpy image as OpenCV delivers it)."""

    def __init__(self, engine: Engine = "auto") -> None:
        self._cv2 = load_cv2()
        self._zxing: Any = None
        if engine in ("auto", "zxing"):
            try:
                import zxingcpp

                self._zxing = zxingcpp
            except ImportError:
                if engine == "zxing":
                    raise CameraUnavailable(_("zxing-cpp ist nicht installiert.")) from None
        self._detector = self._cv2.QRCodeDetector() if self._zxing is None else None
        self.engine: str = "zxing" if self._zxing is not None else "opencv"
        """The decoder in use: "zxing" or "opencv"."""

    def decode(self, frame: Any) -> list[str]:
        """The texts of the QR codes visible in ``frame`` (usually none or one)."""
        if self._zxing is not None:
            found = self._zxing.read_barcodes(frame, formats=self._zxing.BarcodeFormat.QRCode)
            return [barcode.text for barcode in found if barcode.text]
        assert self._detector is not None  # OpenCV's detector is made whenever zxing is missing
        text, _points, _straight = self._detector.detectAndDecode(frame)
        return [text] if text else []


def read_codes(
    device: int | str,
    *,
    hold_seconds: float = 3.0,
    stop: threading.Event | None = None,
    engine: Engine = "auto",
) -> Iterator[str]:
    """Yield each code that comes into view of the camera ``device`` (a number or a video file), once.

    Runs until ``stop`` is set, or a video file ends. Time for the repeat filter comes from the
    frames' position in a video file (so tests do not depend on decoding speed), from the wall
    clock for a live camera.
    """
    cv2 = load_cv2()
    decoder = QRDecoder(engine)
    capture = cv2.VideoCapture(device)
    if not capture.isOpened():
        capture.release()
        raise CameraUnavailable(_("Die Kamera „{device}“ lässt sich nicht öffnen.").format(device=device))
    from_file = isinstance(device, str)
    fps = capture.get(cv2.CAP_PROP_FPS) or 25.0
    repeats = RepeatFilter(hold_seconds)
    frame_number = 0
    failures = 0
    try:
        while stop is None or not stop.is_set():
            ok, frame = capture.read()
            if not ok:
                if from_file:
                    return
                failures += 1
                if failures > 50:  # a live camera that stopped delivering (unplugged)
                    raise CameraUnavailable(_("Die Kamera liefert keine Bilder mehr."))
                time.sleep(0.02)
                continue
            failures = 0
            at = frame_number / fps if from_file else time.monotonic()
            frame_number += 1
            for text in decoder.decode(frame):
                if repeats.accept(text, at):
                    yield text
    finally:
        capture.release()
