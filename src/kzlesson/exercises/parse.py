"""Forgiving, safe reading of a typed number: never evaluates anything, only pattern matching.

Understands decimal commas ("23,7"), spaces or commas between thousands ("24 200", "24,200"),
a percent sign, currency marks ("$", "USD", "US$") and scale words ("bn", "billion", "m",
"million", "k", "thousand") which are converted into the exercise's unit.

>>> read_number("23,7 %", "%").value
23.7
>>> read_number("$24.2 billion", "USD bn").value
24.2
>>> read_number("24 200 million", "USD bn").value
24.2
>>> read_number("lots", "%").error
"I could not read a number in 'lots'. Type just the number, for example 23.7."
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

MAX_LENGTH = 80

#: scale word -> multiplier
_SCALES: dict[str, float] = {
    "k": 1e3, "thousand": 1e3, "thousands": 1e3, "th": 1e3, "ths": 1e3,
    "m": 1e6, "mn": 1e6, "mln": 1e6, "mio": 1e6, "million": 1e6, "millions": 1e6,
    "b": 1e9, "bn": 1e9, "bln": 1e9, "billion": 1e9, "billions": 1e9, "mrd": 1e9,
    "tn": 1e12, "trillion": 1e12, "trillions": 1e12,
}
_SCALE_NAMES = {1e3: "thousand", 1e6: "million", 1e9: "billion", 1e12: "trillion"}
_POINTS_UNITS = {"percentage points", "percentage point", "pp", "p.p.", "points", "point", "pts"}
_TIMES_UNITS = {"times", "time", "x", "×", "fold"}
_PERCENT_SIGNS = ("%", "percent", "per cent", "pct")
#: "points" typed after a number: a gap between percentages, read as the percent value in a percent exercise
_POINT_WORDS = ("percentage points", "percentage point", "pp", "p.p.", "p.p", "points", "point", "pts")
_MONEY = re.compile(r"usd|us\$|\$|dollar|eur|€")
_CURRENCY = re.compile(r"^(?:us\s?\$|\$|usd|us dollars?|dollars?)\s*|\s*(?:us\s?\$|\$|usd|us dollars?|dollars?)$")
_APPROX = re.compile(r"^(?:~|≈|about|approx\.?|approximately|around|circa|ca\.|c\.)\s*")
_NUMBER = re.compile(r"^[+-]?(?:\d[\d ,.']*\d|\d|\.\d+)(?:[eE][+-]?\d{1,3})?")


@dataclass(frozen=True)
class Reading:
    """What was read: ``value`` in the exercise's unit, or ``error`` (a friendly message).

    ``note`` says how an unusual input was understood (shown to the student).
    ``maybe_fraction`` is set for a percent exercise when the student typed a bare number
    between -1 and 1 (0.237 may mean 23.7 %): the checker decides.
    """

    value: float | None = None
    error: str = ""
    note: str = ""
    maybe_fraction: bool = False

    @property
    def ok(self) -> bool:
        return self.value is not None


def unit_scale(unit: str) -> float | None:
    """How many base units one exercise unit is: ``"USD bn"`` -> 1e9, ``"%"`` -> None (not scalable)."""
    u = unit.strip().lower()
    if u in ("%", "percent", "pp"):
        return None
    words = re.sub(r"(?:us\$|\$|usd|us dollars?|dollars?)", " ", u).split()
    for w in words:
        if w in _SCALES:
            return _SCALES[w]
    return 1.0


def fmt(value: float, decimals: int | None = None) -> str:
    """Format a number for a message: ``fmt(24200.0)`` -> ``'24 200'``, ``fmt(0.2371)`` -> ``'0.2371'``."""
    if decimals is not None:
        text = f"{value:,.{decimals}f}"
    elif value == int(value) and abs(value) < 1e15:
        text = f"{int(value):,}"
    else:
        text = f"{value:,.6g}" if abs(value) < 1e-3 or abs(value) >= 1e6 else f"{value:,.4f}".rstrip("0").rstrip(".")
    return text.replace(",", "\u202f").replace("\u202f", " ")


def with_unit(value: float, unit: str, decimals: int | None = None) -> str:
    """``with_unit(23.7, "%")`` -> ``'23.7 %'``; a word unit is singular for exactly one.

    >>> with_unit(23.7, "%"), with_unit(1, "events"), with_unit(1, "percentage points"), with_unit(2, "years")
    ('23.7 %', '1 event', '1 percentage point', '2 years')
    """
    number = fmt(value, decimals)
    if number.lstrip("+-−") == "1" and re.fullmatch(r"[A-Za-z ]*[a-z]s", unit):
        unit = unit[:-1]
    return f"{number} {unit}".strip()


def _digits(token: str) -> tuple[float | None, str]:
    """Turn '24 200', '24,200', '23,7', '1.234,5' into a float; second item is a note."""
    parts = re.fullmatch(r"(.*?)(?:[eE]([+-]?\d{1,3}))?", token)
    mantissa, exponent = (parts.group(1), parts.group(2) or "") if parts else (token, "")
    for sep in (" ", "'"):
        # a space or apostrophe only groups thousands: "24 200", "1'000'000" (not "1 2")
        if sep in mantissa and not re.fullmatch(rf"[+-]?\d{{1,3}}(?:{sep}\d{{3}})+(?:[.,]\d+)?", mantissa):
            return None, ""
    m = mantissa.replace(" ", "").replace("'", "")
    note = ""
    sign = ""
    if m[:1] in "+-":
        sign, m = m[0], m[1:]
    if "," in m and "." in m:
        decimal = "," if m.rfind(",") > m.rfind(".") else "."
        group = "." if decimal == "," else ","
        if not re.fullmatch(rf"\d{{1,3}}(?:\{group}\d{{3}})*\{decimal}\d+", m):
            return None, ""
        m = m.replace(group, "").replace(decimal, ".")
    elif m.count(",") > 1 or m.count(".") > 1:
        sep = "," if "," in m else "."
        if not re.fullmatch(rf"\d{{1,3}}(?:\{sep}\d{{3}})+", m):
            return None, ""
        m = m.replace(sep, "")
    elif "," in m:
        head, tail = m.split(",")
        if len(tail) == 3 and head not in ("0", "") and len(head) <= 3:
            note = f"read {head},{tail} as {head}{tail} (a comma between thousands); for a decimal, type {head}.{tail}"
            m = head + tail
        else:
            m = f"{head}.{tail}"
    if not re.fullmatch(r"\d+(?:\.\d+)?|\.\d+", m):
        return None, ""
    text = sign + m
    if exponent:
        text += "e" + exponent
    try:
        value = float(text)
    except ValueError:
        return None, ""
    return value, note  # may be inf ("1e999"): read_number says it is too large


def quoted(text: str) -> str:
    """What a student typed, quoted exactly as typed (no repr escapes): ``quoted("it's")`` -> ``"'it's'"``.

    Messages quote input with this and are plain text (never Markdown): ``**5**`` stays ``**5**``.
    """
    return f"'{text}'"


def is_money(unit: str) -> bool:
    """True for a unit that is an amount of money: ``is_money("USD bn")`` -> True, ``is_money("events")`` -> False."""
    return bool(_MONEY.search(unit.strip().lower()))


def read_number(text: object, unit: str = "") -> Reading:
    """Read what a student typed as a number in ``unit``; see the module docstring.

    A currency mark ("$", "USD") is accepted only where the answer is an amount of money; for a
    count, a number of years or a percentage it is rejected with a message naming the unit.

    >>> read_number("$5", "events").error
    "This answer is a number of events, not an amount of money: type it without '$' or 'USD'."
    >>> read_number("34.2%.", "%").value, read_number("34.2%.", "%").note
    (34.2, '')
    """
    if text is None:
        text = ""
    raw = str(text)
    shown = raw.strip()
    if not shown:
        return Reading(error="Type a number first, then press Check.")
    if len(shown) > MAX_LENGTH:
        return Reading(error="That is too long to be a number. Type just the number, for example 23.7.")
    s = shown.lower()
    for ch in ("\u00a0", "\u202f", "\u2009", "\u2007", "_"):
        s = s.replace(ch, " ")
    s = s.replace("\u2212", "-").replace("\u2013", "-").replace("\u2019", "'")
    s = re.sub(r"\s+", " ", s)
    s = _APPROX.sub("", s).strip()
    # a full stop ending the answer as a sentence ("34.2%.", "40.8.") is not part of it
    if s.endswith(".") and not s.endswith("p.p."):
        s = s[:-1].rstrip()
    currency = False
    new = _CURRENCY.sub("", s).strip()
    if new != s:
        currency, s = True, new
        new = _CURRENCY.sub("", s).strip()  # "$24 bn USD"
        s = new
    # "-$5" / "$-5"
    s = re.sub(r"^-\s*\$", "-", s)
    s = re.sub(r"^([+-])\s+(?=[\d.])", r"\1", s)  # "- 5"
    match = _NUMBER.match(s)
    if not match:
        return Reading(error=f"I could not read a number in {quoted(shown)}. Type just the number, for example 23.7.")
    number_text = match.group(0).rstrip(" ,.")
    rest = s[len(number_text):].strip()
    value, note = _digits(number_text.strip())
    if value is not None and not math.isfinite(value):
        return Reading(
            error=f"{quoted(number_text.strip())} is far too large a number. Type just the number, for example 23.7."
        )
    if value is None:
        return Reading(
            error=f"I could not read {quoted(number_text.strip())} as one number. "
            "Use a point or a comma for decimals, for example 23.7."
        )
    # currency after the number: "24.2 bn usd", "24.2bn$"
    for _ in range(2):
        new = _CURRENCY.sub("", rest).strip()
        if new != rest:
            currency, rest = True, new
    unit_l = unit.strip().lower()
    points = unit_l in _POINTS_UNITS
    target = unit_scale(unit)
    percent_exercise = target is None or points
    percent = False
    percent_sign = False  # "%" or "percent" itself, not "points"
    if rest in _PERCENT_SIGNS:
        percent, percent_sign, rest = True, True, ""
    elif percent_exercise and rest in _POINT_WORDS:
        percent, rest = True, ""
    scale = 1.0
    if rest:
        first, _, remainder = rest.partition(" ")
        if first.rstrip(".") in _SCALES:
            scale = _SCALES[first.rstrip(".")]
            rest = remainder.strip()
            for _ in range(2):
                new = _CURRENCY.sub("", rest).strip()
                if new != rest:
                    currency, rest = True, new
    if rest:
        # the unit itself typed after the number ("people", "USD m", "3.5x" for "times") is fine
        unit_words = {unit_l, unit_l.rstrip("s"), re.sub(r"^(?:usd|us\$|\$)\s*", "", unit_l)}
        if unit_l in _TIMES_UNITS:
            unit_words |= _TIMES_UNITS
        if points:
            unit_words |= _POINTS_UNITS
        if rest.rstrip(".") not in unit_words and rest not in unit_words:
            return Reading(
                error=f"I read the number {fmt(value)} but not {quoted(rest)} after it. "
                + (f"Type just the number (in {unit})." if unit else "Type just the number.")
            )
        if unit_l in ("%",):
            percent, percent_sign = True, True
    if percent_exercise:  # a percent (or percentage-point) exercise
        if scale != 1.0 or currency:
            what = "percentage points" if points else "a percentage"
            return Reading(error=f"This answer is {what}, not an amount: type it like 23.7.")
        maybe = not points and not percent and -1.0 <= value <= 1.0 and value != 0
        if points and percent_sign:
            note = (note + "; " if note else "") + (
                f"read {fmt(value)} % as {fmt(value)} percentage points — a gap between two percentages "
                "is counted in points: from 20 % to 25 % is 5 points, even though it is a 25 % rise"
            )
        elif percent and not points and not percent_sign:
            note = (note + "; " if note else "") + (
                f"read {fmt(value)} points as {fmt(value)} % — this answer is a percentage, not a gap between two"
            )
        return Reading(value=value, note=note, maybe_fraction=maybe)
    if currency and not is_money(unit):
        what = f"a number of {unit}" if unit else "a plain number"
        return Reading(error=f"This answer is {what}, not an amount of money: type it without '$' or 'USD'.")
    if percent:
        what = f"in {unit}" if unit else "a plain number"
        return Reading(error=f"This answer is {what}, not a percentage: type it without the % sign.")
    if scale != 1.0:
        converted = value * scale / target
        name = _SCALE_NAMES.get(scale, "")
        if scale != target:
            shown_unit = unit or "units"
            note = (note + "; " if note else "") + (
                f"read {fmt(value)} {name} as {with_unit(converted, shown_unit)}"
            )
        return Reading(value=converted, note=note)
    return Reading(value=value, note=note)
