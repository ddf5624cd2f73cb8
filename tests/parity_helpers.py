"""Build twin layers (ours and Keras's with the same weights) and compare them, on any backend.

Gradients are taken of a fixed random projection of every output, so that a wrong sign or a
swapped gate anywhere shows up in the gradient of every weight and of the input.
"""

from __future__ import annotations

import keras
import numpy as np

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
    backend = keras.backend.backend()
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

    if backend == "tensorflow":
        import tensorflow as tf

        with tf.GradientTape() as tape:
            tape.watch(x)
            loss = scalar(layer(x, training=training, **call_kwargs))
        grads = tape.gradient(loss, [*layer.trainable_variables, x])
    elif backend == "jax":
        import jax

        trainable = [v.value for v in layer.trainable_variables]
        non_trainable = [v.value for v in layer.non_trainable_variables]

        def loss_fn(weights, inputs):
            outs, _ = layer.stateless_call(
                weights, non_trainable, inputs, training=training, **call_kwargs
            )
            return scalar(outs)

        weight_grads, x_grad = jax.grad(loss_fn, argnums=(0, 1))(trainable, x)
        grads = [*weight_grads, x_grad]
    elif backend == "torch":
        x = x.detach().requires_grad_(True)
        loss = scalar(layer(x, training=training, **call_kwargs))
        loss.backward()
        grads = [v.value.grad for v in layer.trainable_variables] + [x.grad]
    else:  # pragma: no cover - the suite runs on tensorflow, jax and torch
        raise NotImplementedError(backend)
    return as_list(outputs), [keras.ops.convert_to_numpy(g) for g in grads]


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
