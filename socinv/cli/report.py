"""``socinv report decision CASE`` and ``socinv report interim|annual --year Y``."""

import datetime as dt
import re
from collections.abc import Callable
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from socinv.cli.common import (
    CaseArg,
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
    add_completion=False,
    help=tr("Underlag till styrelsen (t.ex. kommunstyrelsen): beslutsunderlag och bilagor "
            "till delårsrapport och årsredovisning.",
            "Papers for the board (e.g. the municipal board): decision memos and the annexes "
            "for the interim and annual accounts."),
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
AnnexDraftOpt = Annotated[bool, typer.Option(
    "--draft", help=tr("Märk varje sida i bilagan som utkast.",
                       "Mark every page of the annex as a draft."))]
DateOpt = Annotated[str | None, typer.Option(
    "--date", metavar=tr("ÅÅÅÅ-MM-DD", "YYYY-MM-DD"),
    help=tr("Underlagets datum, ÅÅÅÅ-MM-DD (standard: i dag).",
                      "The paper's date, YYYY-MM-DD (default: today)."))]
YearOpt = Annotated[int, typer.Option(
    "--year", min=1900, max=2200, help=tr("Räkenskapsåret.", "The financial year."))]
ResultOpt = Annotated[str | None, typer.Option(
    "--result", help=tr("Årets resultat i kronor (t.ex. \"12 400 000\" eller \"-3 100 000\") "
                        "för balanskravsutredningen.",
                        "The year's result in kronor (e.g. \"12 400 000\" or \"-3 100 000\") "
                        "for the balance-requirement reconciliation."))]


def _formats_option(default: str, allowed: tuple[str, ...]) -> Any:
    among = ", ".join(allowed)
    return typer.Option(
        "--format", metavar=tr("FORMAT,…", "FORMAT,…"), show_default=False,
        help=tr(f"Format, kommaseparerade bland {among} (standard: {default})."
                + (" pdf (arkivformatet PDF/A) görs av Word-filen med LibreOffice."
                   if "pdf" in allowed else ""),
                f"Formats, comma-separated among {among} (default: {default})."
                + (" pdf (archival PDF/A) is made from the Word file with LibreOffice."
                   if "pdf" in allowed else "")))


DECISION_FORMATS = ("docx", "md", "pdf")
ANNEX_FORMATS = ("docx", "xlsx", "md", "pdf")


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
    from socinv.fund.calendar import parse_today

    try:
        return parse_today(value)
    except UserError as error:
        raise UserError(f"--date {value}: {error.sv}", f"--date {value}: {error.en}") from None


def parse_result(value: str, option: str = "--result") -> int:
    """``"12 400 000"``, ``"-3 100 000 kr"``, ``"−3100000"`` → int (whole kronor, any sign)."""
    text = re.sub(r"(?i)\s*(kr|kronor|sek)\.?\s*$", "", value.strip())
    text = re.sub(r"[\s\u00a0\u202f_]", "", text).replace("−", "-")
    if len(text) > 20 or not re.fullmatch(r"[+-]?\d+", text):  # 20 digits: beyond any budget
        raise UserError(f"{option} {value}: ange beloppet i hela kronor, t.ex. "
                        "\"12 400 000\" eller \"-3 100 000\".",
                        f"{option} {value}: give the amount in whole kronor, e.g. "
                        "\"12 400 000\" or \"-3 100 000\".")
    return int(text)


def _open(fund: Path | None, lang_option: LangChoice | None, *, one_case: bool = False
          ) -> "tuple[Fund, Lang]":
    """The fund and the paper's language; ``one_case``: a paper about one case, which keeps
    the documents it reads in the user's cache (``Fund.keep``)."""
    from socinv.fund.fund import Fund

    opened = Fund.open(fund)
    opened.keep = one_case
    return opened, resolve_lang(lang_option, opened.language)


def _write(opened: "Fund", outputs: "list[Output]", out: Path | None, force: bool,
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
    from socinv.cache import save_deferred

    save_deferred()  # what the command's caches learnt, now that its papers are written
    typer.echo("Wrote:" if lang == "en" else "Skrev:")
    for path in written:
        typer.echo(f"  {opened.rel(path)}")


def _request(lang: Lang, date: str | None, draft: bool, formats: tuple[str, ...],
             kind: str | None = None) -> "Request":
    from socinv.reports.build import Request

    return Request(lang, _date(date), draft, formats, kind)


class PaperKind(StrEnum):
    proposal = "proposal"
    notice = "notice"


@app.command("decision", help=tr(
    "Beslutspapperet för ett ärende, som .docx och .md: före beslutet tjänsteskrivelsen "
    "(förslag till beslut) till styrelsen (t.ex. kommunstyrelsen), efter socinv decide "
    "beslutsmeddelandet (protokollsutdrag med beslut, datum, paragraf, beviljat belopp och "
    "fördelning, villkor och sändlista). --kind väljer. En ansökan med fel ger bara en "
    "tjänsteskrivelse som utkast (--draft).",
    "The decision paper of a case, as .docx and .md: before the decision the officer's "
    "report (proposed decision) to the board (e.g. the municipal board), after socinv "
    "decide the decision notice (the extract of the minutes: decision, date, paragraph, "
    "granted amount and split, conditions and recipients). --kind chooses. An application "
    "with errors gives only a draft officer's report (--draft)."))
def decision(
    case: CaseArg,
    kind: Annotated[PaperKind | None, typer.Option(
        "--kind", case_sensitive=False,
        help=tr("proposal (tjänsteskrivelse) eller notice (beslutsmeddelande); standard: det "
                "som ärendets läge kräver.",
                "proposal (officer's report) or notice (decision notice); default: what the "
                "case's state calls for."))] = None,
    fund: FundOpt = None,
    lang: LangOpt = None,
    out: OutOpt = None,
    force: ForceOpt = False,
    draft: DraftOpt = False,
    date: DateOpt = None,
    output_format: Annotated[str, _formats_option("docx,md", DECISION_FORMATS)] = "docx,md",
) -> None:
    from socinv.fund.workflow import find_case
    from socinv.reports.build import decision_memo

    opened, chosen = _open(fund, lang, one_case=True)
    request = _request(chosen, date, draft, _formats(output_format, DECISION_FORMATS),
                       kind.value if kind else None)
    case_id = find_case(opened, case).id  # an id or STAGE/ID, exactly as advance takes it
    _write(opened, decision_memo(opened, case_id, request), out, force, chosen)


def _annex(kind: str, year: int, result: str | None, fund: Path | None, lang: LangChoice | None,
           out: Path | None, force: bool, draft: bool, date: str | None,
           output_format: str, quiet: bool, adjust: dict[str, str | None] | None = None,
           numbers: tuple[str | None, str | None] = (None, None)) -> None:
    from socinv.reports.annex import AnnexNumbers
    from socinv.reports.build import annex, missing_findings

    opened, chosen = _open(fund, lang)
    amount = parse_result(result) if result is not None else None
    given = {key: parse_result(value, f"--{key.replace('_', '-')}")
             for key, value in (adjust or {}).items() if value is not None} or None
    if given and amount is None:
        raise UserError("Balanskravsjusteringarna kräver årets resultat: ange --result.",
                        "The balance-requirement adjustments need the year's result: give "
                        "--result.")
    request = _request(chosen, date, draft, _formats(output_format, ANNEX_FORMATS))
    with progress_bar(quiet) as progress:
        outputs, data = annex(opened, kind, year, amount, request, progress, given,
                              AnnexNumbers(*(_marking(value, option) for value, option in zip(
                                  numbers, ("--annex-number", "--registry-number"),
                                  strict=True))))
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


AnnexFormatOpt = Annotated[str, _formats_option("docx,xlsx", ANNEX_FORMATS)]
AnnexNumberOpt = Annotated[str | None, typer.Option(
    "--annex-number", metavar=tr("NR", "NO"),
    help=tr("Bilagans nummer bland sammanträdets handlingar, t.ex. 3: \"Bilaga 3\" i "
            "sidhuvudet.",
            "The annex's number among the meeting's papers, e.g. 3: \"Annex 3\" in the page "
            "header."))]
RegistryOpt = Annotated[str | None, typer.Option(
    "--registry-number", metavar=tr("DNR", "REF"),
    help=tr("Ärendets diarienummer, t.ex. \"KS 2026/123\": \"Dnr KS 2026/123\" i "
            "sidhuvudet och sidfoten.",
            "The matter's registry number, e.g. \"KS 2026/123\": \"Ref. KS 2026/123\" in the "
            "page header and footer."))]


def _marking(value: str | None, option: str) -> str | None:
    """An annex or registry number as given: one line, at most 40 characters."""
    if value is None or not value.strip():
        return None
    text = " ".join(value.split())
    if len(text) > 40:
        raise UserError(f"{option}: högst 40 tecken (fick {len(text)}).",
                        f"{option}: at most 40 characters (got {len(text)}).")
    return text


def _adjust_help(sv: str, en: str) -> str:
    return tr(f"{sv}, i kronor, för balanskravsutredningen (ersätter fund.yaml: "
              "balance_requirement).",
              f"{en}, in kronor, for the balance-requirement reconciliation (replaces "
              "fund.yaml: balance_requirement).")


GainsOpt = Annotated[str | None, typer.Option("--realisation-gains", help=_adjust_help(
    "Realisationsvinster (dras av)", "Realisation gains (deducted)"))]
LossesOpt = Annotated[str | None, typer.Option("--realisation-losses", help=_adjust_help(
    "Realisationsförluster enligt undantagsmöjlighet (läggs till)",
    "Realisation losses under the exemption (added)"))]
SecuritiesOpt = Annotated[str | None, typer.Option("--unrealised-securities", help=_adjust_help(
    "Orealiserade förluster (+) eller vinster (−) i värdepapper",
    "Unrealised losses (+) or gains (−) on securities"))]
RurReservedOpt = Annotated[str | None, typer.Option("--rur-reserved", help=_adjust_help(
    "Medel till resultatutjämningsreserv (dras av)", "Transferred to the RUR (deducted)"))]
RurUsedOpt = Annotated[str | None, typer.Option("--rur-used", help=_adjust_help(
    "Medel från resultatutjämningsreserv (läggs till)", "Used from the RUR (added)"))]


def _annex_command(kind: str) -> Callable[..., None]:
    """The command of one annex kind: the same options, and --result for the annual one
    (the balance-requirement reconciliation is in the annual report only)."""

    def interim(
        year: YearOpt,
        period: PeriodOpt = None,
        fund: FundOpt = None,
        lang: LangOpt = None,
        out: OutOpt = None,
        force: ForceOpt = False,
        draft: AnnexDraftOpt = False,
        date: DateOpt = None,
        output_format: AnnexFormatOpt = "docx,xlsx",
        quiet: QuietOpt = False,
        annex_number: AnnexNumberOpt = None,
        registry_number: RegistryOpt = None,
    ) -> None:
        if period == "annual":
            raise UserError("--period annual: använd socinv report annual.",
                            "--period annual: use socinv report annual.")
        _annex(period or kind, year, None, fund, lang, out, force, draft, date, output_format,
               quiet, numbers=(annex_number, registry_number))

    def annual(
        year: YearOpt,
        result: ResultOpt = None,
        realisation_gains: GainsOpt = None,
        realisation_losses: LossesOpt = None,
        unrealised_securities: SecuritiesOpt = None,
        rur_reserved: RurReservedOpt = None,
        rur_used: RurUsedOpt = None,
        fund: FundOpt = None,
        lang: LangOpt = None,
        out: OutOpt = None,
        force: ForceOpt = False,
        draft: AnnexDraftOpt = False,
        date: DateOpt = None,
        output_format: AnnexFormatOpt = "docx,xlsx",
        quiet: QuietOpt = False,
        annex_number: AnnexNumberOpt = None,
        registry_number: RegistryOpt = None,
    ) -> None:
        _annex(kind, year, result, fund, lang, out, force, draft, date, output_format, quiet,
               {"realisation_gains": realisation_gains,
                "realisation_losses": realisation_losses,
                "unrealised_securities": unrealised_securities,
                "rur_reserved": rur_reserved, "rur_used": rur_used},
               (annex_number, registry_number))

    return annual if kind == "annual" else interim


app.command("interim", help=tr(
    "Bilaga till delårsrapporten (profilens delårsperiod, t.ex. delårsbokslut 2 per 31 "
    "augusti; --period för en annan): satsningarnas utfall, effekter och vinster, fondens "
    "medel och saknade rapporter, som .docx och .xlsx.",
    "Annex for the interim report (the profile's interim period, e.g. interim accounts 2 as "
    "of 31 August; --period for another): the investments' outcome, effects and gains, the "
    "fund's reserve and missing reports, as .docx and .xlsx.",
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
        "--round", metavar=tr("ÅÅÅÅ-MM-DD", "YYYY-MM-DD"),
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
