"""The annexes' and status's typed models of each case, kept beside the validation cache.

``load_fund`` reads every case in full: each document parsed, typed and checked, only to
keep the few fields the annexes print or count (``data._for_annex``). Those slim models
are kept per case folder in ``.socinv/cache/annexdata-NN.json`` under the folder's
signature (the stat of every entry, as the validation cache keys its findings) and the
fingerprint of the profile, fund.yaml, unit costs, socinv and the day. A changed case is
read anew, alone; an unchanged one is taken from the file. Dates are kept as dates; a
model with a value JSON cannot hold exactly is simply not kept.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from socinv.fund.fund import CaseDir, Fund
from socinv.validation import DocResult

KIND = "annexdata"
FORMAT = 1  # what a case's entry holds; raise it when _for_annex keeps other fields
_DAY = "\x00d"
_BY_NUMBER = "\x00i"  # a mapping keyed by integers (a decision's split per year)


def cache_key(fund: Fund) -> str:
    """The model cache's key: the fingerprint of socinv, the profile, fund.yaml, the unit
    costs and the day, for this cache's format."""
    from socinv.cache import fingerprint

    return fingerprint(fund.root, fund.profile.raw, {"command": KIND, "format": FORMAT})


class _NotKept(Exception):
    """A value the cache does not keep exactly (the case is then read every time)."""


def _encode(value: Any) -> Any:
    if value is None or isinstance(value, bool | int | str):
        return value
    if isinstance(value, float):
        return value
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return {_DAY: value.isoformat()}
    if isinstance(value, list):
        return [_encode(item) for item in value]
    if isinstance(value, dict):
        if all(isinstance(key, str) for key in value) and not {_DAY, _BY_NUMBER} & set(value):
            return {key: _encode(item) for key, item in value.items()}
        if all(type(key) is int for key in value):
            return {_BY_NUMBER: [[key, _encode(item)] for key, item in value.items()]}
    raise _NotKept


def _decode(value: Any) -> Any:
    """``_encode`` undone. JSON gives plain lists and dicts, so ``type`` is exact; a scalar
    is returned by the caller without a call (most of a model's values: issue 18, the money
    lines of 1,000 cases decoded 194 000 values)."""
    if type(value) is list:
        return [_decode(item) if type(item) in _CONTAINERS else item for item in value]
    if type(value) is dict:
        if len(value) == 1:
            if _DAY in value:
                return dt.date.fromisoformat(value[_DAY])
            if _BY_NUMBER in value:
                return {int(key): _decode(item) if type(item) in _CONTAINERS else item
                        for key, item in value[_BY_NUMBER]}
        return {key: _decode(item) if type(item) in _CONTAINERS else item
                for key, item in value.items()}
    return value


_CONTAINERS = (list, dict)


def encode_value(value: Any) -> Any | None:
    """Plain data with dates and year-keyed mappings as JSON can hold them (None: a value
    it cannot hold exactly); :func:`decode_value` gives it back."""
    try:
        return _encode(value)
    except _NotKept:
        return None


def decode_value(value: Any) -> Any:
    return _decode(value)


def _doc(result: DocResult) -> list[Any]:
    return [result.file, result.doc_type, _encode(result.model)]


def encode(data: Any) -> list[Any] | None:
    """A slim CaseData as JSON data, or None when it holds what JSON cannot keep exactly
    (or findings, which the slim models never have)."""
    documents = [*data.documents.values(), *data.reports.values()]
    if any(result.findings or result.unreadable for result in documents):
        return None
    try:
        return [FORMAT, data.case_file, _encode(data.case),
                {key: _doc(result) for key, result in data.documents.items()},
                {key: _doc(result) for key, result in data.reports.items()}]
    except _NotKept:
        return None


def decode(case: CaseDir, payload: Any) -> Any:
    """The CaseData of ``payload``; None when it is damaged or of another format."""
    from socinv.reports.data import CaseData

    try:
        version, case_file, model, documents, reports = payload
        if version != FORMAT or not isinstance(case_file, str) or not isinstance(model, dict):
            return None
        return CaseData(case, case_file, _decode(model),
                        {key: DocResult(file, doc_type, _decode(doc_model))
                         for key, (file, doc_type, doc_model) in documents.items()},
                        {key: DocResult(file, doc_type, _decode(doc_model))
                         for key, (file, doc_type, doc_model) in reports.items()})
    except (TypeError, ValueError, AttributeError):
        return None
