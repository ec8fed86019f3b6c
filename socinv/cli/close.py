"""``socinv close CASE --outcome OUTCOME --ref …``: close a case with its outcome."""

from enum import StrEnum
from typing import Annotated

import typer

from socinv.cli.common import (
    OUTCOME_WORDS,
    ByOpt,
    CaseArg,
    FormatOpt,
    FundOpt,
    LangOpt,
    OutputFormat,
    WordChoice,
    who,
)
from socinv.cli.flow import (
    CommitOpt,
    DecisionDateOpt,
    DryRunOpt,
    NoteOpt,
    RefOpt,
    open_fund,
    run_plan,
)
from socinv.i18n import tr

HELP = tr(
    "Avsluta ett ärende: efter godkänd slutrapport (implemented, partly_implemented, "
    "not_implemented), eller avbrutet, återkallat eller avslaget (aborted, withdrawn, "
    "rejected) – alltid med beslutsreferens.",
    "Close a case: after a valid final report (implemented, partly_implemented, "
    "not_implemented), or aborted, withdrawn or rejected – always with a decision reference.",
)


class Outcome(StrEnum):
    implemented = "implemented"
    partly_implemented = "partly_implemented"
    not_implemented = "not_implemented"
    aborted = "aborted"
    withdrawn = "withdrawn"
    rejected = "rejected"


def close(
    case: CaseArg,
    outcome: Annotated[str, typer.Option(
        "--outcome", click_type=WordChoice(OUTCOME_WORDS),
        help=tr("Utfallet; också på svenska: implementerad, delvis implementerad, inte "
                "implementerad, avbruten, återkallad, avslag.",
                "The outcome; Swedish words are accepted too."))],
    ref: RefOpt = None,
    reason: Annotated[str | None, typer.Option(
        "--reason", help=tr("Motivering (sparas i closing.reason).",
                            "Reason (stored in closing.reason)."))] = None,
    date: DecisionDateOpt = None,
    by: ByOpt = None,
    note: NoteOpt = None,
    dry_run: DryRunOpt = False,
    commit: CommitOpt = False,
    fund: FundOpt = None,
    lang: LangOpt = None,
    output: FormatOpt = OutputFormat.text,
) -> None:
    from socinv.cli.flow import today_of
    from socinv.fund.workflow import find_case, plan_close

    opened, chosen = open_fund(fund, lang, one_case=True)
    person = who(by)
    when = today_of(date)
    run_plan(opened, chosen, "close", person, dry_run=dry_run, commit_flag=commit,
             output=output, make_plan=lambda: plan_close(
                 opened, find_case(opened, case), outcome, ref, reason, note, person,
                 when))
