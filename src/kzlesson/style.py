"""One look for every figure: a colour per actor (colour-blind safe), shared fonts and sizes.

Colours come from the Okabe–Ito palette, which stays distinguishable under the common forms
of colour blindness. Colour is never the only carrier of meaning: plots also use labels,
markers or hatching (see :data:`ACTOR_HATCHES` and :data:`STANCE_MARKERS`).

>>> colour_for("Russia")
'#D55E00'
>>> colour_for("Italy")  # a Western partner takes the West's colour
'#0072B2'
"""

from __future__ import annotations

import matplotlib as mpl

#: The actors (and trade-partner groups) the module colours, in display order.
ACTOR_COLOURS: dict[str, str] = {
    "Russia": "#D55E00",  # vermillion
    "China": "#CC79A7",  # reddish purple
    "the West": "#0072B2",  # blue
    "Ukraine": "#56B4E9",  # sky blue
    "neighbours": "#009E73",  # bluish green (Central Asia, Türkiye, Caucasus)
    "multilateral": "#E69F00",  # orange
    "domestic": "#555555",  # dark grey (Kazakhstan itself)
    "other": "#AAAAAA",  # light grey (rest of the world)
}

#: Hatches so bars stay distinguishable in greyscale print.
ACTOR_HATCHES: dict[str, str] = {
    "Russia": "",
    "China": "//",
    "the West": "..",
    "Ukraine": "xx",
    "neighbours": "\\\\",
    "multilateral": "++",
    "domestic": "--",
    "other": "",
}

#: Marker shape per stance towards Moscow (timeline figures), so stance never rests on colour alone.
STANCE_MARKERS: dict[str, str] = {"closer": "v", "distant": "^", "neutral": "o", "": "s"}
STANCE_LABELS: dict[str, str] = {
    "closer": "closer to Moscow",
    "distant": "more distant from Moscow",
    "neutral": "neutral",
    "": "stance not applicable",
}

#: Trade partners and other actors that belong to a wider group.
_GROUP_OF: dict[str, str] = {
    "European Union": "the West",
    "EU": "the West",
    "Italy": "the West",
    "Netherlands": "the West",
    "Germany": "the West",
    "France": "the West",
    "United States": "the West",
    "United Kingdom": "the West",
    "USA": "the West",
    "US": "the West",
    "Uzbekistan": "neighbours",
    "Kyrgyzstan": "neighbours",
    "Tajikistan": "neighbours",
    "Turkmenistan": "neighbours",
    "Türkiye": "neighbours",
    "Turkey": "neighbours",
    "Azerbaijan": "neighbours",
    "Georgia": "neighbours",
    "Kazakhstan": "domestic",
    "CSTO": "multilateral",
    "EAEU": "multilateral",
    "UN": "multilateral",
    "SCO": "multilateral",
    "CIS": "multilateral",
    "OSCE": "multilateral",
}


def actor_group(name: str) -> str:
    """Return the actor group a partner or actor belongs to (``"other"`` when unknown).

    >>> actor_group("Kyrgyzstan")
    'neighbours'
    """
    if name in ACTOR_COLOURS:
        return name
    return _GROUP_OF.get(name, "other")


def colour_for(name: str) -> str:
    """Return the hex colour for an actor, a partner or a vector.

    >>> colour_for("China")
    '#CC79A7'
    """
    return ACTOR_COLOURS[actor_group(name)]


def hatch_for(name: str) -> str:
    """Return the hatch pattern for an actor or partner (for print and colour-blind readers)."""
    return ACTOR_HATCHES[actor_group(name)]


STYLE: dict[str, object] = {
    "figure.figsize": (8.0, 4.5),
    "figure.dpi": 100,
    "savefig.dpi": 100,
    "savefig.bbox": "tight",
    "font.size": 11,
    "axes.titlesize": 13,
    "axes.titleweight": "bold",
    "axes.labelsize": 11,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.grid": True,
    "grid.color": "#DDDDDD",
    "grid.linewidth": 0.8,
    "axes.axisbelow": True,
    "legend.frameon": False,
    "axes.prop_cycle": mpl.cycler(color=list(ACTOR_COLOURS.values())),
}


def use_style() -> None:
    """Apply the module's figure style to matplotlib (call once, in a notebook's set-up cell).

    >>> use_style()
    >>> import matplotlib as mpl; mpl.rcParams["axes.spines.top"]
    False
    """
    mpl.rcParams.update(STYLE)
