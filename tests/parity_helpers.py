"""Build twin layers (ours and Keras's with the same weights) and compare them, on any backend.

Gradients are taken of a fixed random projection of every output, so that a wrong sign or a
swapped gate anywhere shows up in the gradient of every weight and of the input.
"""

from __future__ import annotations

import keras
import numpy as np

from lstm_course.gradients import backend_gradients

OUTPUT_TOL = 1e-5
GRADIENT_TOL = 1e-4


def randomize(layer: keras.layers.Layer, seed: int = 0, scale: float = 0.5) -> None:
    """Give every weight (biases too) random values, so no term hides behind a zero."""
    rng = np.random.default_rng(seed)
    layer.set_weights(
        [scale * rng.standard_normal(w.shape).astype("float32") for w in layer.get_weights()]
    )


def twins(ours: keras.layers.Layer, theirs: keras.layers.Layer, x, seed: int = 0, **call_kwargs):
    """Build both layers on ``x``, randomize Keras's weights and copy them into ours."""
    theirs(x, **call_kwargs)
    ours(x, **call_kwargs)
    randomize(theirs, seed)
    ours.set_weights(theirs.get_weights())
    return ours, theirs


def as_list(outputs) -> list[np.ndarray]:
    if isinstance(outputs, (list, tuple)):
        return [keras.ops.convert_to_numpy(o) for o in outputs]
    return [keras.ops.convert_to_numpy(outputs)]


def outputs_and_gradients(layer, x, training: bool = False, **call_kwargs):
    """The layer's outputs, and the gradient of a fixed scalar of them w.r.t. weights and x."""
    x = keras.ops.convert_to_tensor(np.asarray(x, dtype="float32"))
    outputs = layer(x, training=training, **call_kwargs)
    projections = [
        keras.ops.convert_to_tensor(
            np.random.default_rng(i + 7).standard_normal(tuple(o.shape)).astype("float32")
        )
        for i, o in enumerate(as_list(outputs))
    ]

    def scalar(outs):
        outs = outs if isinstance(outs, (list, tuple)) else [outs]
        return sum(keras.ops.sum(o * p) for o, p in zip(outs, projections, strict=True))

    weight_grads, x_grad = backend_gradients(scalar, layer, x, training=training, **call_kwargs)
    return as_list(outputs), [*weight_grads, x_grad]


def assert_twins_agree(ours, theirs, x, training: bool = False, **call_kwargs) -> None:
    """Same outputs (1e-5) and same gradients (1e-4) for weights and input."""
    out_a, grad_a = outputs_and_gradients(ours, x, training, **call_kwargs)
    out_b, grad_b = outputs_and_gradients(theirs, x, training, **call_kwargs)
    assert len(out_a) == len(out_b), (len(out_a), len(out_b))
    for i, (a, b) in enumerate(zip(out_a, out_b, strict=True)):
        assert a.shape == b.shape, f"output {i}: shape {a.shape} vs Keras {b.shape}"
        np.testing.assert_allclose(a, b, atol=OUTPUT_TOL, rtol=0, err_msg=f"output {i}")
    assert len(grad_a) == len(grad_b)
    for i, (a, b) in enumerate(zip(grad_a, grad_b, strict=True)):
        np.testing.assert_allclose(a, b, atol=GRADIENT_TOL, rtol=0, err_msg=f"gradient {i}")
