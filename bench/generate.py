"""Generate realistic, reproducible funds of N cases for the benchmark.

Every case is built from the sample fund's real documents (ideas, applications,
reports, final reports), renamed and varied with a seeded random generator:
titles, amounts, years and some typical mistakes, so that a share of the files
have findings. Cases are spread over every stage like a living fund.

    python bench/generate.py OUT_DIR --cases 1000 [--seed 7] [--docx-share 0.05]
"""

from __future__ import annotations

import argparse
import random
import re
import shutil
from pathlib import Path
from typing import Any

SAMPLE = Path(__file__).resolve().parent.parent / "sample_fund"
# (stage dir, source case in the sample fund, share of the fund)
STAGES = [
    ("1-ideer", "1-ideer/2026-004-foraldrastod-abc-i-forskolan", 0.25),
    ("2-ansokningar", "2-ansokningar/2026-002-tidiga-insatser-vid-problematisk-skolfranvaro",
     0.20),
    ("3-beredning", "3-beredning/2026-001-pax-i-skolan-lugn-och-studiero-i-f-6", 0.15),
    ("4-pagaende", "4-pagaende/2025-001-utokade-hembesok-for-forstagangsforaldrar", 0.25),
    ("5-avslutade", "5-avslutade/2024-001-skolfam-skolstod-for-familjehemsplacerade-barn",
     0.15),
]
WORDS = ["tidiga", "insatser", "familjestöd", "skolnärvaro", "mentorer", "fritid", "unga",
         "vuxna", "föräldrar", "språk", "läsning", "hälsa", "rörelse", "trygghet", "arbete",
         "samverkan", "förskola", "fältarbete", "boende", "kultur"]
MISTAKES = [
    ("age_max: 25", "age_max: 29"),
    ("  scaling:", "  scalin:"),
    ("problem_analysis:", "problem_analys:"),
]


def generate(out: Path, cases: int, seed: int = 7, docx_share: float = 0.0) -> Path:
    rng = random.Random(seed)
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    for name in ("fund.yaml", "unit_costs.yaml"):
        shutil.copy(SAMPLE / name, out / name)
    (out / "reports").mkdir()
    weights = [share for _, _, share in STAGES]
    sequence: dict[int, int] = {}
    for _ in range(cases):
        stage_dir, source, _ = rng.choices(STAGES, weights)[0]
        year = rng.choice([2024, 2025, 2026])
        sequence[year] = sequence.get(year, 0) + 1
        title = " ".join(rng.sample(WORDS, 3)).capitalize()
        slug = re.sub(r"[^a-z0-9]+", "-", title.lower().replace("å", "a").replace("ä", "a")
                      .replace("ö", "o")).strip("-")
        case_id = f"{year}-{sequence[year]:03d}-{slug}"
        target = out / stage_dir / case_id
        shutil.copytree(SAMPLE / source, target)
        old_id = source.split("/")[1]
        old_title = re.search(r"^title: \"?(.*?)\"?$",
                              (target / "case.yaml").read_text(encoding="utf-8"), re.M)
        for path in target.rglob("*.yaml"):
            text = path.read_text(encoding="utf-8").replace(old_id, case_id)
            if old_title:
                text = text.replace(old_title.group(1), title)
            if path.name == "application.yaml" and rng.random() < 0.1:
                before, after = rng.choice(MISTAKES)
                text = text.replace(before, after, 1)
            path.write_text(text, encoding="utf-8")
        if docx_share and rng.random() < docx_share:
            _to_docx(target)
    return out


def _to_docx(case: Path) -> None:
    """Replace one YAML document of the case by its Word form, written by socinv's own
    converter (``socinv convert --to docx``). An ImportError is a broken bench: it fails."""
    from socinv.conversion import convert
    from socinv.profiles.loader import load_profile

    profile = _PROFILE.get("ystad") or _PROFILE.setdefault("ystad", load_profile("ystad"))
    for name in ("application.yaml", "idea.yaml"):
        source = case / name
        if source.exists():
            convert(source, "docx", profile, "sv")
            source.unlink()
            return


_PROFILE: dict[str, Any] = {}


def docx_count(fund: Path) -> int:
    return sum(1 for path in fund.rglob("*.docx") if ".socinv" not in path.parts)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("out", type=Path)
    parser.add_argument("--cases", type=int, default=100)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--docx-share", type=float, default=0.0)
    args = parser.parse_args()
    generate(args.out, args.cases, args.seed, args.docx_share)
    print(f"{args.out}: {args.cases} cases, {docx_count(args.out)} Word documents")


if __name__ == "__main__":
    main()
