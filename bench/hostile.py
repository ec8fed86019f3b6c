"""Wall time and peak memory of socinv on the worst inputs the hostile suite tries.

    python -m bench.hostile

The tests (``tests/test_hostile.py``, ``tests/test_bad_input.py``,
``tests/test_docx.py``) prove what each input gives — the exit code, the finding,
nothing changed, the memory bound. How long it takes depends on the machine and
its load, so it is measured here, never asserted in a test. Each input runs in a
fresh process (``socinv validate``); the table gives seconds and peak memory.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

_MEASURE = """
import resource, sys, time
from socinv.cli import main
sys.argv = ["socinv", "validate", sys.argv[1], "--profile", "ystad", "--type", sys.argv[2],
            "--format", "json"]
start = time.perf_counter()
try:
    main()
except SystemExit as done:
    code = done.code
seconds = time.perf_counter() - start
try:
    with open("/proc/self/status") as status:
        peak = next(int(line.split()[1]) for line in status if line.startswith("VmHWM:"))
except OSError:
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(code, seconds, peak, file=sys.stderr)
"""

INPUTS: dict[str, tuple[str, str]] = {
    "2-mb-of-keys": ("".join(f"k{n}: v\n" for n in range(200_000)), "application"),
    "just-under-the-value-limit": ("".join(f"nyckel{n}: v\n" for n in range(4_990)),
                                   "application"),
    "2-mb-of-personal-data": ('note: "' + "811218-9876 kalle@gmail.com 070-123 45 67 " * 45_000
                              + '"\n', "report"),
    "2-mb-of-markup": ("activities: |\n" + "  | <b>=1+1</b> | # x | @ a.b |\n" * 60_000,
                       "report"),
    "alias-bomb": ('a: &a ["x","x","x","x","x","x","x","x","x"]\n'
                   + "".join(f"{chr(98 + n)}: &{chr(98 + n)} [*{chr(97 + n)}"
                             f"{(', *' + chr(97 + n)) * 8}]\n" for n in range(8)),
                   "application"),
    "deeply-nested": ("x: " + "[" * 10_000 + "]" * 10_000 + "\n", "application"),
    "amount-backtracking": ('costs:\n- year: 2027\n  amount: "1' + " " * 30_000 + 'x"\n',
                            "application"),
    "email-backtracking": ('note: "@ ' + "a" * 400_000 + '"\n', "report"),
    "many-personal-numbers": ('note: "' + "811218-9876 " * 60_000 + '"\n', "report"),
}


def word_form(extra: bytes) -> bytes:
    """The blank Word application with ``extra`` XML at the end of its body."""
    import io
    import zipfile

    from socinv.io.docx_template import build_docx
    from socinv.profiles.loader import load_profile

    source = zipfile.ZipFile(io.BytesIO(build_docx("application", load_profile("ystad"),
                                                   "sv")))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name in source.namelist():
            data = source.read(name)
            if name == "word/document.xml":
                end = data.rfind(b"<w:sectPr", 0, data.index(b"</w:body>"))
                data = data[:end] + extra + data[end:]
            archive.writestr(name, data)
    return buffer.getvalue()


def word_inputs() -> dict[str, bytes]:
    import random

    rng = random.Random(13)
    level = (b'<w:p><w:pPr><w:numPr><w:ilvl w:val="99999999999"/><w:numId w:val="1"/>'
             b"</w:numPr></w:pPr><w:r><w:t>punkt</w:t></w:r></w:p>")
    paragraphs = b"".join(b"<w:p><w:r><w:t>%d %s</w:t></w:r></w:p>" % (
        number, bytes(rng.choice(b"abcdefghij") for _ in range(6))) for number in range(150_000))
    return {"docx-list-level-99999999999": word_form(level * 20),
            "docx-150000-paragraphs": word_form(paragraphs)}


def measure(text: str | bytes, doc_type: str) -> tuple[int, float, int]:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / ("dokument.docx" if isinstance(text, bytes) else "dokument.yaml")
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(text, encoding="utf-8")
        result = subprocess.run([sys.executable, "-c", _MEASURE, str(path), doc_type],
                                capture_output=True, text=True, check=False, timeout=300)
    code, seconds, peak = result.stderr.split()[-3:]
    return int(code), float(seconds), int(peak)


def main() -> None:
    print(f"{'input':<30} {'exit':>4} {'seconds':>8} {'peak MB':>8}")
    cases: dict[str, tuple[str | bytes, str]] = dict(INPUTS)
    cases.update({name: (data, "application") for name, data in word_inputs().items()})
    for name, (text, doc_type) in cases.items():
        code, seconds, peak = measure(text, doc_type)
        print(f"{name:<30} {code:>4} {seconds:>8.2f} {peak / 1024:>8.0f}")


if __name__ == "__main__":
    main()
