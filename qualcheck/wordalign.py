"""Word-level alignment of an aligned sentence pair: which words of each side the other side carries.

Every word of both texts gets a contextual vector: the encoder's own transformer (the one the
sentence embeddings come from) run once per text, its word-piece vectors averaged over each word
(``word_vectors``; the alignment of each pair, not the vectors, is kept in the disk cache). The words are then
matched in the manner of SimAlign's ``ArgMax`` and BERTScore's greedy matching:

1. the same word (same stem, or a spelling variant: ``neighbors``/``neighbours``) pairs first,
   nearest position first;
2. the remaining words pair where each is the other's most similar word (mutual argmax of the
   cosine of the contextual vectors) and the cosine is at least ``MUTUAL_MIN``;
3. what is left pairs greedily, most similar first, at cosine ``GREEDY_MIN`` or above, or at a
   rapidfuzz spelling ratio of at least ``SPELLING_MIN`` (a misspelt word keeps its counterpart).

Every content word of each side is then matched or left over (``WordAlignment.ref_left`` /
``cand_left``): the checks read dropped qualifiers and clauses (``omission.partial``), added content
(``addition.partial``) and matched pairs whose meaning differs (``mistranslation``) off it, and
``features`` gives the pair's meaning score its word-level evidence (BERTScore-like precision /
recall / F over the contextual vectors, the share of content left over on each side, the longest
left-over run, dropped qualifiers).

``qualcheck.scoring.pair_meaning(pairs, encoder)`` is the one function other checks call for a pair's
probability of meaning the same (the calibrated model over the sentence and these word features).
"""
from __future__ import annotations

import logging
import re
import threading
import warnings
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Optional, Sequence

import numpy as np
from rapidfuzz import fuzz

from .checks import wordtools
from .checks.wordtools import STOPWORDS, Tok, stem, tokens
from .cache import annotate, code_digest, store_of

MUTUAL_MIN = 0.45  # cosine of two contextual word vectors that are each other's best match
GREEDY_MIN = 0.6  # cosine for a greedy (not mutual) match of what is left
SPELLING_MIN = 85.0  # rapidfuzz ratio: a misspelling of the other side's word

# words that qualify a claim: dropping one changes what the sentence asserts
QUALIFIERS = {
    "nearly": "quantity", "almost": "quantity", "approximately": "quantity", "roughly": "quantity",
    "around": "quantity", "about": "quantity", "least": "quantity", "most": "quantity", "only": "quantity",
    "just": "quantity", "over": "quantity", "under": "quantity", "more": "quantity", "less": "quantity",
    "fewer": "quantity", "up": "quantity",
    "alleged": "certainty", "allegedly": "certainty", "reportedly": "certainty", "apparently": "certainty",
    "suspected": "certainty", "purported": "certainty", "purportedly": "certainty", "possibly": "certainty",
    "possible": "certainty", "probably": "certainty", "probable": "certainty", "likely": "certainty",
    "unlikely": "certainty", "may": "certainty", "might": "certainty", "could": "certainty",
    "perhaps": "certainty", "maybe": "certainty", "presumably": "certainty", "unconfirmed": "certainty",
    "claimed": "certainty", "seemingly": "certainty",
}
# multi-word qualifiers, reported as one: (words, kind)
_PHRASES = [(("at", "least"), "quantity"), (("at", "most"), "quantity"), (("more", "than"), "quantity"),
            (("less", "than"), "quantity"), (("fewer", "than"), "quantity"), (("up", "to"), "quantity"),
            (("as", "many", "as"), "quantity"), (("no", "more", "than"), "quantity")]
# a qualifier word that is one only inside a phrase (alone it is an ordinary preposition or adverb)
_PHRASE_ONLY = {"least", "most", "more", "less", "fewer", "up", "over", "under", "about", "around", "just", "could",
                "may", "might"}
# approximators: one carries another (`roughly an hour` / `about an hour`; `almost 10 years` / `about 10 years`)
APPROXIMATORS = frozenset({"nearly", "almost", "approximately", "roughly", "around", "about"})
_NEGATIONS = {"not", "no", "never", "n't", "nor", "none", "nobody", "nothing", "without", "cannot"}

_SPELLING_RE = [(re.compile(p), r) for p, r in [(r"our\b", "or"), (r"is(e|ed|ing|ation)\b", r"iz\1"),
                                                 (r"tre\b", "ter"), (r"ll", "l"), (r"ogue\b", "og"),
                                                 (r"-", ""), (r"’", "'")]]


@lru_cache(maxsize=1 << 16)
def spelling_key(w: str) -> str:
    w = w.casefold()
    for pat, rep in _SPELLING_RE:
        w = pat.sub(rep, w)
    return stem(w)


def is_content(t: Tok) -> bool:
    """A word that carries content: not a stop word or punctuation-like token."""
    low = t.low
    return (low not in STOPWORDS and len(t.text) > 1) or any(ch.isdigit() for ch in t.text)


# ---------------------------------------------------------------- contextual word vectors


class _Reader:
    """The encoder's torch transformer, run for its token vectors (loaded on first use only; the ONNX
    engine gives them from its own graph instead)."""

    _lock = threading.Lock()
    _models: dict[str, object] = {}

    @classmethod
    def model(cls, encoder):
        while not hasattr(encoder, "path") and getattr(encoder, "encoder", None) is not None:
            encoder = encoder.encoder  # a wrapper (the batch's pooled encoder): the Encoder inside
        key = str(getattr(encoder, "path", "")) or getattr(encoder, "name", "")
        with cls._lock:
            m = cls._models.get(key)
            if m is None:
                backend = getattr(encoder, "_backend", None)
                m = getattr(backend, "model", None)  # the torch backend's SentenceTransformer, if loaded
                if m is None or not hasattr(m, "tokenizer"):
                    logging.getLogger("sentence_transformers").setLevel(logging.ERROR)
                    logging.getLogger("transformers").setLevel(logging.ERROR)
                    with warnings.catch_warnings():
                        warnings.simplefilter("ignore")
                        from sentence_transformers import SentenceTransformer

                        m = SentenceTransformer(str(encoder.path), device="cpu")
                cls._models[key] = m
            return m


def _inner(encoder):
    """The ``Encoder`` inside a wrapper (the batch's pooled encoder), or ``encoder`` itself."""
    while encoder is not None and not hasattr(encoder, "backend_name") and getattr(encoder, "encoder", None):
        encoder = encoder.encoder
    return encoder


def _onnx(encoder) -> bool:
    return getattr(encoder, "backend_name", "") == "onnx"


def can_read(encoder) -> bool:
    """Whether the word alignment runs with this encoder: a torch model, or an ONNX export whose graph
    gives the token vectors too (every export built by this version: an older one is rebuilt when the
    encoder loads). Never loads the model."""
    encoder = _inner(encoder)
    if encoder is None:
        return False
    if not _onnx(encoder):
        return True
    backend = getattr(encoder, "_backend", None)
    if backend is not None:
        return bool(getattr(backend, "has_token_vectors", False))
    return True  # loading it builds (or rebuilds) the export with its token vectors (embed.Encoder.load)


def _pool(text: str, h: np.ndarray, offsets) -> np.ndarray:
    """One normalised row per word of ``tokens(text)``: the mean of the vectors ``h`` of its word pieces,
    a piece going to the first word its character ``offsets`` overlap ((0, 0): [CLS] / [SEP], skipped)."""
    words = tokens(text)
    vecs = np.zeros((len(words), h.shape[-1]), dtype=np.float32)
    starts = np.array([w.start for w in words])
    ends = np.array([w.end for w in words])
    for p, (a, b) in enumerate(offsets):
        if b <= a:
            continue
        w = np.nonzero((starts < b) & (a < ends))[0]
        if len(w):
            vecs[w[0]] += h[p]
    norms = np.linalg.norm(vecs, axis=1, keepdims=True)
    return vecs / np.maximum(norms, 1e-9)


def _token_vectors_torch(batch: list[str], encoder) -> list[tuple[np.ndarray, list]]:
    """Per text, (tokens x dim last hidden state, token offsets), padding cut off: the torch model."""
    import torch

    model = _Reader.model(encoder)
    enc = model.tokenizer(batch, padding=True, truncation=True, max_length=model.max_seq_length,
                          return_offsets_mapping=True, return_tensors="pt")
    offsets = enc.pop("offset_mapping").numpy()
    with torch.no_grad():
        h = model[0].auto_model(**{k: v for k, v in enc.items()}).last_hidden_state.numpy()
    mask = enc["attention_mask"].numpy()
    return [(h[r, mask[r] > 0], [tuple(o) for o in offsets[r][mask[r] > 0]]) for r in range(len(batch))]


def _word_vectors_uncached(texts: list[str], encoder) -> list[np.ndarray]:
    """Per text, one normalised row per word of ``tokens(text)``: the mean of its word pieces' vectors.
    The pieces' vectors come from the ONNX export's second output (``token_vectors``) on the default
    engine, from the torch model otherwise; the averaging over words is the same code for both."""
    encoder = _inner(encoder)
    backend = encoder.load() if _onnx(encoder) and hasattr(encoder, "load") else None
    out: list[Optional[np.ndarray]] = [None] * len(texts)
    # the texts the sentence pass already ran give their token vectors from that run (embed.Encoder)
    kept = encoder.take_token_vectors(texts) if backend is not None and hasattr(encoder, "take_token_vectors") else {}
    for j, t in enumerate(texts):
        if t in kept:
            out[j] = _pool(t, *kept[t])
    order = sorted((k for k in range(len(texts)) if out[k] is None), key=lambda k: len(texts[k]))
    if backend is not None:  # the ONNX backend batches the rest by token count itself
        for j, (h, offsets) in zip(order, backend.token_vectors([texts[j] for j in order]) if order else []):
            out[j] = _pool(texts[j], h, offsets)
        return out  # type: ignore[return-value]
    i = 0
    budget = 16 * 160
    while i < len(order):
        k = 1
        while i + k < len(order) and k < 64 and (k + 1) * len(texts[order[i + k]]) <= budget:
            k += 1
        idx = order[i : i + k]
        batch = [texts[j] for j in idx]
        for j, (h, offsets) in zip(idx, _token_vectors_torch(batch, encoder)):
            out[j] = _pool(texts[j], h, offsets)
        i += k
    return out  # type: ignore[return-value]


def word_vectors(texts: Sequence[str], encoder) -> list[np.ndarray]:
    """Contextual word vectors of ``texts`` (one normalised row per word of ``tokens(text)``). Not kept:
    30 words x 384 floats a sentence would make the disk cache 40 times larger than the sentence
    embeddings; what is kept is the alignment each pair gives (``align_pairs``)."""
    uniq = list(dict.fromkeys(texts))
    got = dict(zip(uniq, _word_vectors_uncached(uniq, encoder))) if uniq else {}
    return [got[t] for t in texts]


# ---------------------------------------------------------------- matching


@dataclass
class WordAlignment:
    ref: str
    cand: str
    ref_words: tuple[Tok, ...]
    cand_words: tuple[Tok, ...]
    pairs: list[tuple[int, int, float, str]] = field(default_factory=list)  # (ref i, cand j, cosine, how)
    sim: Optional[np.ndarray] = None  # contextual cosine, ref words x cand words (None when read back)
    feature_row: Optional[list] = None  # ``features`` of the pair (kept with the alignment)

    @property
    def ref_matched(self) -> set[int]:
        return {i for i, _, _, _ in self.pairs}

    @property
    def cand_matched(self) -> set[int]:
        return {j for _, j, _, _ in self.pairs}

    def ref_left(self) -> list[int]:
        m = self.ref_matched
        return [i for i, t in enumerate(self.ref_words) if i not in m and is_content(t)]

    def cand_left(self) -> list[int]:
        m = self.cand_matched
        return [j for j, t in enumerate(self.cand_words) if j not in m and is_content(t)]

    def own_left(self, side: str) -> list[int]:
        """The left-over content words of ``side`` ("reference" / "candidate") that the other side never says: its
        own content. A left-over extra mention of a word the other side says (`universe` twice for one) is a repeat,
        not something said otherwise."""
        words, other, left = ((self.ref_words, self.cand_words, self.ref_left()) if side == "reference"
                              else (self.cand_words, self.ref_words, self.cand_left()))
        said = {spelling_key(t.text) for t in other}
        return [k for k in left if spelling_key(words[k].text) not in said]


def align_words(ref: str, cand: str, vr: np.ndarray, vc: np.ndarray) -> WordAlignment:
    """Match the words of ``ref`` and ``cand`` given their contextual word vectors (rows of ``tokens``)."""
    rw, cw = tokens(ref), tokens(cand)
    wa = WordAlignment(ref, cand, rw, cw)
    if not rw or not cw:
        wa.sim = np.zeros((len(rw), len(cw)), np.float32)
        return wa
    sim = vr @ vc.T
    wa.sim = sim
    used_r, used_c = set(), set()
    # 1. the same word (stem or spelling variant): a word said once on each side first; then each mention of a
    # word said more than once goes to the mention nearest where its neighbours' matches put it (`we see red,
    # green and blue and see that spectrum` / `we see red`: the first `see`, between `we` and `red`), one-to-one
    keys_r: dict[str, list[int]] = {}
    keys_c: dict[str, list[int]] = {}
    for i, t in enumerate(rw):
        keys_r.setdefault(spelling_key(t.text), []).append(i)
    for j, t in enumerate(cw):
        keys_c.setdefault(spelling_key(t.text), []).append(j)
    cands = []
    for k, ii in keys_r.items():
        for i in ii:
            for j in keys_c.get(k, ()):
                cands.append((abs(i / len(rw) - j / len(cw)) - 0.01 * sim[i, j], i, j))
    once = [(d, i, j) for d, i, j in cands if len(keys_r[spelling_key(rw[i].text)]) == 1
            and len(keys_c[spelling_key(rw[i].text)]) == 1]
    for _, i, j in sorted(once):
        used_r.add(i)
        used_c.add(j)
        wa.pairs.append((i, j, float(sim[i, j]), "same"))
    anchors = sorted((i, j) for i, j, _, _ in wa.pairs)

    def expected(i: int) -> float:
        """Where the candidate says reference word ``i``, by its nearest anchored neighbour (else by position)."""
        near = min(((abs(i - a), b + (i - a)) for a, b in anchors), default=None)
        return i / len(rw) * len(cw) if near is None else near[1]

    rest = sorted((abs(j - expected(i)) / len(cw) - 0.01 * sim[i, j], i, j) for _, i, j in cands
                  if i not in used_r and j not in used_c)
    for _, i, j in rest:
        if i not in used_r and j not in used_c:
            used_r.add(i)
            used_c.add(j)
            wa.pairs.append((i, j, float(sim[i, j]), "same"))
    # 2. mutual argmax over what is left
    ri = [i for i in range(len(rw)) if i not in used_r]
    cj = [j for j in range(len(cw)) if j not in used_c]
    if ri and cj:
        sub = sim[np.ix_(ri, cj)]
        best_c = sub.argmax(1)
        best_r = sub.argmax(0)
        for a, b in enumerate(best_c):
            if best_r[b] == a and sub[a, b] >= MUTUAL_MIN:
                i, j = ri[a], cj[b]
                used_r.add(i)
                used_c.add(j)
                wa.pairs.append((i, j, float(sub[a, b]), "context"))
    # 3. greedy over the rest: similar in context, or a misspelling
    ri = [i for i in range(len(rw)) if i not in used_r]
    cj = [j for j in range(len(cw)) if j not in used_c]
    if ri and cj:
        order = []
        for i in ri:
            for j in cj:
                s = float(sim[i, j])
                if s >= GREEDY_MIN:
                    order.append((s, i, j, "context"))
                elif min(len(rw[i].text), len(cw[j].text)) >= 4 and \
                        fuzz.ratio(rw[i].low, cw[j].low) >= SPELLING_MIN:
                    order.append((s + 1.0, i, j, "spelling"))
        for s, i, j, how in sorted(order, reverse=True):
            if i not in used_r and j not in used_c:
                used_r.add(i)
                used_c.add(j)
                wa.pairs.append((i, j, float(sim[i, j]), how))
    wa.pairs.sort()
    return wa


@lru_cache(maxsize=1)
def _kind() -> str:
    return f"wordalign {code_digest(__file__, wordtools.__file__)}"


_MEMORY: dict[str, dict] = {}  # key -> what the disk cache keeps of one pair's alignment
_MEMORY_MAX = 20000


def forget() -> None:
    """Empty this process's memory of earlier pairs' alignments (the disk cache is not touched)."""
    _MEMORY.clear()
CHUNK = 256  # pairs whose texts run through the transformer together


def _compute(keys: list[str], by_key: dict, encoder) -> dict[str, dict]:
    out: dict[str, dict] = {}
    for k0 in range(0, len(keys), CHUNK):
        chunk = keys[k0 : k0 + CHUNK]
        texts = list(dict.fromkeys(t for k in chunk for t in by_key[k]))
        vecs = dict(zip(texts, word_vectors(texts, encoder)))
        for k in chunk:
            r, c = by_key[k]
            wa = align_words(r, c, vecs[r], vecs[c])
            out[k] = {"pairs": [[i, j, round(s, 4), how] for i, j, s, how in wa.pairs], "features": features(wa)}
    return out


def align_pairs(pairs: Sequence[tuple[str, str]], encoder) -> list[WordAlignment]:
    """``align_words`` for many (reference, candidate) pairs: the texts not seen before run through the
    transformer in batches; each pair's alignment and features are kept in memory and in the encoder's
    disk cache (keyed by the encoder, both texts and this code's hash), so a re-checked story reads
    them back without loading torch. ``WordAlignment.sim`` is None for a pair read back."""
    if not pairs:
        return []
    name = getattr(encoder, "name", "")
    keys = [f"{name}\x00{r}\x00{c}" for r, c in pairs]
    by_key = dict(zip(keys, pairs))
    todo = [k for k in dict.fromkeys(keys) if k not in _MEMORY]
    got: dict[str, dict] = {}
    for k0 in range(0, len(todo), 4 * CHUNK):  # stored as it goes: a long run cut short keeps what it did
        got.update(annotate(store_of(encoder), _kind(), todo[k0 : k0 + 4 * CHUNK],
                            lambda ks: _compute(ks, by_key, encoder)))
    if len(_MEMORY) + len(got) > _MEMORY_MAX:
        _MEMORY.clear()
    _MEMORY.update(got)
    out = []
    for k, (r, c) in zip(keys, pairs):
        d = got.get(k) or _MEMORY[k]
        wa = WordAlignment(r, c, tokens(r), tokens(c), [(i, j, s, how) for i, j, s, how in d["pairs"]])
        wa.feature_row = list(d["features"])
        out.append(wa)
    return out


# ---------------------------------------------------------------- what is left over, as an editor reads it


@dataclass
class Gap:
    """A run of left-over words on one side: a dropped (or added) clause, qualifier or name."""

    side: str  # "reference" (omitted from the candidate) or "candidate" (added)
    start: int  # character offsets in that side's text
    end: int
    text: str
    content: int  # content words in it
    qualifier: str = ""  # "quantity" / "certainty" when the run is (or holds) a qualifier
    names: list[str] = field(default_factory=list)
    also: list[str] = field(default_factory=list)  # the pair's other left-over runs, when this one speaks for them


def _qualifier_spans(words: Sequence[Tok]) -> dict[int, tuple[int, str]]:
    """{first word index: (last word index, kind)} of the qualifiers of a text (phrases first)."""
    out: dict[int, tuple[int, str]] = {}
    lows = [w.low for w in words]
    taken: set[int] = set()
    for phrase, kind in sorted(_PHRASES, key=lambda p: -len(p[0])):
        n = len(phrase)
        for i in range(len(lows) - n + 1):
            if tuple(lows[i : i + n]) == phrase and not taken.intersection(range(i, i + n)):
                out[i] = (i + n - 1, kind)
                taken.update(range(i, i + n))
    for i, low in enumerate(lows):
        if i in taken or low not in QUALIFIERS or low in _PHRASE_ONLY:
            continue
        out[i] = (i, QUALIFIERS[low])
    return out


_NUMBER_WORDS = frozenset("""a an one two three four five six seven eight nine ten eleven twelve fifteen twenty thirty
forty fifty sixty seventy eighty ninety hundred hundreds thousand thousands million millions billion billions half
dozen dozens""".split())


# words that say a figure is not exact without bounding it: one of them before a figure stands for another
# (`almost 30` / `nearly 30` / `some 30`); a bound (`at least`, `more than`, `up to`) is not one of them.
# `some` is one only before a figure (APPROXIMATORS, counted anywhere, leaves it out)
_FIGURE_APPROXIMATORS = APPROXIMATORS | {"some"}


def _approximates(words: Sequence[Tok]) -> bool:
    """An approximator directly before a figure among ``words`` (`say` before a number: `say 30 kilometers`)."""
    return any(k + 1 < len(words) and _quantity(words[k + 1].low) and (
        w.low in _FIGURE_APPROXIMATORS or w.low == "say" and words[k + 1].low not in ("a", "an"))
        for k, w in enumerate(words))


def _quantity(w: str) -> bool:
    return w[:1].isdigit() or w in _NUMBER_WORDS


def _is_name(words: Sequence[Tok], text: str, i: int) -> bool:
    t = words[i]
    if not t.text[:1].isupper() or t.low in STOPWORDS or t.low.startswith(("i'", "i’")):
        return False  # `I've`, `I'd`: the pronoun
    before = text[: t.start].rstrip()
    return i > 0 and not before.endswith((".", "!", "?", ":", "“", '"'))


_HEDGES = frozenset(w for w, k in QUALIFIERS.items() if k == "certainty")
# words that hedge a claim without being a qualifier word of their own (`more likely to retain` / `more inclined to
# retain`, `tends to`, `seems to`, `a chance of`): in a dropped hedge's place, one of them says the hedge
_HEDGE_WORDS = _HEDGES | frozenset(
    "inclined tend tends tended tending tendency seem seems seemed appear appears appeared prone liable apt "
    "likelihood probability chance chances possibility possibly potentially supposedly arguably conceivably "
    "plausibly plausible".split())


def _count(words: Sequence[Tok], which: frozenset) -> int:
    return sum(1 for w in words if w.low in which)


_PRONOUNS = frozenset("it he she they him her them its his their".split())


def gaps(wa: WordAlignment, side: str, min_content: int = 3) -> list[Gap]:
    """The runs of left-over words of one side worth an editor's look: each left-over qualifier
    (``at least``, ``alleged``), and each run of at least ``min_content`` left-over content words
    (stop words inside a run do not break it; a matched content word does)."""
    words, text = (wa.ref_words, wa.ref) if side == "reference" else (wa.cand_words, wa.cand)
    other_words = wa.cand_words if side == "reference" else wa.ref_words
    partner = {(i if side == "reference" else j): ((j if side == "reference" else i), how) for i, j, _, how in wa.pairs}
    # a name is carried by a word of content or a pronoun standing for it (`Einstein` / `he`), not by a function
    # word the contextual match pairs it with (`on the Earth and` / `on and`: `Earth` to `we`; `Einstein's` to `'s`;
    # `USA` to `US` stays: a capitalised word)
    matched = {k for k, (o, how) in partner.items() if how != "context" or not _is_name(words, text, k)
               or is_content(other_words[o]) or other_words[o].text[:1].isupper() or other_words[o].low in _PRONOUNS}
    this_count, other_count = Counter(w.low for w in words), Counter(w.low for w in other_words)
    other_low = other_count.keys()
    # the other side's pronouns not paired with the same pronoun here (`it` may pair with `the` in context)
    same_there = {(j if side == "reference" else i) for i, j, _, how in wa.pairs if how == "same"}
    spare_pronouns = sum(1 for k, w in enumerate(other_words) if k not in same_there and w.low in _PRONOUNS)
    out: list[Gap] = []
    quals = _qualifier_spans(words)

    def _hedged_in_place(i: int, last: int) -> bool:
        """A hedge word of the other side's own in the place of qualifier ``i..last``: between the counterparts of
        the matched content words on either side of it, not itself the counterpart of a word of this side other
        than the qualifier (`seems` for this side's `seems` carries that word, not the dropped hedge)."""
        before = [partner[k][0] for k in range(i - 1, -1, -1) if k in matched and is_content(words[k])][:1]
        after = [partner[k][0] for k in range(last + 1, len(words)) if k in matched and is_content(words[k])][:1]
        lo, hi = (before or [-1])[0], (after or [len(other_words)])[0]
        lo, hi = min(lo, hi), max(lo, hi)
        taken = {o: k for k, (o, _) in partner.items()}
        return any(other_words[o].low in _HEDGE_WORDS and (o not in taken or i <= taken[o] <= last)
                   for o in range(lo + 1, hi))
    for i, (last, kind) in quals.items():
        span_words = words[i : last + 1]
        if words[last].low in ("to", "than") and not (last + 1 < len(words) and _quantity(words[last + 1].low)):
            continue  # `up to all sorts of tricks`: not a figure
        if any(k in matched for k in range(i, last + 1)) and not all(
                w.low not in other_low for w in span_words):
            continue  # carried across
        # mentions are counted, as for names: `not only ... if only` for `not only ... if` drops one `only`
        if all(other_count[w.low] >= this_count[w.low] for w in span_words):
            continue
        if kind == "certainty" and side == "reference" and _count(other_words, _HEDGES) >= _count(words, _HEDGES):
            continue  # `allegedly` for `alleged`: another hedge carries it (as many hedges on the other side)
        if kind == "certainty" and side == "reference" and _hedged_in_place(i, last):
            continue  # `more likely to retain` / `more inclined to retain`: a hedge of the other side's own in its place
        if side == "reference" and span_words[-1].low in APPROXIMATORS and \
                _count(other_words, APPROXIMATORS) >= _count(words, APPROXIMATORS):
            continue  # `about an hour` for `roughly an hour`: another approximator carries it
        before_figure = last + 1 < len(words) and _quantity(words[last + 1].low)
        if (span_words[0].low in APPROXIMATORS or kind == "certainty" and before_figure) and _approximates(other_words):
            continue  # `almost 30 years` / `some 30 years`, `maybe 30 kilometers` / `say 30 kilometers`: an approximator
            # before the other side's figure carries it
        out.append(Gap(side, span_words[0].start, span_words[-1].end, text[span_words[0].start : span_words[-1].end],
                       0, kind))
    # runs of left-over content words
    run: list[int] = []
    there_matched = {o for o, _ in partner.values()}
    there_left = [o for o, w in enumerate(other_words) if o not in there_matched and is_content(w)]

    def _said_otherwise(c: list[int]) -> list[int]:
        """The other side's left-over content words in the place of run ``c``: between the counterparts of
        the matched content words on either side of it (`challenge to reignite wonder` / `raised to the level
        advocated by TED to cause people to rethink`)."""
        before = [partner[k][0] for k in range(c[0] - 1, -1, -1) if k in matched and is_content(words[k])][:1]
        after = [partner[k][0] for k in range(c[-1] + 1, len(words)) if k in matched and is_content(words[k])][:1]
        lo, hi = (before or [-1])[0], (after or [len(other_words)])[0]
        lo, hi = min(lo, hi), max(lo, hi)
        return [o for o in there_left if lo < o < hi]

    def _part_carried(k: int) -> bool:
        """Name word ``k`` belongs to a name of several capitalised words, another of which the other side says (the
        same word): the name is carried, the part left out is no dropped actor (`the Milky Way Galaxy` / `the Milky
        Way`), unless a capitalised word of the other side's own stands in the part's place: replaced, not left out
        (`NASA Goddard` / `NASA California`: the name check's major `name.missing`)."""
        for step in (-1, 1):
            n = k
            while 0 <= n + step < len(words) and _is_name(words, text, n + step) and \
                    not text[min(words[n].end, words[n + step].end) : max(words[n].start, words[n + step].start)].strip():
                n += step
                if partner.get(n, (0, ""))[1] == "same":
                    o = partner[n][0] - step  # the other side's word where the part would stand
                    return not (0 <= o < len(other_words) and other_words[o].text[:1].isupper()
                                and o not in {p for p, _ in partner.values()})
        return False

    def close():
        c = [k for k in run if is_content(words[k])]
        # a name said more often on this side than on the other (`Putin ... Putin` for one `Putin`): one
        # of its mentions is dropped, though the word is still there, unless a pronoun of the other side not
        # paired with the same pronoun here stands for it (`as the Earth is` / `as it is`)
        named = any(_is_name(words, text, k) and not _part_carried(k) and (
            words[k].low not in other_low or this_count[words[k].low] > other_count[words[k].low] + spare_pronouns)
            for k in c)
        if not named and len(c) >= min_content and len(_said_otherwise(c)) >= len(c):
            return  # as many words of the other side's own in its place: a clause reworded, not dropped
        if len(c) >= min_content or named and min_content < 99:  # a dropped name: a named actor
            a, b = words[c[0]], words[c[-1]]
            names = [words[k].text for k in c if _is_name(words, text, k)]
            out.append(Gap(side, a.start, b.end, text[a.start : b.end], len(c), names=names))

    for k, w in enumerate(words):
        if k in matched and is_content(w):
            close()
            run = []
        elif k not in matched and is_content(w):
            run.append(k)
        elif run:
            run.append(k)
    close()
    # a qualifier inside a reported run is part of it
    runs = [g for g in out if not g.qualifier]
    out = [g for g in out if g.qualifier and not any(r.start <= g.start and g.end <= r.end for r in runs)] + runs
    return sorted(out, key=lambda g: g.start)


# ---------------------------------------------------------------- features for the pair's meaning score



def _longest_run(left: list[int], matched: set[int], words) -> int:
    best = cur = 0
    for k, w in enumerate(words):
        if not is_content(w):
            continue
        if k in matched:
            cur = 0
        else:
            cur += 1
            best = max(best, cur)
    return best


def features(wa: WordAlignment) -> list[float]:
    """The word-level features of one aligned pair, in the order of WORD_FEATURES."""
    if wa.feature_row is not None:
        return list(wa.feature_row)
    sim = wa.sim
    rc = [i for i, t in enumerate(wa.ref_words) if is_content(t)]
    cc = [j for j, t in enumerate(wa.cand_words) if is_content(t)]
    if sim is None or sim.size == 0 or not rc or not cc:
        return [0.0, 0.0, 0.0, 1.0, 1.0, float(len(rc)), float(len(cc)), 0.0, 0.0]
    sub = sim[np.ix_(rc, cc)]
    r = float(sub.max(1).mean())
    p = float(sub.max(0).mean())
    f = 2 * p * r / (p + r) if p + r > 0 else 0.0
    rl, cl = wa.ref_left(), wa.cand_left()
    q = sum(1 for g in gaps(wa, "reference", min_content=99) if g.qualifier)
    ms = [s for i, j, s, how in wa.pairs if how != "same" and is_content(wa.ref_words[i])]
    return [p, r, f, len(rl) / len(rc), len(cl) / len(cc),
            float(_longest_run(rl, wa.ref_matched, wa.ref_words)),
            float(_longest_run(cl, wa.cand_matched, wa.cand_words)), float(q), min(ms, default=1.0)]
