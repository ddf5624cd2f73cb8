"""Captioning for chapter 03: shape scenes (images, captions that match them, unseen
combinations held out), and Flickr8k's reader (through tiny fake archives in its format)."""

from __future__ import annotations

import io
import re
import zipfile

import numpy as np
import pytest

from lstm_course.datasets import captions, make_shape_scenes
from lstm_course.datasets.captions import (
    BACKGROUND,
    COLOURS,
    HELD_OUT_PAIRS,
    HELD_OUT_RELATIONS,
    captions_for,
    scene_combos,
)
from tests.fake_sources import fake_source

PHRASE = r"a (small|large) (red|green|blue|yellow|purple) (circle|square|triangle)"
GRAMMAR = re.compile(
    rf"^{PHRASE}$|^{PHRASE} (left of|above) {PHRASE}$|"
    rf"^{PHRASE}, {PHRASE} and {PHRASE} from (left to right|top to bottom)$"
)


@pytest.fixture(scope="module")
def scenes():
    return make_shape_scenes(n_train=600, n_validation=100, n_test=150, seed=0)


def test_images_and_captions(scenes):
    assert scenes.train.images.shape == (600, 64, 64, 3)
    assert scenes.train.images.dtype == np.uint8
    for split in (scenes.train, scenes.validation, scenes.test):
        assert len(split.captions) == len(split.images) == len(split.references) == len(split.meta)
        for caption, refs in zip(split.captions, split.references, strict=True):
            assert GRAMMAR.match(caption), caption
            assert refs[0] == caption
    # every colour named in a caption is drawn in its image
    for img, meta in zip(scenes.train.images[:50], scenes.train.meta["objects"][:50], strict=True):
        pixels = {tuple(p) for p in img.reshape(-1, 3)}
        assert tuple(BACKGROUND) in pixels
        for _, colour, _ in meta:
            assert COLOURS[colour] in pixels


def test_positions_match_the_caption(scenes):
    """In a row the first-named shape's pixels lie left of the second's; in a column, above."""
    checked = 0
    for img, meta, layout in zip(
        scenes.train.images, scenes.train.meta["objects"], scenes.train.meta["layout"], strict=True
    ):
        if len(meta) != 2 or meta[0][1] == meta[1][1]:
            continue  # two shapes of different colours: each one found by its colour
        centres = []
        for _, colour, _ in meta:
            ys, xs = np.nonzero((img == COLOURS[colour]).all(-1))
            centres.append((xs.mean(), ys.mean()))
        axis = 0 if layout == "row" else 1
        assert centres[0][axis] < centres[1][axis]
        checked += 1
    assert checked > 50


def test_held_out_combinations(scenes):
    held = HELD_OUT_PAIRS | HELD_OUT_RELATIONS
    seen = set()
    for split in (scenes.train, scenes.validation):
        for objects, layout in zip(split.meta["objects"], split.meta["layout"], strict=True):
            combos = scene_combos(objects, layout if layout != "single" else "row")
            assert not combos & held
            seen |= combos
    for objects, layout in zip(
        scenes.test.meta["objects"], scenes.test.meta["layout"], strict=True
    ):
        assert scene_combos(objects, layout if layout != "single" else "row") & held
    # every word of a held-out combination still occurs in training, in other combinations
    words = {w for c in seen for w in c}
    assert {w for c in held for w in c} <= words
    assert all(c not in seen for c in held)


def test_references_include_the_inverse_phrasing():
    objs = [("circle", "red", "small"), ("square", "blue", "large")]
    assert captions_for(objs, "row") == [
        "a small red circle left of a large blue square",
        "a large blue square right of a small red circle",
    ]
    assert captions_for(objs, "column")[1] == "a large blue square below a small red circle"


def test_deterministic_and_sized():
    a = make_shape_scenes(n_train=20, n_validation=5, n_test=5, image_size=32, seed=7)
    b = make_shape_scenes(n_train=20, n_validation=1, n_test=5, image_size=32, seed=7)
    np.testing.assert_array_equal(a.train.images, b.train.images)
    assert a.train.captions == b.train.captions and a.test.captions == b.test.captions
    assert a.train.images.shape == (20, 32, 32, 3)
    assert make_shape_scenes(n_train=20, n_test=0, max_shapes=1).train.meta["n_shapes"].max() == 1
    with pytest.raises(ValueError, match="image_size must be >= 32, got 8"):
        make_shape_scenes(image_size=8)
    with pytest.raises(ValueError, match="max_shapes must be 1, 2 or 3, got 4"):
        make_shape_scenes(max_shapes=4)


# --------------------------------------------------------------------------------------------
# Flickr8k, parsed from tiny fake archives in its real format
# --------------------------------------------------------------------------------------------


def test_flickr8k_parsing_with_tiny_fake_archives(tmp_path, monkeypatch):
    from PIL import Image

    names = [f"{i}_abc.jpg" for i in range(6)]
    images = io.BytesIO()
    with zipfile.ZipFile(images, "w") as z:
        for i, name in enumerate(names):
            buf = io.BytesIO()
            Image.new("RGB", (40 + i, 30), (10 * i, 100, 200)).save(buf, format="JPEG")
            z.writestr(f"Flicker8k_Dataset/{name}", buf.getvalue())
        z.writestr("__MACOSX/Flicker8k_Dataset/._0_abc.jpg", b"junk")
    texts = io.BytesIO()
    with zipfile.ZipFile(texts, "w") as z:
        z.writestr(
            "Flickr8k.token.txt",
            "".join(f"{n}#{k}\tcaption {k} of {n}\n" for n in names for k in range(5)),
        )
        z.writestr("Flickr_8k.trainImages.txt", "\n".join(names[:4]))
        z.writestr("Flickr_8k.devImages.txt", names[4])
        z.writestr("Flickr_8k.testImages.txt", names[5])
    monkeypatch.setattr(
        captions,
        "FLICKR8K_SOURCES",
        (
            fake_source(
                "Flickr (fake)",
                {"Flickr8k_text.zip": texts.getvalue(), "Flickr8k_Dataset.zip": images.getvalue()},
            ),
        ),
    )
    data = captions.load_flickr8k(image_size=16, cache_dir=tmp_path)
    assert data.train.images.shape == (4, 16, 16, 3) and data.train.images.dtype == np.uint8
    assert len(data.train.references[0]) == 5
    assert data.test.captions == [f"caption 0 of {names[5]}"]
    fewer = captions.load_flickr8k(image_size=16, max_images=2, cache_dir=tmp_path)
    assert fewer.train.images.shape[0] == 2 and "from the cache" in fewer.source
