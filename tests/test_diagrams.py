"""The gate pictures: one heatmap row per traced gate, the tokens on the time axis, and the
event-aligned averages they plot computed right."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

from lstm_course.diagrams import (  # noqa: E402
    GATE_STYLES,
    GRU_PARTS,
    HIGHLIGHT,
    PARTS,
    average_around,
    draw_gru_cell,
    draw_lstm_cell,
    plot_around,
    plot_gates,
)
from lstm_course.probes import GRU_KEYS, LSTM_KEYS  # noqa: E402

BATCH, STEPS, UNITS = 2, 6, 5
TOKENS = ["alice", "red", "the", "bob", "green", "?"]


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


def fake_trace(keys=LSTM_KEYS) -> dict[str, np.ndarray]:
    """A trace of known numbers: value = example + step / 10 + unit / 100."""
    b, t, u = np.meshgrid(np.arange(BATCH), np.arange(STEPS), np.arange(UNITS), indexing="ij")
    base = (b + t / 10 + u / 100).astype("float32")
    return {key: base + k for k, key in enumerate(keys)}


def image_of(ax) -> np.ndarray:
    return np.asarray(ax.images[0].get_array())


def test_plot_gates_draws_one_row_per_trace_entry_in_the_cell_order():
    trace = fake_trace()
    axes = plot_gates(trace, TOKENS, example=1, title="One sentence")
    assert len(axes) == len(LSTM_KEYS)
    titles = [ax.get_title() for ax in axes]
    assert titles == [GATE_STYLES[key][0] for key in LSTM_KEYS]
    # Each row is that entry of the chosen example, units down and time across.
    for key, ax in zip(LSTM_KEYS, axes, strict=True):
        np.testing.assert_allclose(image_of(ax), trace[key][1].T)
    # The tokens label the bottom row's time axis; the rows above share it.
    assert [t.get_text() for t in axes[-1].get_xticklabels()] == TOKENS
    assert axes[-1].get_xlabel() == "input token"
    assert all(ax.get_ylabel() == "unit" for ax in axes)
    assert axes[0].figure._suptitle.get_text() == "One sentence"


def test_gates_share_one_scale_from_0_to_1_and_the_cell_state_a_symmetric_one():
    trace = {
        "forget_gate": np.full((1, 3, 2), 0.5),
        "cell_state": np.array([[[0.0, 3.0], [-1.0, 0.5], [2.0, 0.0]]]),
    }
    forget, cell = plot_gates(trace)
    assert forget.images[0].get_clim() == (0.0, 1.0)
    assert cell.images[0].get_clim() == (-3.0, 3.0)
    assert forget.get_xlabel() == "" and cell.get_xlabel() == "time step"


def test_plot_gates_picks_gates_and_units_and_frames_the_marks():
    trace = fake_trace()
    axes = plot_gates(trace, TOKENS, gates=["forget_gate"], units=[4, 1], marks={"switch": 3})
    (ax,) = axes
    np.testing.assert_allclose(image_of(ax), trace["forget_gate"][0][:, [4, 1]].T)
    assert [t.get_text() for t in ax.get_yticklabels()] == ["4", "1"]
    frame = [line.get_xdata()[0] for line in ax.lines]
    assert frame == [2.5, 3.5]  # the two edges of the switch's column
    assert "switch" in [t.get_text() for t in ax.texts]
    (no_switch,) = plot_gates(trace, gates=["forget_gate"], marks={"switch": -1})
    assert not no_switch.lines and not no_switch.texts  # -1: the story has no switch
    first_two = plot_gates(trace, gates=["input_gate"], units=2)[0]
    assert image_of(first_two).shape == (2, STEPS)


def test_plot_gates_names_the_gru_candidate_and_gru_gates():
    axes = plot_gates(fake_trace(GRU_KEYS))
    assert [ax.get_title() for ax in axes] == [
        "update gate $z_t$",
        "reset gate $r_t$",
        r"candidate $\tilde{h}_t$",
        "hidden state $h_t$",
    ]


def test_plot_gates_leaves_masked_steps_blank():
    trace = fake_trace()
    trace["forget_gate"][0, 4:] = np.nan
    ax = plot_gates(trace, gates=["forget_gate"])[0]
    assert np.ma.getmaskarray(image_of(ax)).sum() + np.isnan(image_of(ax)).sum() > 0


@pytest.mark.parametrize(
    ("kwargs", "error", "message"),
    [
        ({"tokens": TOKENS[:-1]}, ValueError, "5 tokens for 6 time steps"),
        ({"gates": ["memory"]}, KeyError, "no 'memory' in the trace"),
        ({"gates": []}, ValueError, "a list of names"),
        ({"gates": "forget_gate"}, ValueError, "a list of names"),
        ({"units": 9}, ValueError, "units=9, but the layer has 5 units"),
        ({"units": [0, 7]}, ValueError, r"indices in 0\.\.4"),
        ({"example": 2}, IndexError, "example 2 of a batch of 2"),
    ],
)
def test_plot_gates_says_what_is_wrong(kwargs, error, message):
    with pytest.raises(error, match=message):
        plot_gates(fake_trace(), **kwargs)


def test_plot_gates_wants_one_direction_of_a_bidirectional_trace():
    with pytest.raises(ValueError, match=r"trace\['forward'\]"):
        plot_gates({"forward": fake_trace(), "backward": fake_trace()})


def test_average_around_aligns_each_example_on_its_own_event():
    values = np.zeros((3, 8, 2))
    values[0, 2] = 1.0  # example 0: event at step 2
    values[1, 5] = 1.0  # example 1: event at step 5
    values[2] = 7.0  # example 2: no event, must not count
    values[1, 6] = [0.5, 1.5]  # one step after example 1's event: its units average to 1
    offsets, means = average_around(values, [2, 5, -1], before=3, after=3)
    np.testing.assert_array_equal(offsets, np.arange(-3, 4))
    # offset 0 is the event in both; offset +1 averages 0 (example 0) and 1 (example 1);
    # offset -3 exists only for example 1 (example 0 would be step -1).
    np.testing.assert_allclose(means, [0.0, 0.0, 0.0, 1.0, 0.5, 0.0, 0.0])
    offsets, means = average_around(values, [2, 5, -1], before=6, after=0)
    assert np.isnan(means[0])  # step -4 and -1: inside no sequence
    with pytest.raises(ValueError, match="one step per example"):
        average_around(values, [2, 5])


def test_plot_around_draws_one_line_per_gate_with_step_zero_at_the_event():
    trace = fake_trace()
    steps = np.array([2, 3])
    ax = plot_around(
        trace, steps, gates=("forget_gate", "input_gate"), before=2, after=2, event="the switch"
    )
    assert ax.get_title() == "The gates around the switch"
    assert ax.get_xlabel() == "steps relative to the switch" and ax.get_ylabel()
    forget, inputs, event = ax.lines
    np.testing.assert_array_equal(forget.get_xdata(), [-2, -1, 0, 1, 2])
    np.testing.assert_allclose(
        forget.get_ydata(), average_around(trace["forget_gate"], steps, 2, 2)[1]
    )
    assert event.get_xdata()[0] == 0
    with pytest.raises(KeyError, match="no 'output' in the trace"):
        plot_around(trace, steps, gates=("output",))


@pytest.mark.parametrize("part", list(PARTS))
def test_draw_lstm_cell_colours_each_part_and_its_equations(part):
    ax = draw_lstm_cell(part)
    red_text = [
        t.get_text() for t in ax.texts if matplotlib.colors.same_color(t.get_color(), HIGHLIGHT)
    ]
    assert set(PARTS[part]) <= set(red_text)
    assert ax.get_title() == f"The LSTM cell: the {part.replace('_', ' ')}"


def red_texts(ax) -> list[str]:
    return [
        t.get_text() for t in ax.texts if matplotlib.colors.same_color(t.get_color(), HIGHLIGHT)
    ]


@pytest.mark.parametrize("part", list(GRU_PARTS))
def test_draw_gru_cell_colours_each_part_and_only_its_equations(part):
    ax = draw_gru_cell(part)
    equations = {line for lines in GRU_PARTS.values() for line in lines}
    lit = set(red_texts(ax)) & equations
    assert lit == set(GRU_PARTS[part])
    assert ax.get_title() == f"The GRU cell: the {part.replace('_', ' ')}"
    assert any(p.get_gid() for p in ax.patches if same_colour(p, HIGHLIGHT))


def same_colour(patch, colour) -> bool:
    return matplotlib.colors.same_color(patch.get_edgecolor()[:3], colour)


def test_draw_gru_cell_writes_keras_convention_in_the_common_notation():
    ax = draw_gru_cell()
    texts = [t.get_text() for t in ax.texts]
    assert r"$h_t = z_t \odot h_{t-1} + (1 - z_t) \odot \tilde{h}_t$" in texts
    assert r"$z_t = \sigma(x_t W_{xz} + h_{t-1} W_{hz} + b_z)$" in texts
    assert any("r_t \\odot (h_{t-1} W_{hh} + b'_h)" in t for t in texts)  # reset_after=True
    assert not red_texts(ax)  # nothing highlighted
    assert ax.get_title() == "The GRU cell"
    assert ax.get_xlabel()


def test_the_cell_diagrams_refuse_an_unknown_part_and_name_the_parts():
    with pytest.raises(ValueError, match="draw_gru_cell: unknown part 'output_gate'; choose one"):
        draw_gru_cell("output_gate")  # the GRU has none
    with pytest.raises(ValueError, match="draw_lstm_cell: unknown part 'reset_gate'"):
        draw_lstm_cell("reset_gate")


def test_draw_gru_cell_draws_into_a_given_axes_with_a_title():
    figure, (left, right) = plt.subplots(1, 2)
    assert draw_gru_cell(ax=right, highlight="candidate", title="Mine") is right
    assert right.get_title() == "Mine" and not left.patches


def test_plot_gates_draws_a_real_masked_trace_of_our_lstm():
    from lstm_course.layers import LSTM
    from lstm_course.probes import trace_lstm

    x = np.random.default_rng(0).normal(size=(2, 5, 3)).astype("float32")
    layer = LSTM(4)
    layer(x)
    mask = np.array([[True] * 5, [True, True, True, False, False]])  # example 1: 3 real steps
    trace = trace_lstm(layer, x, mask=mask)
    axes = plot_gates(trace, list("abcde"), example=1)
    forget = image_of(axes[1])
    assert np.isnan(np.asarray(forget, dtype=float)[:, 3:]).all()  # no gate at masked steps
    np.testing.assert_allclose(image_of(axes[4]), trace["cell_state"][1].T)
