"""The environment switches: fast mode and every other on/off variable read through env_flag."""

from __future__ import annotations

import pytest

from lstm_course import config


@pytest.mark.parametrize("value", ["1", "true", "YES", " on "])
def test_true_values_switch_a_flag_on(monkeypatch, value: str) -> None:
    monkeypatch.setenv("LSTM_COURSE_SOMETHING", value)
    assert config.env_flag("LSTM_COURSE_SOMETHING") is True


@pytest.mark.parametrize("value", ["", "0", "false", "No", "off"])
def test_false_values_and_unset_switch_a_flag_off(monkeypatch, value: str) -> None:
    monkeypatch.setenv("LSTM_COURSE_SOMETHING", value)
    assert config.env_flag("LSTM_COURSE_SOMETHING") is False
    monkeypatch.delenv("LSTM_COURSE_SOMETHING")
    assert config.env_flag("LSTM_COURSE_SOMETHING") is False


def test_a_misspelt_value_is_an_error_that_names_the_variable(monkeypatch) -> None:
    monkeypatch.setenv(config.FAST_ENV, "ture")
    with pytest.raises(ValueError, match=r"LSTM_COURSE_FAST='ture' is neither on nor off"):
        config.fast_mode()


def test_pick_follows_fast_mode(monkeypatch) -> None:
    monkeypatch.setenv(config.FAST_ENV, "1")
    assert config.pick(20, 1) == 1
    monkeypatch.setenv(config.FAST_ENV, "0")
    assert config.pick(20, 1) == 20


def test_on_gpu_is_false_on_this_cpu_machine() -> None:
    """CI and the developers' machines have no GPU; on Colab's GPU runtime it is True."""
    assert config.on_gpu() is False


def test_the_run_seed_comes_from_the_environment(monkeypatch) -> None:
    monkeypatch.delenv(config.SEED_ENV, raising=False)
    assert config.run_seed() == 0
    monkeypatch.setenv(config.SEED_ENV, "2")
    assert config.run_seed() == 2
    monkeypatch.setenv(config.SEED_ENV, "two")
    with pytest.raises(ValueError, match="LSTM_COURSE_SEED='two' is not a whole number"):
        config.run_seed()


def test_set_seed_defaults_to_the_run_seed(monkeypatch) -> None:
    import numpy as np

    monkeypatch.setenv(config.SEED_ENV, "3")
    config.set_seed()
    first = np.random.random()
    config.set_seed(3)
    assert np.random.random() == first


def test_show_source_displays_the_code_the_package_runs(monkeypatch) -> None:
    from lstm_course.course import show_source
    from lstm_course.layers import LSTMCell

    shown = []
    monkeypatch.setattr("IPython.display.display", lambda data, raw: shown.append(data))
    show_source(LSTMCell.step)
    source = shown[0]["text/plain"]
    assert source.startswith("def step(self, x_t, h_prev, c_prev")
    assert shown[0]["text/markdown"] == f"```python\n{source}```"
    with pytest.raises(TypeError, match="show_source needs a function, method or class"):
        show_source(3)
