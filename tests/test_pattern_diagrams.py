"""The map of chapter 01: five patterns, each panel titled, drawn as its data says, naming the
Keras settings and the chapter that builds it."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pytest  # noqa: E402

from lstm_course.pattern_diagrams import PATTERNS, draw_pattern, draw_patterns  # noqa: E402


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


def panels(fig):
    """Title -> Axes of every drawn panel."""
    return {ax.get_title(): ax for ax in fig.axes}


def gid_texts(ax, gid: str) -> list[str]:
    return [t.get_text() for t in ax.texts if t.get_gid() == gid]


def count_patches(ax, gid: str) -> int:
    return sum(1 for p in ax.patches if p.get_gid() == gid)


def test_five_panels_each_titled_as_its_pattern():
    fig = draw_patterns()
    drawn = panels(fig)
    assert len(fig.axes) == 5
    assert set(drawn) == {p.title for p in PATTERNS}
    assert [p.key for p in PATTERNS] == [
        "one_to_one",
        "one_to_many",
        "many_to_one",
        "many_to_many_aligned",
        "encoder_decoder",
    ]
    assert fig.get_suptitle()


def test_each_panel_names_its_keras_settings_and_its_chapter():
    drawn = panels(draw_patterns())
    expected_chapters = {
        "one_to_many": ["03"],
        "many_to_one": ["02", "10"],
        "many_to_many_aligned": ["05"],
        "encoder_decoder": ["04"],
    }
    for pattern in PATTERNS:
        ax = drawn[pattern.title]
        (chapter,) = gid_texts(ax, "chapter")
        (keras,) = gid_texts(ax, "keras")
        for number in expected_chapters.get(pattern.key, []):
            assert f"chapter {number}" in chapter, (pattern.key, chapter)
            assert number in pattern.chapters
        assert keras.strip()
    assert "return_sequences=False" in gid_texts(drawn["Many-to-one"], "keras")[0]
    aligned = next(p for p in PATTERNS if p.key == "many_to_many_aligned")
    assert "return_sequences=True" in gid_texts(drawn[aligned.title], "keras")[0]
    coder = next(p for p in PATTERNS if p.key == "encoder_decoder")
    assert "initial_state" in gid_texts(drawn[coder.title], "keras")[0]
    assert "no chapter" in gid_texts(drawn["One-to-one"], "chapter")[0]


def test_boxes_and_arrows_follow_each_pattern():
    drawn = panels(draw_patterns())
    for pattern in PATTERNS:
        ax = drawn[pattern.title]
        assert count_patches(ax, "cell") == pattern.steps, pattern.key
        assert count_patches(ax, "input") == len(pattern.inputs), pattern.key
        assert count_patches(ax, "output") == len(pattern.outputs), pattern.key
        carried = count_patches(ax, "state_arrow") + count_patches(ax, "handover")
        assert carried == pattern.steps - 1, pattern.key  # the state goes from step to step
        assert count_patches(ax, "feedback") == len(pattern.feedback), pattern.key
    many_to_one = next(p for p in PATTERNS if p.key == "many_to_one")
    assert many_to_one.outputs == (many_to_one.steps - 1,)  # only the last step answers
    coder = next(p for p in PATTERNS if p.key == "encoder_decoder")
    assert count_patches(drawn[coder.title], "handover") == 1
    decoder_steps = coder.steps - coder.encoder_steps
    assert coder.encoder_steps != decoder_steps  # different lengths in and out
    assert all(t >= coder.encoder_steps for t in coder.outputs)


def test_boxes_have_one_size_in_every_panel():
    """The x-range of a panel grows with the grid columns it spans, so a box is as wide on the
    page in the two-column encoder-decoder panel as in the others."""
    fig = draw_patterns()
    fig.canvas.draw()
    widths = set()
    for ax in fig.axes:
        for patch in ax.patches:
            if patch.get_gid() == "cell":
                box = patch.get_window_extent()
                widths.add(round(box.width / fig.dpi, 1))
    assert len(widths) == 1, widths


def test_a_panel_of_no_columns_is_refused_with_what_to_pass():
    _, ax = plt.subplots()
    with pytest.raises(ValueError, match="at least one grid column"):
        draw_pattern(PATTERNS[0], ax, columns=0)
