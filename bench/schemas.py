"""JSON Schemas equivalent to socinv's required-keys-and-types check, for the peer run.

Generated from socinv's own content model and the Ystad profile's required
fields, so the peer (check-jsonschema) checks the same keys and types socinv
checks — but none of the rules that relate fields to each other.

    python bench/schemas.py bench/schemas/
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from socinv.model.schema import DOCUMENTS, Field, Kind
from socinv.profiles import load_profile

_SCALAR: dict[Kind, Any] = {
    Kind.TEXT: {"type": ["string", "number"]},
    Kind.AMOUNT: {"type": ["integer", "string"]},
    Kind.COUNT: {"type": ["integer", "string"]},
    Kind.NUMBER: {"type": ["number", "string"]},
    Kind.DATE: {"type": "string", "format": "date"},
    Kind.DATETIME: {"type": "string"},
    Kind.YEAR: {"type": ["integer", "string"]},
    Kind.BOOL: {"type": ["boolean", "string"]},
    Kind.YEAR_AMOUNTS: {"type": "object"},
}


def schema_for(doc_type: str) -> dict[str, Any]:
    profile = load_profile("ystad")
    required = {path for path, text in profile.document(doc_type).fields.items()
                if text.required} if doc_type in profile.documents else set()
    root = _node(DOCUMENTS[doc_type], "", required)
    root["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    return root


def _node(field: Field, prefix: str, required: set[str]) -> dict[str, Any]:
    if field.kind is Kind.GROUP or (field.kind is Kind.LIST and not prefix.endswith("[].")):
        properties: dict[str, dict[str, Any]] = {}
        needed: list[str] = []
        for sub in field.fields:
            path = f"{prefix}{sub.key}"
            if sub.kind is Kind.LIST:
                item = _node(Field(sub.key, Kind.GROUP, sub.fields), path + "[].", required)
                properties[sub.key] = {"type": "array", "items": item}
                if path in required:
                    properties[sub.key]["minItems"] = 1
            elif sub.kind is Kind.GROUP:
                properties[sub.key] = _node(sub, path + ".", required)
            elif sub.kind is Kind.TEXTS:
                properties[sub.key] = {"type": ["array", "string"]}
            elif sub.kind is Kind.CHOICE:
                properties[sub.key] = {"enum": list(sub.choices)}
            else:
                properties[sub.key] = dict(_SCALAR[sub.kind])
            if path in required:
                needed.append(sub.key)
        return {"type": "object", "properties": properties, "required": needed,
                "additionalProperties": True}
    return dict(_SCALAR.get(field.kind, {}))


def main() -> None:
    out = Path(sys.argv[1] if len(sys.argv) > 1 else "bench/schemas")
    out.mkdir(parents=True, exist_ok=True)
    for doc_type in ("idea", "application", "report", "final_report", "case"):
        (out / f"{doc_type}.schema.json").write_text(
            json.dumps(schema_for(doc_type), indent=1, ensure_ascii=False) + "\n",
            encoding="utf-8")


if __name__ == "__main__":
    main()
