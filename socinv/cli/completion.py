"""Shell completion: ``socinv --install-completion`` / ``--show-completion`` and the values
a shell offers (case ids, periods, stages, profiles) — in bash, zsh and fish.

Commands and options complete through Typer's completion classes; the functions here
give the values only the fund knows. A completion never prints an error into the
shell: a fund that cannot be read simply offers nothing.
"""

import os
from pathlib import Path
from typing import Any

import typer

from socinv.i18n import help_lang

SHELLS = ("bash", "zsh", "fish")
PROG = "socinv"
COMPLETE_VAR = "_SOCINV_COMPLETE"


def enable() -> None:
    """Register Typer's bash, zsh and fish completion classes (Click's own are not used)."""
    from typer._completion_classes import completion_init

    completion_init()


def _shell(ctx: typer.Context) -> str:
    from typer._completion_shared import _get_shell_name

    from socinv.cli import common

    shell = os.environ.get("SOCINV_SHELL") or _get_shell_name() or ""
    if shell not in SHELLS:
        lang = common.output_lang()
        typer.secho(f"Skalet \"{shell or '?'}\" stöds inte; socinv kompletterar i bash, zsh "
                    "och fish." if lang == "sv" else
                    f"The shell \"{shell or '?'}\" is not supported; socinv completes in "
                    "bash, zsh and fish.", err=True, fg="red")
        raise typer.Exit(2)
    return shell


#: Typer's zsh script defines the completion function only when the file is first
#: autoloaded, so the first Tab completes nothing; this one completes from the first Tab,
#: both from ``~/.zfunc/_socinv`` and through ``eval "$(socinv --show-completion)"``.
ZSH_SCRIPT = """#compdef socinv

_socinv() {
  eval $(env _TYPER_COMPLETE_ARGS="${words[1,$CURRENT]}" _SOCINV_COMPLETE=complete_zsh socinv)
}

if [[ "${funcstack[1]}" = "_socinv" ]]; then
  _socinv "$@"
else
  compdef _socinv socinv
fi
"""


def script(shell: str) -> str:
    from typer._completion_shared import get_completion_script

    if shell == "zsh":
        return ZSH_SCRIPT
    return get_completion_script(prog_name=PROG, complete_var=COMPLETE_VAR, shell=shell)


def show_completion(ctx: typer.Context, param: Any, value: bool) -> None:
    if not value or ctx.resilient_parsing:
        return
    typer.echo(script(_shell(ctx)))
    raise typer.Exit()


def _install_zsh(**_: str) -> Path:
    """``~/.zfunc/_socinv``, and the lines in ``~/.zshrc`` that load it (added once)."""
    rc = Path.home() / ".zshrc"
    content = rc.read_text(encoding="utf-8") if rc.is_file() else ""
    line = "fpath+=~/.zfunc; autoload -Uz compinit; compinit"
    if line not in content:
        with rc.open("a", encoding="utf-8") as handle:
            handle.write(("\n" if content and not content.endswith("\n") else "") + line + "\n")
    path = Path.home() / ".zfunc" / f"_{PROG}"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(ZSH_SCRIPT, encoding="utf-8")
    return path


def install_completion(ctx: typer.Context, param: Any, value: bool) -> None:
    if not value or ctx.resilient_parsing:
        return
    from typer import _completion_shared as shared

    from socinv.cli import common

    shell = _shell(ctx)
    installer = {"bash": shared.install_bash, "zsh": _install_zsh,
                 "fish": shared.install_fish}[shell]
    path = installer(prog_name=PROG, complete_var=COMPLETE_VAR, shell=shell)
    if common.output_lang() == "en":
        typer.echo(f"Installed {shell} completion in {path}.\n"
                   "It takes effect in a new terminal.")
    else:
        typer.echo(f"Installerade komplettering för {shell} i {path}.\n"
                   "Den gäller i nästa terminal du öppnar.")
    raise typer.Exit()


def _fund(ctx: typer.Context) -> Any:
    from socinv.errors import UserError
    from socinv.fund.fund import Fund

    fund = None
    while ctx is not None:
        fund = fund or ctx.params.get("fund")
        ctx = ctx.parent  # type: ignore[assignment]
    try:
        return Fund.open(Path(fund) if fund else None)
    except (UserError, OSError):
        return None


def case_ids(ctx: typer.Context, incomplete: str) -> list[tuple[str, str]]:
    """The fund's case ids (full ids; ``2026-0`` narrows them), with each case's stage."""
    from socinv.errors import UserError
    from socinv.i18n import pick

    opened = _fund(ctx)
    if opened is None:
        return []
    try:
        cases = opened.cases()
    except (UserError, OSError):
        return []
    lang = help_lang()
    found = []
    for case in cases:
        if case.id.startswith(incomplete):
            found.append((case.id, pick(case.stage.label, lang)))
    return sorted(found)


def periods(ctx: typer.Context, incomplete: str) -> list[str]:
    """``ÅR-interim`` / ``ÅR-annual`` for the years of the case's decision (or the next few)."""
    import datetime as dt

    from socinv.errors import UserError
    from socinv.fund.calendar import kinds

    opened = _fund(ctx)
    if opened is None:
        return []
    try:
        names = [kind.kind for kind in kinds(opened)[0]]
        years = _decision_years(opened, str(ctx.params.get("case") or ""))
    except (UserError, OSError):
        return []
    if not years:
        this = dt.date.today().year
        years = list(range(this, this + 5))
    return [period for year in years for name in names
            if (period := f"{year}-{name}").startswith(incomplete)]


def _decision_years(opened: Any, case: str) -> list[int]:
    from socinv.fund.workflow import find_case
    from socinv.io.yamlio import read_yaml

    if not case:
        return []
    found = find_case(opened, case)
    data = read_yaml(found.path / "case.yaml").data
    per_year = (data.get("decision") or {}).get("per_year") or {}
    return sorted(int(year) for year in per_year if str(year).isdigit())


def stages(ctx: typer.Context, incomplete: str) -> list[tuple[str, str]]:
    from socinv.i18n import pick

    opened = _fund(ctx)
    if opened is None:
        return []
    lang = help_lang()
    return [(stage.key, pick(stage.label, lang)) for stage in opened.profile.stages
            if stage.key.startswith(incomplete)]


def profiles(ctx: typer.Context, incomplete: str) -> list[str]:
    return [name for name in ("ystad", "heby") if name.startswith(incomplete)]


def paths_or_cases(ctx: typer.Context, incomplete: str) -> list[tuple[str, str]]:
    """``validate``'s argument: a case id when it looks like one; paths are the shell's."""
    if incomplete[:1].isdigit():
        return case_ids(ctx, incomplete)
    return []
