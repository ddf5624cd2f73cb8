"""trace_lstm / trace_gru: the traced states are the layer's own, gate by gate."""

from __future__ import annotations

import keras
import numpy as np
import pytest

from lstm_course import layers as ours
from lstm_course.probes import GRU_KEYS, LSTM_KEYS, trace_gru, trace_lstm
from tests.parity_helpers import randomize

pytestmark = pytest.mark.backend  # runs on every Keras backend (make test-jax)

BATCH, STEPS, FEATURES, UNITS = 3, 7, 4, 6


@pytest.fixture
def x():
    return np.random.default_rng(2).standard_normal((BATCH, STEPS, FEATURES)).astype("float32")


def built(layer, x, **kwargs):
    layer(x, **kwargs)
    randomize(layer, seed=9)
    return layer


def test_the_cells_return_the_names_the_traces_use(x):
    h = np.zeros((BATCH, UNITS), "float32")
    lstm_cell, gru_cell = ours.LSTMCell(UNITS), ours.GRUCell(UNITS)
    for cell in (lstm_cell, gru_cell):
        cell.build((None, FEATURES))
    assert tuple(lstm_cell.step(x[:, 0], h, h)) == LSTM_KEYS == ours.LSTM_STEP
    assert tuple(gru_cell.step(x[:, 0], h)) == GRU_KEYS == ours.GRU_STEP


@pytest.mark.parametrize("layer_class", [ours.LSTM, keras.layers.LSTM], ids=["ours", "keras"])
@pytest.mark.parametrize("go_backwards", [False, True])
def test_trace_lstm_reproduces_the_layer(layer_class, go_backwards, x):
    layer = built(
        layer_class(UNITS, return_sequences=True, return_state=True, go_backwards=go_backwards), x
    )
    sequence, h_last, c_last = (keras.ops.convert_to_numpy(v) for v in layer(x))
    trace = trace_lstm(layer, x)
    assert set(trace) == set(LSTM_KEYS)
    assert all(trace[k].shape == (BATCH, STEPS, UNITS) for k in LSTM_KEYS)
    in_input_order = sequence[:, ::-1] if go_backwards else sequence
    np.testing.assert_allclose(trace["hidden_state"], in_input_order, atol=1e-5)
    last = 0 if go_backwards else -1
    np.testing.assert_allclose(trace["cell_state"][:, last], c_last, atol=1e-5)
    np.testing.assert_allclose(trace["hidden_state"][:, last], h_last, atol=1e-5)
    # The traced parts satisfy the cell's equations at every step.
    for gate in ("input_gate", "forget_gate", "output_gate"):
        assert np.all((trace[gate] > 0) & (trace[gate] < 1))
    c, i, f, cand, o = (
        trace[k] for k in ("cell_state", "input_gate", "forget_gate", "candidate", "output_gate")
    )
    previous = np.zeros_like(c[:, 0])
    steps = range(STEPS - 1, -1, -1) if go_backwards else range(STEPS)
    for t in steps:
        np.testing.assert_allclose(c[:, t], f[:, t] * previous + i[:, t] * cand[:, t], atol=1e-5)
        np.testing.assert_allclose(
            trace["hidden_state"][:, t], o[:, t] * np.tanh(c[:, t]), atol=1e-5
        )
        previous = c[:, t]


@pytest.mark.parametrize("layer_class", [ours.LSTM, keras.layers.LSTM], ids=["ours", "keras"])
def test_trace_lstm_honours_the_mask(layer_class, x):
    mask = np.arange(STEPS)[None, :] < np.array([7, 4, 2])[:, None]
    layer = built(layer_class(UNITS, return_sequences=True, return_state=True), x, mask=mask)
    sequence, h_last, c_last = (keras.ops.convert_to_numpy(v) for v in layer(x, mask=mask))
    trace = trace_lstm(layer, x, mask=mask)
    np.testing.assert_allclose(trace["hidden_state"], sequence, atol=1e-5)  # carried over
    np.testing.assert_allclose(trace["cell_state"][:, -1], c_last, atol=1e-5)
    assert np.all(np.isnan(trace["forget_gate"][~mask])), "no gate value at a masked step"
    assert not np.any(np.isnan(trace["forget_gate"][mask]))


def test_trace_lstm_of_a_layer_inside_a_trained_model(x):
    inputs = keras.Input((STEPS, FEATURES))
    lstm = keras.layers.LSTM(UNITS, name="memory")
    model = keras.Model(inputs, keras.layers.Dense(1)(lstm(inputs)))
    model.compile("adam", "mse")
    model.fit(x, np.ones((BATCH, 1)), epochs=2, verbose=0)
    trace = trace_lstm(model.get_layer("memory"), x)
    np.testing.assert_allclose(
        trace["hidden_state"][:, -1], keras.ops.convert_to_numpy(lstm(x)), atol=1e-5
    )


def test_trace_shows_pinned_gates(x):
    layer = built(ours.LSTM(UNITS, fixed_gates={"forget_gate": 1.0, "output_gate": 0.5}), x)
    trace = trace_lstm(layer, x)
    assert np.all(trace["forget_gate"] == 1.0)
    assert np.all(trace["output_gate"] == 0.5)
    # f = 1 means nothing is ever erased: C_t is the running sum of i * C~.
    np.testing.assert_allclose(
        trace["cell_state"], np.cumsum(trace["input_gate"] * trace["candidate"], axis=1), atol=1e-5
    )


def test_trace_lstm_with_initial_state(x):
    layer = built(ours.LSTM(UNITS, return_sequences=True), x)
    rng = np.random.default_rng(0)
    h0, c0 = (rng.standard_normal((BATCH, UNITS)).astype("float32") for _ in range(2))
    trace = trace_lstm(layer, x, initial_state=[h0, c0])
    np.testing.assert_allclose(
        trace["hidden_state"],
        keras.ops.convert_to_numpy(layer(x, initial_state=[h0, c0])),
        atol=1e-5,
    )


@pytest.mark.parametrize("layer_class", [ours.GRU, keras.layers.GRU], ids=["ours", "keras"])
@pytest.mark.parametrize("reset_after", [True, False])
def test_trace_gru_reproduces_the_layer(layer_class, reset_after, x):
    layer = built(layer_class(UNITS, return_sequences=True, reset_after=reset_after), x)
    trace = trace_gru(layer, x)
    assert set(trace) == set(GRU_KEYS)
    np.testing.assert_allclose(
        trace["hidden_state"], keras.ops.convert_to_numpy(layer(x)), atol=1e-5
    )
    z, cand, h = trace["update_gate"], trace["candidate"], trace["hidden_state"]
    previous = np.concatenate([np.zeros_like(h[:, :1]), h[:, :-1]], axis=1)
    np.testing.assert_allclose(h, z * previous + (1 - z) * cand, atol=1e-5)


@pytest.mark.parametrize(
    "wrapper", [ours.Bidirectional, keras.layers.Bidirectional], ids=["ours", "keras"]
)
def test_trace_of_a_bidirectional_layer_gives_both_directions(wrapper, x):
    layer = built(
        wrapper(
            ours.LSTM(UNITS, return_sequences=True)
            if wrapper is ours.Bidirectional
            else keras.layers.LSTM(UNITS, return_sequences=True),
            merge_mode=None,
        ),
        x,
    )
    forward, backward = (keras.ops.convert_to_numpy(v) for v in layer(x))
    trace = trace_lstm(layer, x)
    np.testing.assert_allclose(trace["forward"]["hidden_state"], forward, atol=1e-5)
    np.testing.assert_allclose(trace["backward"]["hidden_state"], backward, atol=1e-5)


def test_trace_errors_say_what_to_do(x):
    with pytest.raises(TypeError, match="trace_lstm reads an LSTM layer"):
        trace_lstm(built(ours.GRU(UNITS), x), x)
    with pytest.raises(ValueError, match="has no weights yet"):
        trace_lstm(ours.LSTM(UNITS), x)
    layer = built(ours.LSTM(UNITS), x)
    with pytest.raises(ValueError, match="add a feature axis"):
        trace_lstm(layer, x[:, :, 0])
    with pytest.raises(ValueError, match=r"mask should have shape \(batch, time\)"):
        trace_lstm(layer, x, mask=np.ones((BATCH, STEPS + 1), bool))
    with pytest.raises(ValueError, match="initial_state should be 2 array"):
        trace_lstm(layer, x, initial_state=[np.zeros((BATCH, UNITS))])


# --------------------------------------------------------------------------- inside a model

VOCAB, EMBED = 20, FEATURES
LENGTHS = np.array([STEPS, 4, 2])  # real tokens per row; the rest is padding (id 0)


@pytest.fixture
def ids():
    tokens = np.random.default_rng(5).integers(1, VOCAB, size=(BATCH, STEPS))
    return np.where(np.arange(STEPS)[None, :] < LENGTHS[:, None], tokens, 0).astype("int32")


RECURRENT = {
    "ours-LSTM": (lambda: ours.LSTM(UNITS, return_sequences=True, name="memory"), trace_lstm),
    "keras-LSTM": (
        lambda: keras.layers.LSTM(UNITS, return_sequences=True, name="memory"),
        trace_lstm,
    ),
    "ours-GRU": (lambda: ours.GRU(UNITS, return_sequences=True, name="memory"), trace_gru),
    "keras-GRU": (lambda: keras.layers.GRU(UNITS, return_sequences=True, name="memory"), trace_gru),
    "ours-Bidirectional": (
        lambda: ours.Bidirectional(ours.LSTM(UNITS, return_sequences=True), name="memory"),
        trace_lstm,
    ),
    "keras-Bidirectional": (
        lambda: keras.layers.Bidirectional(
            keras.layers.LSTM(UNITS, return_sequences=True), name="memory"
        ),
        trace_lstm,
    ),
}


def embedded_model(recurrent, style):
    """ids -> Embedding(mask_zero=True) -> Dropout -> recurrent -> Dense, as in the chapters."""
    stack = [
        keras.layers.Embedding(VOCAB, EMBED, mask_zero=True, name="embedding"),
        keras.layers.Dropout(0.5),  # passes the mask on; off while tracing
        recurrent,
        keras.layers.Dense(1, name="head"),
    ]
    if style == "sequential":
        model = keras.Sequential([keras.Input((STEPS,), dtype="int32"), *stack])
    else:
        tokens = x = keras.Input((STEPS,), dtype="int32")
        for layer in stack:
            x = layer(x)
        model = keras.Model(tokens, x)
    randomize(recurrent, seed=9)
    return model


def assert_same_trace(got, expected):
    assert set(got) == set(expected)
    for key in expected:
        if isinstance(expected[key], dict):
            assert_same_trace(got[key], expected[key])
        else:  # NaN (the gates of masked steps) counts as equal to NaN
            np.testing.assert_allclose(got[key], expected[key], atol=1e-6)


def hidden_states(trace):
    if "forward" in trace:
        return np.concatenate([trace[d]["hidden_state"] for d in ("forward", "backward")], -1)
    return trace["hidden_state"]


@pytest.mark.parametrize("style", ["functional", "sequential"])
@pytest.mark.parametrize("kind", list(RECURRENT))
def test_trace_of_a_layer_in_a_model_computes_its_input_and_mask(kind, style, ids):
    make, trace = RECURRENT[kind]
    model = embedded_model(make(), style)
    layer = model.get_layer("memory")
    by_hand_x = model.get_layer("embedding")(ids)
    by_hand = trace(layer, by_hand_x, mask=ids != 0)
    through_model = trace(model, layer="memory", inputs=ids)
    assert_same_trace(through_model, by_hand)
    # The padding matters: without the mask the trace is another one, and mask=False gives it.
    unmasked = trace(layer, by_hand_x)
    assert np.abs(hidden_states(through_model) - hidden_states(unmasked)).max() > 1e-3
    assert_same_trace(trace(model, layer="memory", inputs=ids, mask=False), unmasked)
    # The layer object works as well as its name.
    assert_same_trace(trace(model, layer=layer, inputs=ids), by_hand)


@pytest.mark.parametrize("kind", ["keras-LSTM", "ours-GRU"])
def test_trace_through_a_model_is_what_the_model_computes(kind, ids):
    make, trace = RECURRENT[kind]
    model = embedded_model(make(), "functional")
    layer_output = keras.Model(model.inputs[0], model.get_layer("memory").output)(ids)
    traced = trace(model, layer="memory", inputs=ids)
    np.testing.assert_allclose(
        traced["hidden_state"], keras.ops.convert_to_numpy(layer_output), atol=1e-5
    )


def test_trace_through_a_masking_layer_in_a_model_built_with_add(x):
    padded = x.copy()
    padded[np.arange(STEPS)[None, :] >= LENGTHS[:, None]] = 0.0
    model = keras.Sequential()
    model.add(keras.Input((STEPS, FEATURES)))
    model.add(keras.layers.Masking(0.0))
    model.add(keras.layers.LSTM(UNITS, name="memory"))  # each add rebuilds: nodes of old graphs
    model.add(keras.layers.Dense(1))
    layer = model.get_layer("memory")
    randomize(layer, seed=9)
    expected = trace_lstm(layer, padded, mask=np.any(padded != 0, axis=-1))
    assert_same_trace(trace_lstm(model, layer="memory", inputs=padded), expected)
    assert np.isnan(expected["forget_gate"][2, -1]).all()


def test_trace_through_a_model_takes_the_initial_state_it_passes(ids):
    tokens, h0, c0 = (
        keras.Input((STEPS,), dtype="int32"),
        keras.Input((UNITS,)),
        keras.Input((UNITS,)),
    )
    vectors = keras.layers.Embedding(VOCAB, EMBED, mask_zero=True)(tokens)
    lstm = keras.layers.LSTM(UNITS, return_sequences=True, name="decoder")
    model = keras.Model([tokens, h0, c0], lstm(vectors, initial_state=[h0, c0]))
    randomize(lstm, seed=9)
    rng = np.random.default_rng(1)
    states = [rng.standard_normal((BATCH, UNITS)).astype("float32") for _ in range(2)]
    traced = trace_lstm(model, layer="decoder", inputs=[ids, *states])
    np.testing.assert_allclose(
        traced["hidden_state"],
        keras.ops.convert_to_numpy(model([ids, *states])),
        atol=1e-5,
    )
    zeros = [np.zeros_like(s) for s in states]
    replaced = trace_lstm(model, layer="decoder", inputs=[ids, *states], initial_state=zeros)
    np.testing.assert_allclose(
        replaced["hidden_state"], keras.ops.convert_to_numpy(model([ids, *zeros])), atol=1e-5
    )


def test_the_layer_form_by_keyword_still_works(x):
    layer = built(ours.LSTM(UNITS, return_sequences=True), x)
    assert_same_trace(trace_lstm(layer=layer, x=x), trace_lstm(layer, x))


def test_trace_through_a_model_errors_say_what_to_do(ids):
    model = embedded_model(RECURRENT["keras-LSTM"][0](), "functional")
    with pytest.raises(ValueError, match=r"no layer named 'lstm'.*'memory' \(LSTM\)"):
        trace_lstm(model, layer="lstm", inputs=ids)
    with pytest.raises(TypeError, match=r"trace_lstm reads an LSTM layer.*got 'head' \(Dense\)"):
        trace_lstm(model, layer="head", inputs=ids)
    with pytest.raises(TypeError, match=r"trace_gru reads a GRU layer.*use trace_lstm"):
        trace_gru(model, layer="memory", inputs=ids)
    with pytest.raises(ValueError, match="takes the mask from the model.*mask=False"):
        trace_lstm(model, layer="memory", inputs=ids, mask=ids != 0)
    with pytest.raises(TypeError, match="pass that as inputs="):
        trace_lstm(model, ids, layer="memory")
    with pytest.raises(TypeError, match="needs inputs="):
        trace_lstm(model, layer="memory")
    with pytest.raises(TypeError, match="needs the layer to trace.*'memory' \\(LSTM\\)"):
        trace_lstm(model, inputs=ids)
    with pytest.raises(ValueError, match="is not a layer of model"):
        trace_lstm(model, layer=keras.layers.LSTM(UNITS), inputs=ids)
    with pytest.raises(TypeError, match="go with a model"):
        trace_lstm(model.get_layer("memory"), layer="memory", inputs=ids)

    tokens_a, tokens_b = keras.Input((STEPS,), dtype="int32"), keras.Input((STEPS,), dtype="int32")
    embedding = keras.layers.Embedding(VOCAB, EMBED, mask_zero=True)
    shared = keras.layers.LSTM(UNITS, name="shared")
    both = keras.layers.Concatenate()([shared(embedding(tokens_a)), shared(embedding(tokens_b))])
    two_calls = keras.Model([tokens_a, tokens_b], both)
    with pytest.raises(ValueError, match="'shared' is called 2 times.*several inbound nodes"):
        trace_lstm(two_calls, layer="shared", inputs=[ids, ids])
