"""``socinv new project-plan CASE``: the project plan form after the grant."""

from socinv.cli.common import ByOpt, FundOpt, LangOpt, OutputFormat, who
from socinv.cli.flow import CommitOpt, open_fund, run_plan
from socinv.cli.new import DocFormat, FormatDocOpt
from socinv.cli.new_report import CaseArg
from socinv.i18n import tr

HELP = tr(
    "Projektplan efter beviljat beslut: projektägare, projektledare, projektgrupp (en per "
    "part), projektstyrgrupp, aktiviteter, tidsplan och implementeringens nästa steg.",
    "Project plan after the grant: project owner, project leader, project group (one per "
    "party), project steering group, activities, timeline and the implementation's next "
    "steps.",
)


def project_plan(
    case: CaseArg,
    by: ByOpt = None,
    commit: CommitOpt = False,
    fund: FundOpt = None,
    lang: LangOpt = None,
    fmt: FormatDocOpt = DocFormat.yaml,
) -> None:
    from socinv.fund.workflow import find_case
    from socinv.process.project_plan import plan_new_project_plan

    opened, chosen = open_fund(fund, lang, one_case=True)
    person = who(by)
    run_plan(opened, chosen, "new-project-plan", person, dry_run=False, commit_flag=commit,
             output=OutputFormat.text, make_plan=lambda: plan_new_project_plan(
                 opened, find_case(opened, case), person, chosen, fmt.value))
