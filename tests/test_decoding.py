"""Greedy decoding and beam search on tiny hand-made decoders whose right answers are known.

A "decoder" here is a probability tree: each node (a prefix written so far) has a distribution
over the next token. The state is the node's id, one per sequence in the batch, so the step
function is a table look-up and every sequence's probability can be worked out by hand.
"""

from __future__ import annotations

import itertools
import math

import numpy as np
import pytest

from lstm_course.decoding import (
    Hypothesis,
    beam_search,
    greedy_decode,
    map_state,
    sequence_log_probs,
)

START, END, A, B = 0, 1, 2, 3
VOCAB = 4


class TreeDecoder:
    """``tree[prefix] = {token: probability}``; unlisted prefixes must write END."""

    def __init__(self, trees: list[dict[tuple, dict[int, float]]]):
        self.trees = trees  # one tree per example of the batch
        self.nodes: list[tuple[int, tuple]] = []  # node id -> (example, prefix)
        self.calls = 0

    def node(self, example: int, prefix: tuple) -> int:
        self.nodes.append((example, prefix))
        return len(self.nodes) - 1

    def initial_state(self) -> np.ndarray:
        return np.array([self.node(i, ()) for i in range(len(self.trees))])

    def step(self, last_tokens, state):
        self.calls += 1
        log_probs = np.full((len(state), VOCAB), -np.inf)
        new_state = np.zeros(len(state), dtype=np.int64)
        for row, (token, node) in enumerate(zip(last_tokens, state, strict=True)):
            example, prefix = self.nodes[node]
            if token != START:
                prefix = prefix + (int(token),)
            dist = self.trees[example].get(prefix, {END: 1.0})
            for t, p in dist.items():
                log_probs[row, t] = math.log(p)
            new_state[row] = self.node(example, prefix)
        return log_probs, new_state


# Greedy's trap: A is likelier first (0.6 > 0.4), but after A nothing is likely, while after
# B the end is almost sure. P(A end) = 0.6 * 0.4 = 0.24 < P(B end) = 0.4 * 0.9 = 0.36.
TRAP = {
    (): {A: 0.6, B: 0.4},
    (A,): {END: 0.4, A: 0.3, B: 0.3},
    (B,): {END: 0.9, A: 0.05, B: 0.05},
}
# Length: the empty sentence is likelier (0.45) than "A A" (0.55 * 0.95 * 0.8 = 0.418),
# but per token "A A end" is far better: log(0.418) / 3 = -0.29 against log(0.45) / 1 = -0.80.
SHORT_OR_LONG = {
    (): {END: 0.45, A: 0.55},
    (A,): {A: 0.95, END: 0.05},
    (A, A): {END: 0.8, B: 0.2},
}


def run(method, trees, **kwargs):
    decoder = TreeDecoder(trees)
    return method(decoder.step, decoder.initial_state(), START, END, **kwargs), decoder


def test_greedy_takes_the_locally_best_token_and_is_fooled():
    (best,), _ = run(greedy_decode, [TRAP], max_length=5)
    assert best == [A]


def test_beam_search_finds_the_more_probable_sequence():
    (best,), _ = run(beam_search, [TRAP], max_length=5, beam_width=2, length_alpha=0.0)
    assert best == [B]
    (hyps,), _ = run(
        beam_search, [TRAP], max_length=5, beam_width=2, length_alpha=0.0, return_all=True
    )
    assert isinstance(hyps[0], Hypothesis) and hyps[0].finished
    assert hyps[0].log_prob == pytest.approx(math.log(0.36))
    assert hyps[1].tokens == [A] and hyps[1].log_prob == pytest.approx(math.log(0.24))


def test_beam_of_width_one_is_greedy():
    (best,), _ = run(beam_search, [TRAP], max_length=5, beam_width=1, length_alpha=0.0)
    assert best == [A]


def test_length_normalisation_prefers_the_better_per_token_sequence():
    (raw,), _ = run(beam_search, [SHORT_OR_LONG], max_length=5, beam_width=3, length_alpha=0.0)
    assert raw == []
    (normalised,), _ = run(
        beam_search, [SHORT_OR_LONG], max_length=5, beam_width=3, length_alpha=1.0, return_all=True
    )
    best = normalised[0]
    assert best.tokens == [A, A]
    assert best.score == pytest.approx(math.log(0.55 * 0.95 * 0.8) / 3)


def test_a_batch_decodes_each_example_with_its_own_tree_in_one_call_per_step():
    loop = {prefix: {B: 0.7, END: 0.3} for prefix in [(B,) * n for n in range(1, 5)]}
    trees = [TRAP, SHORT_OR_LONG, {(): {B: 1.0}, **loop}]
    greedy, decoder = run(greedy_decode, trees, max_length=4)
    assert greedy == [[A], [A, A], [B, B, B, B]]  # the last one is cut at max_length
    assert decoder.calls == 4
    beams, decoder = run(beam_search, trees, max_length=4, beam_width=2, length_alpha=0.0)
    assert beams == [[B], [], [B]]
    assert decoder.calls <= 4


def test_sequences_cut_at_max_length_are_marked_unfinished():
    forever = {(): {A: 1.0}, (A,): {A: 1.0}, (A, A): {A: 1.0}}
    (hyps,), _ = run(beam_search, [forever], max_length=2, beam_width=2, return_all=True)
    assert hyps[0].tokens == [A, A] and not hyps[0].finished


def random_tree(rng, depth=3, vocab=(END, A, B)):
    """Every prefix up to ``depth`` gets a random distribution; at ``depth`` only END."""
    tree = {}
    for length in range(depth):
        for prefix in itertools.product((A, B), repeat=length):
            p = rng.dirichlet(np.ones(len(vocab)))
            tree[prefix] = dict(zip(vocab, p, strict=True))
    return tree


def brute_force_best(tree, alpha):
    best, best_score = None, -np.inf
    for length in range(4):
        for seq in itertools.product((A, B), repeat=length):
            log_p, prefix = 0.0, ()
            for token in (*seq, END):
                log_p += math.log(tree.get(prefix, {END: 1.0}).get(token, 0.0) or 1e-300)
                prefix = prefix + (token,)
            score = log_p / (length + 1) ** alpha
            if score > best_score:
                best, best_score = list(seq), score
    return best, best_score


@pytest.mark.parametrize("alpha", [0.0, 1.0])
def test_a_wide_beam_finds_the_best_sequence_of_a_random_tree(alpha):
    rng = np.random.default_rng(0)
    trees = [random_tree(rng) for _ in range(20)]
    beams, _ = run(
        beam_search, trees, max_length=4, beam_width=16, length_alpha=alpha, return_all=True
    )
    greedy, _ = run(greedy_decode, trees, max_length=4)
    greedy_log_p, _ = run(sequence_log_probs, trees, sequences=greedy)
    for tree, hyps, g_log_p in zip(trees, beams, greedy_log_p, strict=True):
        want, want_score = brute_force_best(tree, alpha)
        assert hyps[0].tokens == want
        assert hyps[0].score == pytest.approx(want_score)
        if alpha == 0.0:
            assert hyps[0].log_prob >= g_log_p - 1e-12  # never worse than greedy


def test_sequence_log_probs_sums_the_steps_with_the_end_token():
    log_p, _ = run(sequence_log_probs, [TRAP, TRAP], sequences=[[A], [B]])
    np.testing.assert_allclose(log_p, np.log([0.24, 0.36]))


def test_nested_states_are_repeated_and_reordered_with_their_beams():
    """The state is a dict holding a tuple and an 'encoder output' per example: every step
    checks that each beam still carries its own example's arrays."""
    n, memory = 3, np.arange(3 * 5, dtype=float).reshape(3, 5)

    def step(last_tokens, state):
        ids, (counter, mem) = state["ids"], state["rnn"]
        np.testing.assert_array_equal(mem, memory[ids])  # still matches its example
        log_probs = np.log(np.full((len(ids), VOCAB), 1e-6))
        # example i writes A i times, then ends; earlier on, B is a near miss
        wants_more = counter < ids
        log_probs[:, A] = np.where(wants_more, np.log(0.6), np.log(0.1))
        log_probs[:, B] = np.log(0.3)
        log_probs[:, END] = np.where(wants_more, np.log(0.1), np.log(0.6))
        return log_probs, {"ids": ids, "rnn": (counter + 1, mem)}

    state = {"ids": np.arange(n), "rnn": (np.zeros(n, int), memory)}
    best = beam_search(step, state, START, END, max_length=6, beam_width=3, length_alpha=0.0)
    assert best == [[], [A], [A, A]]
    assert greedy_decode(step, state, START, END, max_length=6) == best
    doubled = map_state(lambda a: np.repeat(a, 2, axis=0), state)
    assert doubled["rnn"][1].shape == (6, 5) and isinstance(doubled["rnn"], tuple)


def test_helpful_errors():
    decoder = TreeDecoder([TRAP])
    with pytest.raises(ValueError, match="batch_size"):
        greedy_decode(decoder.step, None, START, END, max_length=3)
    with pytest.raises(ValueError, match="beam_width"):
        beam_search(decoder.step, decoder.initial_state(), START, END, 3, beam_width=0)

    def bad_step(tokens, state):
        return np.zeros(VOCAB), state  # forgot the batch axis

    with pytest.raises(ValueError, match=r"\(batch, vocab\)"):
        greedy_decode(bad_step, np.zeros(2), START, END, max_length=3)
    with pytest.raises(ValueError, match="disagree"):
        greedy_decode(decoder.step, (np.zeros(2), np.zeros(3)), START, END, max_length=3)
