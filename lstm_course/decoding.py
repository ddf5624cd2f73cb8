"""Writing a sequence one token at a time: greedy decoding and beam search.

A decoder (the captioner of chapter 03, the translator of chapter 04) is a *step function*::

    step_fn(last_tokens, state) -> (log_probs, new_state)

    last_tokens   (batch,) int         the token each sequence wrote last (first: the start token)
    state         any nested structure of arrays whose first axis is the batch: the LSTM's
                  (h, c), and anything the step needs to read again, such as the encoder's
                  outputs for attention
    log_probs     (batch, vocab)       log P(next token | everything so far)

The decoder's probability of a whole sequence y_1 .. y_T (the last one the end token) is the
product of its steps, so its log-probability is the sum::

    log P(y) = sum_t log P(y_t | y_1 .. y_{t-1}, input)

**Greedy decoding** takes the most probable token at every step, ``y_t = argmax log P(. | ...)``.
It is fast, but a locally best word can lead to a globally worse sentence. **Beam search** keeps
the ``beam_width`` best partial sequences at every step (by their summed log-probability) and
returns the best finished one. Since every extra token adds a negative log-probability, long
sequences score lower; **length normalisation** ranks finished sequences by
``log P(y) / |y| ** alpha`` instead (``alpha = 0``: no normalisation; ``alpha = 1``: the mean
log-probability per token; |y| counts the end token).

Everything here is NumPy: the step function may call a Keras model and convert its output with
``np.asarray``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

__all__ = [
    "Hypothesis",
    "StepFn",
    "beam_search",
    "greedy_decode",
    "map_state",
    "sequence_log_probs",
]

StepFn = Callable[[np.ndarray, Any], tuple[Any, Any]]
"""``step_fn(last_tokens (batch,), state) -> (log_probs (batch, vocab), new_state)``."""


# --------------------------------------------------------------------------- nested states


def map_state(fn: Callable[[np.ndarray], np.ndarray], state: Any) -> Any:
    """Apply ``fn`` to every array in a nested state (lists, tuples, dicts of arrays; None kept).

    The beam search uses it to repeat each example's state ``beam_width`` times and to reorder
    states when beams are chosen: ``map_state(lambda a: a[index], state)``.
    """
    if state is None:
        return None
    if isinstance(state, dict):
        return {key: map_state(fn, value) for key, value in state.items()}
    if isinstance(state, (list, tuple)):
        return type(state)(map_state(fn, value) for value in state)
    return fn(np.asarray(state))


def _leaves(state: Any) -> list[np.ndarray]:
    found: list[np.ndarray] = []
    map_state(lambda a: found.append(a) or a, state)
    return found


def _batch_size(state: Any, batch_size: int | None) -> int:
    if batch_size is not None:
        return int(batch_size)
    leaves = _leaves(state)
    if not leaves or leaves[0].ndim == 0:
        raise ValueError(
            "cannot tell the batch size: the initial state has no array with a batch axis. "
            "Pass batch_size=... (the number of sequences to write)."
        )
    sizes = {leaf.shape[0] for leaf in leaves if leaf.ndim}
    if len(sizes) != 1:
        raise ValueError(
            f"the state's arrays disagree on the batch size (first axes {sorted(sizes)}); "
            "every array in the state must have the batch as its first axis."
        )
    return sizes.pop()


def _log_probs(step_fn: StepFn, tokens: np.ndarray, state: Any) -> tuple[np.ndarray, Any]:
    log_probs, new_state = step_fn(tokens, state)
    log_probs = np.asarray(log_probs, dtype=np.float64)
    if log_probs.ndim != 2 or log_probs.shape[0] != tokens.shape[0]:
        raise ValueError(
            f"step_fn must return log-probabilities of shape (batch, vocab) = ({tokens.shape[0]}, "
            f"vocab); got {log_probs.shape}. Take the log of a softmax, e.g. "
            "np.log(probs + 1e-9), or keras.ops.log_softmax(logits)."
        )
    return log_probs, new_state


def _strip(tokens: Sequence[int], end_token: int) -> list[int]:
    out = []
    for token in tokens:
        if token == end_token:
            break
        out.append(int(token))
    return out


# --------------------------------------------------------------------------- greedy


def greedy_decode(
    step_fn: StepFn,
    initial_state: Any,
    start_token: int,
    end_token: int,
    max_length: int,
    batch_size: int | None = None,
) -> list[list[int]]:
    """Write a whole batch of sequences, taking the most probable token at every step.

    ``y_t = argmax_v log P(v | y_1 .. y_{t-1}, input)``, fed back as the next step's input (at
    inference there is no true previous word to feed, unlike teacher forcing in training).

    Args:
        step_fn: ``(last_tokens (batch,), state) -> (log_probs (batch, vocab), new_state)``.
        initial_state: the decoder's state before the first step (arrays with the batch first).
        start_token: the token fed at the first step.
        end_token: the token that ends a sequence; it is not included in the result.
        max_length: the most tokens a sequence may have (a sequence that reaches it without
            writing the end token is cut there).
        batch_size: needed only when ``initial_state`` has no array to read it from.

    Returns:
        One list of token ids per sequence, without the start and end tokens.
    """
    if max_length < 1:
        raise ValueError(f"max_length must be at least 1, got {max_length}")
    n = _batch_size(initial_state, batch_size)
    tokens = np.full(n, start_token, dtype=np.int64)
    state = initial_state
    written = np.zeros((n, max_length), dtype=np.int64)
    done = np.zeros(n, dtype=bool)
    for t in range(max_length):
        log_probs, state = _log_probs(step_fn, tokens, state)
        tokens = log_probs.argmax(axis=-1)
        tokens = np.where(done, end_token, tokens)  # a finished sequence stays finished
        written[:, t] = tokens
        done |= tokens == end_token
        if done.all():
            break
    return [_strip(row, end_token) for row in written]


# --------------------------------------------------------------------------- beam search


@dataclass(frozen=True)
class Hypothesis:
    """One finished sequence from the beam search.

    Attributes:
        tokens: the token ids, without the start and end tokens.
        log_prob: ``log P(tokens + end)``, the sum of the step log-probabilities.
        score: the length-normalised score the search ranked by, ``log_prob / length ** alpha``.
        finished: False when the sequence was cut at ``max_length`` before its end token.
    """

    tokens: list[int]
    log_prob: float
    score: float
    finished: bool = True


def beam_search(
    step_fn: StepFn,
    initial_state: Any,
    start_token: int,
    end_token: int,
    max_length: int,
    beam_width: int = 4,
    length_alpha: float = 0.7,
    batch_size: int | None = None,
    return_all: bool = False,
) -> list[list[int]] | list[list[Hypothesis]]:
    """Beam search with length normalisation, for a batch of inputs at once.

    At each step every live partial sequence (a *beam*) is extended by every token; of all
    extensions, the ``beam_width`` with the highest summed log-probability
    ``log P(y_1 .. y_t) = sum_s log P(y_s | y_<s)`` stay alive. An extension among those best
    ``beam_width`` that writes the end token leaves the beam as a finished hypothesis, scored
    ``log P(y) / |y| ** length_alpha`` (|y| counts the end token); the ``beam_width`` best
    finished ones are kept. The search of one input stops when it has ``beam_width`` finished
    hypotheses and its best live beam, normalised at its current length, scores no better than
    the worst of them (exact for ``length_alpha = 0``, where a longer sequence can only score
    lower; a common heuristic otherwise), or at ``max_length``. Sequences cut at ``max_length``
    (``finished=False``) fill in only where fewer than ``beam_width`` ended, and rank last.

    With ``beam_width=1`` and ``length_alpha=0`` this is greedy decoding.

    All ``batch * beam_width`` beams go through one ``step_fn`` call per step; the state is
    repeated per beam and reordered with the chosen beams (any nested arrays, batch first).

    Returns:
        The best sequence per input (token ids without start and end), or with
        ``return_all=True`` the (at most ``beam_width``) kept :class:`Hypothesis` per input,
        best first.
    """
    if beam_width < 1:
        raise ValueError(f"beam_width must be at least 1, got {beam_width}")
    if max_length < 1:
        raise ValueError(f"max_length must be at least 1, got {max_length}")
    if length_alpha < 0:
        raise ValueError(f"length_alpha must be >= 0, got {length_alpha}")
    n, k = _batch_size(initial_state, batch_size), beam_width

    # beam b of example i sits at row i * k + b
    state = map_state(lambda a: np.repeat(a, k, axis=0), initial_state)
    tokens = np.full(n * k, start_token, dtype=np.int64)
    history = np.zeros((n * k, 0), dtype=np.int64)
    scores = np.full((n, k), -np.inf)
    scores[:, 0] = 0.0  # at first all beams are the same: expand only one of them
    finished: list[list[Hypothesis]] = [[] for _ in range(n)]
    active = np.ones(n, dtype=bool)

    def normalised(log_prob: float, length: int) -> float:
        return log_prob / (length**length_alpha)

    def keep(i: int, hypothesis: Hypothesis) -> None:
        finished[i].append(hypothesis)
        finished[i].sort(key=lambda h: (not h.finished, -h.score))  # cut ones last
        del finished[i][k:]

    for t in range(max_length):
        log_probs, state = _log_probs(step_fn, tokens, state)
        vocab = log_probs.shape[1]
        total = scores[:, :, None] + log_probs.reshape(n, k, vocab)  # (n, k, vocab)
        flat = total.reshape(n, k * vocab)
        # 2k candidates: even if k of them end, k live ones remain
        top = np.argsort(-flat, axis=1, kind="stable")[:, : 2 * k]
        new_rows = np.zeros(n * k, dtype=np.int64)
        new_tokens = np.full(n * k, end_token, dtype=np.int64)
        new_scores = np.full((n, k), -np.inf)
        for i in np.flatnonzero(active):
            live = 0
            for rank, candidate in enumerate(top[i]):
                score = float(flat[i, candidate])
                if not np.isfinite(score):
                    break
                beam, token = divmod(int(candidate), vocab)
                if token == end_token:
                    if rank < k:  # an ending among the k best extensions: a finished sentence
                        prefix = history[i * k + beam].tolist()
                        keep(i, Hypothesis(prefix, score, normalised(score, t + 1)))
                    continue
                new_rows[i * k + live] = i * k + beam
                new_tokens[i * k + live] = token
                new_scores[i, live] = score
                live += 1
                if live == k:
                    break
            new_rows[i * k + live : (i + 1) * k] = i * k  # unused slots: any row, score -inf
            # done: k finished, and the best live beam no longer beats the worst of them
            # (exact for length_alpha = 0, where a longer sequence can only score lower)
            best_live = normalised(new_scores[i, 0], t + 1) if live else -np.inf
            if len(finished[i]) >= k and best_live <= finished[i][-1].score:
                active[i] = False
        if not active.any():
            break
        state = map_state(lambda a, rows=new_rows: a[rows], state)
        history = np.concatenate([history[new_rows], new_tokens[:, None]], axis=1)
        tokens, scores = new_tokens, new_scores
    else:
        # max_length reached: where fewer than k sentences ended, the cut beams fill in
        for i in np.flatnonzero(active):
            for b in range(k):
                if np.isfinite(scores[i, b]):
                    seq = history[i * k + b].tolist()
                    cut = normalised(scores[i, b], len(seq))
                    keep(i, Hypothesis(seq, float(scores[i, b]), cut, finished=False))

    if return_all:
        return finished
    return [hyps[0].tokens if hyps else [] for hyps in finished]


# --------------------------------------------------------------------------- scoring


def sequence_log_probs(
    step_fn: StepFn,
    initial_state: Any,
    start_token: int,
    end_token: int,
    sequences: Sequence[Sequence[int]],
) -> np.ndarray:
    """The decoder's ``log P(y)`` of given sequences, the end token included: teacher forcing.

    ``log P(y) = sum_t log P(y_t | y_<t)`` with y the sequence followed by ``end_token``, fed
    one true token at a time. Use it to check which of two candidates (greedy's, beam's) the
    model itself prefers. Returns a ``(batch,)`` float array.
    """
    n = _batch_size(initial_state, None if initial_state is not None else len(sequences))
    if len(sequences) != n:
        raise ValueError(f"{len(sequences)} sequences for a batch of {n}")
    targets = [list(s) + [end_token] for s in sequences]
    longest = max(len(s) for s in targets)
    total = np.zeros(n)
    tokens = np.full(n, start_token, dtype=np.int64)
    state = initial_state
    for t in range(longest):
        log_probs, state = _log_probs(step_fn, tokens, state)
        alive = np.array([t < len(s) for s in targets])
        want = np.array([s[t] if t < len(s) else end_token for s in targets])
        total += np.where(alive, log_probs[np.arange(n), want], 0.0)
        tokens = want
    return total
