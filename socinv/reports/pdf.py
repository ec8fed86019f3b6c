"""Board papers as PDF/A, the format they are registered and published in.

socinv writes Word; LibreOffice, when it is installed, turns the finished Word
papers into archival PDF (PDF/A-2b, tagged) in one headless run, with a private
user profile in a temporary folder so it neither needs nor touches the user's own
LibreOffice settings. Nothing else in socinv needs LibreOffice.
"""

from __future__ import annotations

from pathlib import Path

from socinv.errors import UserError
from socinv.reports.output import Output

#: PDF/A-2b (SelectPdfVersion 2), tagged for screen readers; LibreOffice ≥ 7.4 reads JSON
_FILTER = ('pdf:writer_pdf_Export:{"SelectPdfVersion":{"type":"long","value":"2"},'
           '"UseTaggedPDF":{"type":"boolean","value":"true"}}')
_NAMES = ("soffice", "libreoffice")
_PACKAGE = "libreoffice-writer-nogui"
TIME_LIMIT_SECONDS = 300


def wanted(formats: tuple[str, ...]) -> tuple[str, ...]:
    """The formats to build: a PDF is made from the Word paper, so "pdf" needs "docx"."""
    if "pdf" in formats and "docx" not in formats:
        return (*formats, "docx")
    return formats


def finish(outputs: list[Output], formats: tuple[str, ...]) -> list[Output]:
    """``outputs`` with a PDF made of every Word paper when "pdf" is asked for; the Word
    papers stay only if "docx" was asked for too. The order is the order of ``formats``."""
    if "pdf" not in formats:
        return outputs
    words = [output for output in outputs if output.name.endswith(".docx")]
    pdfs = convert(words)
    keep = [output for output in outputs
            if "docx" in formats or not output.name.endswith(".docx")]
    order = {fmt: index for index, fmt in enumerate(formats)}
    return sorted([*keep, *pdfs], key=lambda output: order.get(
        output.name.rpartition(".")[2], len(order)))


def _program() -> str:
    import shutil

    for name in _NAMES:
        found = shutil.which(name)
        if found:
            return found
    raise UserError(
        "PDF tas fram med LibreOffice, som inte finns på datorn. Installera det (Debian/Ubuntu: "
        f"sudo apt-get install {_PACKAGE}; Windows och macOS: libreoffice.org) eller välj "
        "--format docx. Inget skrevs.",
        "PDF is made with LibreOffice, which is not installed. Install it (Debian/Ubuntu: "
        f"sudo apt-get install {_PACKAGE}; Windows and macOS: libreoffice.org) or choose "
        "--format docx. Nothing was written.", exit_code=1)


def convert(words: list[Output]) -> list[Output]:
    """Each Word paper as PDF/A, in one LibreOffice run; nothing is left on disk."""
    if not words:
        return []
    import subprocess  # only for a PDF: tempfile loads random, hashlib and OpenSSL
    import tempfile

    program = _program()
    with tempfile.TemporaryDirectory(prefix="socinv-pdf-") as name:
        folder = Path(name)
        sources = folder / "in"
        target = folder / "out"
        sources.mkdir()
        paths = []
        for output in words:
            path = sources / output.name
            path.write_bytes(output.data)
            paths.append(path)
        command = [program, f"-env:UserInstallation={(folder / 'profile').as_uri()}",
                   "--headless", "--norestore", "--nologo", "--convert-to", _FILTER,
                   "--outdir", str(target), *map(str, paths)]
        try:
            done = subprocess.run(command, capture_output=True, timeout=TIME_LIMIT_SECONDS,
                                  check=False)
        except subprocess.TimeoutExpired:
            raise _failed(f"inget svar på {TIME_LIMIT_SECONDS} s",
                          f"no answer in {TIME_LIMIT_SECONDS} s") from None
        except OSError as error:
            raise _failed(str(error.strerror), str(error.strerror)) from None
        pdfs: list[Output] = []
        for path in paths:
            made = target / f"{path.stem}.pdf"
            if not made.is_file():
                detail = (done.stderr or done.stdout).decode("utf-8", "replace").strip()
                last = detail.splitlines()[-1] if detail else f"exit {done.returncode}"
                raise _failed(f"{path.name}: {last}", f"{path.name}: {last}")
            pdfs.append(Output(f"{path.stem}.pdf", made.read_bytes()))
        return pdfs


def _failed(sv: str, en: str) -> UserError:
    return UserError(f"LibreOffice kunde inte göra PDF ({sv}). Inget skrevs; Word-filen kan "
                     "tas fram med --format docx.",
                     f"LibreOffice could not make the PDF ({en}). Nothing was written; the "
                     "Word file can be produced with --format docx.", exit_code=1)
