"""`term`: a content word or fixed expression of the reference replaced by a non-synonym look-alike
(`dual-use` -> `double-use`, `war machine` -> `war machinery`).

Token alignment inside each aligned pair: words with the same stem pair up first; the words
left over are paired by spelling (rapidfuzz) and meaning (the sentence encoder on the single
words). A pair that looks alike but has another stem is a finding, unless it is a spelling
variant (`neighbors`/`neighbours`) or the encoder finds the two words near-synonyms. Minor,
or major when it is inside a quotation. Names are left to the `names` check and numbers to
the `number` check.

``align_tokens`` is also used by the `mismatch` finding to show the words that differ most.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING

import numpy as np
from rapidfuzz import fuzz

from ..types import Finding
from . import register
from ._stems import is_polarity_word, negative_prefix, same_word
from .wordpairs import in_place, word_alignments
from .wordtools import STOPWORDS, Tok, group_locate, merge_same, stem, tokens

if TYPE_CHECKING:  # annotations only: the aligned document imports the gate, whose features use this module
    from .aligned import AlignedDoc

LOOKALIKE_MIN = 70.0  # rapidfuzz ratio of two different words that look alike
SYNONYM_MIN = 0.85  # cosine of two single words the encoder takes for the same meaning
_QUOTED = re.compile(r"“[^”]*”|\"[^\"]*\"")
_SPELLING = [(r"our\b", "or"), (r"ise\b", "ize"), (r"ised\b", "ized"), (r"ising\b", "izing"), (r"isation", "ization"),
             (r"tre\b", "ter"), (r"ce\b", "se"), (r"ll", "l"), (r"ogue\b", "og"), (r"-", ""), (r"’", "'")]
_SPELLING_RE = [(re.compile(pat), rep) for pat, rep in _SPELLING]


@lru_cache(maxsize=1 << 16)
def _spelling_key(w: str) -> str:
    w = w.casefold()
    for pat, rep in _SPELLING_RE:
        w = pat.sub(rep, w)
    return stem(w)


def _is_name(t: Tok, text: str) -> bool:
    if not t.text[:1].isupper():
        return False
    sentence_initial = t.start == 0 or bool(re.search(r"[.!?“\"‘(:]\s*$", text[: t.start]))
    return not sentence_initial or t.text.isupper()


@lru_cache(maxsize=8192)
def _content(text: str) -> tuple[Tok, ...]:
    return tuple(t for t in tokens(text)
                 if t.low not in STOPWORDS and len(t.text) > 1 and not any(ch.isdigit() for ch in t.text)
                 and not _is_name(t, text))


@dataclass
class TokenAlignment:
    same: list[tuple[Tok, Tok]] = field(default_factory=list)  # same stem
    lookalike: list[tuple[Tok, Tok, float, float]] = field(default_factory=list)  # (r, c, ratio, cosine)
    ref_only: list[tuple[Tok, float]] = field(default_factory=list)  # (word, best cosine to the other side)
    cand_only: list[tuple[Tok, float]] = field(default_factory=list)


def align_tokens(ref: str, cand: str, encoder=None) -> TokenAlignment:
    """Pair the content words of two texts: same stem, look-alikes, and the words of one side only."""
    rt, ct = _content(ref), _content(cand)
    out = TokenAlignment()
    c_left = list(ct)
    r_left = []
    for r in rt:
        k = next((i for i, c in enumerate(c_left) if stem(c.text) == stem(r.text)
                  or _spelling_key(c.text) == _spelling_key(r.text)), None)
        if k is None:
            r_left.append(r)
        else:
            out.same.append((r, c_left.pop(k)))
    if not r_left and not c_left:
        return out
    cos = np.zeros((len(r_left), len(c_left)), dtype=np.float32)
    if encoder is not None and r_left and c_left:
        vr = encoder.encode([t.text.casefold() for t in r_left])
        vc = encoder.encode([t.text.casefold() for t in c_left])
        cos = vr @ vc.T
    ratio = np.array([[fuzz.ratio(r.low, c.low) for c in c_left] for r in r_left], dtype=np.float32).reshape(cos.shape)
    used_r, used_c = set(), set()
    order = sorted(((ratio[i, j], i, j) for i in range(len(r_left)) for j in range(len(c_left))), reverse=True)
    for rr, i, j in order:
        if rr < LOOKALIKE_MIN or i in used_r or j in used_c:
            continue
        r, c = r_left[i], c_left[j]
        if min(len(r.text), len(c.text)) < 4:
            continue
        used_r.add(i)
        used_c.add(j)
        out.lookalike.append((r, c, float(rr), float(cos[i, j])))
    for i, r in enumerate(r_left):
        if i not in used_r:
            out.ref_only.append((r, float(cos[i].max()) if cos.shape[1] else 0.0))
    for j, c in enumerate(c_left):
        if j not in used_c:
            out.cand_only.append((c, float(cos[:, j].max()) if cos.shape[0] else 0.0))
    return out


@dataclass
class WordCover:
    """How well each side's content words are covered by the other side's (best cosine per word)."""

    ref: list[tuple[str, float]]
    cand: list[tuple[str, float]]

    @property
    def ref_min(self) -> float:
        return min((c for _, c in self.ref), default=1.0)

    @property
    def cand_min(self) -> float:
        return min((c for _, c in self.cand), default=1.0)

    @property
    def mean(self) -> float:
        both = [c for _, c in self.ref + self.cand]
        return sum(both) / len(both) if both else 1.0

    def worst(self, n: int = 3, below: float = 0.6) -> tuple[list[str], list[str]]:
        """The words of each side that differ most (lowest cover first, under ``below``)."""
        def pick(items):
            seen, out = set(), []
            for w, c in sorted(items, key=lambda x: x[1]):
                if c < below and w.casefold() not in seen:
                    seen.add(w.casefold())
                    out.append(w)
            return out[:n]
        return pick(self.ref), pick(self.cand)


def prefetch_words(doc: AlignedDoc) -> None:
    """Embed the content words of every aligned pair in one batched call.

    The word-level features (``word_cover``, ``align_tokens``) ask the encoder for a few words per
    pair; one call per pair is many tiny batches, the encoder's slowest way to work. Asked for all
    at once, the encoder keeps them in its memory cache and the per-pair calls cost nothing."""
    enc = doc.encoder
    if enc is None or doc.memo.get("words_prefetched"):
        return
    words: dict[str, None] = {}
    for a in doc.pairs:
        for text in (doc.reference.group_text(a.ref), doc.candidate.group_text(a.cand)):
            for t in _content(text):
                words[t.text.casefold()] = None
    if words:
        enc.encode(list(words))
    doc.memo["words_prefetched"] = True


def forget() -> None:
    """Empty the memo of content words (``pipeline.forget``)."""
    _content.cache_clear()


def word_cover(ref: str, cand: str, encoder) -> WordCover:
    """For each content word, its best cosine to the content words of the other side (1.0: same stem)."""
    rt, ct = _content(ref), _content(cand)
    if not rt or not ct or encoder is None:
        return WordCover([(t.text, 1.0) for t in rt], [(t.text, 1.0) for t in ct])
    vr = encoder.encode([t.text.casefold() for t in rt])
    vc = encoder.encode([t.text.casefold() for t in ct])
    sim = vr @ vc.T
    rs, cs = [stem(t.text) for t in rt], [stem(t.text) for t in ct]
    for i, a in enumerate(rs):
        for j, b in enumerate(cs):
            if a == b:
                sim[i, j] = 1.0
    return WordCover([(t.text, float(sim[i].max())) for i, t in enumerate(rt)],
                     [(t.text, float(sim[:, j].max())) for j, t in enumerate(ct)])


def differing_words(ta: TokenAlignment, n: int = 4) -> tuple[list[str], list[str]]:
    """The words of each side with the least counterpart on the other (lowest best cosine first)."""
    r = [t.text for t, _ in sorted(ta.ref_only, key=lambda x: x[1])][:n]
    c = [t.text for t, _ in sorted(ta.cand_only, key=lambda x: x[1])][:n]
    return r, c


def _inside(spans, pos: int) -> bool:
    return any(a <= pos < b for a, b in spans)


def _expression(text: str, t: Tok, partner_text: str, partner: Tok) -> tuple[str, str]:
    """`war machine` / `war machinery`: widen both words by a neighbouring word they share
    (the same word first, then the same stem; the word before first)."""
    rt, ct = tokens(text), tokens(partner_text)
    ri = next(i for i, x in enumerate(rt) if x.start == t.start)
    ci = next(i for i, x in enumerate(ct) if x.start == partner.start)
    prev = (rt[ri - 1], ct[ci - 1]) if ri > 0 and ci > 0 else None
    nxt = (rt[ri + 1], ct[ci + 1]) if ri + 1 < len(rt) and ci + 1 < len(ct) else None
    for same in (lambda a, b: a.low == b.low, lambda a, b: stem(a.text) == stem(b.text)):
        if prev and same(*prev) and prev[0].low not in STOPWORDS:
            return f"{prev[0].text} {t.text}", f"{prev[1].text} {partner.text}"
        if nxt and same(*nxt) and nxt[0].low not in STOPWORDS:
            return f"{t.text} {nxt[0].text}", f"{partner.text} {nxt[1].text}"
    return t.text, partner.text


def _function_contraction(t: Tok) -> bool:
    """`we're`, `they've`, `I'd`, `that's`: a function word with an auxiliary clitic."""
    head, _, tail = t.low.replace("’", "'").partition("'")
    return bool(tail) and head in STOPWORDS | {"i", "you", "we", "they", "he", "she", "it", "there", "that", "what",
                                               "who", "here", "let"}


# indefinite pronouns and adverbs (`somewhere` / `elsewhere`, `something` / `thing`, `nothing` / `anything`): a
# closed class of function words, which a translation picks by its grammar, not terms
_INDEFINITE = re.compile(r"^(?:(?:some|any|no|every|else)(?:thing|where|one|body|how|time|times|way|what)s?|"
                         r"elsewhere|things?|anymore|whatsoever)$")
# productive prefixes: `interconnected` / `connected`, `coevolved` / `evolved` are one word made more (or less)
# specific, not a look-alike of another word
_PREFIXES = ("co", "inter", "intra", "multi", "self", "counter", "cross")  # (`re`, `over`, `under` make other words)
_NEGATED_BEFORE = re.compile(r"(?:n[’']t|\b(?:not|never|no|less))\s+(?:[a-z]+\s+)?$", re.I)


def _prefixed(a: str, b: str) -> bool:
    """One word is the other with a productive prefix (`interconnected` / `connected`, `coevolved` / `evolved`).
    A word joined to it (`waterline` / `water`) or a suffix (`machinery` / `machine`) makes another word."""
    a, b = a.casefold(), b.casefold()
    short, long_ = sorted((a, b), key=len)
    if len(short) < 4 or not long_.endswith(short):
        return False
    return long_[: -len(short)].rstrip("-") in _PREFIXES


def _compound_shortened(r: str, c: str) -> bool:
    """The candidate's word is one part of the reference's compound, the other part left out (`waterline` /
    `water`, `blowflies` / `flies`): the thing said less specifically, not a look-alike of another word. The part
    left out is at least three letters and no function word (`outside` / `side`, `become` / `come`, `reproduce` /
    `produce` make other words); a longer candidate word (`nectar` / `nectarine`) is another word."""
    r, c = r.casefold(), c.casefold()
    if len(c) < 4 or len(r) - len(c) < 3 or not (r.startswith(c) or r.endswith(c)):
        return False
    rest = r[len(c):] if r.startswith(c) else r[: -len(c)]
    return rest.isalpha() and rest not in STOPWORDS and rest not in _BOUND_PARTS


# a first part that makes another word of what follows (`understand`, `overcome`, `income`, `become`), or a last
# part that is a suffix (`water-ed`, `flow-er`): not a compound of two words
_BOUND_PARTS = frozenset("under over out up down with be re fore after by in on off mis dis pre sub super trans non "
                         "ing ers est ter ness ment ship ful less ion ive ity able ible ous ance ence ate ize ise "
                         "ally ical ine ish ism ist ery ary ory ation ings ities".split())


def _reversal_undone(r: Tok, c: Tok, ref: str, cand: str) -> bool:
    """`dislike` / `don't like`, `unequal` / `less equal`: the word without the negative prefix is itself negated
    (or graded down), so the two say the same."""
    p = negative_prefix(r.text, c.text)
    if not p:
        return False
    (plain, text), (prefixed, ptext) = ((c, cand), (r, ref)) if r.low.startswith(p) else ((r, ref), (c, cand))
    # `less equal` / `less unequal` is a reversal: the prefixed word graded down as well
    return bool(_NEGATED_BEFORE.search(text[: plain.start])) and not _NEGATED_BEFORE.search(ptext[: prefixed.start])


_NEGATIVE_INDEFINITE = re.compile(r"^(?:no(?:thing|where|body|one)|none)$")


def _same_polarity_indefinites(r: Tok, c: Tok, ref: str, cand: str) -> bool:
    """Two indefinites that say the same: neither negative (`somewhere` / `elsewhere`), or a negative one for an
    `any-` one under a negation (`you don't find anything` / `you find nothing`). `thing` / `nothing` is a
    reversal (`the most amazing thing` / `the most amazing nothing`)."""
    if not (_INDEFINITE.match(r.low) and _INDEFINITE.match(c.low)):
        return False
    rn, cn = bool(_NEGATIVE_INDEFINITE.match(r.low)), bool(_NEGATIVE_INDEFINITE.match(c.low))
    if rn == cn:
        return True
    (other, text), (neg, ntext) = ((c, cand), (r, ref)) if rn else ((r, ref), (c, cand))
    # `can't hide anything` / `can't hide nothing` is a reversal: the negative one negated as well
    return (other.low.startswith("any") and bool(_NEGATED_BEFORE.search(text[: other.start]))
            and not _NEGATED_BEFORE.search(ntext[: neg.start]))


def pair_terms(ref: str, cand: str, encoder=None):
    """[(ref Tok, cand Tok, ref expression, cand expression, ratio, cosine, in a quote)] for one pair."""
    ta = align_tokens(ref, cand, encoder)
    quoted = [m.span() for m in _QUOTED.finditer(ref)]
    out = []
    for r, c, ratio, cos in ta.lookalike:
        if cos >= SYNONYM_MIN or same_word(r.text, c.text):
            continue  # a near-synonym, or a form of the same word (`report`/`reportedly`, `hackers`/`hacked`)
        if is_polarity_word(r.text) or is_polarity_word(c.text):
            continue  # `cannot`/`can't`, `don't`/`doesn't`: a negation is the negation check's
        if _function_contraction(r) or _function_contraction(c):
            continue  # `we're` / `we've`: a pronoun and an auxiliary, tense or aspect, not a term
        if _same_polarity_indefinites(r, c, ref, cand):
            continue
        if _prefixed(r.text, c.text) or _reversal_undone(r, c, ref, cand):
            continue
        re_, ce_ = _expression(ref, r, cand, c)
        out.append((r, c, re_, ce_, ratio, cos, _inside(quoted, r.start), _compound_shortened(r.text, c.text)))
    return out


def _term(doc: AlignedDoc):
    prefetch_words(doc)
    # a look-alike is a changed term only where the word alignment puts the two words in each other's place
    # (the span is then the word that changed): `back` and `black` in `brought back to us` / `falls into the
    # black hole` look alike but translate different words. Without the word reading (an encoder that gives
    # no token vectors) every look-alike is reported, as before it.
    placed = {id(a): in_place(wa) for a, _, _, wa in word_alignments(doc, min_score=-1.0)}
    for a in doc.trusted_pairs:
        ref_text, cand_text = doc.reference.group_text(a.ref), doc.candidate.group_text(a.cand)
        where = placed.get(id(a))
        for r, c, re_, ce_, ratio, cos, quoted, shortened in pair_terms(ref_text, cand_text, doc.encoder):
            if where is not None and not _placed(r, c, where, ref_text):
                continue
            # a compound said by one of its parts is the thing said less specifically: a note for the editor
            # (`waterline` / `water`, 10 No-error MT segments of MQM TED, no Accuracy mark on it)
            yield Finding(
                category="term", severity="info" if shortened else "major" if quoted else "minor", side="both",
                ref_span=group_locate(doc.reference, a.ref, r.start, r.end),
                cand_span=group_locate(doc.candidate, a.cand, c.start, c.end),
                ref_text=re_, cand_text=ce_,
                message=(f"Term changed: the reference says “{re_}”, the candidate “{ce_}” (a look-alike, "
                         f"not the same word{'; inside a quotation' if quoted else ''})." + _reversal(r.text, c.text)
                         + (f" The candidate says one part of the compound “{r.text}”: check that it is specific "
                            f"enough." if shortened else "")),
                suggestion=re_, score=round(cos, 3),
            )


def _placed(r: Tok, c: Tok, where: set[tuple[int, int]], ref_text: str) -> bool:
    """Whether the word alignment puts ``c`` in the place of ``r``, or of another occurrence of the same word
    (the look-alike pairing and the alignment may take different occurrences of a repeated word)."""
    return (r.start, c.start) in where or any(
        cs == c.start and ref_text[rs : rs + len(r.text)].casefold() == r.low
        and not ref_text[rs + len(r.text) : rs + len(r.text) + 1].isalnum() for rs, cs in where)


def _reversal(r: str, c: str) -> str:
    """How the meaning changes when one word is the other with a negative prefix (`unequal` / `equal`)."""
    p = negative_prefix(r, c)
    if not p:
        return ""
    side = "reference" if r.casefold().startswith(p) else "candidate"
    return f" Only the {side} has the negative prefix “{p}-”: check that the meaning is not reversed."


@register("term", categories=("term",), settings=("pair_gate",))
def term(doc: AlignedDoc):
    return merge_same(_term(doc))
