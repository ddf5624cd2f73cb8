"""Scores for sequences that a model writes or tags: BLEU, exact match, entity-level F1.

BLEU comes from ``sacrebleu`` and entity F1 from ``seqeval``, the libraries the field reports
with (both are dependencies of this package, so ``pip install`` brings them to Colab too);
this module gives them one call each and results that print well in a notebook.

**BLEU** (Papineni et al., 2002), corpus level, as ``sacrebleu.corpus_bleu`` computes it::

    p_n  = sum over sentences of clipped matching n-grams / sum of the hypothesis' n-grams
           (an n-gram counts at most as often as it occurs in any one reference)
    BP   = 1 if c > r else exp(1 - r / c)      c: hypothesis words, r: closest reference words
    BLEU = BP * exp( (1/4) * sum_{n=1..4} log p_n )

On a 0-1 scale here (``sacrebleu`` reports 100 times this). A zero count of matches for some
n is smoothed as ``sacrebleu`` does by default ("exp": 1 / (2^k * total) for the k-th such n).

**Entity-level F1** (as in the CoNLL shared tasks and ``seqeval``): an entity counts as found
only if its type and both ends are right::

    precision = correct entities / predicted entities
    recall    = correct entities / true entities
    F1        = 2 * precision * recall / (precision + recall)

Token accuracy is not that: with most tokens tagged ``O``, tagging every token ``O`` already
scores high, and half of a two-word name is a wrong entity but a half-right token count.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import pandas as pd
from sacrebleu.metrics import BLEU
from sacrebleu.tokenizers.tokenizer_13a import Tokenizer13a
from seqeval.metrics.sequence_labeling import get_entities

__all__ = [
    "BleuScore",
    "EntityScores",
    "bleu",
    "bleu_tokenize",
    "entity_scores",
    "exact_match",
    "get_entities",
    "token_accuracy",
]

# --------------------------------------------------------------------------- BLEU


def bleu_tokenize(text: str) -> list[str]:
    """Words for BLEU: punctuation marks split off as their own tokens (sacrebleu's default,
    the mteval-v13a rules of WMT).

    ``bleu_tokenize("a red circle, a blue square.")`` gives
    ``['a', 'red', 'circle', ',', 'a', 'blue', 'square', '.']``.
    """
    return Tokenizer13a()(text.rstrip()).split()


@dataclass(frozen=True)
class BleuScore:
    """A corpus BLEU score and the numbers it is made of.

    Attributes:
        score: BLEU on a 0-1 scale (``sacrebleu`` prints 100 times this).
        precisions: the (smoothed) n-gram precisions p_1 .. p_4, each 0-1.
        brevity_penalty: BP, 1 when the hypotheses are not shorter than the references.
        hyp_length: words in all hypotheses (c).
        ref_length: words in the closest reference of each sentence, summed (r).
    """

    score: float
    precisions: tuple[float, ...]
    brevity_penalty: float
    hyp_length: int
    ref_length: int

    def __float__(self) -> float:
        return self.score

    def __str__(self) -> str:
        ps = "/".join(f"{p:.3f}" for p in self.precisions)
        return (
            f"BLEU = {self.score:.4f} (precisions {ps}, BP = {self.brevity_penalty:.3f}, "
            f"{self.hyp_length} hypothesis words, {self.ref_length} reference words)"
        )


def bleu(
    hypotheses: Sequence[str],
    references: Sequence[str | Sequence[str]],
    max_order: int = 4,
    tokenize: bool = True,
) -> BleuScore:
    """Corpus BLEU of ``hypotheses`` against their references, on a 0-1 scale.

    Args:
        hypotheses: one generated sentence per example.
        references: per example, one reference sentence or a list of acceptable ones (any
            number each; an n-gram is matched up to its largest count in any one of them).
        max_order: the longest n-grams counted (BLEU-4: 4).
        tokenize: split punctuation off (:func:`bleu_tokenize`), as ``sacrebleu`` does by
            default; False splits at spaces only.

    Computed by ``sacrebleu`` (``BLEU().corpus_score(hypotheses, reference_streams)``),
    divided by 100.
    """
    if len(hypotheses) != len(references):
        raise ValueError(f"{len(hypotheses)} hypotheses but {len(references)} reference sets")
    ref_sets = [[refs] if isinstance(refs, str) else list(refs) for refs in references]
    for hypothesis, refs in zip(hypotheses, ref_sets, strict=True):
        if not refs:
            raise ValueError(f"no reference for the hypothesis {hypothesis!r}")
    # sacrebleu takes reference *streams* (the j-th reference of every sentence); None where a
    # sentence has fewer references than the most any has
    most = max((len(refs) for refs in ref_sets), default=0)
    streams = [[refs[j] if j < len(refs) else None for refs in ref_sets] for j in range(most)]
    result = BLEU(max_ngram_order=max_order, tokenize="13a" if tokenize else "none").corpus_score(
        list(hypotheses), streams
    )
    return BleuScore(
        result.score / 100,
        tuple(p / 100 for p in result.precisions),
        result.bp,
        result.sys_len,
        result.ref_len,
    )


def exact_match(hypotheses: Sequence[str], references: Sequence[str | Sequence[str]]) -> float:
    """The share of hypotheses equal to (one of) their reference(s), spaces normalised."""
    if len(hypotheses) != len(references):
        raise ValueError(f"{len(hypotheses)} hypotheses but {len(references)} reference sets")
    if not hypotheses:
        raise ValueError("exact_match of no sentences")

    def norm(text: str) -> str:
        return " ".join(text.split())

    hits = 0
    for hypothesis, refs in zip(hypotheses, references, strict=True):
        refs = [refs] if isinstance(refs, str) else refs
        hits += norm(hypothesis) in {norm(r) for r in refs}
    return hits / len(hypotheses)


# --------------------------------------------------------------------------- entities


@dataclass(frozen=True)
class EntityScores:
    """Entity-level precision, recall and F1 (micro-averaged over all entities), and per type.

    ``per_type`` is a DataFrame with one row per entity type: precision, recall, f1, support
    (the number of true entities).
    """

    precision: float
    recall: float
    f1: float
    n_true: int
    n_pred: int
    n_correct: int
    per_type: pd.DataFrame = field(repr=False)

    def __str__(self) -> str:
        return (
            f"entity F1 = {self.f1:.4f} (precision {self.precision:.4f}, recall "
            f"{self.recall:.4f}; {self.n_correct} of {self.n_true} true entities found, "
            f"{self.n_pred} predicted)"
        )


def _prf(correct: int, n_pred: int, n_true: int) -> tuple[float, float, float]:
    precision = correct / n_pred if n_pred else 0.0
    recall = correct / n_true if n_true else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def _check_pairs(true_tags, pred_tags) -> None:
    if len(true_tags) != len(pred_tags):
        raise ValueError(f"{len(true_tags)} true sentences but {len(pred_tags)} predicted")
    for i, (t, p) in enumerate(zip(true_tags, pred_tags, strict=True)):
        if len(t) != len(p):
            raise ValueError(
                f"sentence {i}: {len(t)} true tags but {len(p)} predicted; cut the predictions "
                "to each sentence's length (drop the padding) first"
            )


def entity_scores(
    true_tags: Sequence[Sequence[str]], pred_tags: Sequence[Sequence[str]]
) -> EntityScores:
    """Entity-level precision, recall and F1 over all sentences (``seqeval``'s numbers).

    Each argument holds one list of BIO tags per sentence, of the sentence's true length.
    """
    _check_pairs(true_tags, pred_tags)
    true_set, pred_set = set(), set()
    for i, (t, p) in enumerate(zip(true_tags, pred_tags, strict=True)):
        true_set |= {(i, *e) for e in get_entities(t)}
        pred_set |= {(i, *e) for e in get_entities(p)}
    correct = true_set & pred_set
    rows = {}
    for kind in sorted({e[1] for e in true_set | pred_set}):
        n_t = sum(e[1] == kind for e in true_set)
        n_p = sum(e[1] == kind for e in pred_set)
        n_c = sum(e[1] == kind for e in correct)
        p, r, f = _prf(n_c, n_p, n_t)
        rows[kind] = {"precision": p, "recall": r, "f1": f, "support": n_t}
    per_type = pd.DataFrame.from_dict(
        rows, orient="index", columns=["precision", "recall", "f1", "support"]
    )
    p, r, f = _prf(len(correct), len(pred_set), len(true_set))
    return EntityScores(p, r, f, len(true_set), len(pred_set), len(correct), per_type)


def token_accuracy(true_tags: Sequence[Sequence[str]], pred_tags: Sequence[Sequence[str]]) -> float:
    """The share of (real, unpadded) tokens whose tag is right, ``O`` tokens included."""
    _check_pairs(true_tags, pred_tags)
    pairs = [
        (a, b) for t, p in zip(true_tags, pred_tags, strict=True) for a, b in zip(t, p, strict=True)
    ]
    if not pairs:
        raise ValueError("token_accuracy of no tokens")
    return sum(a == b for a, b in pairs) / len(pairs)
