"""``economics.as_data`` is ``dataclasses.asdict`` without its deep copies: the same data.

The outturn and the economics go into ``status --format json``, the export and the caches
through it (issue 18). No timing here (docs/performance.md has the figures).
"""

from __future__ import annotations

import datetime as dt
from collections import namedtuple
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from socinv.economics import as_data
from socinv.expost import case_ex_post
from socinv.fund.fund import Fund
from socinv.fund.status import portfolio
from tests.conftest import run
from tests.workflow_helpers import heby_granted_case

Pair = namedtuple("Pair", "left right")


@dataclass(frozen=True)
class Inner:
    """A nested value of a test."""

    amounts: dict[int, int]
    pair: tuple[int, ...] = (1, 2)


@dataclass
class Outer:
    """A value of a test with every kind of member."""

    name: str
    inner: Inner
    items: list[Inner] = field(default_factory=list)
    by_name: dict[str, Inner] = field(default_factory=dict)
    named: Any = None
    day: dt.date = dt.date(2026, 1, 1)


def test_as_data_equals_asdict_on_every_kind_of_member() -> None:
    inner = Inner({2027: 300000, 2028: 0}, (3, 4))
    value = Outer("Pax", inner, [inner, Inner({})], {"a": inner}, Pair(inner, [inner]))
    assert as_data(value) == asdict(value)
    assert type(as_data(value)["named"]) is Pair
    data = as_data(value)
    data["inner"]["amounts"][2027] = 1  # a copy: the value is not changed through it
    assert inner.amounts[2027] == 300000


def _outturns(fund: Path, today: str) -> list[Any]:
    opened = Fund.open(fund)
    rows = [row for row in portfolio(opened, dt.date.fromisoformat(today), cache=False)
            if row.granted is not None]
    return [found for row in rows if (found := case_ex_post(opened, row.case)) is not None]


def _old_to_dict(outturn: Any) -> dict[str, Any]:
    """ExPost.to_dict as it was written with asdict."""
    data = asdict(outturn)
    data["forecast"] = outturn.forecast.to_dict()
    for key in ("cost_by_year", "savings_by_year"):
        data[key] = {str(year): value for year, value in data[key].items()}
    for unit in data["units"]:
        unit["realised"] = {str(year): value for year, value in unit["realised"].items()}
    return data


def test_the_outturn_and_economics_are_the_same_data_as_before(sample_fund: Path,
                                                               tmp_path: Path,
                                                               monkeypatch: Any) -> None:
    found = _outturns(sample_fund, "2026-11-22")
    monkeypatch.setenv("SOCINV_TODAY", "2028-02-20")
    heby = tmp_path / "heby"
    assert run("init", heby, "--profile", "heby").code == 0
    heby_granted_case(heby)
    found += _outturns(heby, "2028-02-20")
    assert len(found) >= 3
    for outturn in found:
        assert outturn.to_dict() == _old_to_dict(outturn)
        assert list(outturn.to_dict()) == list(_old_to_dict(outturn))  # the keys' order too
        without = outturn.to_dict(forecast=False)
        assert "forecast" not in without and without == {
            key: value for key, value in _old_to_dict(outturn).items() if key != "forecast"}
        assert as_data(outturn.forecast) == asdict(outturn.forecast)
