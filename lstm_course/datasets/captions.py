"""Image captioning for chapter 03: generated shape scenes, and the photos of Flickr8k.

* :func:`make_shape_scenes`: small RGB images of shapes and the sentence that describes them,
  with a test split of unseen combinations (below).
* :func:`load_flickr8k`: Flickr8k (Hodosh, Young & Hockenmaier, 2013), 8,000 photos with five
  captions each. Online only: offline it raises a
  :class:`~lstm_course.datasets.sources.DataUnavailableError` saying what to do.

Both return a :class:`~lstm_course.datasets.results.CaptionData`.

A shape scene holds one to three shapes (circle, square, triangle), each with a colour and a size,
in a row (left to right) or a column (top to bottom). Captions follow a small grammar::

    a small red circle
    a small red circle left of a large blue square
    a large green square above a small yellow triangle
    a small red circle, a large blue square and a small green triangle from left to right

Captions mention shapes in reading order (left to right, top to bottom), so each image has
exactly one training caption; ``references`` add the equivalent phrasings ("... right of ...",
"... below ...", "from right to left") for BLEU.

**Held out**: a few colour-shape pairs (``HELD_OUT_PAIRS``, e.g. a red triangle) and a few
spatial relations between shapes (``HELD_OUT_RELATIONS``, e.g. a circle above a triangle) never
appear in training or validation; every test scene has at least one of them. Every colour,
shape and relation word still appears in training, so a model that composes words can caption
the test scenes, and one that memorised whole phrases cannot.
"""

from __future__ import annotations

import io
import os
import zipfile
from functools import lru_cache

import numpy as np
import pandas as pd

from .results import CaptionData, CaptionSplit
from .sources import fetch, http_source
from .splits import check_positive

# ---------------------------------------------------------------------------------------------
# Shape scenes (generated)
# ---------------------------------------------------------------------------------------------

COLOURS = {
    "red": (220, 40, 40),
    "green": (40, 160, 60),
    "blue": (40, 80, 220),
    "yellow": (235, 200, 30),
    "purple": (140, 60, 180),
}
SHAPES = ("circle", "square", "triangle")
SIZES = {"small": 0.08, "large": 0.14}  # radius as a fraction of the image side
BACKGROUND = (245, 245, 245)

#: Colour-shape pairs never seen in training or validation.
HELD_OUT_PAIRS = frozenset({("red", "triangle"), ("green", "circle"), ("blue", "square")})
#: (first shape, relation, second shape) never seen in training or validation.
HELD_OUT_RELATIONS = frozenset({("circle", "above", "triangle"), ("square", "left of", "circle")})

_HELD = HELD_OUT_PAIRS | HELD_OUT_RELATIONS
_SPLIT_KEYS = {"train": 0, "validation": 1, "test": 2}


def _phrase(obj: tuple[str, str, str]) -> str:
    shape, colour, size = obj
    return f"a {size} {colour} {shape}"


def scene_combos(objects: list[tuple[str, str, str]], layout: str) -> set[tuple]:
    """The colour-shape pairs and (shape, relation, shape) triples a scene contains."""
    combos: set[tuple] = {(colour, shape) for shape, colour, _ in objects}
    relation = "left of" if layout == "row" else "above"
    for first, second in zip(objects, objects[1:], strict=False):
        combos.add((first[0], relation, second[0]))
    return combos


def is_held_out(objects: list[tuple[str, str, str]], layout: str) -> bool:
    """True when a scene holds a held-out colour-shape pair or relation."""
    return bool(scene_combos(objects, layout) & _HELD)


def captions_for(objects: list[tuple[str, str, str]], layout: str) -> list[str]:
    """The caption (first) and its equivalent phrasings, for objects in reading order."""
    phrases = [_phrase(o) for o in objects]
    if len(objects) == 1:
        return [phrases[0]]
    if len(objects) == 2:
        rel, inverse = ("left of", "right of") if layout == "row" else ("above", "below")
        return [f"{phrases[0]} {rel} {phrases[1]}", f"{phrases[1]} {inverse} {phrases[0]}"]
    forward, backward = (
        ("from left to right", "from right to left")
        if layout == "row"
        else ("from top to bottom", "from bottom to top")
    )
    return [
        f"{phrases[0]}, {phrases[1]} and {phrases[2]} {forward}",
        f"{phrases[2]}, {phrases[1]} and {phrases[0]} {backward}",
    ]


@lru_cache(maxsize=8)
def _grid(size: int) -> np.ndarray:
    return np.mgrid[0:size, 0:size].astype(np.float32) + 0.5


def _draw(img: np.ndarray, shape: str, colour: str, cx: float, cy: float, r: float) -> None:
    yy, xx = _grid(img.shape[0])
    if shape == "circle":
        mask = (xx - cx) ** 2 + (yy - cy) ** 2 <= r**2
    elif shape == "square":
        side = 0.85 * r
        mask = (np.abs(xx - cx) <= side) & (np.abs(yy - cy) <= side)
    else:  # triangle, pointing up
        top, bottom = cy - r, cy + 0.8 * r
        half_width = (yy - top) / (bottom - top) * r
        mask = (yy >= top) & (yy <= bottom) & (np.abs(xx - cx) <= half_width)
    img[mask] = COLOURS[colour]


def render_scene(
    objects: list[tuple[str, str, str]], layout: str, image_size: int, rng: np.random.Generator
) -> np.ndarray:
    """Draw ``objects`` (shape, colour, size) in reading order along a row or a column."""
    img = np.empty((image_size, image_size, 3), np.uint8)
    img[:] = BACKGROUND
    k = len(objects)
    slot = image_size / k
    radii = [SIZES[o[2]] * image_size for o in objects]
    r_max = max(radii)
    # the shared coordinate (y for a row, x for a column), with a little jitter per shape
    across = rng.uniform(r_max + 1, image_size - r_max - 1)
    for i, ((shape, colour, _), r) in enumerate(zip(objects, radii, strict=True)):
        room = max(slot / 2 - r - 1, 0.0)
        along = slot * (i + 0.5) + rng.uniform(-room, room)
        jitter = rng.uniform(-0.03, 0.03) * image_size
        off = float(np.clip(across + jitter, r + 1, image_size - r - 1))
        cx, cy = (along, off) if layout == "row" else (off, along)
        if k == 1:  # a single shape can sit anywhere
            cx, cy = rng.uniform(r + 1, image_size - r - 1, size=2)
        _draw(img, shape, colour, float(cx), float(cy), r)
    return img


def _sample_spec(rng: np.random.Generator, max_shapes: int) -> tuple[list, str]:
    k = int(rng.integers(1, max_shapes + 1))
    layout = "row" if rng.random() < 0.5 else "column"
    colours = list(COLOURS)
    objects = [
        (
            SHAPES[rng.integers(len(SHAPES))],
            colours[rng.integers(len(colours))],
            "small" if rng.random() < 0.5 else "large",
        )
        for _ in range(k)
    ]
    return objects, layout


def _make_split(n: int, split: str, image_size: int, max_shapes: int, seed: int) -> CaptionSplit:
    rng = np.random.default_rng((int(seed), _SPLIT_KEYS[split]))
    want_held_out = split == "test"
    images, captions, refs, rows = [], [], [], []
    while len(images) < n:
        objects, layout = _sample_spec(rng, max_shapes)
        if is_held_out(objects, layout) != want_held_out:
            continue
        alts = captions_for(objects, layout)
        images.append(render_scene(objects, layout, image_size, rng))
        captions.append(alts[0])
        refs.append(alts)
        held = sorted(map(str, scene_combos(objects, layout) & _HELD))
        rows.append(
            {
                "n_shapes": len(objects),
                "layout": layout if len(objects) > 1 else "single",
                "objects": objects,
                "held_out": held,
            }
        )
    arr = np.stack(images) if images else np.zeros((0, image_size, image_size, 3), np.uint8)
    return CaptionSplit(arr, captions, refs, pd.DataFrame(rows))


def make_shape_scenes(
    n_train: int = 3000,
    n_validation: int = 500,
    n_test: int = 500,
    image_size: int = 64,
    max_shapes: int = 3,
    seed: int = 0,
) -> CaptionData:
    """Generated shape scenes with captions; the test split holds unseen combinations.

    Args:
        n_train, n_validation, n_test: images per split.
        image_size: the side of the square RGB images (``uint8``, at least 32).
        max_shapes: one to this many shapes per image (1, 2 or 3).
        seed: every image and caption follows from it; each split has its own stream.

    Returns:
        A :class:`CaptionData`; ``split.meta`` has ``n_shapes``, ``layout``, ``objects``
        (shape, colour, size in reading order) and ``held_out`` (the unseen combinations).
    """
    n_train = check_positive("n_train", n_train)
    n_validation = check_positive("n_validation", n_validation, 0)
    n_test = check_positive("n_test", n_test, 0)
    image_size = check_positive("image_size", image_size, 32)
    max_shapes = check_positive("max_shapes", max_shapes, 1)
    if max_shapes > 3:
        raise ValueError(f"max_shapes must be 1, 2 or 3, got {max_shapes}")
    splits = {
        s: _make_split(n, s, image_size, max_shapes, seed)
        for s, n in (("train", n_train), ("validation", n_validation), ("test", n_test))
    }
    return CaptionData(
        "shape_scenes",
        splits["train"],
        splits["validation"],
        splits["test"],
        f"generated (seed={seed})",
        f"{image_size}x{image_size} RGB scenes of 1-{max_shapes} shapes ({', '.join(SHAPES)}; "
        f"colours {', '.join(COLOURS)}; small or large) in a row or a column, with captions in "
        "reading order. Held out of train/validation, present in every test scene: colour-shape "
        f"pairs {sorted(HELD_OUT_PAIRS)} and relations {sorted(HELD_OUT_RELATIONS)}.",
    )


# ---------------------------------------------------------------------------------------------
# Flickr8k
# ---------------------------------------------------------------------------------------------

FLICKR8K_URL = "https://github.com/jbrownlee/Datasets/releases/download/Flickr8k/"
FLICKR8K_SOURCES = (
    http_source(
        "Flickr8k on GitHub (jbrownlee/Datasets release)",
        [
            # Only MD5s are published for these two archives.
            (
                "Flickr8k_text.zip",
                FLICKR8K_URL + "Flickr8k_text.zip",
                "md5:bf6c1abcb8e4a833b7f922104de18627",
            ),
            (
                "Flickr8k_Dataset.zip",
                FLICKR8K_URL + "Flickr8k_Dataset.zip",
                "md5:f18a1e2920de5bd84dae7cf08ec78978",
            ),
        ],
    ),
)


def _square(image, size: int) -> np.ndarray:
    """Centre-crop to a square and resize to ``size`` x ``size`` RGB."""
    from PIL import Image

    image = image.convert("RGB")
    w, h = image.size
    side = min(w, h)
    left, top = (w - side) // 2, (h - side) // 2
    image = image.crop((left, top, left + side, top + side))
    return np.asarray(image.resize((size, size), Image.BILINEAR), dtype=np.uint8)


def load_flickr8k(
    image_size: int = 64,
    max_images: int | None = None,
    source: str = "auto",
    cache_dir: str | os.PathLike | None = None,
    offline: bool | None = None,
) -> CaptionData:
    """Flickr8k (Hodosh, Young & Hockenmaier, 2013): photos with five captions each. Online only.

    The official lists give 6,000 training, 1,000 validation and 1,000 test images. Images are
    centre-cropped and resized to ``image_size`` (decoding all 8,000 takes a minute; pass
    ``max_images`` to keep the first ones of each split). ``captions`` holds the first caption,
    ``references`` all five; ``meta`` has the file names. About 1.1 GB to download.
    """
    from PIL import Image

    image_size = check_positive("image_size", image_size, 16)
    if max_images is not None:
        max_images = check_positive("max_images", max_images)
    got = fetch(
        "flickr8k",
        FLICKR8K_SOURCES,
        source=source,
        title="Flickr8k",
        cache_dir=cache_dir,
        offline=offline,
    )
    with zipfile.ZipFile(got.path("Flickr8k_text.zip")) as z:

        def text(name: str) -> list[str]:
            member = next(n for n in z.namelist() if n.endswith(name) and "MACOSX" not in n)
            return z.read(member).decode("utf-8").splitlines()

        captions: dict[str, list[str]] = {}
        for line in text("Flickr8k.token.txt"):
            if "\t" in line:
                key, caption = line.split("\t", 1)
                captions.setdefault(key.split("#")[0], []).append(caption.strip())
        lists = {
            s: [x.strip() for x in text(f"Flickr_8k.{f}Images.txt") if x.strip()]
            for s, f in (("train", "train"), ("validation", "dev"), ("test", "test"))
        }
    splits = {}
    with zipfile.ZipFile(got.path("Flickr8k_Dataset.zip")) as z:
        members = {
            os.path.basename(n): n
            for n in z.namelist()
            if n.lower().endswith(".jpg") and "MACOSX" not in n
        }
        for split, names in lists.items():
            names = [n for n in names if n in members and n in captions][:max_images]
            images = [
                _square(Image.open(io.BytesIO(z.read(members[n]))), image_size) for n in names
            ]
            refs = [captions[n] for n in names]
            splits[split] = CaptionSplit(
                np.stack(images) if images else np.zeros((0, image_size, image_size, 3), np.uint8),
                [r[0] for r in refs],
                refs,
                pd.DataFrame({"file": names}),
            )
    return CaptionData(
        "flickr8k",
        splits["train"],
        splits["validation"],
        splits["test"],
        got.describe(),
        "Flickr8k (Hodosh, Young & Hockenmaier, 2013; images from Flickr, for research use): "
        f"official train/dev/test image lists, images centre-cropped to {image_size}x"
        f"{image_size}, five captions per image.",
    )
