"""The MQM benchmark data (../shared/bench/mqm_ted_zhen.tsv), read once for every bench script.

For each TED talk the ``ref`` translation is the clean reference document and each MT
system's translation a candidate; segments with the same ``seg_id`` correspond.

    from mqm import load, SYSTEMS
    data = load()
    talk = data.talks["talk.2"]
    talk.ref            # [Segment(seg_id, text)] in seg_id order
    talk.systems["SMU"] # the same for one MT system (segment texts, markers stripped)
    data.mqm[("SMU", "talk.2", 84)]  # MQM score of that segment (avg over its raters; 0 = no error)
"""
from __future__ import annotations

import csv
import os
import re
import sys
from collections import defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
DEFAULT_TSV = Path(os.environ.get("QUALCHECK_MQM_TSV", ROOT.parent / "shared" / "bench" / "mqm_ted_zhen.tsv"))
CACHE_DIR = HERE / ".cache"  # on-disk embedding cache for bench runs (git-ignored)
REFERENCE_SYSTEMS = ("ref", "refB")
WEIGHTS = {"major": 5.0, "minor": 1.0, "no-error": 0.0}
_MARK = re.compile(r"</?v>")

csv.field_size_limit(sys.maxsize)


@dataclass
class Segment:
    seg_id: int
    text: str


@dataclass
class Talk:
    name: str
    ref: list[Segment] = field(default_factory=list)
    refB: list[Segment] = field(default_factory=list)  # the second human translation
    systems: dict[str, list[Segment]] = field(default_factory=dict)


@dataclass
class MQMData:
    talks: dict[str, Talk]
    mqm: dict[tuple[str, str, int], float]  # (system, talk, seg_id) -> MQM penalty (avg over raters)
    major: dict[tuple[str, str, int], bool]  # any rater marked a Major error (non-punctuation)

    @property
    def systems(self) -> list[str]:
        names = set()
        for t in self.talks.values():
            names.update(t.systems)
        return sorted(names)


def _weight(category: str, severity: str) -> float:
    sev = severity.strip().lower()
    if sev == "minor" and category.startswith("Fluency/Punctuation"):
        return 0.1
    return WEIGHTS.get(sev, 0.0)


@lru_cache(maxsize=2)
def load(path: str | os.PathLike = DEFAULT_TSV) -> MQMData:
    texts: dict[tuple[str, str], dict[int, str]] = defaultdict(dict)
    per_rater: dict[tuple[str, str, int], dict[str, float]] = defaultdict(lambda: defaultdict(float))
    major: dict[tuple[str, str, int], bool] = defaultdict(bool)
    with open(path, encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE):
            sysname, talk, seg = row["system"], row["doc"], int(row["seg_id"])
            texts[(sysname, talk)].setdefault(seg, " ".join(_MARK.sub("", row["target"]).split()))
            key = (sysname, talk, seg)
            per_rater[key][row["rater"]] += _weight(row["category"], row["severity"])
            if row["severity"].strip().lower() == "major" and not row["category"].startswith("Fluency/Punctuation"):
                major[key] = True
    talks: dict[str, Talk] = {}
    for (sysname, talk), segs in texts.items():
        t = talks.setdefault(talk, Talk(talk))
        ordered = [Segment(k, segs[k]) for k in sorted(segs)]
        if sysname == "ref":
            t.ref = ordered
        elif sysname == "refB":
            t.refB = ordered
        elif sysname not in REFERENCE_SYSTEMS:
            t.systems[sysname] = ordered
    mqm = {k: sum(v.values()) / len(v) for k, v in per_rater.items()}
    return MQMData(dict(sorted(talks.items())), mqm, dict(major))


if __name__ == "__main__":
    d = load()
    for name, t in d.talks.items():
        print(name, len(t.ref), "ref segments;", len(t.systems), "systems")


def raters(path: str | os.PathLike = DEFAULT_TSV) -> dict:
    """{(system, talk, seg_id): rater}: each segment of this file was rated by one rater."""
    import csv

    out = {}
    with open(path, encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE):
            out[(row["system"], row["doc"], int(row["seg_id"]))] = row["rater"]
    return out
