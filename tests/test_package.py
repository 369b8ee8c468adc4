"""Unit tests for the package's foundations: data location, errors, style, lazy exports."""

from __future__ import annotations

import importlib
import re
from pathlib import Path

import matplotlib as mpl
import pytest

import kzlesson
from kzlesson import paths, style
from kzlesson.errors import DataError


def test_version_is_a_release_string() -> None:
    assert re.fullmatch(r"\d+\.\d+\.\d+", kzlesson.__version__)


def test_data_dir_is_the_checkout_data_folder_by_default(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("KZLESSON_DATA", raising=False)
    assert paths.data_dir() == Path(__file__).resolve().parents[1] / "data"


def test_data_dir_honours_the_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("KZLESSON_DATA", str(tmp_path))
    assert paths.data_dir() == tmp_path.resolve()
    assert paths.data_file("trade.csv") == tmp_path.resolve() / "trade.csv"


def test_data_error_names_file_row_column_and_expectation() -> None:
    err = DataError("data/facts.csv", 7, "as_of", "a date like 2022-03-02", "2 March")
    assert str(err) == "data/facts.csv:7:as_of: expected a date like 2022-03-02, got '2 March'"
    assert (err.path, err.row, err.column) == ("data/facts.csv", 7, "as_of")
    assert isinstance(err, ValueError)


def test_data_error_without_row_or_column() -> None:
    assert str(DataError("data/trade.csv", None, None, "a header row")) == "data/trade.csv: expected a header row"


def test_every_actor_has_a_distinct_colour_and_hatch_entry() -> None:
    colours = list(style.ACTOR_COLOURS.values())
    assert len(colours) == len(set(colours))
    assert set(style.ACTOR_HATCHES) == set(style.ACTOR_COLOURS)


@pytest.mark.parametrize(
    ("name", "group"),
    [("Russia", "Russia"), ("Italy", "the West"), ("European Union", "the West"), ("Kyrgyzstan", "neighbours"),
     ("Republic of Korea", "other"), ("CSTO", "multilateral")],
)
def test_partners_take_their_group_colour(name: str, group: str) -> None:
    assert style.actor_group(name) == group
    assert style.colour_for(name) == style.ACTOR_COLOURS[group]


def test_stance_markers_differ_so_colour_is_not_the_only_cue() -> None:
    markers = [style.STANCE_MARKERS[k] for k in ("closer", "distant", "neutral")]
    assert len(set(markers)) == 3
    assert set(style.STANCE_LABELS) == set(style.STANCE_MARKERS)


def test_use_style_sets_the_shared_look() -> None:
    with mpl.rc_context():
        style.use_style()
        assert mpl.rcParams["axes.spines.top"] is False
        assert mpl.rcParams["axes.prop_cycle"].by_key()["color"][0] == style.ACTOR_COLOURS["Russia"]


def test_lazy_exports_resolve_and_unknown_names_raise() -> None:
    fresh = importlib.reload(kzlesson)
    assert fresh.colour_for("China") == style.ACTOR_COLOURS["China"]
    assert "exercise" in dir(fresh)
    with pytest.raises(AttributeError, match="no attribute 'nonsense'"):
        fresh.nonsense  # noqa: B018


def test_every_lazy_export_exists() -> None:
    missing = []
    for name, module in kzlesson._EXPORTS.items():
        try:
            getattr(importlib.import_module(module), name)
        except (ImportError, AttributeError) as exc:
            missing.append(f"{module}.{name}: {exc}")
    assert not missing, "kzlesson exports names that do not exist:\n" + "\n".join(missing)


def test_static_render_mode_is_set_by_the_sphinx_extension(monkeypatch: pytest.MonkeyPatch) -> None:
    from kzlesson import sphinx_ext

    monkeypatch.delenv("KZLESSON_RENDER", raising=False)

    class FakeApp:
        def __getattr__(self, name: str):  # accept any registration call
            return lambda *args, **kwargs: None

    meta = sphinx_ext.setup(FakeApp())
    import os

    assert os.environ["KZLESSON_RENDER"] == "static"
    assert meta["parallel_read_safe"] is True
