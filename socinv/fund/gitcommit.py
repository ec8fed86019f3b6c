"""One git commit per mutating command, of just the paths it touched.

Used when the command gets ``--commit`` or ``fund.yaml`` says ``git_commit: true``.
Other changes in the working tree — staged or not — are left alone.

The fund folder is shared, so anyone who can write to it can write its
``.git/``. git is therefore run so that nothing in the repository can run code:
no hooks (``core.hooksPath`` is the null device), no ``core.fsmonitor``, no
clean/smudge/process filters from ``.git/config`` or ``.gitattributes``, no
``textconv``, and the signing programs are the standard ones, not what the
repository names.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

from socinv.errors import UserError
from socinv.fund.fund import Fund


def wanted(fund: Fund, flag: bool) -> bool:
    setting = str(fund.settings.get("git_commit") or "").strip().lower()
    return flag or setting in {"true", "yes", "ja"}


_SAFE = ("-c", f"core.hooksPath={os.devnull}", "-c", "core.fsmonitor=false",
         "-c", "gpg.program=gpg", "-c", "gpg.ssh.program=ssh-keygen",
         "-c", "gpg.x509.program=gpgsm", "-c", "core.sshCommand=ssh",
         "-c", "diff.external=", "-c", "core.pager=cat")


def _filters(root: Path, env: dict[str, str]) -> list[str]:
    """``-c`` options emptying every filter driver the repository's config names."""
    try:
        listed = subprocess.run(["git", "-C", str(root), *_SAFE, "config", "--null",
                                 "--name-only", "--get-regexp", r"^filter\."],
                                capture_output=True, text=True, env=env, timeout=60,
                                check=False).stdout
    except (OSError, subprocess.TimeoutExpired):
        return []
    names = {key.split(".")[1] for key in listed.split("\0") if key.count(".") >= 2}
    options: list[str] = []
    for name in sorted(names):
        for part, value in (("clean", ""), ("smudge", ""), ("process", ""),
                            ("required", "false")):
            options += ["-c", f"filter.{name}.{part}={value}"]
    return options


def _git(root: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "GIT_TERMINAL_PROMPT": "0", "LC_ALL": "C", "GIT_OPTIONAL_LOCKS": "0"}
    try:
        command = ["git", "-C", str(root), *_SAFE, *_filters(root, env), *args]
        result = subprocess.run(command, capture_output=True, text=True,
                                env=env, timeout=120, check=False)
    except (OSError, subprocess.TimeoutExpired) as error:
        raise UserError(f"git kunde inte köras: {error}", f"git could not be run: {error}",
                        ) from None
    if check and result.returncode != 0:
        problem = (result.stderr or result.stdout).strip().splitlines()
        detail = problem[-1] if problem else f"exit {result.returncode}"
        raise UserError(f"git {args[0]} misslyckades: {detail}",
                        f"git {args[0]} failed: {detail}", exit_code=1)
    return result


def precheck(root: Path) -> None:
    """Before changing anything: git exists, the fund is in a repository, commits can be made."""
    if shutil.which("git") is None:
        raise UserError("git finns inte på datorn; kör utan --commit eller installera git.",
                        "git is not installed; run without --commit or install git.")
    if _git(root, "rev-parse", "--is-inside-work-tree", check=False).returncode != 0:
        raise UserError(
            f"{root} ligger inte i ett git-arkiv. Kör git init där, eller kör utan --commit "
            "(och sätt git_commit: false i fund.yaml).",
            f"{root} is not inside a git repository. Run git init there, or run without "
            "--commit (and set git_commit: false in fund.yaml).")
    if _git(root, "var", "GIT_COMMITTER_IDENT", check=False).returncode != 0:
        raise UserError(
            "git vet inte vem du är. Kör git config user.name \"Namn\" och git config "
            "user.email namn@kommun.se, eller kör utan --commit.",
            "git does not know who you are. Run git config user.name \"Name\" and git config "
            "user.email name@example.org, or run without --commit.")


def commit(root: Path, paths: list[str], message: str) -> bool:
    """Stage and commit exactly ``paths`` (fund-relative); False when nothing changed."""
    known = [path for path in paths
             if (root / path).exists() or _git(root, "ls-files", "--", path).stdout.strip()]
    if not known:
        return False
    _git(root, "add", "--all", "--", *known)
    if _git(root, "diff", "--cached", "--quiet", "--no-textconv", "--no-ext-diff", "--",
            *known, check=False).returncode == 0:
        return False
    _git(root, "commit", "--quiet", "--no-verify", "-m", message, "--", *known)
    return True


def pending(root: Path, paths: list[str]) -> bool:
    """Whether ``paths`` have changes git has not committed."""
    result = _git(root, "status", "--porcelain", "--untracked-files=all", "--", *paths,
                  check=False)
    return result.returncode == 0 and bool(result.stdout.strip())
