"""The character language model's tools: temperature, bits per character, the NumPy LSTM step
(equal to Keras's layer), sampling, the structure labels and the single-unit search."""

from __future__ import annotations

import keras
import numpy as np
import pytest

from lstm_course.language_model import (
    balanced_accuracy,
    best_single_unit,
    bits_per_character,
    inside_marks,
    lstm_step,
    plot_char_activations,
    predict_with_unit,
    sample_text,
    softmax_with_temperature,
    unigram_entropy,
)

LOGITS = np.array([2.0, 1.0, 0.0, -1.0])


def test_temperature_sharpens_and_flattens():
    p1 = softmax_with_temperature(LOGITS, 1.0)
    e = np.exp(LOGITS)
    np.testing.assert_allclose(p1, e / e.sum())
    cold, hot = softmax_with_temperature(LOGITS, 0.01), softmax_with_temperature(LOGITS, 1e4)
    np.testing.assert_allclose(cold, [1, 0, 0, 0], atol=1e-12)
    np.testing.assert_allclose(hot, np.full(4, 0.25), atol=1e-3)
    p_half = softmax_with_temperature(LOGITS, 0.5)
    assert p_half[0] > p1[0] > softmax_with_temperature(LOGITS, 2.0)[0]  # the top gets more
    assert list(np.argsort(p_half)) == list(np.argsort(p1))  # the order never changes
    batch = softmax_with_temperature(np.stack([LOGITS, LOGITS + 100]), 0.7)
    np.testing.assert_allclose(batch.sum(-1), 1.0)
    np.testing.assert_allclose(batch[0], batch[1])  # adding a constant changes nothing
    for bad in (0, -1.0, float("nan")):
        with pytest.raises(ValueError, match="temperature must be a positive number"):
            softmax_with_temperature(LOGITS, bad)


def test_bits_per_character():
    uniform = np.zeros((3, 5, 8))
    targets = np.zeros((3, 5), dtype=int)
    assert bits_per_character(uniform, targets) == pytest.approx(3.0)  # log2(8)
    sure = np.full((2, 8), -50.0)
    sure[:, 3] = 50.0
    assert bits_per_character(sure, [3, 3]) == pytest.approx(0.0, abs=1e-9)
    half = np.log(np.array([[1.0, 1.0, 1e-30]]))  # p = 1/2 on the target
    assert bits_per_character(half, [1]) == pytest.approx(1.0)
    with pytest.raises(ValueError, match="one target per row"):
        bits_per_character(uniform, targets[:, :4])


def test_unigram_entropy():
    assert unigram_entropy([0, 0, 1, 1]) == pytest.approx(1.0)
    assert unigram_entropy([5, 5, 5]) == pytest.approx(0.0)
    assert unigram_entropy(np.arange(16)) == pytest.approx(4.0)
    with pytest.raises(ValueError, match="at least one character"):
        unigram_entropy([])


def _char_model(vocab=7, units=5, seed=0):
    keras.utils.set_random_seed(seed)
    return keras.Sequential(
        [
            keras.Input((None,), dtype="int32"),
            keras.layers.Embedding(vocab, 3),
            keras.layers.LSTM(units, return_sequences=True, name="lstm"),
            keras.layers.Dense(vocab),
        ]
    )


def test_the_numpy_step_is_keras_lstm():
    model = _char_model()
    ids = np.array([[1, 4, 2, 6, 0, 3]])
    embedding, lstm, dense = model.layers
    x = np.asarray(embedding(ids))[0]
    want_h = np.asarray(lstm(x[None]))[0]
    W_x, W_h, b = lstm.get_weights()
    h, c = np.zeros(5), np.zeros(5)
    for t in range(len(x)):
        h, c = lstm_step(x[t], h, c, W_x, W_h, b)
        np.testing.assert_allclose(h, want_h[t], atol=1e-5)
    np.testing.assert_allclose(
        h @ dense.get_weights()[0] + dense.get_weights()[1],
        np.asarray(model(ids))[0, -1],
        atol=1e-5,
    )


def test_sampling_feeds_each_character_back():
    model = _char_model()
    dense = model.layers[-1]
    dense.set_weights([w * 30 for w in dense.get_weights()])  # clear winners at each step
    # nearly greedy: the same text twice, and each id is the argmax of the model's logits
    a = sample_text(model, [1, 2], 12, temperature=1e-4, rng=np.random.default_rng(0))
    b = sample_text(model, [1, 2], 12, temperature=1e-4, rng=np.random.default_rng(1))
    assert a == b and len(a) == 12
    ids = [1, 2]
    for token in a:
        assert token == int(np.asarray(model(np.array([ids])))[0, -1].argmax())
        ids.append(token)
    # at T = 1 the draws follow the model: different seeds, different texts
    c = sample_text(model, [1, 2], 40, temperature=1.0, rng=np.random.default_rng(0))
    d = sample_text(model, [1, 2], 40, temperature=1.0, rng=np.random.default_rng(1))
    assert c != d and all(0 <= t < 7 for t in c)


def test_sampling_refuses_bad_input():
    model = _char_model()
    with pytest.raises(ValueError, match="a prompt of at least one"):
        sample_text(model, [], 5)
    with pytest.raises(ValueError, match="temperature must be a positive number"):
        sample_text(model, [1], 5, temperature=0)
    no_lstm = keras.Sequential(
        [keras.Input((None,), dtype="int32"), keras.layers.Embedding(7, 3), keras.layers.Dense(7)]
    )
    with pytest.raises(ValueError, match="this one has no LSTM"):
        sample_text(no_lstm, [1], 5)


def test_inside_marks():
    text = "**AB**  \nhi _Exit_\n_Enter\nC_ x"
    bold = inside_marks(text, "**")
    # having read the second '*' we are inside; having read the closing '**' we are out
    assert "".join("1" if v else "0" for v in bold[:8]) == "01111000"
    assert not bold[8:].any()
    stage = inside_marks(text, "_")
    inside = "".join(ch for ch, v in zip(text, stage, strict=True) if v)
    assert inside == "_Exit_Enter\nC"  # the opening mark, the words, across a line break
    assert not stage[text.index("C_") + 1]  # the closing mark leaves
    with pytest.raises(ValueError, match="non-empty"):
        inside_marks(text, "")


def test_balanced_accuracy():
    truth = np.array([1, 0, 0, 0, 0, 0, 0, 0, 0, 0], bool)
    assert balanced_accuracy(np.zeros(10, bool), truth) == 0.5  # the majority answer
    assert balanced_accuracy(truth, truth) == 1.0
    assert balanced_accuracy(~truth, truth) == 0.0
    with pytest.raises(ValueError, match="both classes"):
        balanced_accuracy(truth, np.zeros(10, bool))
    with pytest.raises(ValueError, match="must match"):
        balanced_accuracy(truth[:5], truth)


def test_best_single_unit_finds_the_unit_and_its_direction():
    rng = np.random.default_rng(0)
    truth = rng.random(2000) < 0.1
    a = rng.normal(size=(2000, 6))
    a[:, 4] = np.where(truth, 1.0, -1.0) + 0.3 * rng.normal(size=2000)  # tracks truth
    a[:, 1] = np.where(truth, -0.5, 0.5) + 0.6 * rng.normal(size=2000)  # weaker, reversed
    found = best_single_unit(a, truth)
    assert found["unit"] == 4 and found["sign"] == 1
    assert found["balanced_accuracy"] > 0.99
    assert -1.0 < found["threshold"] < 1.0
    pred = predict_with_unit(a, found)
    assert balanced_accuracy(pred, truth) == pytest.approx(found["balanced_accuracy"])
    a[:, 4] = -a[:, 4]  # the same unit upside down: found with the other sign
    flipped = best_single_unit(a, truth)
    assert flipped["unit"] == 4 and flipped["sign"] == -1
    assert balanced_accuracy(predict_with_unit(a, flipped), truth) > 0.99
    assert flipped["per_unit"].shape == (6,) and flipped["per_unit"][1] > 0.7
    assert np.all(flipped["per_unit"] >= 0.5)
    with pytest.raises(ValueError, match="one row per label"):
        best_single_unit(a[:10], truth)
    with pytest.raises(ValueError, match="both classes"):
        best_single_unit(a, np.ones(2000, bool))


def test_the_text_is_drawn_character_by_character():
    import matplotlib.pyplot as plt

    text = "**AB**  \nhi _Exit_"
    values = np.linspace(-2, 2, len(text))
    fig = plot_char_activations(text, values, title="t", width=6)
    ax = fig.axes[0]
    drawn = [t.get_text() for t in ax.texts]
    assert drawn == [("↵" if ch == "\n" else ch) for ch in text]
    # "**AB**" fills row 0; "  ↵" wraps to row 1; "hi _Ex" row 2, "it_" row 3
    assert ax.texts[6].get_position() == (0.5, 1.5) and ax.texts[9].get_position() == (0.5, 2.5)
    colours = [p.get_facecolor() for p in ax.patches]
    assert colours[0][2] > colours[0][0] and colours[-1][0] > colours[-1][2]  # blue .. red
    assert ax.get_title() == "t" and ax.get_xlabel() and ax.get_ylabel()
    plt.close(fig)
    # around a threshold: values above it red, below it blue, whatever their sign
    fig = plot_char_activations("abc", np.array([5.0, 6.0, 7.0]), center=6.0)
    low, mid, high = (p.get_facecolor() for p in fig.axes[0].patches)
    assert low[2] > low[0] and high[0] > high[2] and min(mid[:3]) > 0.8  # blue, white, red
    plt.close(fig)
    with pytest.raises(ValueError, match="one number per character"):
        plot_char_activations(text, values[:-1])
