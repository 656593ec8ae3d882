"""The place of a dropped (added) run on the other side (checks/partial.py ``_place``): omission.partial's
candidate span and addition.partial's reference span point where the words belonged, from the pair's word
alignment. Real model, the seed story's sentences."""
from conftest import SEED_CAND, SEED_REF  # noqa: F401  (the seed pair, via the seed_report fixture)

from qualcheck import check
from qualcheck.checks.partial import _place
from qualcheck.checks.wordtools import tokens
from qualcheck.report import htmlfmt, markdown
from qualcheck.wordalign import WordAlignment

CHECKS = ["omission.partial", "addition.partial", "mistranslation"]

TOLD = ("Chinese President Xi Jinping told his Russian counterpart Vladimir Putin that their two nations “cannot be "
        "moved away” from each other as the United States under President Donald Trump restarts relations with "
        "Moscow.")
SUPPLY = ("Since then, China has continued to supply Russia’s war machine by purchasing oil and exports of "
          "dual-use technologies.")
KREMLIN = ("The Kremlin described the call as “warm and friendly” but did not provide further commitments to its "
           "relationship with China, as Xi did.")


def _one(report, category):
    hits = [f for f in report.findings if f.category == category]
    assert len(hits) == 1, [(f.category, f.message) for f in report.findings]
    return hits[0]


def _text(doc, span):
    return doc.original[span[0] : span[1]]


def test_a_run_dropped_mid_sentence_points_between_its_neighbours(encoder):
    """Nothing stands in the dropped words' place: the span is the two neighbours' counterparts, the seam."""
    cand = TOLD.replace(" under President Donald Trump", "")
    report = check(TOLD, cand, encoder=encoder, checks=CHECKS)
    f = _one(report, "omission.partial")
    assert _text(report.reference, f.ref_span) == "President Donald Trump"
    assert _text(report.candidate, f.cand_span) == "States restarts"


def test_a_run_dropped_at_the_end_points_at_its_last_neighbour(encoder):
    report = check(SUPPLY, "Since then, China has continued to supply Russia’s war machine.", encoder=encoder,
                   checks=CHECKS)
    f = _one(report, "omission.partial")
    assert _text(report.candidate, f.cand_span) == "machine"


def test_an_added_run_points_at_its_place_in_the_reference(encoder):
    cand = KREMLIN.replace("as Xi did.", "as Xi did during the talks on energy deals in Beijing last week.")
    report = check(KREMLIN, cand, encoder=encoder, checks=CHECKS)
    f = _one(report, "addition.partial")
    assert "energy deals" in _text(report.candidate, f.cand_span)
    assert _text(report.reference, f.ref_span) == "did"


def test_seed_pair_places(seed_report):
    """The seed story: the words each run stands in for on the other side (reworded there, not dropped whole)."""
    ref, cand = seed_report.reference, seed_report.candidate
    by = {(f.category, f.ref_text if f.category == "omission.partial" else f.cand_text): f
          for f in seed_report.findings if f.category in ("omission.partial", "addition.partial")}
    # `blamed Ukraine for the war despite the fact Russia invaded` / `accused Ukraine of inciting Russian invasions`
    assert _text(cand, by[("omission.partial", "war despite the fact")].cand_span) == "of inciting"
    # `China’s state news agency Xinhua` / `the media`
    assert _text(cand, by[("omission.partial", "agency Xinhua")].cand_span) == "media"
    # `The Kremlin described the call` / `The Kremlin issued an equally heartfelt statement after the call`
    assert _text(ref, by[("addition.partial", "issued an equally heartfelt statement")].ref_span) == "described"
    # the message, the texts and so the id stay those of the run: only the other side's span is pinpointed
    f = by[("omission.partial", "war despite the fact")]
    assert f.cand_text.startswith("Trump has accused Ukraine") and "drops ‘war despite the fact’" in f.message


def test_seed_html_outlines_the_place(seed_report):
    html = htmlfmt.render(seed_report)
    fid = next(f.id for f in seed_report.findings
               if f.category == "addition.partial" and f.cand_text == "issued an equally heartfelt statement")
    assert f'<mark class="place" data-fids="{fid}" data-on="minor">described</mark>' in html


def test_seed_markdown_italicises_the_place(seed_report):
    """The Markdown report shows the place as the HTML does: the dropped words in bold on the reference, where
    they belonged in italics on the candidate (a whole sentence is context, not a place)."""
    md = markdown.render(seed_report)
    fid = next(f.id for f in seed_report.findings
               if f.category == "omission.partial" and f.ref_text == "agency Xinhua")
    block = md[md.index(f"`{fid}`"):]
    block = block[: block.index("\n**", 1)]
    ref_line = next(line for line in block.splitlines() if line.startswith("> **Reference"))
    cand_line = next(line for line in block.splitlines() if line.startswith("> **Candidate"))
    assert "**agency Xinhua**" in ref_line and "the *media*." in cand_line
    # a finding whose other side is a whole sentence has no place: nothing in italics there
    whole = next(f for f in seed_report.findings if f.category == "omission.partial" and f.ref_text == "Russia")
    block = md[md.index(f"`{whole.id}`"):]
    cand_line = next(line for line in block.splitlines() if line.startswith("> **Candidate"))
    assert "*" not in cand_line.split(":**", 1)[1]


def _wa(ref, cand, pairs):
    return WordAlignment(ref, cand, tokens(ref), tokens(cand), [(i, j, 1.0, "same") for i, j in pairs])


def test_no_place_when_the_neighbours_cross_or_stand_far_apart():
    ref = "alpha beta gamma delta epsilon zeta"
    # the run `gamma delta` (words 2-3): neighbours `beta` (1) and `epsilon` (4)
    start, end = ref.index("gamma"), ref.index("delta") + len("delta")
    cand = "beta one alpha epsilon"
    assert _place(_wa(ref, cand, [(1, 0), (4, 3)]), "reference", start, end) == (cand.index("one"),
                                                                                 cand.index("alpha") + 5)
    crossed = "epsilon one beta"
    assert _place(_wa(ref, crossed, [(1, 2), (4, 0)]), "reference", start, end) is None
    far = "beta " + "one " * 7 + "epsilon"
    assert _place(_wa(ref, far, [(1, 0), (4, 8)]), "reference", start, end) is None
    assert _place(_wa(ref, "one two", []), "reference", start, end) is None
