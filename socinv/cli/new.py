"""``socinv new idea TITLE`` and ``socinv new application CASE|TITLE``."""

from collections.abc import Iterator
from contextlib import contextmanager
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from socinv.cli.common import ByOpt, FundOpt, LangOpt, resolve_lang, who
from socinv.cli.completion import case_ids
from socinv.cli.flow import CommitOpt
from socinv.errors import UserError
from socinv.i18n import tr

if TYPE_CHECKING:
    from socinv.fund.fund import CaseDir, Fund
    from socinv.fund.workflow import Plan
    from socinv.i18n import Lang


class DocFormat(StrEnum):
    yaml = "yaml"
    docx = "docx"


FormatDocOpt = Annotated[DocFormat, typer.Option(
    "--format", help=tr("Mallens format: yaml eller docx (Word).",
                        "The template's format: yaml or docx (Word)."))]

app = typer.Typer(
    rich_markup_mode=None,
    add_completion=False,
    help=tr("Skapa ett nytt ärende eller en ny dokumentmall.",
            "Create a new case or a new document template."),
    no_args_is_help=True,
)


@contextmanager
def _mutating(opened: "Fund", command: str, person: str, commit_flag: bool
              ) -> Iterator[list[str]]:
    """Hold the fund's lock; afterwards commit the paths the command put in the list."""
    from socinv.cli.flow import commit_wanted
    from socinv.fund import gitcommit
    from socinv.fund.lock import fund_lock

    commit = commit_wanted(opened, commit_flag)
    if commit:
        gitcommit.precheck(opened.root)
    touched: list[str] = []
    with fund_lock(opened, command, person):
        yield touched
        if commit and touched:
            gitcommit.commit(opened.root, touched, f"{command} {touched[0]}")


def _done(lang: str, path: str, case_id: str) -> None:
    if lang == "en":
        typer.echo(f"Created {path}\nFill it in, then check it: socinv validate {path}")
    else:
        typer.echo(f"Skapade {path}\nFyll i mallen och granska den: socinv validate {path}")


@app.command("idea", help=tr("Nytt ärende i idésteget med en tom mall för idéprövning.",
                             "New case in the idea stage with a blank idea template."))
def idea(
    title: Annotated[str, typer.Argument(
        metavar=tr("TITEL", "TITLE"), help=tr("Satsningens namn.", "The investment's name."))],
    fund: FundOpt = None,
    by: ByOpt = None,
    commit: CommitOpt = False,
    lang: LangOpt = None,
    fmt: FormatDocOpt = DocFormat.yaml,
) -> None:
    from socinv.fund.create import create_case
    from socinv.fund.fund import Fund

    opened = Fund.open(fund)
    chosen = resolve_lang(lang, opened.language)
    stage = opened.profile.stage("idea")
    if stage is None:
        raise UserError(
            f"Profilen {opened.profile.id} har inget idésteg. Börja med: socinv new "
            f"application \"{title}\"",
            f"The profile {opened.profile.id} has no idea stage. Start with: socinv new "
            f"application \"{title}\"")
    person = who(by)
    with _mutating(opened, "new idea", person, commit) as touched:
        path = create_case(opened, stage, title, "idea", person, chosen, fmt=fmt.value)
        touched.append(opened.rel(path))
    _done(chosen, opened.rel(path / f"idea.{fmt.value}"), path.name)


@app.command("application", help=tr(
    "Tom ansökningsmall i ett befintligt ärende, eller – där profilen börjar med "
    "ansökan (Heby) – ett nytt ärende med titeln.",
    "Blank application template in an existing case, or – where the profile starts at "
    "the application (Heby) – a new case with the title."))
def application(
    case_or_title: Annotated[str, typer.Argument(
        metavar=tr("ÄRENDE|TITEL", "CASE|TITLE"), autocompletion=case_ids,
        help=tr("Ärende-id eller, för ett nytt ärende, titel.",
                "Case id, or for a new case, its title."))],
    fund: FundOpt = None,
    by: ByOpt = None,
    commit: CommitOpt = False,
    lang: LangOpt = None,
    fmt: FormatDocOpt = DocFormat.yaml,
) -> None:
    from socinv.fund.create import create_case
    from socinv.fund.fund import Fund
    from socinv.fund.workflow import find_case, looks_like_id, names_a_case

    opened = Fund.open(fund)
    chosen = resolve_lang(lang, opened.language)
    person = who(by)
    first = opened.profile.first_stage
    if names_a_case(case_or_title):  # full id, short id (2026-001) or the case's folder
        try:
            case = find_case(opened, case_or_title)
        except UserError:
            if looks_like_id(case_or_title):
                raise
            case = None  # a title with a slash ("Stöd 0/6 år"): a title, as below
        if case is not None:
            _application_in(opened, case, person, chosen, fmt, commit)
            return
    if first.key != "application":
        raise UserError(
            f"Ärendet {case_or_title} finns inte. I profilen {opened.profile.id} börjar ett "
            f"ärende som idé: socinv new idea \"…\"" if first.key == "idea" else
            f"Ärendet {case_or_title} finns inte.",
            f"There is no case {case_or_title}. In the profile {opened.profile.id} a case "
            f"starts as an idea: socinv new idea \"…\"" if first.key == "idea" else
            f"There is no case {case_or_title}.")
    with _mutating(opened, "new application", person, commit) as touched:
        path = create_case(opened, first, case_or_title, "application", person, chosen,
                           fmt=fmt.value)
        touched.append(opened.rel(path))
    _done(chosen, opened.rel(path / f"application.{fmt.value}"), path.name)


def _application_in(opened: "Fund", case: "CaseDir", person: str, lang: "Lang", fmt: DocFormat,
                    commit: bool) -> None:
    """A blank application in an existing case, with its history entry, as one journaled
    transaction (like ``new report``): a crash or a full disk never splits the two."""
    from socinv.cli.common import OutputFormat
    from socinv.cli.flow import run_plan
    from socinv.fund.create import render_document
    from socinv.fund.reports_new import plan_new_document, refuse_existing

    def plan() -> "Plan":
        refuse_existing(opened, case, "application")
        from socinv.process.carry import from_idea

        relative = f"application.{fmt.value}"
        prefill = {"title": _title_of(case.path), **from_idea(opened, case)}
        content = render_document(opened.profile, "application", lang,
                                  opened.rel(case.path / relative), prefill)
        return plan_new_document(opened, case, relative,
                                 content if fmt is DocFormat.docx else content.decode("utf-8"),
                                 "new-application", person)

    run_plan(opened, lang, "new-application", person, dry_run=False, commit_flag=commit,
             output=OutputFormat.text, make_plan=plan)


def _title_of(case_path: Path) -> str | None:
    from socinv.io.errors import UnreadableFile
    from socinv.io.yamlio import read_yaml

    try:
        title = read_yaml(case_path / "case.yaml").data.get("title")
    except UnreadableFile:
        return None
    return str(title) if title else None
