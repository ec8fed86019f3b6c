"""The ``socinv`` command: one Typer app, one module per command.

Only this layer prints or exits. A ``UserError`` raised anywhere below is caught
once, here, and becomes a message on stderr and its exit code — never a
traceback (``--debug`` shows one).
"""

from __future__ import annotations

import errno
import os
import sys
from typing import Annotated, Any

import typer
from typer.core import TyperGroup

from socinv import __version__
from socinv.cli import common
from socinv.errors import UserError
from socinv.i18n import tr

#: what the file system says when it cannot take a write: not a bug, the place is at fault
_WRITE_REFUSED = frozenset(getattr(errno, name) for name in (
    "EROFS", "ENOSPC", "EDQUOT", "EACCES", "EPERM", "EFBIG") if hasattr(errno, name))


class SocinvGroup(TyperGroup):
    """Catches UserError at the edge: message to stderr, exit code, no traceback.

    A write the file system refuses (read-only, full, no permission) that no
    writer turned into a UserError is caught here too: exit 2 and what to check.
    Any other exception is a bug and keeps its traceback.
    """

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except UserError as error:
            if os.environ.get("SOCINV_DEBUG"):
                raise
            typer.secho(error.text(common.output_lang()), err=True, fg="red")
            raise typer.Exit(error.exit_code) from None
        except OSError as error:
            if error.errno not in _WRITE_REFUSED or os.environ.get("SOCINV_DEBUG"):
                raise
            where = error.filename or "?"
            refused = UserError(f"{where}: kan inte skrivas ({error.strerror}). Kontrollera "
                                "att mappen är skrivbar och att disken har plats, och kör "
                                "sedan socinv doctor.",
                                f"{where}: cannot be written ({error.strerror}). Check that "
                                "the folder is writable and the disk has room, then run "
                                "socinv doctor.")
            typer.secho(refused.text(common.output_lang()), err=True, fg="red")
            raise typer.Exit(2) from None


app = typer.Typer(
    cls=SocinvGroup,
    name="socinv",
    help=tr(
        "socinv – kommunens sociala investeringsfond som en mapp med dokument: mallar, "
        "granskning, arbetsflöde och underlag till kommunstyrelsen.",
        "socinv – a municipality's social investment fund as a folder of documents: "
        "templates, validation, workflow and papers for the municipal board.",
    ),
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_show_locals=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"socinv {__version__}")
        raise typer.Exit()


@app.callback()
def root(
    version: Annotated[bool, typer.Option(
        "--version", callback=_version, is_eager=True,
        help=tr("Visa versionen och avsluta.", "Show the version and exit."))] = False,
    debug: Annotated[bool, typer.Option(
        "--debug", help=tr("Visa Pythons felspårning vid fel (för utvecklare).",
                           "Show Python tracebacks on errors (for developers)."))] = False,
) -> None:
    """socinv."""
    if debug:
        os.environ["SOCINV_DEBUG"] = "1"


def _register() -> None:
    from socinv.cli import init, new, validate

    app.command("init", help=init.HELP)(init.init)
    app.add_typer(new.app, name="new")
    app.command("validate", help=validate.HELP)(validate.validate)
    from socinv.cli import convert
    app.command("convert", help=convert.HELP)(convert.convert)
    from socinv.cli import advance, close, decide, doctor, new_report, status

    app.command("advance", help=advance.HELP)(advance.advance)
    app.command("decide", help=decide.HELP)(decide.decide)
    app.command("close", help=close.HELP)(close.close)
    app.command("status", help=status.HELP)(status.status)
    app.command("doctor", help=doctor.HELP)(doctor.doctor)
    new.app.command("report", help=new_report.REPORT_HELP)(new_report.report)
    new.app.command("final-report", help=new_report.FINAL_HELP)(new_report.final_report)
    from socinv.cli import report

    app.add_typer(report.app, name="report")


_register()


def main() -> None:
    """Console-script entry point."""
    try:
        app(prog_name="socinv")
    except KeyboardInterrupt:  # pragma: no cover - interactive only
        typer.echo(tr("Avbrutet.", "Interrupted."), err=True)
        sys.exit(130)
