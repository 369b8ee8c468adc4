"""Numeric input is read forgivingly and never evaluated."""

from __future__ import annotations

import pytest

from kzlesson.exercises.parse import read_number, unit_scale

OK = [
    ("23.7", "%", 23.7),
    ("23,7", "%", 23.7),
    ("23.7 %", "%", 23.7),
    ("23.7%", "%", 23.7),
    ("  23.7 percent ", "%", 23.7),
    ("−5", "%", -5.0),  # a typographic minus
    ("24.2bn", "USD bn", 24.2),
    ("$24.2 billion", "USD bn", 24.2),
    ("24 200 million", "USD bn", 24.2),
    ("24,200 million", "USD bn", 24.2),
    ("US$ 24.2 bn", "USD bn", 24.2),
    ("24.2 USD bn", "USD bn", 24.2),
    ("24.2", "USD bn", 24.2),
    ("24.2bn", "USD m", 24200.0),
    ("24 200", "USD m", 24200.0),
    ("1,234.5", "", 1234.5),
    ("1.234,5", "", 1234.5),
    ("200k", "people", 200_000.0),
    ("1.2 million people", "people", 1_200_000.0),
    ("~40", "", 40.0),
    ("2.5e3", "", 2500.0),
    ("-3.2", "percentage points", -3.2),
    ("-3.2 pp", "percentage points", -3.2),
    ("3.5x", "times", 3.5),
    ("3.5 times", "times", 3.5),
    ("7 events", "events", 7.0),
    ("1 000 000", "people", 1_000_000.0),
    ("1'000", "people", 1000.0),
    ("- 5", "", -5.0),
]


@pytest.mark.parametrize(("text", "unit", "value"), OK)
def test_reads(text: str, unit: str, value: float) -> None:
    reading = read_number(text, unit)
    assert reading.error == ""
    assert reading.value == pytest.approx(value)


def test_fraction_for_percent_is_flagged_for_the_checker() -> None:
    reading = read_number(" 0.237 ", "%")
    assert reading.value == pytest.approx(0.237) and reading.maybe_fraction
    assert not read_number("0.237 %", "%").maybe_fraction
    assert not read_number("23.7", "%").maybe_fraction
    assert not read_number("0.5", "percentage points").maybe_fraction


def test_conversion_is_explained() -> None:
    assert "24.2 USD bn" in read_number("24 200 million", "USD bn").note
    assert "24 200 USD m" in read_number("24.2bn", "USD m").note


BAD = [
    ("", "%", "Type a number"),
    ("   ", "USD bn", "Type a number"),
    ("forty", "%", "could not read a number"),
    ("__import__('os').system('echo hi')", "", "could not read a number"),
    ("1+1", "", "not '+1'"),
    ("2**10", "", "not '**10'"),
    ("nan", "", "could not read a number"),
    ("inf", "", "could not read a number"),
    ("1e999", "", "far too large a number"),
    ("3bn", "%", "percentage, not an amount"),
    ("$5", "%", "percentage, not an amount"),
    ("5 %", "USD bn", "not a percentage"),
    ("12 apples", "USD bn", "not 'apples'"),
    ("1.2.3", "", "as one number"),
    ("9" * 200, "", "too long"),
    ("5bn", "percentage points", "not an amount"),
    ("1 2", "", "as one number"),  # a space only groups thousands
]


@pytest.mark.parametrize(("text", "unit", "phrase"), BAD)
def test_friendly_errors(text: str, unit: str, phrase: str) -> None:
    reading = read_number(text, unit)
    assert reading.value is None
    assert phrase in reading.error


def test_nothing_is_evaluated(monkeypatch: pytest.MonkeyPatch) -> None:
    import builtins

    def boom(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("eval must never be called")

    monkeypatch.setattr(builtins, "eval", boom)
    monkeypatch.setattr(builtins, "exec", boom)
    assert read_number("__import__('os')", "").value is None
    assert read_number("41", "%").value == 41.0


def test_unit_scale() -> None:
    assert unit_scale("USD bn") == 1e9
    assert unit_scale("USD m") == 1e6
    assert unit_scale("%") is None
    assert unit_scale("people") == 1.0
