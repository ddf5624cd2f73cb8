"""Korean morphemes by Kiwi (:mod:`lstm_course.morphemes`): fixed sentences, empty text, the
pins, and what happens when Kiwi or its model is missing or damaged (no network needed: Kiwi
and its model are installed from the package index with the course)."""

from __future__ import annotations

import base64
import hashlib
import importlib.metadata
import sys
from pathlib import Path

import pytest

from lstm_course import morphemes as m
from lstm_course.morphemes import (
    KiwiUnavailableError,
    analyse,
    morpheme_split,
    morpheme_splits,
    morphemes,
)

ROOT = Path(__file__).resolve().parents[1]

# Sentences and Kiwi's split of each (kiwipiepy 0.24.1, kiwipiepy-model 0.24.0).
FIXED = {
    "도서관에서 책을 읽었다": ["도서관", "에서", "책", "을", "읽", "었", "다"],
    # 갔 = 가 (go) + 었 (past), both read from one syllable
    "나는 학교에 갔다.": ["나", "는", "학교", "에", "가", "었", "다", "."],
    # 았 and 었 are one morpheme (allomorphs merged); ㄴ다 is written with the final letter ᆫ
    "철수가 공을 잡았다": ["철수", "가", "공", "을", "잡", "었", "다"],
    "우리는 매일 커피를 마신다": ["우리", "는", "매일", "커피", "를", "마시", "ᆫ다"],
    # a title stays in parts (multi-word dictionary entries are off)
    "해리 포터와 마법사의 돌": ["해리", "포터", "와", "마법사", "의", "돌"],
}


@pytest.mark.parametrize("text", sorted(FIXED))
def test_fixed_sentences(text):
    assert morphemes(text) == FIXED[text]
    assert morpheme_split(text) == " ".join(FIXED[text])


def test_batch_equals_one_by_one_and_keeps_order():
    texts = [*FIXED, "", "   "]
    assert morpheme_splits(texts) == [morpheme_split(t) for t in texts]
    assert morpheme_splits(iter(texts), progress=True)[-3:] == [
        morpheme_split(texts[-3]),
        "",
        "",
    ]
    assert morpheme_splits([]) == []


def test_empty_and_blank_text():
    assert morphemes("") == [] and morphemes(" \n\t") == []
    assert morpheme_split("") == "" and analyse("") == []


def test_analyse_gives_tags_and_positions():
    got = analyse("책을 갔다")
    assert [(t.form, t.tag) for t in got] == [
        ("책", "NNG"),
        ("을", "JKO"),
        ("가", "VV"),
        ("었", "EP"),
        ("다", "EF"),
    ]
    assert [(t.start, t.end) for t in got] == [(0, 1), (1, 2), (3, 4), (3, 4), (4, 5)]


def test_one_instance():
    assert m.kiwi() is m.kiwi()


@pytest.mark.parametrize("bad", [None, 3, b"\xec\xb1\x85", ["책을"]])
def test_not_a_string(bad):
    with pytest.raises(TypeError, match=r"morphemes: expected a str, got"):
        morphemes(bad)
    with pytest.raises(TypeError, match=r"morpheme_splits: item 1: expected a str"):
        morpheme_splits(["책", bad])


# --------------------------------------------------------------------------------------------
# Kiwi missing or damaged
# --------------------------------------------------------------------------------------------


@pytest.fixture
def no_instance(monkeypatch):
    """No Kiwi loaded yet in this test (the real one comes back afterwards)."""
    monkeypatch.setattr(m, "_instance", None)


def test_kiwipiepy_missing_says_what_to_install(monkeypatch, no_instance):
    monkeypatch.setitem(sys.modules, "kiwipiepy", None)  # import kiwipiepy -> ImportError
    with pytest.raises(KiwiUnavailableError) as info:
        morphemes("책을 읽었다")
    message = str(info.value)
    assert "kiwipiepy is not installed" in message
    assert 'pip install "kiwipiepy==0.24.1" "kiwipiepy-model==0.24.0"' in message
    assert isinstance(info.value, ImportError)


def test_model_missing_says_what_to_install(monkeypatch, no_instance):
    monkeypatch.setitem(sys.modules, "kiwipiepy_model", None)
    with pytest.raises(KiwiUnavailableError, match=r'pip install "kiwipiepy-model==0\.24\.0"'):
        morpheme_split("책을 읽었다")


def _fake_model(tmp_path: Path, files: dict[str, bytes], record: dict[str, bytes]):
    """An installed-looking kiwipiepy-model in ``tmp_path``: ``files`` on disk, and a RECORD
    with the sizes and hashes of ``record`` (what pip wrote when it installed them)."""
    info = tmp_path / "kiwipiepy_model-0.24.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: kiwipiepy_model\n")
    lines = []
    for name, content in record.items():
        digest = base64.urlsafe_b64encode(hashlib.sha256(content).digest()).rstrip(b"=")
        lines.append(f"kiwipiepy_model/{name},sha256={digest.decode()},{len(content)}")
    (info / "RECORD").write_text("\n".join(lines) + "\n")
    (tmp_path / "kiwipiepy_model").mkdir()
    for name, content in files.items():
        (tmp_path / "kiwipiepy_model" / name).write_bytes(content)
    return importlib.metadata.PathDistribution(info)


def test_model_files_checked_against_pips_record(tmp_path):
    good = {"cong.mdl": b"model" * 100, "default.dict": b"words"}
    m._check_model_files(_fake_model(tmp_path, good, good))  # nothing raised


@pytest.mark.parametrize(
    ("on_disk", "problem"),
    [
        ({"default.dict": b"words"}, r"cong\.mdl is missing"),
        ({"cong.mdl": b"model" * 10, "default.dict": b"words"}, r"has 50 bytes, expected 500"),
        ({"cong.mdl": b"MODEL" * 100, "default.dict": b"words"}, r"does not match the sha256"),
    ],
    ids=["missing", "truncated", "changed"],
)
def test_damaged_model_files_are_refused(tmp_path, on_disk, problem):
    recorded = {"cong.mdl": b"model" * 100, "default.dict": b"words"}
    dist = _fake_model(tmp_path, on_disk, recorded)
    with pytest.raises(KiwiUnavailableError, match=problem) as info:
        m._check_model_files(dist)
    assert 'pip install --force-reinstall "kiwipiepy-model==0.24.0"' in str(info.value)


# --------------------------------------------------------------------------------------------
# The pins
# --------------------------------------------------------------------------------------------


def test_versions_pinned_alike_everywhere_and_installed():
    wanted = {"kiwipiepy": m.KIWI_VERSION, "kiwipiepy-model": m.KIWI_MODEL_VERSION}
    requirements = (ROOT / "requirements.txt").read_text().splitlines()
    pyproject = (ROOT / "pyproject.toml").read_text()  # tomllib is not in Python 3.10
    for name, version in wanted.items():
        assert f"{name}=={version}" in requirements
        assert f'"{name}=={version}",' in pyproject
        assert importlib.metadata.version(name) == version, (
            f"{name} {importlib.metadata.version(name)} is installed, the course pins {version}: "
            f"{m.INSTALL_COMMAND}"
        )
