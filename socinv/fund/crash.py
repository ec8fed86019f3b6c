"""Test-only hooks that stop a mutating command at a named step.

``SOCINV_CRASH_AT=<step>`` kills the process with SIGKILL at that step (as a
power cut would: no ``finally``, no cleanup); ``SOCINV_PAUSE_AT=<step>`` sleeps
``SOCINV_PAUSE_SECONDS`` (default 2) there, so a test can race a second
command against a lock that is held. Neither is set in normal use.
"""

from __future__ import annotations

import os
import signal
import time

#: the steps of a transaction, in order (see ``transaction.execute``)
STEPS = ("locked", "journal-written", "document-written", "fund-written", "case-temp-written",
         "case-written",
         "moved", "committed", "journal-removed", "repair-moved",
         "report-staged", "report-written",  # these two: socinv report's files
         "group-journals-written")  # a group decision: every case's journal, none changed


def crash_point(step: str) -> None:
    if os.environ.get("SOCINV_PAUSE_AT") == step:
        time.sleep(float(os.environ.get("SOCINV_PAUSE_SECONDS", "2")))
    if os.environ.get("SOCINV_CRASH_AT") == step:
        kill = getattr(signal, "SIGKILL", None)
        if kill is None:  # pragma: no cover - Windows
            os._exit(137)
        os.kill(os.getpid(), kill)
