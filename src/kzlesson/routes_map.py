"""The schematic map of Kazakhstan's oil export routes (chapter 5).

Country outlines come from Natural Earth (public domain), as shipped in the ``world-atlas`` npm
package and cut down to the Caspian region in ``data/maps/caspian_countries_110m.geojson``.
Places and routes come from ``data/maps/export_routes.yml``; each route names its sources.
Colour is never the only clue: every route also has its own line style and a label.

>>> routes = load_routes()
>>> [r.id for r in routes][:1]
['cpc']
>>> fig = plot_export_routes()
>>> len(fig.axes[0].get_legend().get_texts()) == len(routes)
True
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import matplotlib.pyplot as plt
import yaml
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.patches import Polygon

from kzlesson.errors import DataError
from kzlesson.paths import data_file
from kzlesson.style import colour_for

OUTLINES_FILE = "maps/caspian_countries_110m.geojson"
ROUTES_FILE = "maps/export_routes.yml"

#: Matplotlib line styles allowed in the routes file.
LINE_STYLES: dict[str, str] = {"solid": "-", "dashed": "--", "dashdot": "-.", "dotted": ":"}

#: Where a place's name goes relative to its marker: offset in points and horizontal alignment.
LABEL_OFFSETS: dict[str, tuple[float, float, str]] = {
    "right": (5, 3, "left"), "left": (-5, 3, "right"), "above": (0, 7, "center"), "below": (0, -13, "center"),
}

#: Map labels for a few countries and seas (lon, lat); Natural Earth's "Turkey" is shown as Türkiye.
AREA_LABELS: dict[str, tuple[float, float]] = {
    "KAZAKHSTAN": (66.0, 49.6),
    "RUSSIA": (44.0, 53.5),
    "CHINA": (84.0, 42.0),
    "TÜRKIYE": (33.5, 39.2),
    "Caspian\nSea": (52.6, 38.4),
    "Black Sea": (34.0, 43.3),
}

#: The map's window (west, south, east, north) in degrees.
EXTENT: tuple[float, float, float, float] = (30.0, 35.0, 88.0, 55.5)


@dataclass(frozen=True)
class Place:
    """A named point on the map (a field, port, town or a bend of a line)."""

    name: str
    lon: float
    lat: float
    kind: str
    label: bool = True
    label_side: str = "right"


@dataclass(frozen=True)
class Route:
    """One export route: the places it joins in order, how it is drawn and who describes it."""

    id: str
    label: str
    short: str
    actor: str
    style: str
    path: tuple[str, ...]
    source_ids: tuple[str, ...]


def _read_yaml(path: Path) -> dict[str, Any]:
    try:
        loaded = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as err:
        raise DataError(path, getattr(getattr(err, "problem_mark", None), "line", None), None,
                        "valid YAML", str(err).splitlines()[0]) from None
    if not isinstance(loaded, dict) or "places" not in loaded or "routes" not in loaded:
        raise DataError(path, None, None, "a mapping with the keys 'places' and 'routes'")
    return loaded


def load_places(path: Path | None = None) -> dict[str, Place]:
    """Read the places of the routes file, by name.

    >>> load_places()["Novorossiysk"].kind
    'port'
    """
    path = path or data_file(ROUTES_FILE)
    places: dict[str, Place] = {}
    for name, spec in _read_yaml(path)["places"].items():
        if not isinstance(spec, dict):
            raise DataError(path, None, f"places.{name}", "a mapping with lon, lat and kind", spec)
        try:
            lon, lat = float(spec["lon"]), float(spec["lat"])
        except (KeyError, TypeError, ValueError):
            raise DataError(path, None, f"places.{name}", "numeric lon and lat", spec) from None
        if not (-180 <= lon <= 180 and -90 <= lat <= 90):
            raise DataError(path, None, f"places.{name}", "lon in -180..180 and lat in -90..90", (lon, lat))
        side = str(spec.get("label_side", "right"))
        if side not in LABEL_OFFSETS:
            raise DataError(path, None, f"places.{name}.label_side", f"one of {sorted(LABEL_OFFSETS)}", side)
        places[str(name)] = Place(str(name), lon, lat, str(spec.get("kind", "town")),
                                  bool(spec.get("label", True)), side)
    return places


def load_routes(path: Path | None = None) -> list[Route]:
    """Read the routes, checking that each joins known places, has a style and names a source.

    >>> [r.short for r in load_routes()]
    ['CPC', 'CPC feeder', 'Aktau–Baku–BTC', 'to China']
    """
    path = path or data_file(ROUTES_FILE)
    raw = _read_yaml(path)
    places = load_places(path)
    routes: list[Route] = []
    for number, spec in enumerate(raw["routes"], start=1):
        where = f"routes[{number}]"
        missing = {"id", "label", "actor", "style", "path", "source_ids"} - set(spec or {})
        if missing:
            raise DataError(path, None, where, f"the keys {sorted(missing)}")
        unknown = [p for p in spec["path"] if p not in places]
        if unknown or len(spec["path"]) < 2:
            raise DataError(path, None, f"{where}.path", "two or more names listed under places", unknown or spec["path"])
        if spec["style"] not in LINE_STYLES:
            raise DataError(path, None, f"{where}.style", f"one of {sorted(LINE_STYLES)}", spec["style"])
        if not spec["source_ids"]:
            raise DataError(path, None, f"{where}.source_ids", "at least one source id")
        routes.append(Route(str(spec["id"]), str(spec["label"]), str(spec.get("short", spec["id"])),
                            str(spec["actor"]), str(spec["style"]), tuple(spec["path"]),
                            tuple(str(s) for s in spec["source_ids"])))
    return routes


def load_outlines(path: Path | None = None) -> dict[str, list[list[tuple[float, float]]]]:
    """Read the country outlines: country name -> list of rings of (lon, lat) points.

    >>> "Kazakhstan" in load_outlines()
    True
    """
    path = path or data_file(OUTLINES_FILE)
    try:
        collection = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as err:
        raise DataError(path, None, None, "a GeoJSON FeatureCollection", str(err)) from None
    outlines: dict[str, list[list[tuple[float, float]]]] = {}
    for number, feature in enumerate(collection.get("features", []), start=1):
        geometry = feature.get("geometry") or {}
        if geometry.get("type") != "MultiPolygon":
            raise DataError(path, None, f"features[{number}].geometry", "a MultiPolygon", geometry.get("type"))
        name = feature.get("properties", {}).get("name", f"feature {number}")
        outlines[name] = [[(float(x), float(y)) for x, y in polygon[0]] for polygon in geometry["coordinates"]]
    return outlines


def outlines_source(path: Path | None = None) -> str:
    """The outline file's own statement of where it comes from (shown in captions and tests)."""
    path = path or data_file(OUTLINES_FILE)
    return str(json.loads(path.read_text(encoding="utf-8")).get("metadata", {}).get("source", ""))


def plot_export_routes(ax: Axes | None = None) -> Figure:
    """Draw the schematic map: outlines, Kazakhstan shaded, one labelled line per route.

    >>> fig = plot_export_routes()
    >>> fig.axes[0].get_title()
    "Kazakhstan's main oil export routes (schematic)"
    """
    if ax is None:
        fig, ax = plt.subplots(figsize=(9.5, 5.6))
    else:
        fig = ax.figure
    for name, rings in load_outlines().items():
        home = name == "Kazakhstan"
        for ring in rings:
            ax.add_patch(Polygon(ring, closed=True, facecolor="#E4E4E4" if home else "#F6F6F6",
                                 edgecolor="#8C8C8C", linewidth=0.9 if home else 0.5, zorder=1))
    for text, (lon, lat) in AREA_LABELS.items():
        sea = "Sea" in text
        ax.text(lon, lat, text, ha="center", va="center", fontsize=9 if sea else 10,
                style="italic" if sea else "normal", color="#4A6F8A" if sea else "#777777", zorder=2)
    places = load_places()
    for route in load_routes():
        xs = [places[p].lon for p in route.path]
        ys = [places[p].lat for p in route.path]
        ax.plot(xs, ys, LINE_STYLES[route.style], color=colour_for(route.actor), linewidth=2.6,
                label=route.label, zorder=3, solid_capstyle="round")
    markers = {"field": "D", "port": "o", "town": "s", "capital": "*"}
    for place in places.values():
        if not place.label:
            continue
        ax.plot(place.lon, place.lat, markers.get(place.kind, "o"), color="#222222",
                markersize=9 if place.kind == "capital" else 5, zorder=4)
        dx, dy, align = LABEL_OFFSETS[place.label_side]
        ax.annotate(place.name, (place.lon, place.lat), xytext=(dx, dy), textcoords="offset points",
                    ha=align, fontsize=9.5, zorder=5,
                    bbox={"boxstyle": "round,pad=0.15", "facecolor": "white", "edgecolor": "none", "alpha": 0.75})
    west, south, east, north = EXTENT
    ax.set_xlim(west, east)
    ax.set_ylim(south, north)
    ax.set_aspect(1.35)  # roughly equal distances at about 43 degrees north
    ax.grid(False)
    ax.set_xticks([])
    ax.set_yticks([])
    for spine in ax.spines.values():
        spine.set_visible(True)
        spine.set_color("#BBBBBB")
    ax.set_title("Kazakhstan's main oil export routes (schematic)")
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.02), fontsize=10, frameon=False, ncol=1,
              handlelength=3.2)
    ax.text(0.995, 0.01, "Outlines: Natural Earth (public domain). Lines are schematic.",
            transform=ax.transAxes, ha="right", va="bottom", fontsize=8, color="#555555")
    return fig


# --- chapter 5's computed exercise answers (from data/facts.csv) ------------------------------

#: Fact ids used by the computed answers below.
CPC_TOTAL_2022 = "cpc-shipped-2022"
CPC_KAZAKH_2022 = "cpc-shipped-kz-2022"
CASPIAN_ROUTE_VOLUME = "btc-volume"


def _fact_value(fact_id: str) -> float:
    from kzlesson.data import fact  # imported late: the map itself needs no facts table

    return float(fact(fact_id)["value"])


def kazakh_share_of_cpc_2022() -> float:
    """Percentage of the oil CPC shipped in 2022 that came from Kazakhstan.

    >>> round(kazakh_share_of_cpc_2022(), 1)
    88.9
    """
    return 100 * _fact_value(CPC_KAZAKH_2022) / _fact_value(CPC_TOTAL_2022)


def caspian_route_vs_cpc_2022() -> float:
    """The 2022 KMG–SOCAR volume (a year) as a percentage of the Kazakh oil CPC carried in 2022.

    >>> round(caspian_route_vs_cpc_2022(), 1)
    2.9
    """
    return 100 * _fact_value(CASPIAN_ROUTE_VOLUME) / _fact_value(CPC_KAZAKH_2022)


def cpc_vs_caspian_route_years_2022() -> float:
    """How many years of the 2022 KMG–SOCAR volume it would take to carry CPC's Kazakh oil of 2022.

    >>> round(cpc_vs_caspian_route_years_2022(), 1)
    34.8
    """
    return _fact_value(CPC_KAZAKH_2022) / _fact_value(CASPIAN_ROUTE_VOLUME)
