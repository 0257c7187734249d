"""Build the project's Dutch spaCy pipeline from spacy.blank("nl").

No pretrained Dutch spaCy model can be downloaded here, so the pipeline is
assembled from what PyPI packages provide:
- spaCy's Dutch tokenizer (spacy.blank("nl")),
- a lookup lemmatizer with the Dutch table from spacy-lookups-data,
- an entity ruler for domain terms (maatregelen, organisations, municipalities).

Rasa uses it through SpacyNLP/SpacyTokenizer (config.yml). Usage:
    python -m wegwijzer.nlp.build_pipeline --out build/spacy_nl [--if-changed]
"""
from __future__ import annotations

import argparse
import csv
import hashlib
import shutil
from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING, Iterable

import yaml

if TYPE_CHECKING:
    import spacy

ROOT = Path(__file__).resolve().parents[2]
TERMS_FILE = Path(__file__).with_name("terms.yml")
MUNICIPALITIES_FILE = ROOT / "directory" / "municipalities.csv"
HASH_FILE = ".build-hash"


def _inputs() -> list[Path]:
    return [Path(__file__), TERMS_FILE, MUNICIPALITIES_FILE]


def inputs_hash() -> str:
    # The version from metadata: importing spaCy imports TensorFlow (4 s), which the
    # up-to-date check of every `make setup` does without.
    digest = hashlib.sha256(metadata.version("spacy").encode())
    for path in _inputs():
        if path.exists():
            digest.update(path.read_bytes())
    return digest.hexdigest()


def municipality_patterns(csv_path: Path = MUNICIPALITIES_FILE) -> Iterable[dict]:
    """One pattern per municipality name and each of its aliases ('|'-separated)."""
    if not csv_path.exists():
        return []
    patterns = []
    with csv_path.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            name = row["name"].strip()
            names = [name] + [a.strip() for a in (row.get("aliases") or "").split("|") if a.strip()]
            common_word = row.get("common_word") == "1"
            patterns += [{"label": "gemeente", "pattern": _case_sensitive(n) if common_word else n, "id": name}
                         for n in names]
    return patterns


def _case_sensitive(name: str) -> list[dict]:
    """A token pattern on the exact spelling: "Best" is the municipality, "best" the word."""
    return [{"ORTH": token} for token in name.split()]


def term_patterns(terms_path: Path = TERMS_FILE) -> list[dict]:
    terms = yaml.safe_load(terms_path.read_text(encoding="utf-8"))
    return [
        {"label": label, "pattern": str(pattern), "id": entry["id"]}
        for label, entries in terms.items()
        for entry in entries
        for pattern in entry["patterns"]
    ]


def build(out_dir: Path) -> spacy.language.Language:
    import spacy

    nlp = spacy.blank("nl")
    nlp.add_pipe("lemmatizer", config={"mode": "lookup"})
    nlp.initialize()  # loads the nl lemma_lookup table from spacy-lookups-data
    # Matching on LOWER makes "Ots", "OTS" and "ots" the same term.
    ruler = nlp.add_pipe("entity_ruler", config={"phrase_matcher_attr": "LOWER", "overwrite_ents": True})
    ruler.add_patterns(term_patterns() + list(municipality_patterns()))
    nlp.meta["name"] = "wegwijzer_nl"
    nlp.meta["description"] = "Dutch tokenizer, lookup lemmatizer and domain entity ruler (built, not downloaded)"
    if out_dir.exists():
        shutil.rmtree(out_dir)
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    nlp.to_disk(out_dir)
    return nlp


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", type=Path, default=ROOT / "build" / "spacy_nl", help="output directory")
    parser.add_argument("--if-changed", action="store_true", help="skip when the inputs did not change")
    args = parser.parse_args(argv)

    wanted = inputs_hash()
    hash_path = args.out / HASH_FILE
    if args.if_changed and hash_path.exists() and hash_path.read_text() == wanted:
        print(f"==> spaCy pipeline up to date ({args.out})")
        return 0
    nlp = build(args.out)
    hash_path.write_text(wanted)
    # A trained Rasa model depends on this pipeline: force a retrain.
    for old_model in (ROOT / "models").glob("*.tar.gz"):
        old_model.unlink()
    print(f"==> built spaCy pipeline {args.out} with {len(nlp.get_pipe('entity_ruler'))} term patterns")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
