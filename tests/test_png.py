"""kzlesson._png: the fast PNG encoder gives back exactly the pixels it was given."""

from __future__ import annotations

import io

import numpy as np
import pytest
from PIL import Image

from kzlesson._png import encode_png


def _decoded(png: bytes) -> np.ndarray:
    return np.asarray(Image.open(io.BytesIO(png)))


def test_opaque_pixels_come_back_exactly_as_rgb() -> None:
    pixels = np.random.default_rng(7).integers(0, 256, size=(37, 53, 4), dtype=np.uint8)
    pixels[..., 3] = 255
    decoded = _decoded(encode_png(pixels))
    assert decoded.shape == (37, 53, 3)
    assert (decoded == pixels[..., :3]).all()


def test_translucent_pixels_keep_their_alpha() -> None:
    pixels = np.random.default_rng(8).integers(0, 256, size=(5, 9, 4), dtype=np.uint8)
    pixels[0, 0, 3] = 17
    decoded = _decoded(encode_png(pixels))
    assert decoded.shape == (5, 9, 4)
    assert (decoded == pixels).all()


def test_a_flat_chart_compresses() -> None:
    pixels = np.full((400, 600, 4), 255, dtype=np.uint8)
    pixels[100:120, :, :3] = (0, 114, 178)
    assert len(encode_png(pixels)) < 10_000


@pytest.mark.parametrize("bad", [np.zeros((4, 4, 3), np.uint8), np.zeros((4, 4, 4), np.float32), np.zeros((4, 4), np.uint8)])
def test_wrong_arrays_are_refused_with_a_message(bad: np.ndarray) -> None:
    with pytest.raises(ValueError, match="expected a \\(height, width, 4\\) uint8 array"):
        encode_png(bad)
