"""BLEU, exact match and entity-level F1: worked by hand, then equal to sacrebleu and seqeval."""

from __future__ import annotations

import math

import numpy as np
import pytest

from lstm_course import metrics

# --------------------------------------------------------------------------- BLEU by hand


def test_a_perfect_corpus_scores_one_and_nothing_in_common_scores_zero():
    refs = [["a small red circle"], ["a large blue square left of a small red circle"]]
    hyps = [r[0] for r in refs]
    assert metrics.bleu(hyps, refs).score == pytest.approx(1.0)
    assert metrics.bleu(["x y z w"], ["a b c d"]).score == 0.0


def test_bleu_by_hand_with_clipping_and_brevity_penalty():
    # hypothesis "the the the cat" (4 words) against "the cat sat on the mat" (6 words)
    # unigrams: "the" x3 clipped to 2, "cat" 1 -> 3/4; bigrams: "the the" x2 (0), "the cat" (1)
    # -> 1/3; trigrams: 0/2 -> smoothed 1/(2*2); 4-grams: 0/1 -> smoothed 1/(4*1)
    score = metrics.bleu(["the the the cat"], [["the cat sat on the mat"]])
    p = (3 / 4, 1 / 3, 1 / 4, 1 / 4)
    bp = math.exp(1 - 6 / 4)
    assert score.precisions == pytest.approx(p)
    assert score.brevity_penalty == pytest.approx(bp)
    assert score.score == pytest.approx(bp * math.exp(sum(map(math.log, p)) / 4))
    assert (score.hyp_length, score.ref_length) == (4, 6)


def test_bleu_takes_the_best_of_several_references():
    hyp = "a small red circle right of a large blue square"
    refs = ["a large blue square left of a small red circle", hyp]
    assert metrics.bleu([hyp], [refs]).score == pytest.approx(1.0)
    assert metrics.bleu([hyp], [refs[:1]]).score < 1.0


def test_bleu_tokenizer_splits_punctuation_but_not_numbers():
    assert metrics.bleu_tokenize("a red circle, a blue square.") == [
        "a",
        "red",
        "circle",
        ",",
        "a",
        "blue",
        "square",
        ".",
    ]
    assert metrics.bleu_tokenize("it costs 3.50, ok?") == ["it", "costs", "3.50", ",", "ok", "?"]


def test_exact_match():
    refs = [["a b", "b a"], "c d", ["e"]]
    assert metrics.exact_match(["b  a", "c d", "f"], refs) == pytest.approx(2 / 3)
    with pytest.raises(ValueError, match="2 hypotheses but 3"):
        metrics.exact_match(["a", "b"], refs)


# --------------------------------------------------------------------------- BLEU = sacrebleu

WORDS = ["a", "the", "small", "large", "red", "blue", "circle", "square", ",", ".", "above"]


def random_corpus(rng, n=40):
    def sentence():
        return " ".join(rng.choice(WORDS, size=int(rng.integers(1, 12))))

    hyps = [sentence() for _ in range(n)]
    refs = []
    for h in hyps:
        words = h.split()
        edited = [w if rng.random() < 0.7 else str(rng.choice(WORDS)) for w in words]
        candidates = [" ".join(edited)] + [sentence() for _ in range(int(rng.integers(0, 3)))]
        refs.append(candidates)
    return hyps, refs


@pytest.mark.parametrize("seed", range(5))
def test_bleu_equals_sacrebleu_with_any_number_of_references(seed):
    sacrebleu = pytest.importorskip("sacrebleu")
    hyps, refs = random_corpus(np.random.default_rng(seed))
    most = max(len(r) for r in refs)
    streams = [[r[j] if j < len(r) else None for r in refs] for j in range(most)]
    theirs = sacrebleu.metrics.BLEU().corpus_score(hyps, streams)
    ours = metrics.bleu(hyps, refs)
    assert ours.score * 100 == pytest.approx(theirs.score, abs=1e-9)
    assert [p * 100 for p in ours.precisions] == pytest.approx(theirs.precisions)
    assert ours.brevity_penalty == pytest.approx(theirs.bp)


def test_bleu_equals_sacrebleu_on_tiny_corpora_with_zero_matches():
    sacrebleu = pytest.importorskip("sacrebleu")
    for hyps, refs in (
        (["a b"], ["a c"]),
        (["a"], ["a"]),
        (["a b c"], ["c b a"]),
        (["a b c d e"], ["a b x d e"]),
    ):
        theirs = sacrebleu.metrics.BLEU().corpus_score(hyps, [refs]).score
        assert metrics.bleu(hyps, refs).score * 100 == pytest.approx(theirs, abs=1e-9)


# --------------------------------------------------------------------------- entities

TRUE = [
    ["B-PER", "I-PER", "O", "O", "B-LOC", "O"],
    ["B-DATE", "I-DATE", "O", "B-ORG", "I-ORG", "I-ORG", "O"],
    ["O", "B-PER", "O", "B-PER", "I-PER"],
]
PRED = [
    ["B-PER", "O", "O", "O", "B-LOC", "O"],  # PER cut short: wrong; LOC right
    ["B-DATE", "I-DATE", "O", "B-ORG", "I-ORG", "I-ORG", "O"],  # both right
    ["O", "B-LOC", "O", "B-PER", "I-PER"],  # wrong type, then right
]


def test_get_entities_reads_bio_tags():
    assert metrics.get_entities(TRUE[0]) == [("PER", 0, 1), ("LOC", 4, 4)]
    # an I- that continues nothing starts an entity; a type change ends one
    assert metrics.get_entities(["O", "I-PER", "I-LOC", "B-LOC", "I-LOC"]) == [
        ("PER", 1, 1),
        ("LOC", 2, 2),
        ("LOC", 3, 4),
    ]


def test_entity_scores_by_hand():
    scores = metrics.entity_scores(TRUE, PRED)
    # true: PER, LOC, DATE, ORG, PER, PER = 6; predicted: PER, LOC, DATE, ORG, LOC, PER = 6
    # correct: LOC, DATE, ORG, PER = 4
    assert (scores.n_true, scores.n_pred, scores.n_correct) == (6, 6, 4)
    assert scores.precision == pytest.approx(4 / 6) and scores.recall == pytest.approx(4 / 6)
    assert scores.f1 == pytest.approx(4 / 6)
    per = scores.per_type
    assert per.loc["PER", "support"] == 3 and per.loc["PER", "recall"] == pytest.approx(1 / 3)
    assert per.loc["LOC", "precision"] == pytest.approx(1 / 2)


def test_token_accuracy_flatters_where_entity_f1_does_not():
    all_o = [["O"] * len(t) for t in TRUE]
    assert metrics.token_accuracy(TRUE, all_o) == pytest.approx(7 / 18)
    assert metrics.entity_scores(TRUE, all_o).f1 == 0.0
    assert metrics.token_accuracy(TRUE, PRED) == pytest.approx(16 / 18)  # 0.89 ...
    assert metrics.entity_scores(TRUE, PRED).f1 == pytest.approx(4 / 6)  # ... 0.67


def test_entity_scores_refuse_padded_predictions():
    with pytest.raises(ValueError, match="drop the padding"):
        metrics.entity_scores(TRUE, [p + ["O"] for p in PRED])


@pytest.mark.parametrize("seed", range(5))
def test_entity_scores_equal_seqeval(seed):
    seqeval_metrics = pytest.importorskip("seqeval.metrics")
    rng = np.random.default_rng(seed)
    tags = ["O", "O", "O", "B-PER", "I-PER", "B-LOC", "I-LOC", "B-ORG", "I-ORG", "B-DATE"]
    true = [list(rng.choice(tags, size=int(rng.integers(1, 15)))) for _ in range(60)]
    pred = [[t if rng.random() < 0.8 else str(rng.choice(tags)) for t in s] for s in true]
    ours = metrics.entity_scores(true, pred)
    assert ours.f1 == pytest.approx(seqeval_metrics.f1_score(true, pred))
    assert ours.precision == pytest.approx(seqeval_metrics.precision_score(true, pred))
    assert ours.recall == pytest.approx(seqeval_metrics.recall_score(true, pred))
    report = seqeval_metrics.classification_report(true, pred, output_dict=True)
    for kind, row in ours.per_type.iterrows():
        assert row["f1"] == pytest.approx(report[kind]["f1-score"])
        assert row["support"] == report[kind]["support"]
    from seqeval.metrics.sequence_labeling import get_entities

    for sentence in true[:20]:
        assert metrics.get_entities(sentence) == get_entities(sentence)
