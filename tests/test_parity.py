"""Our layers against Keras's own, case by case: same weights in, same outputs and gradients out.

Runs on whichever backend KERAS_BACKEND names (``make test`` runs it on tensorflow and jax).
"""

from __future__ import annotations

import keras
import numpy as np
import pytest

from lstm_course import layers as ours
from tests.parity_helpers import assert_twins_agree, outputs_and_gradients, twins

pytestmark = pytest.mark.backend  # runs on every Keras backend (make test-jax)

BATCH, STEPS, FEATURES, UNITS = 4, 6, 3, 5
KINDS = {
    "SimpleRNN": (ours.SimpleRNN, keras.layers.SimpleRNN),
    "LSTM": (ours.LSTM, keras.layers.LSTM),
    "GRU": (ours.GRU, keras.layers.GRU),
}


@pytest.fixture
def x():
    return np.random.default_rng(1).standard_normal((BATCH, STEPS, FEATURES)).astype("float32")


@pytest.fixture
def mask():
    lengths = np.array([6, 4, 1, 5])
    return np.arange(STEPS)[None, :] < lengths[:, None]


COMMON_CASES = [
    {},
    {"return_sequences": True},
    {"return_state": True},
    {"return_sequences": True, "return_state": True},
    {"go_backwards": True},
    {"go_backwards": True, "return_sequences": True, "return_state": True},
    {"unroll": True, "return_sequences": True},
    {"use_bias": False, "return_sequences": True},
    {"activation": "relu", "return_sequences": True},
    {"activation": "sigmoid", "return_state": True},
]
GATED_CASES = [
    {"recurrent_activation": "hard_sigmoid", "return_sequences": True},
    {"recurrent_activation": "tanh", "activation": "softsign"},
]
CASES = (
    [(kind, case) for kind in KINDS for case in COMMON_CASES]
    + [(kind, case) for kind in ("LSTM", "GRU") for case in GATED_CASES]
    + [
        ("LSTM", {"unit_forget_bias": False, "return_sequences": True}),
        ("GRU", {"reset_after": False, "return_sequences": True}),
        ("GRU", {"reset_after": False, "use_bias": False, "return_state": True}),
        ("GRU", {"reset_after": False, "go_backwards": True, "return_sequences": True}),
    ]
)


def _id(case):
    kind, config = case
    return kind + "-" + ("-".join(f"{k}={v}" for k, v in config.items()) or "default")


@pytest.mark.parametrize("case", CASES, ids=[_id(c) for c in CASES])
def test_layer_matches_keras(case, x):
    kind, config = case
    mine, theirs = KINDS[kind]
    a, b = twins(mine(UNITS, **config), theirs(UNITS, **config), x)
    assert_twins_agree(a, b, x)


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("zero_output", [False, True])
@pytest.mark.parametrize("go_backwards", [False, True])
def test_masked_sequences_match_keras(kind, zero_output, go_backwards, x, mask):
    mine, theirs = KINDS[kind]
    config = dict(
        return_sequences=True,
        return_state=True,
        zero_output_for_mask=zero_output,
        go_backwards=go_backwards,
    )
    a, b = twins(mine(UNITS, **config), theirs(UNITS, **config), x, mask=mask)
    assert_twins_agree(a, b, x, mask=mask)


def test_mask_from_an_embedding_matches_keras():
    tokens = np.array([[3, 5, 2, 0, 0], [4, 1, 0, 0, 0], [1, 2, 3, 4, 5]])

    def model(recurrent):
        inputs = keras.Input((5,), dtype="int32")
        h = keras.layers.Embedding(8, 3, mask_zero=True)(inputs)
        return keras.Model(inputs, recurrent(UNITS, return_sequences=True)(h))

    theirs, mine = model(keras.layers.LSTM), model(ours.LSTM)
    weights = [
        np.random.default_rng(i).standard_normal(w.shape)
        for i, w in enumerate(theirs.get_weights())
    ]
    theirs.set_weights(weights)
    mine.set_weights(weights)
    np.testing.assert_allclose(
        mine.predict(tokens, verbose=0), theirs.predict(tokens, verbose=0), atol=1e-5
    )


@pytest.mark.parametrize("kind", KINDS)
def test_initial_state_matches_keras(kind, x):
    mine, theirs = KINDS[kind]
    count = 2 if kind == "LSTM" else 1
    rng = np.random.default_rng(3)
    states = [rng.standard_normal((BATCH, UNITS)).astype("float32") for _ in range(count)]
    config = dict(return_sequences=True, return_state=True)
    a, b = twins(mine(UNITS, **config), theirs(UNITS, **config), x, initial_state=states)
    assert_twins_agree(a, b, x, initial_state=states)


@pytest.mark.parametrize("kind", KINDS)
def test_stateful_layers_carry_state_like_keras(kind, x):
    mine, theirs = KINDS[kind]
    a = mine(UNITS, stateful=True, return_sequences=True)
    b = theirs(UNITS, stateful=True, return_sequences=True)
    twins(a, b, x)
    a.reset_state()
    b.reset_state()
    first_a, first_b = keras.ops.convert_to_numpy(a(x)), keras.ops.convert_to_numpy(b(x))
    second_a, second_b = keras.ops.convert_to_numpy(a(x)), keras.ops.convert_to_numpy(b(x))
    np.testing.assert_allclose(first_a, first_b, atol=1e-5)
    np.testing.assert_allclose(second_a, second_b, atol=1e-5)
    assert np.abs(second_a - first_a).max() > 1e-3, (
        "the second batch should start from the carried state"
    )
    a.reset_state()
    np.testing.assert_allclose(keras.ops.convert_to_numpy(a(x)), first_a, atol=1e-6)
    if keras.backend.backend() == "torch" and kind != "SimpleRNN":
        return  # Keras's own stateful LSTM and GRU cannot be differentiated on torch (ours can)
    # Gradients through a stateful layer match too.
    a.reset_state()
    b.reset_state()
    assert_twins_agree(a, b, x)


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize(
    "rates", [(0.3, 0.0), (0.0, 0.25), (0.3, 0.25)], ids=["dropout", "recurrent", "both"]
)
def test_dropout_in_training_matches_keras_mask_for_mask(kind, rates, x):
    """Same seed, same masks: our cells draw them in Keras's order, so even training mode agrees."""
    mine, theirs = KINDS[kind]
    config = dict(dropout=rates[0], recurrent_dropout=rates[1], seed=11, return_sequences=True)
    a, b = twins(mine(UNITS, **config), theirs(UNITS, **config), x)
    assert_twins_agree(a, b, x, training=True)
    inference, _ = outputs_and_gradients(a, x, training=False)
    training, _ = outputs_and_gradients(a, x, training=True)
    assert np.abs(inference[0] - training[0]).max() > 1e-3, "dropout should change training outputs"


def test_unit_forget_bias_initialises_like_keras(x):
    for flag in (True, False):
        a, b = (
            ours.LSTM(UNITS, unit_forget_bias=flag),
            keras.layers.LSTM(UNITS, unit_forget_bias=flag),
        )
        a(x)
        b(x)
        np.testing.assert_array_equal(a.get_weights()[2], b.get_weights()[2])
        forget = a.get_weights()[2][UNITS : 2 * UNITS]
        assert np.all(forget == (1.0 if flag else 0.0))


def test_same_weights_train_to_the_same_weights(x):
    """One epoch of Adam on the same data moves both layers' weights the same way."""
    y = np.random.default_rng(5).standard_normal((BATCH, 1)).astype("float32")

    def model(layer):
        inputs = keras.Input((STEPS, FEATURES))
        net = keras.Model(inputs, keras.layers.Dense(1)(layer(UNITS)(inputs)))
        net.compile(optimizer=keras.optimizers.Adam(0.01), loss="mse")
        return net

    keras.utils.set_random_seed(0)
    theirs, mine = model(keras.layers.LSTM), model(ours.LSTM)
    mine.set_weights(theirs.get_weights())
    for net in (theirs, mine):
        net.fit(x, y, epochs=3, batch_size=2, shuffle=False, verbose=0)
    for a, b in zip(mine.get_weights(), theirs.get_weights(), strict=True):
        np.testing.assert_allclose(a, b, atol=1e-4)


# ----------------------------------------------------------------------------- Bidirectional

MERGE_MODES = ["concat", "sum", "mul", "ave", None]


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("merge_mode", MERGE_MODES, ids=str)
@pytest.mark.parametrize("return_sequences", [False, True], ids=["last", "sequences"])
def test_bidirectional_matches_keras(kind, merge_mode, return_sequences, x):
    mine, theirs = KINDS[kind]
    a = ours.Bidirectional(mine(UNITS, return_sequences=return_sequences), merge_mode=merge_mode)
    b = keras.layers.Bidirectional(
        theirs(UNITS, return_sequences=return_sequences), merge_mode=merge_mode
    )
    twins(a, b, x)
    assert_twins_agree(a, b, x)


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("merge_mode", ["concat", None], ids=str)
def test_bidirectional_with_mask_and_states_matches_keras(kind, merge_mode, x, mask):
    mine, theirs = KINDS[kind]
    config = dict(return_sequences=True, return_state=True)
    a = ours.Bidirectional(mine(UNITS, **config), merge_mode=merge_mode)
    b = keras.layers.Bidirectional(theirs(UNITS, **config), merge_mode=merge_mode)
    twins(a, b, x, mask=mask)
    assert_twins_agree(a, b, x, mask=mask)
    count = 4 if kind == "LSTM" else 2
    rng = np.random.default_rng(4)
    states = [rng.standard_normal((BATCH, UNITS)).astype("float32") for _ in range(count)]
    assert_twins_agree(a, b, x, mask=mask, initial_state=states)


def test_bidirectional_backward_direction_is_flipped_back(x):
    """y_t pairs the forward state after x_1..x_t with the backward state after x_T..x_t."""
    layer = ours.Bidirectional(ours.LSTM(UNITS, return_sequences=True), merge_mode=None)
    forward, backward = (keras.ops.convert_to_numpy(y) for y in layer(x))
    backward_alone = keras.ops.convert_to_numpy(layer.backward_layer(x))  # in reading order T..1
    np.testing.assert_allclose(backward, backward_alone[:, ::-1], atol=1e-6)
    np.testing.assert_allclose(
        forward, keras.ops.convert_to_numpy(layer.forward_layer(x)), atol=1e-6
    )
    # At step 0 the backward direction has read the whole sequence: the last of its run.
    np.testing.assert_allclose(backward[:, 0], backward_alone[:, -1], atol=1e-6)


def test_bidirectional_wraps_keras_layers_too(x):
    a = ours.Bidirectional(keras.layers.GRU(UNITS, return_sequences=True))
    b = keras.layers.Bidirectional(keras.layers.GRU(UNITS, return_sequences=True))
    twins(a, b, x)
    assert_twins_agree(a, b, x)


def test_bidirectional_with_explicit_backward_layer(x):
    forward, backward = ours.LSTM(UNITS), ours.GRU(UNITS, go_backwards=True)
    a = ours.Bidirectional(forward, backward_layer=backward, merge_mode="concat")
    b = keras.layers.Bidirectional(
        keras.layers.LSTM(UNITS), backward_layer=keras.layers.GRU(UNITS, go_backwards=True)
    )
    twins(a, b, x)
    assert_twins_agree(a, b, x)


def test_stateful_bidirectional_matches_keras(x):
    a = ours.Bidirectional(ours.LSTM(UNITS, stateful=True))
    b = keras.layers.Bidirectional(keras.layers.LSTM(UNITS, stateful=True))
    twins(a, b, x)
    for layer in (a, b):
        layer.reset_state()
    for _ in range(2):
        np.testing.assert_allclose(
            keras.ops.convert_to_numpy(a(x)), keras.ops.convert_to_numpy(b(x)), atol=1e-5
        )
    assert len(a.states) == 4
