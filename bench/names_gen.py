"""Generator of mangled-name candidates for bench/names.py (deterministic: ``random.Random(seed)``).

Source text: real English, the ``ref`` translation of each TED talk of the MQM benchmark
(bench/mqm.py, one segment per line) and the news body of the seed reference
(qualcheck/data/reference_colorado_politics.txt, cleaned by qualcheck's own cleaner).

**Which words are names** is decided here *without* spaCy, so the check's own recogniser
is not its own judge: a target is a capitalised word that is not the first word of its
line or sentence, that no line of the whole corpus uses in lower case, that is not a
month/day/``I``/title, and that has at least two letters; adjacent capitalised words make
one multi-word name (``Albert Einstein``, ``Saudi Arabia``).

**Manglings** (one type per candidate document; about one name in ``RATE`` of the
document, at most one per line, every mangled form different from every word of the text):

* ``misspelled``: in one word of at least 4 letters, not the first letter: a letter dropped,
  two adjacent letters swapped, a letter replaced by a keyboard neighbour, or a neighbour
  inserted (``Einstein`` -> ``Einstien``, ``Volodymyr`` -> ``Volodymr``);
* ``case``: one word in capitals (``XI``) or in lower case (``mcdonald``); lines that are
  all capitals are skipped;
* ``variant``: a known alternative spelling when the name is in qualcheck's ``VARIANTS``
  table (``Kyiv`` -> ``Kiev``), else a transliteration change: ``y``<->``i``, a doubled
  consonant made single or a single one doubled, an accent added to a vowel, ``-sky`` ->
  ``-skiy``, ``v`` -> ``w`` (these are the rules the check knows as variants, so the
  *category* of those is not an independent test; detection is);
* ``swap``: the name replaced by another name of the same text that the line does not
  contain (any other name: a place may take a person's place; names that look like
  demonyms, ``-an``/``-ese``/``-ish``..., are not swapped, nor a name the line has twice);
* ``drop``: the name removed (with a title or ``the`` just before it), spaces tidied; not
  a name the line has twice.

A second, harder setting (``second_translations``): the candidate is not a copy of the
reference but the *other* human translation of the same talk (``refB``), mangled the same
ways on names it shares with the reference (``mangle(..., ref_lines=...)``). Wording,
sentence boundaries and some names differ between the two translations, as they do
between a reference and a real candidate.

Each mangling is recorded as a ``Truth``: type, line index, the reference name, the new
form and its character span in the candidate document.
"""
from __future__ import annotations

import random
import re
import sys
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

SEED = 11
RATE = 4  # about one name in RATE is mangled
TYPES = ("misspelled", "case", "variant", "swap", "drop")
_NOT_NAMES = set(
    """I I'm I’m OK TV Mr Mrs Ms Dr President Professor January February March April May June July
    August September October November December Monday Tuesday Wednesday Thursday Friday Saturday Sunday""".split()
)
_KEYS = "qwertyuiop asdfghjkl zxcvbnm".split()
_TITLES = {"the", "The", "Mr.", "Mrs.", "Ms.", "Dr.", "President", "Professor", "Prime", "Minister"}


def _neighbours(ch: str) -> str:
    c = ch.lower()
    for row in _KEYS:
        i = row.find(c)
        if i >= 0:
            return row[max(0, i - 1) : i] + row[i + 1 : i + 2]
    return "e"


@dataclass
class Name:
    line: int
    start: int  # offsets in the line
    end: int
    text: str


@dataclass
class Truth:
    kind: str
    line: int
    ref_form: str  # the name as the reference has it
    new_form: str  # what the candidate has instead ("" for a drop)
    start: int  # span in the candidate document (for a drop: the whole line)
    end: int


def documents() -> dict[str, list[str]]:
    """name -> lines of real English text."""
    from mqm import load

    from qualcheck.clean import clean

    docs = {name: [s.text for s in talk.ref if s.text.strip()] for name, talk in load().talks.items()}
    seed = (HERE.parent / "qualcheck" / "data" / "reference_colorado_politics.txt").read_text(encoding="utf-8")
    cleaned, _ = clean(seed, name="seed")
    lines = [" ".join(l.split()) for l in cleaned.cleaned.split("\n") if len(l.split()) >= 6]
    docs["seed.news"] = lines
    return docs


def second_translations() -> dict[str, tuple[list[str], list[str]]]:
    """talk -> (``ref`` lines, ``refB`` lines): two human translations, line by line (same seg_id)."""
    import csv

    from mqm import DEFAULT_TSV

    csv.field_size_limit(sys.maxsize)
    texts: dict[tuple[str, str], dict[int, str]] = {}
    with open(DEFAULT_TSV, encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE):
            if row["system"] in ("ref", "refB"):
                t = " ".join(re.sub(r"</?v>", "", row["target"]).split())
                texts.setdefault((row["system"], row["doc"]), {}).setdefault(int(row["seg_id"]), t)
    out = {}
    for (sysname, talk), segs in sorted(texts.items()):
        if sysname != "ref" or ("refB", talk) not in texts:
            continue
        other = texts[("refB", talk)]
        ids = [i for i in sorted(segs) if i in other and segs[i].strip() and other[i].strip()]
        out[talk] = ([segs[i] for i in ids], [other[i] for i in ids])
    return out


def lower_words(docs: dict[str, list[str]]) -> set[str]:
    out = set()
    for lines in docs.values():
        for l in lines:
            out.update(w.casefold() for w in re.findall(r"(?<![\w’'\-])[a-z][a-z’'\-]*", l))
    return out


def find_names(lines: list[str], lower: set[str]) -> list[Name]:
    out = []
    for li, line in enumerate(lines):
        if sum(c.isupper() for c in line) > 0.5 * sum(c.isalpha() for c in line):
            continue
        words = [(m.start(), m.end(), m.group(0)) for m in re.finditer(r"[A-Za-z][\w\-]*(?:’s|'s)?", line)]
        run: list[tuple[int, int, str, bool]] = []

        def close():
            if run and any(r[3] for r in run):
                out.append(Name(li, run[0][0], run[-1][1], line[run[0][0] : run[-1][1]]))

        for k, (s, e, w) in enumerate(words + [(len(line) + 1, len(line) + 1, "x")]):
            w0 = re.sub(r"(?:’s|'s)$", "", w)
            initial = k == 0 or bool(re.search(r"[.!?:“\"(]\s*$", line[: s]))
            cap = w0[:1].isupper() and not initial and w0 not in _NOT_NAMES and len(w0) >= 2
            ok = cap and w0.casefold() not in lower  # a word only ever written capitalised
            adjacent = run and line[run[-1][1] : s] == " "
            if cap and (not run or adjacent):
                run.append((s, s + len(w0), w0, ok))
                if w0 != w:  # a possessive ends the name
                    close()
                    run = []
                continue
            close()
            run = [(s, s + len(w0), w0, ok)] if cap else []
    return out


def demonym_like(name: str) -> bool:
    return bool(re.search(r"(?:an|ans|ese|ish|ic|ian|ians|i)$", name)) and " " not in name


def _misspell(word: str, rng: random.Random) -> str:
    i = rng.randrange(1, len(word))
    how = rng.choice(["drop", "swap", "replace", "insert"])
    if how == "drop":
        return word[:i] + word[i + 1 :]
    if how == "swap" and i < len(word) - 1 and word[i] != word[i + 1]:
        return word[:i] + word[i + 1] + word[i] + word[i + 2 :]
    if how == "insert":
        return word[:i] + rng.choice(_neighbours(word[i])) + word[i:]
    return word[:i] + rng.choice(_neighbours(word[i])) + word[i + 1 :]


def _case(word: str, rng: random.Random) -> str:
    if word.isupper():
        return word.lower() if rng.random() < 0.5 else word.capitalize()
    return word.upper() if rng.random() < 0.5 else word.lower()


def _variant(name: str, rng: random.Random) -> str:
    from qualcheck.checks.names import VARIANTS, compact

    for group in VARIANTS:
        for form in group:
            if compact(form) == compact(name):
                others = [g for g in group if compact(g) != compact(name)]
                return rng.choice(others)
    words = name.split()
    k = max(range(len(words)), key=lambda i: len(words[i]))
    w = words[k]
    options = []
    if w.endswith("y") and len(w) >= 4:
        options.append(w[:-1] + "i")
    if w.endswith("sky"):
        options.append(w[:-3] + "skiy")
    if w.endswith("i") and len(w) >= 4:
        options.append(w[:-1] + "y")
    for m in re.finditer(r"([bcdfglmnprst])\1", w):
        options.append(w[: m.start()] + w[m.start() + 1 :])
    for m in re.finditer(r"(?<=[aeiou])([lnrst])(?=[aeiou])", w):
        options.append(w[: m.start()] + m.group(1) * 2 + w[m.end() :])
    for m in re.finditer(r"(?<=\w)[aeiou]", w):
        options.append(w[: m.start()] + {"a": "á", "e": "é", "i": "í", "o": "ö", "u": "ü"}[m.group(0)] + w[m.end() :])
    if "v" in w[1:]:
        options.append(w[0] + w[1:].replace("v", "w", 1))
    if not options:
        return ""
    words[k] = rng.choice(options)
    return " ".join(words)


def _has(text: str, name: str) -> bool:
    return re.search(r"(?<![\w\-])" + re.escape(name) + r"(?![\w\-])", text) is not None


def mangle(lines: list[str], kind: str, lower: set[str], rng: random.Random,
           ref_lines: list[str] | None = None) -> tuple[list[str], list[Truth]]:
    """A copy of ``lines`` with names mangled the ``kind`` way; the truth of each mangling.

    With ``ref_lines`` (the reference, line by line: ``lines`` is another translation of
    it), only names that the reference has are mangled: anywhere in it for misspelled,
    case and variant; on the same line for swap and drop (else there is nothing to find).
    """
    names = find_names(lines, lower)
    if ref_lines is not None:
        whole = "\n".join(ref_lines)
        if kind in ("swap", "drop"):
            names = [n for n in names if _has(ref_lines[n.line], n.text)]
        else:
            names = [n for n in names if _has(whole, n.text)]
    vocab = {w.casefold() for l in lines for w in re.findall(r"[\w\-]+", l)}
    distinct = sorted({n.text for n in names})
    by_line: dict[int, list[Name]] = {}
    for n in names:
        by_line.setdefault(n.line, []).append(n)
    out = list(lines)
    picks: list[tuple[Name, str, int, int]] = []  # name, new text, start/end in the line of what is replaced
    for li in sorted(by_line):
        if rng.random() > min(1.0, len(by_line[li]) / RATE):
            continue
        n = rng.choice(by_line[li])
        line = lines[li]
        start, end, new = n.start, n.end, None
        if kind in ("misspelled", "case"):
            words = [(m.start(), m.end()) for m in re.finditer(r"\S+", n.text)]
            ws, we = rng.choice(words)
            w = n.text[ws:we]
            if kind == "misspelled":
                if len(w) < 4:
                    continue
                nw = _misspell(w, rng)
            else:
                nw = _case(w, rng)
            if nw == w or nw.casefold() in vocab and kind == "misspelled":
                continue
            new = n.text[:ws] + nw + n.text[we:]
        elif kind == "variant":
            new = _variant(n.text, rng)
            if not new or new.casefold() in vocab:
                continue
        elif kind == "swap":
            if demonym_like(n.text) or line.count(n.text) > 1:
                continue
            others = [d for d in distinct if d != n.text and d not in line and not set(d.split()) & set(n.text.split())
                      and not demonym_like(d) and (ref_lines is None or not _has(ref_lines[n.line], d))]
            if not others:
                continue
            new = rng.choice(others)
        elif kind == "drop":
            if line.count(n.text) > 1:
                continue
            m = re.search(r"(?:(?:the|The|Mr\.|Mrs\.|Ms\.|Dr\.|President|Professor)\s+)?$", line[:start])
            start = m.start() if m and m.group(0) else start
            new = ""
        picks.append((n, new, start, end))
    truths = []
    for n, new, start, end in picks:
        line = out[n.line]
        new_line = line[:start] + new + line[end:]
        if kind == "drop":
            new_line = re.sub(r"\s{2,}", " ", new_line).replace(" ,", ",").replace(" .", ".").strip()
            if new_line[:1].islower():
                new_line = new_line[0].upper() + new_line[1:]
        out[n.line] = new_line
        truths.append(Truth(kind, n.line, n.text, new, start, start + len(new)))
    # offsets in the candidate document (lines joined with "\n")
    offsets, pos = [], 0
    for l in out:
        offsets.append(pos)
        pos += len(l) + 1
    for t in truths:
        if t.kind == "drop":
            t.start, t.end = offsets[t.line], offsets[t.line] + len(out[t.line])
        else:
            t.start += offsets[t.line]
            t.end += offsets[t.line]
    return out, truths


if __name__ == "__main__":
    docs = documents()
    lower = lower_words(docs)
    rng = random.Random(SEED)
    for name, lines in docs.items():
        names = find_names(lines, lower)
        print(name, len(lines), "lines,", len(names), "names:", ", ".join(sorted({n.text for n in names})[:40]))
    for kind in TYPES:
        _, truths = mangle(docs["seed.news"], kind, lower, rng)
        for t in truths[:4]:
            print(kind, repr(t.ref_form), "->", repr(t.new_form))
