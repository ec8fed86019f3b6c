"""``doctor``'s look at a case's preparation record: every step recorded as the profile has it.

A record names a step of the profile, in one of its stages, for a party of the case
(steps per party), and its attachment is in the case folder. What does not hold is
a warning: the record stays (it is the municipality's record), a person decides.
"""

from __future__ import annotations

from pathlib import Path

from socinv.fund.fund import CaseDir, Fund
from socinv.io.yamlio import YamlDoc
from socinv.process.steps import expected_parties, same_party
from socinv.rules.findings import Finding, make


def audit(fund: Fund, folder: Path, case: CaseDir, doc: YamlDoc, file: str) -> list[Finding]:
    records = doc.data.get("steps")
    if not isinstance(records, list):
        return []
    steps = fund.profile.steps
    findings: list[Finding] = []
    parties: dict[str, list[str | None]] = {}
    for index, record in enumerate(records):
        if not isinstance(record, dict):
            continue
        pos = doc.pos(("steps", index))
        key = str(record.get("step") or "")
        step = steps.get(key)
        if step is None:
            near = steps.near(key)
            findings.append(make(file, "doctor-step-unknown", f"steps[{index}].step", pos,
                                 step=key or "–", profile=fund.profile.id,
                                 hint={"sv": f" Menade du {near}?" if near else "",
                                       "en": f" Did you mean {near}?" if near else ""}))
            continue
        stage = str(record.get("stage") or "")
        if stage not in step.stages:
            findings.append(make(file, "doctor-step-stage", f"steps[{index}].stage", pos,
                                 step=key, stage=stage or "–", stages=", ".join(step.stages)))
        if step.per_party:
            if key not in parties:
                parties[key] = expected_parties(fund, case, step)
            party = record.get("party")
            if not any(same_party(party, name) for name in parties[key]):
                findings.append(make(file, "doctor-step-party", f"steps[{index}].party", pos,
                                     step=key, party=str(party or "–")))
        attachment = record.get("attachment")
        if attachment and not _inside(folder, str(attachment)):
            findings.append(make(file, "doctor-step-attachment",
                                 f"steps[{index}].attachment", pos, step=key,
                                 attachment=str(attachment)))
    return findings


def _inside(folder: Path, relative: str) -> bool:
    parts = relative.replace("\\", "/").split("/")
    if any(part in ("", ".", "..") for part in parts):
        return False
    path = folder.joinpath(*parts)
    return path.is_file() and not path.is_symlink()



