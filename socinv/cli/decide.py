"""``socinv decide CASE --granted AMOUNT --per-year … --ref …`` or ``--rejected``."""

from __future__ import annotations

from typing import Annotated

import typer

from socinv.cli.common import ByOpt, CaseArg, FormatOpt, FundOpt, LangOpt, OutputFormat, who
from socinv.cli.flow import CommitOpt, DecisionDateOpt, DryRunOpt, NoteOpt, open_fund, run_plan
from socinv.errors import UserError
from socinv.i18n import tr

HELP = tr(
    "Registrera styrelsens beslut (t.ex. kommunstyrelsens): beviljat belopp och preliminär "
    "fördelning per år (som måste stämma), eller avslag (--rejected, som avslutar ärendet).",
    "Record the board's decision: the granted amount and the preliminary split per year "
    "(which must agree), or a rejection (--rejected, which closes the case).",
)


def decide(
    case: CaseArg,
    ref: Annotated[str, typer.Option(
        "--ref", help=tr("Beslutsreferens, t.ex. \"KS § 87\".",
                         "Decision reference, e.g. \"KS § 87\"."))],
    granted: Annotated[str | None, typer.Option(
        "--granted", metavar=tr("BELOPP", "AMOUNT"),
        help=tr("Beviljat belopp i hela kronor.", "Granted amount in whole kronor."))] = None,
    per_year: Annotated[str | None, typer.Option(
        "--per-year", metavar=tr("ÅR=BELOPP,…", "YEAR=AMOUNT,…"),
        help=tr("Preliminär fördelning, t.ex. 2027=1200000,2028=800000 (krävs för fleråriga "
                "projekt).",
                "Preliminary split, e.g. 2027=1200000,2028=800000 (required for multi-year "
                "projects)."))] = None,
    rejected: Annotated[bool, typer.Option(
        "--rejected", help=tr("Avslag: registrera beslutet och avsluta ärendet.",
                              "Rejection: record the decision and close the case."))] = False,
    date: DecisionDateOpt = None,
    force: Annotated[bool, typer.Option(
        "--force", help=tr("Ersätt ett redan registrerat beslut.",
                           "Replace a decision that is already recorded."))] = False,
    by: ByOpt = None,
    note: NoteOpt = None,
    dry_run: DryRunOpt = False,
    commit: CommitOpt = False,
    fund: FundOpt = None,
    lang: LangOpt = None,
    output: FormatOpt = OutputFormat.text,
) -> None:
    from socinv.cli.flow import today_of
    from socinv.fund.decision import parse_amount_option, parse_per_year, plan_decide
    from socinv.fund.workflow import find_case

    opened, chosen = open_fund(fund, lang)
    if rejected == (granted is not None):
        raise UserError("Ange antingen --granted BELOPP eller --rejected.",
                        "Give either --granted AMOUNT or --rejected.")
    if rejected and per_year:
        raise UserError("--per-year hör till ett beviljat beslut, inte till ett avslag.",
                        "--per-year belongs to a grant, not to a rejection.")
    if not ref.strip():
        raise UserError("--ref får inte vara tomt.", "--ref must not be empty.")
    total = parse_amount_option(granted, "--granted") if granted is not None else None
    split = parse_per_year(per_year) if per_year else None
    person = who(by)
    when = today_of(date)
    run_plan(opened, chosen, "decide", person, dry_run=dry_run, commit_flag=commit,
             output=output, make_plan=lambda: plan_decide(
                 opened, find_case(opened, case), granted=total, per_year=split,
                 rejected=rejected, date=when, ref=ref.strip(), note=note, by=person,
                 force=force))
