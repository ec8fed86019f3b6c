"""``socinv report final CASE``: the paper the board approves a final report with."""

from enum import StrEnum
from typing import Annotated

import typer

from socinv.cli.common import CaseArg, FundOpt, LangOpt
from socinv.cli.report import (
    DateOpt,
    ForceOpt,
    OutOpt,
    _formats,
    _formats_option,
    _open,
    _request,
    _write,
)
from socinv.i18n import tr

HELP = tr(
    "Beslutsunderlag för slutrapporten: förslaget (tjänsteskrivelse) före styrelsens beslut "
    "och beslutsmeddelandet efter socinv close – effekter mot mål, jämförelse med "
    "alternativen, prognos mot utfall, rekommendation, ramjustering och nämnderna som "
    "beslutar om implementeringen, som .docx och .md.",
    "The paper for the final report: the proposal (officer's report) before the board's "
    "decision and the notice of decision after socinv close – effects against targets, the "
    "comparison with the alternatives, forecast against outcome, the recommendation, the "
    "budget frame adjustment and the committees that decide on implementation, as .docx "
    "and .md.")


class Kind(StrEnum):
    proposal = "proposal"
    notice = "notice"


KindOpt = Annotated[Kind | None, typer.Option(
    "--kind", case_sensitive=False,
    help=tr("proposal (förslag, före beslutet) eller notice (beslutsmeddelande, efter "
            "socinv close); standard: det som passar ärendets läge.",
            "proposal (before the decision) or notice (after socinv close); default: "
            "whichever fits the case's state."))]
DraftOpt = Annotated[bool, typer.Option(
    "--draft", help=tr("Märk varje sida som utkast (underlaget tas då fram även om "
                       "slutrapporten har fel).",
                       "Mark every page as a draft (the paper is then produced even if the "
                       "final report has errors)."))]
FINAL_FORMATS = ("docx", "md", "pdf")


def final(
    case: CaseArg,
    kind: KindOpt = None,
    fund: FundOpt = None,
    lang: LangOpt = None,
    out: OutOpt = None,
    force: ForceOpt = False,
    draft: DraftOpt = False,
    date: DateOpt = None,
    output_format: Annotated[str, _formats_option("docx,md", FINAL_FORMATS)] = "docx,md",
) -> None:
    from socinv.fund.workflow import find_case
    from socinv.reports.final import build

    opened, chosen = _open(fund, lang, one_case=True)
    request = _request(chosen, date, draft, _formats(output_format, FINAL_FORMATS))
    case_id = find_case(opened, case).id
    _write(opened, build(opened, case_id, request, kind.value if kind else None), out, force,
           chosen)
