"""What makes a check faster without changing it (issue 21): spaCy's entities found while the model
embeds. (The encoder's own: tests/test_embed.py.)"""
from __future__ import annotations

import threading

from conftest import SEED_CAND, SEED_REF


def test_spacy_finds_the_names_entities_in_a_thread_while_the_model_embeds(encoder, monkeypatch):
    """With spaCy loaded, a check runs its NER over both sides' sentences in a thread of its own while
    the sentences are embedded: spaCy runs once, there, on every sentence, the names check finds the
    entities in memory, and the findings are those of the NER run by the check itself."""
    from qualcheck import ner, pipeline
    from qualcheck.pipeline import check

    def findings(rep):
        return [(f.category, f.severity, f.ref_span, f.cand_span, f.message) for f in rep.findings]

    check(SEED_REF, SEED_CAND, encoder=encoder)  # spaCy loaded, the model warm
    if not ner.loaded():
        import pytest

        pytest.skip("spaCy's pipeline is not installed here")
    real, ran = ner._spacy_entities, []

    def spy(todo):
        ran.append((threading.current_thread().name, len(todo)))
        return real(todo)

    monkeypatch.setattr(ner, "_spacy_entities", spy)
    pipeline.forget()
    ahead = check(SEED_REF, SEED_CAND, encoder=encoder)
    sentences = {ner.normalise(t)[0] for t in ahead.reference.texts + ahead.candidate.texts}
    assert ran == [("qualcheck-ner", len(sentences))]
    ran.clear()
    pipeline.forget()
    monkeypatch.setattr(pipeline, "_names_ahead", lambda *a: None)
    inline = check(SEED_REF, SEED_CAND, encoder=encoder)
    assert ran == [(threading.main_thread().name, len(sentences))]
    assert findings(ahead) == findings(inline) and any(f[0].startswith("name.") for f in findings(ahead))


def test_forget_empties_the_word_alignments_of_earlier_pairs(encoder):
    """pipeline.forget() is "as in a new process" for the benchmarks: the word alignments memoised in this
    process go too (they were kept before, so a timed second run skipped the word reading)."""
    from qualcheck import pipeline, wordalign
    from qualcheck.pipeline import check

    check(SEED_REF, SEED_CAND, encoder=encoder)
    assert wordalign._MEMORY
    pipeline.forget()
    assert not wordalign._MEMORY
