"""What the names check's proper-noun reading costs beside spaCy's NER (branch names2).

The names check runs spaCy's NER on every sentence; a capitalised run the NER leaves untagged is read by spaCy's tagger
(``qualcheck.ner.proper_nouns``) to say whether it counts as a name, on those sentences only (and, for a run opening a
sentence, the sentence with that word in lower case). Both are disk-cached after the first run; this times them cold,
in one process, over the sentences of each MQM talk's reference and one system.

    python bench/names_cost.py
"""
from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from mqm import load  # noqa: E402

from qualcheck import ner  # noqa: E402
from qualcheck.checks import names as N  # noqa: E402
from qualcheck.segment import split_paragraph  # noqa: E402


def main() -> int:
    data = load()
    texts = []
    for talk in data.talks.values():
        for segs in (talk.ref, talk.systems[sorted(talk.systems)[0]]):
            for sg in segs:
                texts += [sg.text[a:b] for a, b in split_paragraph(sg.text)]
    texts = list(dict.fromkeys(texts))
    ner._spacy_entities(texts[:20])  # loads the model: not timed
    ner._spacy_proper(texts[:20])
    t0 = time.perf_counter()
    ner._spacy_entities(texts)
    t_ner = time.perf_counter() - t0
    mentions, _, _ = ner.find_names(texts)
    todo = []
    for t, ms in zip(texts, mentions):
        for m in ms:
            if m.source != "spacy":
                todo.append(t)
                if N._starts_sentence(t, m.start):
                    todo.append(N._lowered(t, m.start))
    todo = list(dict.fromkeys(todo))
    t0 = time.perf_counter()
    ner._spacy_proper(todo)
    t_tag = time.perf_counter() - t0
    print(f"{len(texts)} sentences ({len(data.talks)} talks: reference + one system)")
    print(f"| spaCy NER on every sentence (cold) | {t_ner:.2f} s |")
    print(f"| tagger on the {len(todo)} texts with an untagged capitalised run (cold) | {t_tag:.2f} s |")
    print(f"| ratio | {t_tag / t_ner:.2f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
