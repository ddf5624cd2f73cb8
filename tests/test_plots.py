"""Every figure helper draws a titled figure with labelled axes, and says what it needs."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import numpy as np  # noqa: E402
import pytest  # noqa: E402

from lstm_course import plots  # noqa: E402


def _labelled(ax, title):
    assert ax.get_title() == title
    assert ax.get_xlabel() and ax.get_ylabel()


def test_history_draws_training_and_validation_curves():
    history = {"loss": [1.0, 0.5, 0.25], "val_loss": [1.1, 0.7, 0.6]}
    ax = plots.plot_history(history, title="Learning curves")
    _labelled(ax, "Learning curves")
    assert [line.get_label() for line in ax.lines] == ["training loss", "validation loss"]
    np.testing.assert_array_equal(ax.lines[1].get_ydata(), history["val_loss"])
    with pytest.raises(KeyError, match="no 'accuracy' in the history"):
        plots.plot_history(history, metrics=["accuracy"])


def test_forecast_draws_truth_and_each_forecast():
    ax = plots.plot_forecast(
        range(5), [1, 2, 3, 4, 5], {"RNN": [1, 2, 3, 4, 4], "naive": [0, 1, 2, 3, 4]}
    )
    _labelled(ax, "Forecast against truth")
    assert [line.get_label() for line in ax.lines] == ["truth", "RNN", "naive"]


def test_heatmap_labels_tokens_and_rejects_wrong_shapes():
    values = np.arange(12.0).reshape(3, 4)
    values[0, 0] = np.nan
    ax = plots.plot_heatmap(values, "Forget gate", x_ticks=list("abcd"), y_ticks=["u0", "u1", "u2"])
    _labelled(ax, "Forget gate")
    assert [t.get_text() for t in ax.get_xticklabels()] == list("abcd")
    with pytest.raises(ValueError, match="draws a 2-D array"):
        plots.plot_heatmap(np.zeros((2, 3, 4)), "x")
    with pytest.raises(ValueError, match="3 tick labels for 4 positions"):
        plots.plot_heatmap(values, "x", x_ticks=list("abc"))


def test_confusion_matrix_writes_each_count():
    ax = plots.plot_confusion_matrix([[900, 5], [7, 120]], ["ham", "spam"])
    _labelled(ax, "Confusion matrix")
    assert sorted(t.get_text() for t in ax.texts) == sorted(["900", "5", "7", "120"])


def test_precision_recall_draws_one_curve_per_model():
    ax = plots.plot_precision_recall(
        {"LSTM": ([1.0, 0.9], [0.0, 1.0]), "Keras": ([1, 0.8], [0, 1])}
    )
    _labelled(ax, "Precision against recall")
    assert len(ax.lines) == 2


def test_lstm_diagram_highlights_the_chosen_gate():
    from lstm_course.diagrams import HIGHLIGHT, PARTS, draw_lstm_cell

    ax = draw_lstm_cell("forget_gate")
    assert ax.get_title() == "The LSTM cell: the forget gate"
    lit = {
        p.get_gid() for p in ax.patches if matplotlib.colors.to_hex(p.get_edgecolor()) == HIGHLIGHT
    }
    assert lit == {"f", "f_mul", "belt_in"}  # the gate, its product, and the old memory
    red_text = [
        t.get_text() for t in ax.texts if matplotlib.colors.same_color(t.get_color(), HIGHLIGHT)
    ]
    assert set(PARTS["forget_gate"]) <= set(red_text)
    with pytest.raises(ValueError, match="unknown part 'memory'"):
        draw_lstm_cell("memory")


def test_figures_can_draw_hangul():
    from matplotlib import font_manager

    assert plots.use_korean_font()
    families = matplotlib.rcParams["font.family"]
    fonts = [font_manager.findfont(f, fallback_to_default=False) for f in families]
    assert any("nanum" in font.lower() for font in fonts), fonts


def test_hangul_and_negative_exponents_draw_without_missing_glyphs(caplog):
    """Hangul through the fallback font, a log axis's 10^-6 with a real minus sign."""
    import warnings

    import matplotlib.pyplot as plt

    plots.use_korean_font()
    with warnings.catch_warnings(record=True) as caught, caplog.at_level("WARNING"):
        warnings.simplefilter("always")
        fig, ax = plt.subplots()
        ax.semilogy([1, 2, 3], [1, 1e-5, 1e-10])
        ax.set_title("기울기 소실 (vanishing gradient)")
        fig.canvas.draw()
        plt.close(fig)
    messages = [str(w.message) for w in caught] + [r.getMessage() for r in caplog.records]
    assert not [m for m in messages if "glyph" in m.lower()], messages


def test_history_ticks_are_whole_epochs():
    ax = plots.plot_history({"loss": [3.0, 2.0, 1.5, 1.2]})
    ax.figure.canvas.draw()
    assert all(float(t).is_integer() for t in ax.get_xticks())
