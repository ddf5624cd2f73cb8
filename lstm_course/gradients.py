"""How strongly does the end of a sequence feel its beginning? Gradients, measured (chapter 06).

A recurrent layer that returns its last hidden state ``h_T`` depends on every input ``x_t``.
How much, is the Jacobian ``∂h_T/∂x_t`` (units × features). By the chain rule, for a plain RNN
``h_t = tanh(x_t W_x + h_{t-1} W_h + b)`` (row vectors, as Keras writes it), with
``D_t = diag(1 - h_t²)`` the slope of tanh at step t:

    ∂h_T/∂x_t = D_T W_hᵀ D_{T-1} W_hᵀ ··· D_{t+1} W_hᵀ D_t W_xᵀ     (T - t factors of D W_hᵀ)

a product that shrinks like ``‖W_hᵀ‖ⁿ · max|tanh'|ⁿ`` (vanishing gradient, 기울기 소실) or grows
(exploding gradient, 기울기 폭발) with the distance ``T - t``. An LSTM's cell state adds
instead of multiplying (``C_t = f_t * C_{t-1} + i_t * C~_t``), so its product is one of forget
gates, which can stay close to 1.

* :func:`last_state_jacobian_norms`: ``‖∂h_T/∂x_t‖_F`` for every example and step.
* :func:`gradient_by_distance`: the same, averaged over examples, indexed by distance.
* :func:`weight_gradient_norms`: the norm of the loss's gradient for each weight, as
  ``clipnorm`` sees it.
* :func:`simple_rnn_jacobian_norms`: ``‖∂h_T/∂x_t‖_F`` of a plain RNN by hand, in NumPy, as
  the product of the factors ``D_k W_hᵀ`` above (tanh, the identity or ReLU): fast enough to
  redraw under a slider (the explorer of chapter 06).

All work on the TensorFlow and JAX backends (and PyTorch), on our layers and Keras's, and on
any model whose output is ``(batch, units)``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import keras
import numpy as np

__all__ = [
    "backend_gradients",
    "gradient_by_distance",
    "last_state_jacobian_norms",
    "simple_rnn_jacobian_norms",
    "weight_gradient_norms",
]

#: The activations :func:`simple_rnn_jacobian_norms` knows: name -> (function, its slope).
RNN_ACTIVATIONS: dict[str, tuple[Callable[[np.ndarray], np.ndarray], Callable]] = {
    "tanh": (np.tanh, lambda z: 1.0 - np.tanh(z) ** 2),
    "identity": (lambda z: z, np.ones_like),
    "relu": (lambda z: np.maximum(z, 0.0), lambda z: (z > 0).astype(z.dtype)),
}


def backend_gradients(
    scalar: Callable[[Any], Any],
    layer: keras.layers.Layer,
    x,
    weights: bool = True,
    inputs: bool = True,
    training: bool = False,
    **call_kwargs,
) -> tuple[list[np.ndarray] | None, np.ndarray | None]:
    """The gradients of ``scalar(layer(x))`` as NumPy, on the TensorFlow, JAX or PyTorch backend.

    Returns ``(weight_grads, x_grad)``: one array per ``layer.trainable_variables`` (None when
    ``weights=False``) and the gradient with respect to ``x`` (None when ``inputs=False``).
    ``training`` and ``call_kwargs`` go to the layer's call.
    """
    backend = keras.backend.backend()
    variables = layer.trainable_variables
    if backend == "tensorflow":
        import tensorflow as tf

        x = tf.convert_to_tensor(x)
        with tf.GradientTape() as tape:
            tape.watch(x)
            value = scalar(layer(x, training=training, **call_kwargs))
        found = tape.gradient(
            value, {"weights": list(variables) if weights else [], "x": [x] if inputs else []}
        )
        weight_grads, x_grads = found["weights"], found["x"]
    elif backend == "jax":
        import jax

        non_trainable = [v.value for v in layer.non_trainable_variables]

        def value(trainable, x):
            outputs, _ = layer.stateless_call(
                trainable, non_trainable, x, training=training, **call_kwargs
            )
            return scalar(outputs)

        argnums = tuple(i for i, wanted in enumerate((weights, inputs)) if wanted)
        found = dict(
            zip(
                argnums,
                jax.grad(value, argnums=argnums)(
                    [v.value for v in variables], jax.numpy.asarray(x)
                ),
                strict=True,
            )
        )
        weight_grads, x_grads = found.get(0, []), [found[1]] if inputs else []
    elif backend == "torch":
        x = keras.ops.convert_to_tensor(x).detach().requires_grad_(inputs)
        layer.zero_grad()
        scalar(layer(x, training=training, **call_kwargs)).backward()
        weight_grads = [v.value.grad for v in variables] if weights else []
        x_grads = [x.grad] if inputs else []
    else:  # pragma: no cover
        raise NotImplementedError(f"gradients: the {backend!r} backend is not supported")
    return (
        [keras.ops.convert_to_numpy(g) for g in weight_grads] if weights else None,
        keras.ops.convert_to_numpy(x_grads[0]) if inputs else None,
    )


def _last_state_units(layer: keras.layers.Layer, x: np.ndarray) -> int:
    """The number of units of ``layer(x[:1])``, which must be ``(batch, units)``."""
    shape = tuple(keras.ops.shape(layer(x[:1], training=False)))
    if len(shape) != 2:
        raise ValueError(
            f"last_state_jacobian_norms needs a layer (or model) whose output is the last hidden "
            f"state, (batch, units); this one gives shape {shape}. Use return_sequences=False "
            "and return_state=False, or wrap the layer in a model that keeps the last step."
        )
    return int(shape[1])


def last_state_jacobian_norms(layer: keras.layers.Layer, x, max_batch: int = 1024) -> np.ndarray:
    """``‖∂h_T/∂x_t‖_F`` for each example and step: an array ``(batch, time)``.

    ``layer`` maps ``x`` (batch, time, features) to ``h_T`` (batch, units): a recurrent layer
    without ``return_sequences``, or a model ending in one. Entry ``[b, t]`` is the Frobenius
    norm of the units × features Jacobian of example b's last state with respect to its input
    at step t: how much a small change at step t moves the end.

    Row k of each Jacobian is the gradient of ``h_T[k]``; all rows come from one backward pass
    over copies of the batch (at most ``max_batch`` sequences at once), so the cost is about
    ``units`` forward and backward passes over ``x``.
    """
    x = np.asarray(x, dtype="float32")
    if x.ndim != 3:
        raise ValueError(f"x must be (batch, time, features); got shape {x.shape}")
    if max_batch < 1:
        raise ValueError(f"max_batch must be at least 1, not {max_batch}")
    batch, time, features = x.shape
    units = _last_state_units(layer, x)
    squares = np.zeros((batch, time), dtype="float64")
    rows_per_pass = max(1, max_batch // batch)
    for first in range(0, units, rows_per_pass):
        rows = np.arange(first, min(first + rows_per_pass, units))
        # copy c of example b asks for row rows[c] of b's Jacobian: weights e_k on h_T
        tiled = np.tile(x, (len(rows), 1, 1))
        picks = np.repeat(np.eye(units, dtype="float32")[rows], batch, axis=0)
        picks = keras.ops.convert_to_tensor(picks)
        _, grads = backend_gradients(
            lambda h, p=picks: keras.ops.sum(h * p), layer, tiled, weights=False
        )
        squares += (
            (grads.astype("float64") ** 2)
            .reshape(len(rows), batch, time, features)
            .sum(axis=(0, 3))
        )
    return np.sqrt(squares)


def gradient_by_distance(layer: keras.layers.Layer, x, max_batch: int = 1024) -> np.ndarray:
    """The mean of ``‖∂h_T/∂x_t‖_F`` over the examples, by distance: an array ``(time,)``.

    Entry d is for the input ``d`` steps before the last one (``t = T - 1 - d`` counting from
    0): entry 0 is the last input, entry ``time - 1`` the first. Plot it against
    ``range(time)`` to see how fast the influence of an input fades with distance.
    """
    norms = last_state_jacobian_norms(layer, x, max_batch=max_batch)
    return norms.mean(axis=0)[::-1].copy()


def weight_gradient_norms(
    model: keras.Model, x, y, loss: str | Callable = "mse"
) -> dict[str, float]:
    """The L2 norm of ``∂loss/∂w`` for each trainable weight ``w`` of ``model``, by path.

    ``loss`` is a Keras loss (a name such as ``"mse"`` or a callable ``loss(y_true,
    y_pred)``), averaged over the batch. These are the norms an optimizer's ``clipnorm=c``
    looks at: each weight's gradient longer than ``c`` is scaled down to length ``c``.
    """
    loss_fn = keras.losses.get(loss)
    x = np.asarray(x, dtype="float32")
    y = np.asarray(y, dtype="float32")
    variables = model.trainable_variables
    grads, _ = backend_gradients(
        lambda outputs: keras.ops.mean(loss_fn(y, outputs)), model, x, inputs=False
    )
    return {
        v.path: float(np.sqrt((g.astype("float64") ** 2).sum()))
        for v, g in zip(variables, grads, strict=True)
    }


def simple_rnn_jacobian_norms(x, W_x, W_h, b=None, activation: str = "tanh") -> np.ndarray:
    """``‖∂h_T/∂x_t‖_F`` of a plain RNN, by hand in NumPy, by distance: an array ``(time,)``.

    The RNN is ``h_t = φ(z_t)``, ``z_t = x_t W_x + h_{t-1} W_h + b``, from ``h_0 = 0``, with
    ``φ`` one of :data:`RNN_ACTIVATIONS` (``"tanh"``, ``"identity"``, ``"relu"``). With
    ``D_k = diag(φ'(z_k))`` (column vectors, as in chapter 06):

        ∂h_T/∂x_t = D_T W_hᵀ D_{T-1} W_hᵀ ··· D_{t+1} W_hᵀ D_t W_xᵀ

    ``x`` is one sequence ``(time, features)``; ``W_x`` is ``(features, units)``, ``W_h``
    ``(units, units)``, ``b`` ``(units,)`` (zeros when None). Entry d is the input ``d`` steps
    before the last one, as in :func:`gradient_by_distance`, which computes the same numbers
    with automatic differentiation for a Keras ``SimpleRNN``.
    """
    name = activation.strip().lower() if isinstance(activation, str) else activation
    if name not in RNN_ACTIVATIONS:
        raise ValueError(
            f"activation must be one of {', '.join(map(repr, RNN_ACTIVATIONS))}; got "
            f"{activation!r}. Type one of those names."
        )
    phi, slope = RNN_ACTIVATIONS[name]
    x, W_x, W_h = (np.asarray(a, dtype="float64") for a in (x, W_x, W_h))
    if x.ndim != 2:
        raise ValueError(f"x must be one sequence, (time, features); got shape {x.shape}")
    units = W_h.shape[0]
    if W_h.shape != (units, units) or W_x.shape != (x.shape[1], units):
        raise ValueError(
            f"W_x must be (features, units) and W_h (units, units); got W_x {W_x.shape}, "
            f"W_h {W_h.shape} for x of shape {x.shape}"
        )
    b = np.zeros(units) if b is None else np.asarray(b, dtype="float64")
    h = np.zeros(units)
    slopes = []  # the diagonal of D_t at every step
    for x_t in x:
        z = x_t @ W_x + h @ W_h + b
        h = phi(z)
        slopes.append(slope(z))
    J = np.diag(slopes[-1])  # ∂h_T/∂z_T
    norms = []
    for t in range(len(x) - 1, -1, -1):  # d = T - 1 - t steps before the end
        norms.append(np.linalg.norm(J @ W_x.T))  # ∂h_T/∂x_t = J W_xᵀ
        if t > 0:
            J = (J @ W_h.T) * slopes[t - 1]  # one more factor D W_hᵀ (D on the right)
    return np.array(norms)
