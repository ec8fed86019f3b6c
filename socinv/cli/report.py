"""``socinv report decision CASE`` and ``socinv report interim|annual --year Y``."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from socinv.cli.common import (
    FundOpt,
    LangChoice,
    LangOpt,
    QuietOpt,
    progress_bar,
    resolve_lang,
)
from socinv.errors import UserError
from socinv.i18n import Lang, tr

if TYPE_CHECKING:
    from socinv.fund.fund import Fund
    from socinv.reports.build import Request
    from socinv.reports.output import Output

app = typer.Typer(
    rich_markup_mode=None,
    help=tr("Underlag till kommunstyrelsen: beslutsunderlag och bilagor till delårsrapport "
            "och årsredovisning.",
            "Papers for the municipal board: decision memos and the annexes for the interim "
            "and annual accounts."),
    no_args_is_help=True,
)

OutOpt = Annotated[Path | None, typer.Option(
    "--out", file_okay=False,
    help=tr("Mapp att skriva till (standard: fondens reports/).",
            "Folder to write to (default: the fund's reports/)."))]
ForceOpt = Annotated[bool, typer.Option(
    "--force", help=tr("Skriv över befintliga filer.", "Overwrite existing files."))]
DraftOpt = Annotated[bool, typer.Option(
    "--draft", help=tr("Märk varje sida som utkast (beslutsunderlaget tas då fram även om "
                       "ansökan har fel).",
                       "Mark every page as a draft (the memo is then produced even if the "
                       "application has errors)."))]
DateOpt = Annotated[str | None, typer.Option(
    "--date", help=tr("Underlagets datum, ÅÅÅÅ-MM-DD (standard: i dag).",
                      "The paper's date, YYYY-MM-DD (default: today)."))]
YearOpt = Annotated[int, typer.Option(
    "--year", min=1900, max=2200, help=tr("Räkenskapsåret.", "The financial year."))]
ResultOpt = Annotated[str | None, typer.Option(
    "--result", help=tr("Årets resultat i kronor (t.ex. \"12 400 000\" eller \"-3 100 000\") "
                        "för balanskravsutredningen.",
                        "The year's result in kronor (e.g. \"12 400 000\" or \"-3 100 000\") "
                        "for the balance-requirement reconciliation."))]


def _formats_option(default: str) -> Any:
    return typer.Option(
        "--format", help=tr(f"Format, kommaseparerade bland docx, md, xlsx (standard: {default}).",
                            f"Formats, comma-separated among docx, md, xlsx (default: "
                            f"{default})."))


def _formats(value: str, allowed: tuple[str, ...]) -> tuple[str, ...]:
    chosen = tuple(dict.fromkeys(part.strip().lower() for part in value.split(",")
                                 if part.strip()))
    wrong = [part for part in chosen if part not in allowed]
    if wrong or not chosen:
        raise UserError(f"Okänt format {', '.join(wrong) or '(inget)'}; välj bland "
                        f"{', '.join(allowed)}.",
                        f"Unknown format {', '.join(wrong) or '(none)'}; choose among "
                        f"{', '.join(allowed)}.")
    return chosen


def _date(value: str | None) -> dt.date:
    if value is None:
        return dt.date.today()
    try:
        return dt.date.fromisoformat(value.strip())
    except ValueError:
        raise UserError(f"--date {value}: ange datumet som ÅÅÅÅ-MM-DD.",
                        f"--date {value}: give the date as YYYY-MM-DD.") from None


def parse_result(value: str) -> int:
    """``"12 400 000"``, ``"-3 100 000 kr"``, ``"−3100000"`` → int (whole kronor, any sign)."""
    text = re.sub(r"(?i)\s*(kr|kronor|sek)\.?\s*$", "", value.strip())
    text = re.sub(r"[\s\u00a0\u202f_]", "", text).replace("−", "-")
    if len(text) > 20 or not re.fullmatch(r"[+-]?\d+", text):  # 20 digits: beyond any budget
        raise UserError(f"--result {value}: ange årets resultat i hela kronor, t.ex. "
                        "\"12 400 000\" eller \"-3 100 000\".",
                        f"--result {value}: give the year's result in whole kronor, e.g. "
                        "\"12 400 000\" or \"-3 100 000\".")
    return int(text)


def _open(fund: Path | None, lang_option: LangChoice | None) -> tuple[Fund, Lang]:
    from socinv.fund.fund import Fund

    opened = Fund.open(fund)
    return opened, resolve_lang(lang_option, opened.language)


def _write(opened: Fund, outputs: list[Output], out: Path | None, force: bool,
           lang: Lang) -> None:
    from socinv.fund.fund import REPORTS_DIR
    from socinv.reports.output import write_outputs

    directory = out if out is not None else opened.root / REPORTS_DIR
    if out is None and directory.is_symlink():
        raise UserError(f"{directory}: fondens mapp för underlag är en länk; socinv skriver inte "
                        "genom länkar. Ange en mapp med --out. Inget skrevs.",
                        f"{directory}: the fund's folder for papers is a link; socinv does not "
                        "write through links. Name a folder with --out. Nothing was written.")
    written = write_outputs(outputs, directory, force)
    typer.echo("Wrote:" if lang == "en" else "Skrev:")
    for path in written:
        typer.echo(f"  {opened.rel(path)}")


def _request(lang: Lang, date: str | None, draft: bool, formats: tuple[str, ...]) -> Request:
    from socinv.reports.build import Request

    return Request(lang, _date(date), draft, formats)


@app.command("decision", help=tr(
    "Beslutsunderlag (tjänsteskrivelse) till kommunstyrelsen för ett ärendes ansökan, som "
    ".docx och .md. En ansökan med fel tas bara fram som utkast (--draft).",
    "Decision memo (officer's report) to the municipal board for a case's application, as "
    ".docx and .md. An application with errors is produced only as a draft (--draft)."))
def decision(
    case: Annotated[str, typer.Argument(help=tr("Ärendets id.", "The case id."))],
    fund: FundOpt = None,
    lang: LangOpt = None,
    out: OutOpt = None,
    force: ForceOpt = False,
    draft: DraftOpt = False,
    date: DateOpt = None,
    output_format: Annotated[str, _formats_option("docx,md")] = "docx,md",
) -> None:
    from socinv.fund.workflow import find_case
    from socinv.reports.build import decision_memo

    opened, chosen = _open(fund, lang)
    request = _request(chosen, date, draft, _formats(output_format, ("docx", "md")))
    case_id = find_case(opened, case).id  # an id or STAGE/ID, exactly as advance takes it
    _write(opened, decision_memo(opened, case_id, request), out, force, chosen)


def _annex(kind: str, year: int, result: str | None, fund: Path | None, lang: LangChoice | None,
           out: Path | None, force: bool, draft: bool, date: str | None,
           output_format: str, quiet: bool) -> None:
    from socinv.reports.build import annex, missing_findings

    opened, chosen = _open(fund, lang)
    amount = parse_result(result) if result is not None else None
    request = _request(chosen, date, draft, _formats(output_format, ("docx", "xlsx", "md")))
    with progress_bar(quiet) as progress:
        outputs, data = annex(opened, kind, year, amount, request, progress)
    _write(opened, outputs, out, force, chosen)
    for finding in missing_findings(data):
        message = finding.message(chosen, opened.profile.vocabulary)
        typer.secho(f"{finding.file}: {message}", err=True, fg="yellow")


PeriodOpt = Annotated[str | None, typer.Option(
    "--period", metavar="PERIOD",
    help=tr("Vilken av profilens rapportperioder bilagan gäller, t.ex. tertial1 (standard: "
            "interim, annars årets sista period före årsbokslutet).",
            "Which of the profile's report periods the annex is for, e.g. tertial1 (default: "
            "interim, else the year's last period before the annual accounts)."))]


def _annex_command(kind: str) -> Callable[..., None]:
    """The command of one annex kind: both take the same options (interim also --period)."""

    def command(
        year: YearOpt,
        result: ResultOpt = None,
        fund: FundOpt = None,
        lang: LangOpt = None,
        out: OutOpt = None,
        force: ForceOpt = False,
        draft: DraftOpt = False,
        date: DateOpt = None,
        output_format: Annotated[str, _formats_option("docx,xlsx")] = "docx,xlsx",
        quiet: QuietOpt = False,
    ) -> None:
        _annex(kind, year, result, fund, lang, out, force, draft, date, output_format, quiet)

    def interim_command(
        year: YearOpt,
        period: PeriodOpt = None,
        fund: FundOpt = None,
        lang: LangOpt = None,
        out: OutOpt = None,
        force: ForceOpt = False,
        draft: DraftOpt = False,
        date: DateOpt = None,
        output_format: Annotated[str, _formats_option("docx,xlsx")] = "docx,xlsx",
        quiet: QuietOpt = False,
    ) -> None:
        if period == "annual":
            raise UserError("--period annual: använd socinv report annual.",
                            "--period annual: use socinv report annual.")
        _annex(period or kind, year, None, fund, lang, out, force, draft, date, output_format,
               quiet)

    return interim_command if kind == "interim" else command


app.command("interim", help=tr(
    "Bilaga till delårsrapporten (delårsbokslut 2, per 31 augusti): satsningarnas utfall, "
    "effekter och vinster, fondens medel och saknade rapporter, som .docx och .xlsx.",
    "Annex for the interim report (interim accounts 2, as of 31 August): the investments' "
    "outcome, effects and gains, the fund's reserve and missing reports, as .docx and .xlsx.",
))(_annex_command("interim"))
app.command("annual", help=tr(
    "Bilaga till årsredovisningen: satsningarnas utfall, avvikelser, ombudgeteringar, "
    "effekter och vinster, fondens medel och balanskravsutredningen (--result), som .docx "
    "och .xlsx.",
    "Annex for the annual report: the investments' outcome, deviations, re-budgeting, "
    "effects and gains, the fund's reserve and the balance-requirement reconciliation "
    "(--result), as .docx and .xlsx.",
))(_annex_command("annual"))


@app.command("round", help=tr(
    "Ledningsgruppens prioriteringslista för en omgång: ansökningarna i beredning med "
    "kostnad per år, besparing, återbetalningsår, nuvärde, kriterier och rang, mot de medel "
    "som finns kvar per år (.md).",
    "The management group's priority list for a round: the applications in review with cost "
    "per year, savings, payback year, net present value, criteria and rank, against the "
    "funds left per year (.md)."))
def round_list(
    round_date: Annotated[str | None, typer.Option(
        "--round", metavar="ÅÅÅÅ-MM-DD",
        help=tr("Omgången (styrelsens sammanträde); standard: nästa registrerade.",
                "The round (the board's meeting); default: the next one recorded."))] = None,
    fund: FundOpt = None,
    lang: LangOpt = None,
    out: OutOpt = None,
    force: ForceOpt = False,
) -> None:
    from socinv.fund.calendar import default_today
    from socinv.process.rounds import build, render_markdown
    from socinv.reports.output import Output, guard_text

    opened, chosen = _open(fund, lang)
    when = _date(round_date) if round_date else None
    data = build(opened, when, default_today())
    text = render_markdown(opened, data, chosen)
    stem = str(data.round) if data.round else str(data.year)
    name = f"{stem}-{'prioriteringslista' if chosen == 'sv' else 'priority-list'}.md"
    guard_text(name, text)
    _write(opened, [Output(name, text.encode("utf-8"))], out, force, chosen)
    for finding in data.warnings:
        typer.secho(f"{finding.file}: {finding.message(chosen, opened.profile.vocabulary)}",
                    err=True, fg="yellow")
