"""kzlesson: helpers for the teaching module on Kazakhstan's multi-vector foreign policy (2022).

A notebook needs one import; the verbs below are loaded on first use, so importing
the package is cheap and one module's trouble never breaks another's.

>>> import kzlesson as kz
>>> kz.__version__
'0.1.0'
"""

from __future__ import annotations

import importlib
from typing import Any

__version__ = "0.1.0"

#: Public name -> module that defines it.
_EXPORTS: dict[str, str] = {
    # data
    "load_sources": "kzlesson.data",
    "load_facts": "kzlesson.data",
    "load_timeline": "kzlesson.data",
    "load_trade": "kzlesson.data",
    "load_trade_groups": "kzlesson.data",
    "load_trade_quoted": "kzlesson.data",
    "load_glossary": "kzlesson.data",
    "fact": "kzlesson.data",
    "source": "kzlesson.data",
    "DataError": "kzlesson.errors",
    # style
    "use_style": "kzlesson.style",
    "colour_for": "kzlesson.style",
    "ACTOR_COLOURS": "kzlesson.style",
    # trade
    "partner_shares": "kzlesson.trade",
    "concentration": "kzlesson.trade",
    "what_if": "kzlesson.trade",
    "explore_trade": "kzlesson.trade_explorer",
    # timeline
    "filter_events": "kzlesson.timeline",
    "stance_counts": "kzlesson.timeline",
    "place_sources": "kzlesson.timeline",
    "plot_timeline": "kzlesson.timeline_plot",
    "plot_stance_strip": "kzlesson.timeline_plot",
    "explore_timeline": "kzlesson.timeline_explorer",
    # exercises
    "exercise": "kzlesson.exercises",
    "set_student": "kzlesson.exercises",
    "progress": "kzlesson.exercises",
    "export_answers": "kzlesson.exercises",
}

__all__ = ["__version__", *_EXPORTS]


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'kzlesson' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)
