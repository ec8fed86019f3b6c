"""socinv report decision: the proposal (tjänsteskrivelse) and the decision notice.

One sample fund (Ystad, equity_reserve) and one Heby fund (budget_allocation) are built
once per module; each paper is rendered once and read by several tests. The figures
are computed by hand from sample_fund/fund.yaml:

- the reservation on 1 January 2026 = 8 400 000 − 748 000 (2024) − 951 000 − 538 000
  (2025) = 6 163 000 kr;
- 2027: allocation 2 500 000, already granted 800 000 (2025-001's split), PAX 1 150 000,
  left 550 000; 2028–2029 have no allocation: the council clause;
- after the grant of 2 500 000 (2027 1 000 000, 2028 900 000, 2029 600 000): left in 2027
  2 500 000 − 800 000 − 1 000 000 = 700 000.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import docx
import pytest

from tests.conftest import SAMPLE_FUND, run
from tests.test_workflow import HEBY_APPLICATION

PAX = "2026-001-pax-i-skolan-lugn-och-studiero-i-f-6"
GRANT = ("--granted", "2500000", "--per-year", "2027=1000000,2028=900000,2029=600000",
         "--date", "2026-12-16", "--ref", "KS § 250", "--condition",
         "Skolsociala teamet ingår i projektgruppen.")


def _text(path: Path) -> str:
    """A .md or .docx paper as text (non-breaking spaces as spaces)."""
    if path.suffix == ".docx":
        document = docx.Document(str(path))
        parts = [p.text for p in document.paragraphs]
        for table in document.tables:
            parts += [" | ".join(cell.text for cell in row.cells) for row in table.rows]
        text = "\n".join(parts)
    else:
        text = path.read_text("utf-8")
    return text.replace("\u00a0", " ")


@pytest.fixture(scope="module")
def ystad(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The sample fund's PAX case: proposal (sv, en), refused notice, then the decision and
    the notice (sv, en) and the proposal forced after it."""
    fund = tmp_path_factory.mktemp("ystad") / "fund"
    shutil.copytree(SAMPLE_FUND, fund)
    out = {key: fund / "out" / key for key in ("proposal", "notice", "forced")}
    args = ("--fund", str(fund), "--date", "2026-11-20")
    assert run("report", "decision", PAX, *args, "--out", out["proposal"]).code == 0
    assert run("report", "decision", PAX, *args, "--out", out["proposal"], "--lang", "en",
               "--format", "md").code == 0
    refused = run("report", "decision", PAX, *args, "--kind", "notice",
                  "--out", out["notice"])
    assert refused.code == 1 and not out["notice"].exists()
    (fund / "refused.txt").write_text(refused.err, "utf-8")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SOCINV_TODAY", "2026-12-20")
        decided = run("decide", PAX, *GRANT, "--fund", fund)
    assert decided.code == 0, decided.out + decided.err
    later = ("--fund", str(fund), "--date", "2026-12-20")
    assert run("report", "decision", PAX, *later, "--out", out["notice"]).code == 0
    assert run("report", "decision", PAX, *later, "--out", out["notice"], "--lang", "en",
               "--format", "md").code == 0
    assert run("report", "decision", PAX, *later, "--out", out["forced"], "--kind",
               "proposal", "--format", "md").code == 0
    return {"fund": fund, **out}


def _paper(ystad: dict[str, Path], key: str, name: str) -> str:
    return _text(ystad[key] / f"{PAX}-{name}")


def test_the_proposal_has_the_financing_per_year(ystad: dict[str, Path]) -> None:
    for suffix in ("md", "docx"):
        text = _paper(ystad, "proposal", f"beslutsunderlag.{suffix}")
        assert "reserveringen uppgick den 1 januari 2026 till 6 163 000 kr" in text
        assert "2027 | 2 500 000 kr | 800 000 kr | 1 150 000 kr | 550 000 kr" in text
        assert "2028 | ej beslutad | 0 kr | 980 000 kr | –" in text
        assert ("totalt 2 850 000 kr ur de reserverade medlen för sociala investeringar för "
                "perioden 2027–2029, för 2028–2029 under förutsättning att kommunfullmäktige "
                "avsätter medel i budget för 2028–2029,") in text
    english = _paper(ystad, "proposal", "decision-memo.md")
    assert "| 2027 | SEK 2 500 000 | SEK 800 000 | SEK 1 150 000 | SEK 550 000 |" in english
    assert "subject to the municipal council setting aside funds in the budget for " \
           "2028–2029" in english


def test_the_preparation_account_comes_from_the_case_record(ystad: dict[str, Path]) -> None:
    text = _paper(ystad, "proposal", "beslutsunderlag.md")
    assert "| 2026-11-05 | Yttrande: Socialnämnden | noterat | SN 2026-11-05 § 131<br>" \
           "Synpunkt: socialtjänstens skolsociala team bör delta i uppföljningen. |" in text
    assert "| 2026-11-12 | Underskrift: Region Skåne, barn- och ungdomspsykiatrin (BUP Ystad) " \
           "| undertecknad |" in text
    assert "| 2026-09-15 | Komplett ansökan till beredning | – | Processgruppen bedömde " \
           "ansökan som komplett." in text
    assert "**Idéprövning**" in text and "**Beredning och beslut**" in text
    # the groups' own assessments, from their records; none recorded is said plainly
    assert "Kommunledningsgruppen tog 2026-11-17 ställning för ansökan (KLG 2026-11-17 § 6; " \
           "prioritet 1 i omgången)." in text
    assert "Ingen bedömning från processgruppen är registrerad i ärendet." in text
    assert "- Yttrande från socialnämnden, 2026-11-05, SN 2026-11-05 § 131" in text
    assert "- Ansökan undertecknad av barn- och utbildningsnämnden, socialnämnden och Region " \
           "Skåne, barn- och ungdomspsykiatrin (BUP Ystad), 2026-11-12" in text


def test_the_guideline_check_is_not_the_groups_assessment(ystad: dict[str, Path]) -> None:
    for name in ("beslutsunderlag.md", "beslutsunderlag.docx", "decision-memo.md"):
        text = _paper(ystad, "proposal", name)
        assert "socinv" not in text.lower()
        assert "har prövat ansökan" not in text
    text = _paper(ystad, "proposal", "beslutsunderlag.md")
    assert "### Kontroll mot riktlinjen" in text
    assert "den är ingen bedömning av satsningens kvalitet" in text
    assert "| Kriterium | Kontroll | Underlag |" in text


def test_wording(ystad: dict[str, Path]) -> None:
    text = _paper(ystad, "proposal", "beslutsunderlag.md")
    assert "och hur målgruppen ska identifieras." in text
    assert "Kontrollerat mot vad som är nytt" in text
    assert "hur ska målgruppen" not in text.lower() and "vad är nytt" not in text.lower()
    assert "| Uppfyllt | Två nämnder och en annan offentlig aktör |" in text
    assert "nämnd: 2" not in text
    assert "Barn- och utbildningsnämnden ansöker som projektägare, i samverkan med " \
           "socialnämnden och Region Skåne, barn- och ungdomspsykiatrin (BUP Ystad), om " \
           "2 850 000 kr" in text
    assert "| PAX-samordnare (lärare med handledarutbildning) | 100 % |" in text
    assert "| 0,05 |" not in text and "| 5 % |" in text
    assert "4. att projektägaren redovisar satsningen skriftligt till kommunstyrelsen" in text
    assert "att satsningen redovisas" not in text
    english = _paper(ystad, "proposal", "decision-memo.md")
    assert "The municipal board is recommended to:" in english
    assert "is proposed to decide" not in english
    assert "with the second interim accounts (as of 31 August) and the annual accounts" in english
    assert "interim accounts 2" not in english.lower()
    assert "| Role | Share of full time | Organisation |" in english and "| 100% |" in english


def test_header_footer_officials_recipients_and_child_rights(ystad: dict[str, Path]) -> None:
    text = _paper(ystad, "proposal", "beslutsunderlag.md")
    assert f"| {PAX} |" not in text  # the slug is the file name, not the paper's header
    assert "| 2026-11-20 | KS 2026/0018 | Kommunstyrelsen | Petra Lund |" in text
    assert "Handläggare: Petra Lund, utvecklingsstrateg, Kommunledningsförvaltningen, " \
           "petra.lund@ystad.se, 0411-57 70 00" in text
    assert "**Eva Lindqvist**<br>Kommundirektör" in text
    assert "**Henrik Ohlsson**<br>Ekonomichef" in text
    recipients = text.split("## Beslutet skickas till")[1]
    assert "- Ekonomiavdelningen" in recipients and "- Socialnämnden" in recipients
    assert text.index("**Eva Lindqvist**") < text.index("## Beslutet skickas till")
    assert "### Barnkonsekvensanalys" in text
    assert "*Hur berörs barn av investeringen, och hur har barnets bästa" in text
    assert "Elevråden vid de tre skolorna" in text
    document = docx.Document(str(ystad["proposal"] / f"{PAX}-beslutsunderlag.docx"))
    footer = document.sections[0].footer.paragraphs[0].text
    assert "PAX i skolan – lugn och studiero i F–6" in footer and "Dnr KS 2026/0018" in footer
    assert PAX not in footer
    header = "\n".join(p.text for p in document.sections[0].header.paragraphs)
    assert "TJÄNSTESKRIVELSE" in header.upper()


def test_a_notice_needs_a_decision(ystad: dict[str, Path]) -> None:
    message = (ystad["fund"] / "refused.txt").read_text("utf-8")
    assert "har inget registrerat beslut" in message and "--kind proposal" in message
    assert "Traceback" not in message


def test_the_notice_after_decide(ystad: dict[str, Path]) -> None:
    for suffix in ("md", "docx"):
        text = _paper(ystad, "notice", f"beslutsmeddelande.{suffix}")
        assert "Kommunstyrelsen | 2026-12-16 | KS § 250 | KS 2026/0018" in text
        assert "Kommunstyrelsen beslutade 2026-12-16, KS § 250," in text
        assert ("att bevilja satsningen PAX i skolan – lugn och studiero i F–6 totalt "
                "2 500 000 kr ur de reserverade medlen för sociala investeringar för perioden "
                "2027–2029 (ansökt belopp 2 850 000 kr), för 2028–2029 under förutsättning "
                "att kommunfullmäktige avsätter medel i budget för 2028–2029,") in text
        assert "2027: 1 000 000 kr, 2028: 900 000 kr och 2029: 600 000 kr" in text
        assert "2027 | 1 150 000 kr | 1 000 000 kr" in text
        assert "Summa | 2 850 000 kr | 2 500 000 kr" in text.replace("**", "")
        assert "Det beviljade beloppet är 350 000 kr lägre än det ansökta." in text
        assert "Skolsociala teamet ingår i projektgruppen." in text  # decide --condition
        assert "tar fram en projektplan inom 60 dagar från beslutet" in text
        assert "2027 | 2 500 000 kr | 800 000 kr | 1 000 000 kr | 700 000 kr" in text
        assert "föreslås" not in text and "socinv" not in text.lower()
    text = _paper(ystad, "notice", "beslutsmeddelande.md")
    assert "- Ekonomiavdelningen" in text.split("## Beslutet skickas till")[1]
    assert "KLG 2026-11-17 § 6" in text  # the preparation before the decision
    document = docx.Document(str(ystad["notice"] / f"{PAX}-beslutsmeddelande.docx"))
    assert "BESLUTSMEDDELANDE" in "\n".join(
        p.text for p in document.sections[0].header.paragraphs).upper()
    english = _paper(ystad, "notice", "decision-notice.md")
    assert "On 2026-12-16, KS § 250, the municipal board decided to" in english
    assert "a total of SEK 2 500 000 from the funds reserved for social investments for " \
           "2027–2029 (SEK 2 850 000 applied for)" in english


def test_the_proposal_after_the_decision_states_what_was_decided(
        ystad: dict[str, Path]) -> None:
    text = _paper(ystad, "forced", "beslutsunderlag.md")
    assert "har fattat beslut i ärendet 2026-12-16, KS § 250: beviljat 2 500 000 kr av " \
           "ansökta 2 850 000 kr" in text
    assert "totalt 2 500 000 kr" in text and "totalt 2 850 000 kr" not in text
    assert "| 2027 | 1 150 000 kr | 1 000 000 kr |" in text  # applied and granted


@pytest.fixture(scope="module")
def heby(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, str]]:
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SOCINV_TODAY", "2026-11-20")
        yield _heby(tmp_path_factory.mktemp("heby") / "fund")


def _heby(fund: Path) -> dict[str, str]:
    where = ("--fund", str(fund))
    assert run("init", fund, "--profile", "heby", "--municipality", "Heby kommun").code == 0
    settings = fund / "fund.yaml"
    settings.write_text(settings.read_text("utf-8").replace(
        "allocations: []", 'allocations:\n  - {year: 2027, amount: 2000000, ref: "KF § 112"}'),
        "utf-8")
    assert run("new", "application", "Jobbcoach för unga vuxna", *where).code == 0
    (case_dir,) = (fund / "1-beslutsunderlag").iterdir()
    (case_dir / "application.yaml").write_text(HEBY_APPLICATION, "utf-8")
    case = case_dir.name
    assert run("advance", case, *where).code == 0
    assert run("record", case, "steering_group", "--position", "for", "--date", "2026-10-15",
               "--ref", "Styrgruppen 2026-10-15 § 4", *where).code == 0
    assert run("record", case, "management_group", "--position", "for", "--date",
               "2026-11-03", "--ref", "KLG 2026-11-03 § 7", *where).code == 0
    papers = {}
    assert run("report", "decision", case, *where, "--format", "md").code == 0
    papers["proposal"] = (fund / "reports" / f"{case}-beslutsunderlag.md").read_text("utf-8")
    assert run("decide", case, "--granted", "1100000", "--per-year", "2027=550000,2028=550000",
               "--date", "2026-11-19", "--ref", "KS § 250", *where).code == 0
    assert run("report", "decision", case, *where, "--format", "md").code == 0
    papers["notice"] = (fund / "reports" / f"{case}-beslutsmeddelande.md").read_text("utf-8")
    return {key: text.replace("\u00a0", " ") for key, text in papers.items()}


def test_heby_proposal_and_notice(heby: dict[str, str]) -> None:
    proposal = heby["proposal"]
    assert "totalt 1 260 000 kr ur kommunstyrelsens budgeterade medel för sociala " \
           "investeringar för perioden 2027–2028, för 2028 under förutsättning att " \
           "kommunfullmäktige avsätter medel i budget för 2028," in proposal
    assert "| 2027 | 2 000 000 kr | 0 kr | 620 000 kr | 1 380 000 kr |" in proposal
    assert "reserverat inom det egna kapitalet" not in proposal  # budget_allocation
    assert "| 2026-10-15 | Beredning: Styrgruppen för barn och unga | för | " \
           "Styrgruppen 2026-10-15 § 4 |" in proposal
    assert "Kommunledningsgruppen tog 2026-11-03 ställning för ansökan (KLG 2026-11-03 § 7)." \
        in proposal
    assert "Förvaltningarnas handläggare" not in proposal  # Heby has no idea review
    assert "### Barnkonsekvensanalys" in proposal
    assert "Ansökan redovisar ingen barnkonsekvensanalys." in proposal
    assert "- Ekonomiavdelningen" in proposal and "socinv" not in proposal.lower()
    notice = heby["notice"]
    assert "| Kommunstyrelsen | 2026-11-19 | KS § 250 | – |" in notice
    assert "totalt 1 100 000 kr ur kommunstyrelsens budgeterade medel för sociala " \
           "investeringar för perioden 2027–2028 (ansökt belopp 1 260 000 kr)" in notice
    assert "| 2028 | 640 000 kr | 550 000 kr |" in notice
    assert "Beslutet gäller för det året under förutsättning att kommunfullmäktige avsätter " \
           "medel i budget för 2028." in notice


def test_a_rejection_gives_a_notice_of_rejection(sample_fund: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOCINV_TODAY", "2026-12-20")
    assert run("decide", PAX, "--rejected", "--date", "2026-12-16", "--ref", "KS § 251",
               "--fund", sample_fund).code == 0
    assert run("report", "decision", PAX, "--fund", sample_fund, "--format", "md").code == 0
    (paper,) = (sample_fund / "reports").glob("*-beslutsmeddelande.md")
    text = paper.read_text("utf-8").replace("\u00a0", " ")
    assert "Kommunstyrelsen beslutade 2026-12-16, KS § 251, att avslå ansökan om " \
           "2 850 000 kr ur de reserverade medlen för sociala investeringar" in text
    assert "Beviljade medel" not in text and "att bevilja" not in text
