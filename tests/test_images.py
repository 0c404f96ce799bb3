"""Image files for ``digitpad predict``: any depth scaled by its real range, bombs and non-files refused at once."""

import os
import struct
import threading
import time
import zlib

import numpy as np
import pytest
from PIL import Image

from digitpad.core import limits
from digitpad.core.images import ImageError, read_image, scaled_to_unit
from digitpad.core.preprocess import NothingDrawn, preprocess
from tests.test_preprocess import transformed


@pytest.fixture(scope="module")
def digit(mnist):
    """A 4x larger MNIST digit, light on dark (uint8), and what the network should see of it."""
    big = transformed(mnist.test.images[1], 4, 140, (14, 14))
    return big, preprocess(big)


def close_to(image: np.ndarray, reference: np.ndarray) -> bool:
    return float(np.abs(preprocess(image) - reference).mean()) < 0.02


def test_png_and_jpeg(tmp_path, digit):
    big, ref = digit
    Image.fromarray(255 - big).save(tmp_path / "d.png")
    Image.fromarray(255 - big).convert("RGB").save(tmp_path / "d.jpg", quality=95)
    for name in ("d.png", "d.jpg"):
        assert close_to(read_image(tmp_path / name), ref), name


@pytest.mark.parametrize(
    "low, high",
    [(0, 65535), (30_000, 30_800), (0, 4095)],  # full range, a faint scan, a 12-bit sensor
    ids=["full", "faint", "12-bit"],
)
def test_16_bit_greyscale_is_scaled_by_its_real_range(tmp_path, digit, low, high):
    big, ref = digit
    values = (low + big.astype(np.float64) / 255 * (high - low)).round().astype(np.uint16)
    Image.fromarray(values).save(tmp_path / "d16.png")  # a 16-bit greyscale PNG (mode I;16)
    with Image.open(tmp_path / "d16.png") as check:
        assert check.mode.startswith("I")
    image = read_image(tmp_path / "d16.png")
    assert image.dtype == np.float32 and image.min() == 0.0 and image.max() == 1.0
    assert close_to(image, ref)


@pytest.mark.parametrize("low, high", [(0.0, 1.0), (-5.0, 1000.0)])
def test_float_tiff_is_scaled_by_its_real_range(tmp_path, digit, low, high):
    big, ref = digit
    values = (low + big.astype(np.float32) / 255 * (high - low)).astype(np.float32)
    Image.fromarray(values, mode="F").save(tmp_path / "d.tiff")
    assert close_to(read_image(tmp_path / "d.tiff"), ref)


def test_32_bit_integers_and_a_transparent_drawing(tmp_path, digit):
    big, ref = digit
    Image.fromarray(big.astype(np.int32) * 1000, mode="I").save(tmp_path / "d32.tiff")
    assert close_to(read_image(tmp_path / "d32.tiff"), ref)
    rgba = np.zeros((*big.shape, 4), np.uint8)
    rgba[..., 3] = big  # black ink whose opacity is the digit, on a transparent background
    Image.fromarray(rgba, mode="RGBA").save(tmp_path / "ink.png")
    assert close_to(read_image(tmp_path / "ink.png"), ref)


def test_a_flat_or_empty_image_is_nothing_drawn_not_an_error(tmp_path):
    Image.fromarray(np.full((40, 40), 1234, np.uint16)).save(tmp_path / "flat.png")
    with pytest.raises(NothingDrawn):
        preprocess(read_image(tmp_path / "flat.png"))
    assert scaled_to_unit(np.array([[np.nan, np.inf]])).max() == 0.0


def png_header_only(path, width: int, height: int, bit_depth: int = 8) -> None:
    """A PNG that declares ``width`` x ``height`` and holds one row: a decompression bomb by its header."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, bit_depth, 0, 0, 0, 0)
    row = zlib.compress(b"\0" * (1 + width * bit_depth // 8))
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", row) + chunk(b"IEND", b""))


def test_bombs_are_refused_by_their_header_in_a_moment(tmp_path):
    png_header_only(tmp_path / "30k.png", 30_000, 30_000)  # 900 million pixels: Pillow's own guard refuses
    png_header_only(tmp_path / "8k.png", 8_000, 8_000)  # 64 million: under Pillow's guard, over digitpad's
    assert (tmp_path / "30k.png").stat().st_size < 64_000
    started = time.perf_counter()
    with pytest.raises(ImageError) as big:
        read_image(tmp_path / "30k.png")
    with pytest.raises(ImageError) as medium:
        read_image(tmp_path / "8k.png")
    assert time.perf_counter() - started < 5
    assert big.value.code == "image-too-big" and "decompression bomb" in str(big.value)
    assert str(medium.value) == (
        f"{tmp_path / '8k.png'}: 8,000 x 8,000 pixels is more than digitpad reads ({limits.IMAGE_PIXELS:,} in all)"
    )


def test_damaged_images_and_files_that_are_not_images(tmp_path):
    (tmp_path / "text.png").write_text("not an image")
    Image.new("L", (64, 64), 255).save(tmp_path / "whole.png")
    data = (tmp_path / "whole.png").read_bytes()
    (tmp_path / "cut.png").write_bytes(data[: len(data) // 2])
    for name in ("text.png", "cut.png"):
        with pytest.raises(ImageError, match=rf"{name}: cannot read this image \("):
            read_image(tmp_path / name)
    with pytest.raises(ImageError, match="file not found"):
        read_image(tmp_path / "none.png")
    with pytest.raises(ImageError, match="is a folder"):
        read_image(tmp_path)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are a POSIX thing")
def test_a_named_pipe_or_a_device_is_refused_without_hanging(tmp_path):
    fifo = tmp_path / "digit.png"
    os.mkfifo(fifo)
    outcome = []
    reader = threading.Thread(target=lambda: outcome.append(_refusal(fifo)), daemon=True)
    reader.start()
    reader.join(10)
    assert outcome == ["file-is-a-pipe"], "reading a named pipe must not wait for a writer"
    if os.path.exists("/dev/zero"):
        assert _refusal("/dev/zero") == "file-is-a-device"


def _refusal(path) -> str:
    try:
        read_image(path)
    except ImageError as exc:
        return exc.code
    return "read"


def test_a_large_image_is_averaged_down_first_and_reads_the_same(tmp_path, digit):
    big, _ = digit
    huge = np.asarray(Image.fromarray(255 - big).resize((4000, 4000), Image.Resampling.BILINEAR))
    full_size = preprocess(huge)  # what the network would see without averaging down
    Image.fromarray(huge).save(tmp_path / "huge.png")
    image = read_image(tmp_path / "huge.png")
    assert max(image.shape) <= 1024 and close_to(image, full_size)
    Image.fromarray(huge.astype(np.uint16) * 200).save(tmp_path / "huge16.png")
    image = read_image(tmp_path / "huge16.png")
    assert max(image.shape) <= 1024 and close_to(image, full_size)
