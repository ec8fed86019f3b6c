"""The ``socinv`` command: one Typer app, one module per command.

Only this layer prints or exits. A ``UserError`` raised anywhere below is caught
once, here, and becomes a message on stderr and its exit code — never a
traceback (``--debug`` shows one).

The modules that define commands do not use ``from __future__ import annotations``: Typer
reads a command's parameters from its annotations, and annotations kept as text it must
``eval`` one by one, twice (about 3 ms a command on a small machine, every run). Helpers'
annotations that name a type imported only for checking are quoted instead.
"""

import errno
import importlib
import os
import sys
from collections.abc import Sequence
from typing import Annotated, Any

import typer
from typer.core import TyperGroup

from socinv import __version__
from socinv.cli import common, completion, library
from socinv.errors import UserError
from socinv.i18n import scan_lang, tr

#: what the file system says when it cannot take a write: not a bug, the place is at fault
_WRITE_REFUSED = frozenset(getattr(errno, name) for name in (
    "EROFS", "ENOSPC", "EDQUOT", "EACCES", "EPERM", "EFBIG") if hasattr(errno, name))


class SocinvGroup(TyperGroup):
    """The root group: commands built lazily (see ``COMMANDS``), UserError caught at the edge.

    Catches UserError at the edge: message to stderr, exit code, no traceback.

    A write the file system refuses (read-only, full, no permission) that no
    writer turned into a UserError is caught here too: exit 2 and what to check.
    Any other exception is a bug and keeps its traceback.
    """

    context_class = library.SocinvContext

    def main(self, args: Sequence[str] | None = None, prog_name: str | None = None,
             complete_var: str | None = None, standalone_mode: bool = True,
             windows_expand_args: bool = True, **extra: Any) -> Any:
        """Click's main, with its usage errors written in the run's language."""
        arguments = list(sys.argv[1:] if args is None else args)
        common.set_global_lang(scan_lang(arguments))
        if not standalone_mode:
            return super().main(arguments, prog_name, complete_var, False,
                                windows_expand_args, **extra)
        try:
            code = super().main(arguments, prog_name, complete_var, False,
                                windows_expand_args, **extra)
        except typer.Abort:
            typer.echo("Avbrutet." if common.output_lang() == "sv" else "Aborted.", err=True)
            sys.exit(1)
        except library.exceptions.ClickException as error:
            library.show_error(error, common.output_lang())
            sys.exit(error.exit_code)
        sys.exit(code if isinstance(code, int) else 0)

    def _main_shell_completion(self, ctx_args: Any, prog_name: str,
                               complete_var: str | None = None) -> None:
        completion.enable()
        super()._main_shell_completion(ctx_args, prog_name, complete_var)

    def list_commands(self, ctx: Any) -> list[str]:
        return list(COMMANDS)

    def get_command(self, ctx: Any, name: str) -> Any:
        if name not in self.commands and name in COMMANDS:
            self.commands[name] = build_command(name)
        return self.commands.get(name)

    def format_commands(self, ctx: Any, formatter: Any) -> None:
        rows = [(name, short_help(name)) for name in self.list_commands(ctx)]
        with formatter.section(tr("Kommandon", "Commands")):
            formatter.write_dl(rows)

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


class LazyGroup(TyperGroup):
    """A group of subcommands (``report``, ``new``, ``profile``) each built when it is named:
    typer builds every command's parameters when it builds a group, so ``report decision``
    paid for the five other report commands too."""

    infos: dict[str, Any]
    owner: typer.Typer

    def list_commands(self, ctx: Any) -> list[str]:
        return list(getattr(self, "infos", {})) or super().list_commands(ctx)

    def get_command(self, ctx: Any, name: str) -> Any:
        infos = getattr(self, "infos", {})
        if name not in self.commands and name in infos:
            built = typer.main.get_command_from_info(
                infos[name], pretty_exceptions_short=self.owner.pretty_exceptions_short,
                rich_markup_mode=self.owner.rich_markup_mode)
            self.commands[name] = library.localize(built)
        return self.commands.get(name)


app = typer.Typer(
    cls=SocinvGroup,
    name="socinv",
    help=tr(
        "socinv – kommunens sociala investeringsfond som en mapp med dokument: mallar, "
        "granskning, arbetsflöde och underlag till styrelsen.",
        "socinv – a municipality's social investment fund as a folder of documents: "
        "templates, validation, workflow and papers for the board.",
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
    lang: Annotated[common.LangChoice | None, typer.Option(
        "--lang", help=tr("Språk för allt socinv skriver: sv eller en (standard: SOCINV_LANG, "
                          "annars fondens språk).",
                          "Language of everything socinv writes: sv or en (default: "
                          "SOCINV_LANG, else the fund's language)."))] = None,
    install: Annotated[bool, typer.Option(
        "--install-completion", callback=completion.install_completion, is_eager=True,
        expose_value=False,
        help=tr("Installera tabbkomplettering för ditt skal (bash, zsh eller fish).",
                "Install tab completion for your shell (bash, zsh or fish)."))] = False,
    show: Annotated[bool, typer.Option(
        "--show-completion", callback=completion.show_completion, is_eager=True,
        expose_value=False,
        help=tr("Visa kompletteringsskriptet för ditt skal, för att installera det själv.",
                "Show the completion script for your shell, to install it yourself."))
    ] = False,
) -> None:
    """socinv."""
    if debug:
        os.environ["SOCINV_DEBUG"] = "1"
    if lang is not None:
        common.set_global_lang(lang.value)


#: command → (module, function; None for a sub-app's ``app``), in the order --help lists them.
#: Commands are built only when run: building all of them for ``--help`` would make typer
#: read every parameter of every command (about 40 ms).
COMMANDS: dict[str, tuple[str, str | None]] = {
    "init": ("socinv.cli.init", "init"),
    "new": ("socinv.cli.new", None),
    "validate": ("socinv.cli.validate", "validate"),
    "convert": ("socinv.cli.convert", "convert"),
    "advance": ("socinv.cli.advance", "advance"),
    "decide": ("socinv.cli.decide", "decide"),
    "rebudget": ("socinv.cli.rebudget", "rebudget"),
    "close": ("socinv.cli.close", "close"),
    "record": ("socinv.cli.record", "record"),
    "status": ("socinv.cli.status", "status"),
    "doctor": ("socinv.cli.doctor", "doctor"),
    "report": ("socinv.cli.report", None),
    "export": ("socinv.cli.export", "export"),
    "profile": ("socinv.cli.profile", None),
}


def _sub_app(name: str, module: Any) -> typer.Typer:
    if name == "report" and all(command.name != "portfolio"
                                for command in module.app.registered_commands):
        from socinv.cli import report_portfolio

        module.app.command("portfolio", help=report_portfolio.HELP)(report_portfolio.portfolio)
    if name == "new":
        from socinv.cli import new_report

        if not module.app.registered_commands or all(
                command.name != "report" for command in module.app.registered_commands):
            module.app.command("report", help=new_report.REPORT_HELP)(new_report.report)
            module.app.command("final-report", help=new_report.FINAL_HELP)(
                new_report.final_report)
            from socinv.cli import new_plan

            module.app.command("project-plan", help=new_plan.HELP)(new_plan.project_plan)
    if name == "report" and all(command.name != "final"
                                for command in module.app.registered_commands):
        from socinv.cli import report_final

        module.app.command("final", help=report_final.HELP)(report_final.final)
    return module.app


def build_command(name: str) -> Any:
    """The click command for ``name`` (typer builds its parameters now)."""
    module_name, function = COMMANDS[name]
    module = importlib.import_module(module_name)
    command: Any
    if function is None:
        sub = _sub_app(name, module)
        infos = {info.name or typer.main.get_command_name(info.callback.__name__): info
                 for info in sub.registered_commands if info.callback is not None}
        registered, sub.registered_commands = sub.registered_commands, []
        sub.info.cls = LazyGroup
        try:
            command = typer.main.get_group(sub)
        finally:
            sub.registered_commands = registered
        command.infos, command.owner = infos, sub
    else:
        single = typer.Typer(rich_markup_mode=None, add_completion=False,
                             pretty_exceptions_show_locals=False)
        single.command(name, help=module.HELP)(getattr(module, function))
        command = typer.main.get_command(single)
    command.name = name
    return library.localize(command)


def short_help(name: str) -> str:
    """The first sentence of a command's help, without building the command."""
    module_name, function = COMMANDS[name]
    module = importlib.import_module(module_name)
    text = module.HELP if function is not None else (_sub_app(name, module).info.help or "")
    return library.short_text(str(text), 60)


def main() -> None:
    """Console-script entry point."""
    from socinv.cli.terminal import guard_streams

    guard_streams()
    try:
        app(prog_name="socinv")
    except KeyboardInterrupt:  # pragma: no cover - interactive only
        typer.echo(tr("Avbrutet.", "Interrupted."), err=True)
        sys.exit(130)
