"""Write data/nlu/lookup_gemeente.yml from directory/municipalities.csv.

Rasa's RegexFeaturizer (config.yml) turns the lookup table into a feature
"this token is a municipality", so that a bare "Nijmegen" or "Deventer" is
understood as an answer (intent geef_gemeente) without a training example for
each of the 342 municipalities. Names that are also everyday Dutch words
(common_word=1: Best, Buren, Goes, ...) are left out, or "het gaat best" would
look like a place. The file is committed; tests/test_rasa_project.py checks it
is in sync with the CSV.

    python -m wegwijzer.nlp.lookup_tables [--check]
"""
from __future__ import annotations

import argparse
import csv
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
MUNICIPALITIES_FILE = ROOT / "directory" / "municipalities.csv"
LOOKUP_FILE = ROOT / "data" / "nlu" / "lookup_gemeente.yml"

HEADER = """# Generated from directory/municipalities.csv by `python -m wegwijzer.nlp.lookup_tables`: do not edit.
# RegexFeaturizer marks these names, so a bare municipality reads as an answer (geef_gemeente).
version: "3.1"
nlu:
- lookup: gemeente
  examples: |
"""


def lookup_names(csv_path: Path = MUNICIPALITIES_FILE) -> list[str]:
    names: list[str] = []
    with csv_path.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            if row.get("common_word") == "1":
                continue
            aliases = [a.strip() for a in (row.get("aliases") or "").split("|") if a.strip()]
            names += [n for n in [row["name"].strip(), *aliases] if n not in names]
    return names


def lookup_file_text(csv_path: Path = MUNICIPALITIES_FILE) -> str:
    return HEADER + "".join(f"    - {name}\n" for name in lookup_names(csv_path))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--check", action="store_true", help="exit 1 when the file is out of date")
    args = parser.parse_args(argv)
    wanted = lookup_file_text()
    current = LOOKUP_FILE.read_text(encoding="utf-8") if LOOKUP_FILE.exists() else ""
    if current == wanted:
        print(f"==> lookup table up to date ({LOOKUP_FILE.relative_to(ROOT)})")
        return 0
    if args.check:
        print(f"{LOOKUP_FILE.relative_to(ROOT)} is out of date: run python -m wegwijzer.nlp.lookup_tables")
        return 1
    LOOKUP_FILE.write_text(wanted, encoding="utf-8")
    print(f"==> wrote {LOOKUP_FILE.relative_to(ROOT)} ({len(lookup_names())} names)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
