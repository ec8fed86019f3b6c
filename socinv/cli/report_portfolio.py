"""``socinv report portfolio [--year Y] --format html|docx|xlsx|pdf``: the portfolio page."""

from pathlib import Path
from typing import Annotated

import typer

from socinv.cli.common import FundOpt, LangOpt
from socinv.cli.flow import TodayOpt
from socinv.i18n import tr

HELP = tr(
    "Portföljöversikten: ärenden per steg, varje satsnings budget och utfall per år, "
    "prognos mot realiserade besparingar, fondens medel över åren, försenade rapporter och "
    "väntande beredningssteg – som en fristående HTML-sida (öppnas utan nätverk, t.ex. från "
    "en gemensam mapp), .docx och .xlsx med samma tabeller och diagram.",
    "The portfolio page: cases per stage, each investment's budget and outcome per year, "
    "forecast against realised savings, the fund's money over the years, overdue reports and "
    "outstanding preparation steps – as one self-contained HTML page (opens without a "
    "network, e.g. from a shared drive), .docx and .xlsx with the same tables and charts.")

FORMATS = ("html", "docx", "xlsx", "pdf")


def portfolio(
    year: Annotated[int | None, typer.Option(
        "--year", min=1900, max=2200,
        help=tr("Åren till och med detta (standard: i år).",
                "The years up to this one (default: this year)."))] = None,
    output_format: Annotated[str, typer.Option(
        "--format", metavar=tr("FORMAT,…", "FORMAT,…"), show_default=False,
        help=tr("Format, kommaseparerade bland html, docx, xlsx, pdf (standard: html; pdf "
                "görs av Word-filen med LibreOffice).",
                "Formats, comma-separated among html, docx, xlsx, pdf (default: html; pdf is "
                "made of the Word file by LibreOffice)."))
    ] = "html",
    today: TodayOpt = None,
    fund: FundOpt = None,
    lang: LangOpt = None,
    out: Annotated[Path | None, typer.Option(
        "--out", file_okay=False,
        help=tr("Mapp att skriva till (standard: fondens reports/).",
                "Folder to write to (default: the fund's reports/)."))] = None,
    force: Annotated[bool, typer.Option(
        "--force", help=tr("Skriv över befintliga filer.", "Overwrite existing files."))
    ] = False,
    draft: Annotated[bool, typer.Option(
        "--draft", help=tr("Märk översikten som utkast.", "Mark the portfolio as a draft."))
    ] = False,
) -> None:
    from socinv.cli.flow import open_fund, today_of
    from socinv.cli.report import _formats, _write
    from socinv.reports.portfolio_papers import papers

    opened, chosen = open_fund(fund, lang)
    formats = _formats(output_format, FORMATS)
    outputs, _ = papers(opened, year, today_of(today), chosen, formats, draft)
    _write(opened, outputs, out, force, chosen)
