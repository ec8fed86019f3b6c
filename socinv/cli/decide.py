"""``socinv decide CASE --granted AMOUNT --per-year … --ref …`` or ``--rejected``."""

import contextlib
from typing import TYPE_CHECKING, Annotated

import typer

from socinv.cli.common import ByOpt, FormatOpt, FundOpt, LangOpt, OutputFormat, who
from socinv.cli.completion import case_ids
from socinv.cli.flow import CommitOpt, DecisionDateOpt, DryRunOpt, NoteOpt, open_fund, run_plan
from socinv.errors import UserError
from socinv.i18n import tr

if TYPE_CHECKING:
    from socinv.fund.fund import Fund
    from socinv.i18n import Lang

HELP = tr(
    "Registrera styrelsens beslut (t.ex. kommunstyrelsens): beviljat belopp och preliminär "
    "fördelning per år (som måste stämma), eller avslag (--rejected, som avslutar ärendet). "
    "Flera ärenden med --package NAMN: ett gruppbeslut där varje ärende får sitt eget "
    "--granted och --per-year i ärendenas ordning, allt eller inget.",
    "Record the board's decision: the granted amount and the preliminary split per year "
    "(which must agree), or a rejection (--rejected, which closes the case). Several cases "
    "with --package NAME: one group decision, each case with its own --granted and "
    "--per-year in the order of the cases, all or none.",
)


def decide(
    case: Annotated[list[str], typer.Argument(
        metavar=tr("ÄRENDE…", "CASE…"), autocompletion=case_ids, help=tr(
            "Ärendet: fullt id, kort id (2026-001) eller mapp; flera för ett gruppbeslut.",
            "The case: full id, short id (2026-001) or folder; several for a group "
            "decision."))],
    ref: Annotated[str, typer.Option(
        "--ref", help=tr("Beslutsreferens, t.ex. \"KS § 87\".",
                         "Decision reference, e.g. \"KS § 87\"."))],
    granted: Annotated[list[str] | None, typer.Option(
        "--granted", metavar=tr("BELOPP", "AMOUNT"),
        help=tr("Beviljat belopp i hela kronor (ett per ärende).",
                "Granted amount in whole kronor (one per case)."))] = None,
    per_year: Annotated[list[str] | None, typer.Option(
        "--per-year", metavar=tr("ÅR=BELOPP,…", "YEAR=AMOUNT,…"),
        help=tr("Preliminär fördelning, t.ex. 2027=1200000,2028=800000 (krävs för fleråriga "
                "projekt).",
                "Preliminary split, e.g. 2027=1200000,2028=800000 (required for multi-year "
                "projects; one per case in a group decision, - for a single-year case)."))] = None,
    package: Annotated[str | None, typer.Option(
        "--package", metavar=tr("NAMN", "NAME"),
        help=tr("Gruppbeslutets namn: projekten som tillsammans bildar en helhet.",
                "The group decision's name: the projects that together form a whole."))
    ] = None,
    rejected: Annotated[bool, typer.Option(
        "--rejected", help=tr("Avslag: registrera beslutet och avsluta ärendet.",
                              "Rejection: record the decision and close the case."))] = False,
    date: DecisionDateOpt = None,
    force: Annotated[bool, typer.Option(
        "--force", help=tr("Ersätt ett redan registrerat beslut.",
                           "Replace a decision that is already recorded."))] = False,
    by: ByOpt = None,
    note: NoteOpt = None,
    condition: Annotated[list[str] | None, typer.Option(
        "--condition", metavar=tr("VILLKOR", "CONDITION"),
        help=tr("Ett villkor i beslutet (kan anges flera gånger); visas i beslutsmeddelandet.",
                "A condition of the decision (may be given several times); shown in the "
                "decision notice."))] = None,
    dry_run: DryRunOpt = False,
    commit: CommitOpt = False,
    fund: FundOpt = None,
    lang: LangOpt = None,
    output: FormatOpt = OutputFormat.text,
) -> None:
    from socinv.cli.flow import today_of
    from socinv.fund.decision import parse_amount_option, parse_per_year, plan_decide
    from socinv.fund.workflow import find_case

    opened, chosen = open_fund(fund, lang, one_case=True)
    if len(case) > 1 or package is not None:
        if condition:
            raise UserError("--condition ges för ett ärende i taget, inte i ett gruppbeslut.",
                            "--condition is given for one case at a time, not in a group "
                            "decision.")
        _group(opened, chosen, case, granted, per_year, package, rejected, date, ref, force,
               by, note, dry_run, commit, output)
        return
    if rejected == bool(granted):
        raise UserError("Ange antingen --granted BELOPP eller --rejected.",
                        "Give either --granted AMOUNT or --rejected.")
    if rejected and per_year:
        raise UserError("--per-year hör till ett beviljat beslut, inte till ett avslag.",
                        "--per-year belongs to a grant, not to a rejection.")
    if not ref.strip():
        raise UserError("--ref får inte vara tomt.", "--ref must not be empty.")
    if len(granted or []) > 1 or len(per_year or []) > 1:
        raise UserError("--granted och --per-year ges en gång per ärende; flera ärenden i ett "
                        "beslut är ett gruppbeslut med --package NAMN.",
                        "--granted and --per-year are given once per case; several cases in "
                        "one decision are a group decision with --package NAME.")
    total = parse_amount_option(granted[0], "--granted") if granted else None
    split = parse_per_year(per_year[0]) if per_year else None
    person = who(by)
    when = today_of(date)
    run_plan(opened, chosen, "decide", person, dry_run=dry_run, commit_flag=commit,
             output=output, make_plan=lambda: plan_decide(
                 opened, find_case(opened, case[0]), granted=total, per_year=split,
                 rejected=rejected, date=when, ref=ref.strip(), note=note, by=person,
                 force=force, conditions=condition))


def _group(opened: "Fund", lang: "Lang", cases: list[str], granted: list[str] | None,
           per_year: list[str] | None, package: str | None, rejected: bool, date: str | None,
           ref: str, force: bool, by: str | None, note: str | None, dry_run: bool,
           commit_flag: bool, output: OutputFormat) -> None:
    """One decision on several cases: every plan first, then all cases or none."""
    from socinv.cli.flow import commit_wanted, show_plans, today_of
    from socinv.fund import gitcommit
    from socinv.fund.decision import parse_amount_option, parse_per_year
    from socinv.fund.lock import fund_lock
    from socinv.process.group import apply_group, plan_group

    if not (package or "").strip():
        raise UserError("Ett beslut om flera ärenden är ett gruppbeslut: ange dess namn med "
                        "--package NAMN.",
                        "A decision on several cases is a group decision: give its name with "
                        "--package NAME.")
    if len(cases) < 2:
        raise UserError("--package hör till ett gruppbeslut om minst två ärenden.",
                        "--package belongs to a group decision on at least two cases.")
    if not ref.strip():
        raise UserError("--ref får inte vara tomt.", "--ref must not be empty.")
    if rejected == bool(granted):
        raise UserError("Ange antingen --granted BELOPP för varje ärende eller --rejected.",
                        "Give either --granted AMOUNT for each case or --rejected.")
    if rejected and per_year:
        raise UserError("--per-year hör till ett beviljat beslut, inte till ett avslag.",
                        "--per-year belongs to a grant, not to a rejection.")
    count = len(cases)
    if granted and len(granted) != count:
        raise UserError(f"{count} ärenden men {len(granted)} --granted: ange ett belopp per "
                        "ärende, i ärendenas ordning.",
                        f"{count} cases but {len(granted)} --granted: give one amount per case, "
                        "in the order of the cases.")
    if per_year and len(per_year) != count:
        raise UserError(f"{count} ärenden men {len(per_year)} --per-year: ange en fördelning "
                        "per ärende i ärendenas ordning (- för ett ettårigt projekt).",
                        f"{count} cases but {len(per_year)} --per-year: give one split per case "
                        "in the order of the cases (- for a single-year project).")
    totals = [parse_amount_option(text, "--granted") for text in granted] if granted else None
    texts: list[str | None] = list(per_year) if per_year else [None] * count
    splits = [None if not text or text.strip() == "-" else parse_per_year(text)
              for text in texts]
    person = who(by)
    when = today_of(date)
    name = (package or "").strip()
    commit = commit_wanted(opened, commit_flag) and not dry_run
    if commit:
        gitcommit.precheck(opened.root)
    lock = contextlib.nullcontext() if dry_run else fund_lock(opened, "decide", person)
    with lock:
        plans = plan_group(opened, cases, totals, splits, rejected=rejected, date=when,
                           ref=ref.strip(), package=name, note=note, by=person, force=force)
        blocked = any(plan.blockers for plan in plans)
        if blocked or dry_run:
            show_plans(plans, opened.profile, lang, output, done=False, dry_run=dry_run)
            raise typer.Exit(1 if blocked else 0)
        error = apply_group(opened, plans, commit)
    show_plans(plans, opened.profile, lang, output, done=True, dry_run=False)
    if error is not None:
        typer.secho(error.text(lang), err=True, fg="red")
        raise typer.Exit(1)
