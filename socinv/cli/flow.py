"""What ``advance``, ``decide``, ``close`` and ``new report`` share: options, lock, output.

Each command makes a plan under the fund lock; blockers are printed exactly as
``socinv validate`` prints findings (text or JSON) with exit 1; ``--dry-run``
shows the plan; otherwise the plan is applied as one crash-safe transaction.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Annotated

import typer

from socinv.cli.common import LangChoice, OutputFormat, resolve_lang
from socinv.i18n import Lang, tr

if TYPE_CHECKING:
    from pathlib import Path

    from socinv.fund.fund import Fund
    from socinv.fund.workflow import Plan
    from socinv.profiles.loader import Profile

NoteOpt = Annotated[str | None, typer.Option(
    "--note", help=tr("Anteckning i ärendets historik.", "A note for the case's history."))]
RefOpt = Annotated[str | None, typer.Option(
    "--ref", help=tr("Beslutsreferens, t.ex. \"KS § 201\".",
                     "Decision reference, e.g. \"KS § 201\"."))]
DryRunOpt = Annotated[bool, typer.Option(
    "--dry-run", help=tr("Visa vad som skulle hända utan att ändra något.",
                         "Show what would happen without changing anything."))]
CommitOpt = Annotated[bool, typer.Option(
    "--commit", help=tr("Gör en git-commit av ändringen (även fund.yaml: git_commit: true).",
                        "Make a git commit of the change (also fund.yaml: git_commit: true)."))]
DecisionDateOpt = Annotated[str | None, typer.Option(
    "--date", metavar=tr("ÅÅÅÅ-MM-DD", "YYYY-MM-DD"),
    help=tr("Beslutsdatum (standard: i dag).", "Date of the decision (default: today)."))]
TodayOpt = Annotated[str | None, typer.Option(
    "--today", metavar=tr("ÅÅÅÅ-MM-DD", "YYYY-MM-DD"),
    help=tr("Dagens datum för rapportkalendern (standard: i dag).",
            "Today's date for the reporting calendar (default: today)."))]

_DONE = {  # (done sv, done en, would sv, would en)
    "advance": ("Flyttade", "Moved", "flytta", "move"),
    "decide": ("Registrerade beslutet", "Recorded the decision", "registrera beslutet",
               "record the decision"),
    "close": ("Avslutade", "Closed", "avsluta", "close"),
    "record": ("Registrerade", "Recorded", "registrera", "record"),
    "new-report": ("Skapade", "Created", "skapa", "create"),
    "new-final-report": ("Skapade", "Created", "skapa", "create"),
    "new-application": ("Skapade", "Created", "skapa", "create"),
    "new-project-plan": ("Skapade", "Created", "skapa", "create"),
}


def today_of(option: str | None) -> dt.date:
    from socinv.fund.calendar import default_today, parse_today

    return parse_today(option) if option is not None else default_today()  # '' is no date


def open_fund(fund: Path | None, lang: LangChoice | None, *, one_case: bool = False
              ) -> tuple[Fund, Lang]:
    """The fund and the run's language; ``one_case``: a command about one case, which keeps
    the documents it reads in the user's cache (``Fund.keep``)."""
    from socinv.fund.calendar import kinds
    from socinv.fund.fund import Fund

    opened = Fund.open(fund)
    opened.keep = one_case
    chosen = resolve_lang(lang, opened.language)
    kinds(opened)  # a bad reporting calendar is a profile error before anything else
    return opened, chosen


def run_plan(opened: Fund, lang: Lang, command: str, by: str, *, dry_run: bool,
             commit_flag: bool, output: OutputFormat,
             make_plan: Callable[[], Plan]) -> None:
    """Lock (unless a dry run), plan, print blockers or apply, and exit with the right code."""
    from socinv.fund import gitcommit
    from socinv.fund.lock import fund_lock
    from socinv.fund.workflow import apply

    commit = commit_wanted(opened, commit_flag) and not dry_run
    if commit:
        gitcommit.precheck(opened.root)
    name = {"new-report": "new report", "new-final-report": "new final-report",
            "new-application": "new application",
            "new-project-plan": "new project-plan"}.get(command,
                                                                                  command)
    lock = contextlib.nullcontext() if dry_run else fund_lock(opened, name, by)
    with lock as state:
        if state is not None and state.stale is not None:
            typer.secho(("Obs: " if lang == "sv" else "Note: ") + (
                f"ett tidigare kommando avslutades utan att släppa låset: "
                f"{state.stale.brief('sv')}. Kör socinv doctor." if lang == "sv" else
                f"an earlier command ended without releasing the lock: "
                f"{state.stale.brief('en')}. Run socinv doctor."), err=True, fg="yellow")
        plan = make_plan()
        if plan.blockers or dry_run:
            from socinv.rules.catalogue import READING_CODES

            _show(plan, opened.profile, lang, output, done=False, dry_run=dry_run)
            unreadable = any(finding.code in READING_CODES for finding in plan.blockers)
            raise typer.Exit(2 if unreadable else 1 if plan.blockers else 0)  # as validate
        error = apply(opened, plan, commit)
    _show(plan, opened.profile, lang, output, done=True, dry_run=False)
    if output is OutputFormat.text:
        _next_step(opened, plan, lang)
    if error is not None:
        typer.secho(error.text(lang) + (" Ändringen är gjord men inte committad." if lang == "sv"
                                        else " The change was made but not committed."),
                    err=True, fg="red")
        raise typer.Exit(1)


def _next_step(opened: Fund, plan: Plan, lang: Lang) -> None:
    """After a move into the application stage, the command that makes the application;
    after a new application, the command that checks it (as ``new idea`` says)."""
    if plan.command == "new-application" and plan.created:
        path = f"{plan.target.dir}/{plan.case.id}/{plan.created[0]}"
        typer.echo(f"Fill it in, then check it: socinv validate {path}" if lang == "en" else
                   f"Fyll i mallen och granska den: socinv validate {path}")
        return
    if plan.command != "advance" or plan.target.key != "application":
        return
    folder = opened.root / plan.target.dir / plan.case.id
    if any((folder / f"application{suffix}").exists() for suffix in (".yaml", ".docx")):
        typer.echo(("Next: " if lang == "en" else "Nästa steg: ")
                   + f"socinv validate {plan.target.dir}/{plan.case.id}")
        return
    typer.echo(("Next: " if lang == "en" else "Nästa steg: ")
               + f"socinv new application {plan.case.id}")


def commit_wanted(opened: Fund, commit_flag: bool) -> bool:
    """--commit, or fund.yaml's git_commit when the fund is in a git repository."""
    from socinv.fund import gitcommit

    commit = gitcommit.wanted(opened, commit_flag)
    if commit and not commit_flag and not _in_git(opened.root):
        return False  # fund.yaml asks for commits, but the fund is not (yet) a repository
    return commit


def _in_git(root: Path) -> bool:
    return any((parent / ".git").exists() for parent in (root, *root.parents))


def _show(plan: Plan, profile: Profile, lang: Lang, output: OutputFormat, *, done: bool,
          dry_run: bool) -> None:
    from socinv.rules.findings import Report
    from socinv.rules.reporters import render_text

    report = Report(lang=lang, vocabulary=profile.vocabulary)
    report.add_file(plan.files[0] if plan.files else plan.case.id,
                    [*plan.blockers, *plan.warnings])
    for file in plan.files[1:]:
        report.add_file(file, [])
    if output is OutputFormat.json:
        data = {**report.to_dict(), "command": plan.command, "case": plan.case.id,
                "from": plan.source.key, "to": plan.target.key, "done": done,
                "dry_run": dry_run, "message": plan.describe(lang),
                "path": f"{(plan.target if done else plan.source).dir}/{plan.case.id}"}
        import json

        typer.echo(json.dumps(data, ensure_ascii=False, indent=2))
        return
    if report.findings:
        typer.echo(render_text(report, color=sys.stdout.isatty()))
        typer.echo("")
    sv, en, would_sv, would_en = _DONE.get(plan.command, ("Klart", "Done", "göra", "do"))
    verb, would = (sv, would_sv) if lang == "sv" else (en, would_en)
    if plan.blockers:
        count = len(plan.blockers)
        typer.echo(f"{plan.case.id}: {count} hinder – inget ändrades. Rätta det som står ovan "
                   "och kör kommandot igen." if lang == "sv" else
                   f"{plan.case.id}: {count} blocker{'s' * (count != 1)} – nothing changed. "
                   "Fix what is listed above and run the command again.")
    elif dry_run:
        typer.echo(f"Torrkörning, inget ändrades. socinv skulle {would} "
                   f"{plan.describe(lang)}. Alla villkor är uppfyllda." if lang == "sv" else
                   f"Dry run, nothing changed. socinv would {would} {plan.describe(lang)}. "
                   "Every condition holds.")
    else:
        where = f"{plan.target.dir}/{plan.case.id}"
        created = f"{where}/{plan.created[0]}" if plan.created else where
        typer.echo(f"{verb} {plan.describe(lang)}." + (
            f"\n{'Fil' if lang == 'sv' else 'File'}: {created}" if plan.created else
            f"\n{'Ärendet ligger i' if lang == 'sv' else 'The case is in'} {where}"))


def show_plans(plans: list[Plan], profile: Profile, lang: Lang, output: OutputFormat, *,
               done: bool, dry_run: bool) -> None:
    """Several plans of one command (a group decision): each as ``_show`` shows one."""
    if output is OutputFormat.json:
        from socinv.rules.findings import Report

        items = []
        for plan in plans:
            report = Report(lang=lang, vocabulary=profile.vocabulary)
            report.add_file(plan.files[0] if plan.files else plan.case.id,
                            [*plan.blockers, *plan.warnings])
            items.append({**report.to_dict(), "case": plan.case.id, "from": plan.source.key,
                          "to": plan.target.key, "message": plan.describe(lang)})
        import json

        typer.echo(json.dumps({"command": plans[0].command if plans else "", "done": done,
                               "dry_run": dry_run, "cases": items},
                              ensure_ascii=False, indent=2))
        return
    for plan in plans:
        _show(plan, profile, lang, output, done=done, dry_run=dry_run)
    if any(plan.blockers for plan in plans):
        typer.echo("Gruppbeslutet registrerades inte för något av ärendena." if lang == "sv"
                   else "The group decision was recorded for none of the cases.")
