"""``socinv.io.jsontext`` writes the very text ``json.dumps(..., indent=2)`` writes.

``status --format json`` goes through it (issue 18). No timing here.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from socinv.io.jsontext import indented
from tests.conftest import run

SCALARS = st.none() | st.booleans() | st.integers() | st.floats() | st.text()
KEYS = st.text() | st.integers() | st.booleans() | st.none() | st.floats()
VALUES = st.recursive(SCALARS, lambda children: st.lists(children, max_size=4)
                      | st.dictionaries(KEYS, children, max_size=4)
                      | st.tuples(children, children), max_leaves=30)


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, indent=2)


@settings(max_examples=400, deadline=None)
@given(VALUES)
def test_any_json_value_is_written_as_json_dumps_writes_it(value: Any) -> None:
    assert "".join(indented(value)) == _dumps(value)


@pytest.mark.parametrize("value", [{}, [], "å\u2028\x00\"\\", 1e300 * 10, -1e300 * 10,
                                   float("nan"), {1.5: [()], None: {True: False}}])
def test_edge_values(value: Any) -> None:
    assert "".join(indented(value)) == _dumps(value)


def test_what_json_cannot_write_is_refused_as_json_refuses_it() -> None:
    for value in ({"a": {1, 2}}, {(1, 2): "tuple key"}):
        with pytest.raises(TypeError):
            _dumps(value)
        with pytest.raises(TypeError):
            "".join(indented(value))


def test_status_json_is_json_dumps_text(sample_fund: Path) -> None:
    result = run("status", "--format", "json", "--fund", sample_fund)
    assert result.code == 0
    assert result.out == _dumps(json.loads(result.out)) + "\n"
