"""bench/misses.py: what counts as a Major-Accuracy hit and a No-error flag, and the verbatim frame of a substitution."""
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))

from misses import _frame, rates  # noqa: E402

from qualcheck import wordalign as W  # noqa: E402
from qualcheck.checks.wordpairs import substitutions  # noqa: E402

# MQM TED talk.5 seg 353, metricsystem3 (marked Major Accuracy/Mistranslation on `contact`)
REF = "As an artist, connection is very important to me."
CAND = "As an artist, contact is very important to me."


def _row(seg, cat, sev, local, segs=None):
    return {"talk": "talk.5", "system": "S", "category": cat, "severity": sev, "segs": segs or [seg],
            "local": [(seg, a, b) for a, b in local]}


def test_a_hit_needs_a_finding_over_the_marked_span_and_a_flag_any_finding_on_a_clean_segment():
    acc = {("S", "talk.5", 1): [(14, 21, "Accuracy/Mistranslation")], ("S", "talk.5", 2): [(14, 21, "Accuracy/Mistranslation")]}
    clean = {("S", "talk.5", 3), ("S", "talk.5", 4)}
    rows = [
        _row(1, "mistranslation", "minor", [(14, 21)]),  # on the mark: a hit
        _row(2, "addition.partial", "minor", [(0, 5)]),  # on the segment, off the mark: no hit
        _row(3, "omission.partial", "minor", [], segs=[3]),  # a one-side finding with no place still flags the segment
        {"talk": "talk.5", "system": "S", "category": "", "severity": "", "segs": [], "local": [], "all_segs": [1, 2, 3, 4]},
    ]
    r, _ = rates(rows, acc, clean)
    assert (r["n_acc"], r["hit_minor"], r["hit_major"]) == (2, 1, 0)
    assert (r["n_ok"], r["flag_minor"], r["flag_major"]) == (2, 1, 0)
    assert r["by_rater_category"]["Accuracy/Mistranslation"] == [2, 1]
    r, _ = rates(rows, acc, clean, keep=lambda c: c != "mistranslation")
    assert r["hit_minor"] == 0


def test_a_word_changed_inside_a_verbatim_frame(encoder):
    wa = W.align_pairs([(REF, CAND)], encoder)[0]
    subs = substitutions(wa)
    assert [(wa.ref_words[i].text, wa.cand_words[j].text) for i, j in subs] == [("connection", "contact")]
    i, j = subs[0]
    assert _frame(wa, i, j)  # `artist ,` before and `is` after are the same words on both sides
    # reworded around the word: no verbatim frame
    wb = W.align_pairs([(REF, "For me as an artist, contact matters a great deal.")], encoder)[0]
    assert not any(_frame(wb, i, j) for i, j in substitutions(wb))
