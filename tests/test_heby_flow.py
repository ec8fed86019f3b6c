"""A Heby fund from decision basis to closed, with every paper on the way.

Heby has no idea step, no period length and annual reports only: the flow and
the papers must work without Ystad's rules (the memo once crashed on Heby's
``period_years: {}``).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from docx import Document

from tests.conftest import run
from tests.test_workflow import HEBY_APPLICATION, _fill
from tests.workflow_helpers import case_data, events, where


@pytest.fixture(autouse=True)
def _today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOCINV_TODAY", "2028-02-20")


def _docx_text(path: Path) -> str:
    document = Document(str(path))
    parts = [paragraph.text for paragraph in document.paragraphs]
    for table in document.tables:
        parts += [cell.text for row in table.rows for cell in row.cells]
    return "\n".join(parts)


def test_a_heby_case_goes_from_decision_basis_to_closed(heby_fund: Path) -> None:
    fund = ["--fund", str(heby_fund)]
    assert run("new", "application", "Jobbcoach för unga vuxna", *fund).code == 0
    (case_dir,) = (heby_fund / "1-beslutsunderlag").iterdir()
    case = case_dir.name
    (case_dir / "application.yaml").write_text(HEBY_APPLICATION, encoding="utf-8")
    assert run("validate", case_dir / "application.yaml", *fund).code == 0

    # The proposal memo, before the decision, in both languages and as a draft.
    for extra in ((), ("--draft",), ("--lang", "en")):
        memo = run("report", "decision", case, *fund, *extra)
        assert memo.code == 0, memo.out + memo.err
        assert "Traceback" not in memo.err
    markdown = sorted((heby_fund / "reports").glob(f"{case}-beslutsunderlag.md"))
    assert markdown, list((heby_fund / "reports").iterdir())
    text = markdown[0].read_text(encoding="utf-8")
    assert "Tidsperiodens start före dess slut" in text  # Heby sets no length: no "{min}"
    assert "{min}" not in text and "Jobbcoach för unga vuxna" in text
    english = (heby_fund / "reports" / f"{case}-decision-memo.md").read_text(encoding="utf-8")
    assert "The period starts before it ends" in english and "{min}" not in english

    assert run("advance", case, "--by", "Anna Berg", *fund).code == 0
    assert where(heby_fund, case) == ["2-beredning"]
    for step in ("steering_group", "management_group"):
        recorded = run("record", case, step, "--position", "for", "--date", "2027-01-15",
                       *fund)
        assert recorded.code == 0, recorded.out + recorded.err
    decided = run("decide", case, "--granted", "1260000", "--per-year",
                  "2027=620000,2028=640000", "--date", "2027-01-20", "--ref", "KS § 45",
                  *fund)
    assert decided.code == 0, decided.out + decided.err
    assert run("advance", case, *fund).code == 0
    assert where(heby_fund, case) == ["3-pagaende"]

    assert run("new", "report", case, "--period", "2027-annual", *fund).code == 0
    report = heby_fund / "3-pagaende" / case / "reports" / "2027-annual.yaml"
    _fill(report, {"activities": "Coachen anställd; 12 deltagare.",
                   "human_gains": "Sju deltagare har fått arbete.",
                   "economic_gains": "Försörjningsstödet minskade med 380 000 kr.",
                   "outcome": "600000"})
    checked = run("validate", report, *fund)
    assert checked.code == 0, checked.out

    memo = run("report", "decision", case, "--force", *fund)
    assert memo.code == 0, memo.out + memo.err
    annex = run("report", "annual", "--year", "2027", *fund)
    assert annex.code == 0, annex.out + annex.err
    docx = heby_fund / "reports" / "2027-arsredovisning-bilaga.docx"
    assert docx.exists() and (heby_fund / "reports" / "2027-arsredovisning-bilaga.xlsx").exists()
    annex_text = _docx_text(docx)
    assert "Jobbcoach för unga vuxna" in annex_text
    assert "600 000" in annex_text.replace("\u00a0", " ")

    assert run("new", "final-report", case, *fund).code == 0
    final = heby_fund / "3-pagaende" / case / "final_report.yaml"
    _fill(final, {"effects_target_group": "Sju av tolv i arbete.",
                  "effects_economy": "Försörjningsstödet minskade.",
                  "comparison": "Bättre än ordinarie arbetsmarknadsinsatser.",
                  "recommendation": "implement"})
    closed = run("advance", case, "--ref", "KS § 12", "--by", "Anna Berg", *fund)
    assert closed.code == 0, closed.out + closed.err
    assert where(heby_fund, case) == ["4-avslutade"]
    data = case_data(heby_fund, case)
    assert data["closing"]["outcome"] == "implemented"
    assert events(heby_fund, case) == ["created", "advance", "record", "record", "decide",
                                       "advance", "new-report", "new-final-report", "close"]
    assert "Fonden är i ordning." in run("doctor", *fund).out
