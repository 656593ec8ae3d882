"""`negation`: a negation (`not`, `n't`, `never`, `no`, `without`, `nothing`...) present on one side
of an aligned pair only.

A pair is compared only when the two sides have a different number of negations. A negation is
major when it flips the polarity of the same predicate: the word it negates (the first content word
after it in its clause; with none, the auxiliary before it) is on the other side with no negation
before it, in the same frame (the word before the cue just before it, nothing between but
auxiliaries): `The Kremlin did not provide` against `The Kremlin did provide`; the word may be in
other words when the encoder takes the two words alone for one (`begin` / `start`). When the word is on
the other side in another frame it is minor (`can't escape` / `anymore than light can escape`);
when the other side lacks the word (`no doubt`, `can't help but`) it is wording, not reported. A word of refusal (`rejected`,
`denied`, `refused`) counts as a negation when the counts are compared: `in rejection of the idea that`
says what `is not subject to` says. A negation whose word has
no counterpart at all (`cannot be moved` against `unseparable`) is left to the mismatch score.
"""
from __future__ import annotations

import re
from typing import TYPE_CHECKING

from ..types import Finding
from . import register
from ._stems import same_word
from .wordtools import STOPWORDS, Tok, group_locate, merge_same, snippet, stem, tokens

if TYPE_CHECKING:  # annotations only: the aligned document imports the gate, whose features use this module
    from .aligned import AlignedDoc

CUES = frozenset("not never no without nor neither none nobody nothing nowhere cannot".split())
_NT = re.compile(r"n[’']t$", re.I)
WINDOW = 4  # a cue at most this many words before a word negates it
# words skipped when looking for what a cue negates
_SKIP = frozenset("a an the be been being is are was were am do does did have has had to it its that this these those "
                  "i you we they he she me us them him her my your our their going gonna get got".split())


def is_cue(t: Tok) -> bool:
    w = t.low
    if w in CUES or w.startswith("no-") or _NT.search(t.text):
        return True
    return False


def _negations(toks: list[Tok], text: str | None = None, idioms: bool = False,
               lists: bool = True) -> list[tuple[int, list[tuple[str, str]]]]:
    """(token index of the cue, [(stem, word)] of the words it negates). With ``idioms`` (the check; not the
    meaning calibration's count, fitted without it): `not until` is a time (`It was not until decades later
    that` says `It was decades before`), and a cue repeated over a list (`not in our past, not in our future`)
    is one negation, as `don't belong to our past or our future` says it."""
    out = []
    for k, t in enumerate(toks):
        if not is_cue(t):
            continue
        if idioms and t.low == "not" and k + 1 < len(toks) and toks[k + 1].low in ("until", "till"):
            continue
        if idioms and lists and text is not None and out and toks[out[-1][0]].low == t.low and k - out[-1][0] <= 6 \
                and re.search(r"[,;]|--|[—–]", text[toks[k - 1].end : t.start]):
            continue  # `not in our past, not in our future`: the list's second item
        if t.low == "no" and (k + 1 < len(toks) and toks[k + 1].text[:1].isdigit() or k + 1 == len(toks)):
            continue  # `No. 1`, a final `no`
        if t.low == "no" and text is not None and re.match(r"\s*[,.!?;:]", text[t.end : t.end + 2]):
            continue  # `No, I ...`: an answer, not a negation
        scope: list[tuple[str, str]] = []
        if t.low.startswith("no-"):
            scope.append((stem(t.low[3:]), t.text[3:]))
        for u in toks[k + 1 : k + 6]:
            if is_cue(u) or u.text in (",",):
                break
            if u.low not in _SKIP and len(u.text) > 1:
                scope.append((stem(u.text), u.text))
                if len(scope) >= 2:
                    break
        if not scope and _NT.search(t.text):  # elliptical `we don't.`: the auxiliary itself
            base = {"won": "will", "ca": "can", "can": "can", "shan": "shall"}.get(t.low[:-3], t.low[:-3])
            if base:
                scope.append((stem(base), base))
        out.append((k, scope))
    return out


def _unnegated_at(toks: list[Tok], word: str) -> int | None:
    """Index of a token of ``toks`` with stem ``word`` and no cue in the WINDOW words before it."""
    for k, t in enumerate(toks):
        if stem(t.text) != word:
            continue
        if not any(is_cue(u) for u in toks[max(0, k - WINDOW) : k]):
            return k
    return None


# a negative prefix or suffix (`unseparable`, `impossible`, `hopeless`): a negation said in one word;
# it only balances the count, it is never reported
_IMPLICIT = re.compile(
    r"^(?:un\w{3,}(?:able|ible|ed|ful|ly|ing|ive|al|ar|ent|ant|ous|ic|y|ness|known|true|fair|sure|safe|wise|kind|"
    r"fit|just|clear|even|like|real|usual|common|certain|stable|happy|willing|aware|less)|"
    r"(?:im|in|ir|il)\w{3,}(?:able|ible)|non-?\w{3,}|dis\w{3,}(?:able|ible|agree\w*|like\w*|honest\w*)|\w{3,}less)$",
    re.I,
)
_LESS_OK = frozenset("unless regardless nevertheless bless less useless".split())


# a word of refusal says a negation too (`in rejection of the idea that ...` for `is not subject to ...`,
# `refused to call` for `did not call`): it balances one negation of the other side
REFUSAL = re.compile(r"^(?:reject\w*|den(?:y|ies|ied|ying|ial|ials)|refus\w*)$", re.I)


def _refusals(toks: list[Tok]) -> int:
    return sum(1 for t in toks if REFUSAL.match(t.low))


def _implicit(toks: list[Tok]) -> int:
    return sum(1 for t in toks if _IMPLICIT.match(t.low) and t.low not in _LESS_OK and not is_cue(t))


def _anchored(toks: list[Tok], k: int, other_stems: set[str], text: str) -> str | None:
    """A content word next to the cue at ``k`` (two before, three after) also found on the other side."""
    around = [t for t in toks[max(0, k - 3) : k] if t.low not in STOPWORDS
              and not re.search(r"[,;:”\"()\-–—]", text[t.end : toks[k].start])][-2:]
    after = [t for t in toks[k + 1 : k + 8] if t.low not in STOPWORDS and not is_cue(t)][:3]
    for t in after + around:
        if len(t.text) > 2 and stem(t.text) in other_stems:
            return stem(t.text)
    return None


# auxiliaries: `did not provide` / `did provide` / `provided`, `won't merge` / `will merge` frame the same predicate
_AUX = frozenset("do does did will would can could shall should is are was were be been being am have has had "
                 "may might must".split())
_PUNCT = re.compile(r"[,.;:!?()\[\]\"“”‘’—–]")


def _negated(toks: list[Tok], j: int, text: str) -> bool:
    """Whether a negation stands in the WINDOW words before token ``j`` (an answer's `No,` is none; `any more
    than` / `anymore than` is one: `anymore than light can escape` says light can't)."""
    return any(is_cue(u) and not (u.low == "no" and re.match(r"\s*[,.!?;:]", text[u.end : u.end + 2]))
               or u.low == "anymore" or u.low == "more" and i > 0 and toks[i - 1].low == "any"
               for i, u in enumerate(toks[: j]) if i >= j - WINDOW)


def _head(toks: list[Tok], k: int, text: str) -> int | None:
    """The predicate a cue negates: the first content word after it in the same clause
    (`did not provide` -> provide, `can't even hear` -> hear, `not so important` -> important)."""
    for h in range(k + 1, min(len(toks), k + 6)):
        u = toks[h]
        if is_cue(u) or _PUNCT.search(text[toks[h - 1].end : u.start]):
            return None
        if u.low not in _SKIP and u.low not in STOPWORDS and len(u.text) > 1:
            return h
    return None


def _left(toks: list[Tok], k: int, text: str) -> int | None:
    """The word that frames the cue on the left: the nearest word before it in the same clause that
    is not an auxiliary (`The Kremlin did not provide` -> Kremlin, `They won't` -> They)."""
    for i in range(k - 1, max(-1, k - 4), -1):
        if _PUNCT.search(text[toks[i].end : toks[i + 1].start]):
            return None
        if toks[i].low not in _AUX and not is_cue(toks[i]):
            return i
    return None


def _same_predicate(toks: list[Tok], k: int, text: str, other: list[Tok], other_text: str,
                    similar=None) -> tuple[int, int] | None:
    """(head index, index of its counterpart on the other side) when the cue at ``k`` flips the polarity
    of the same predicate: the head word is on the other side with no negation before it, in the same
    frame (the word before the cue stands just before it, with nothing between them but auxiliaries or
    the words between on this side); else None.

    `The Kremlin did not provide` / `The Kremlin did provide` is the same predicate with the opposite
    polarity; `can't even hear` / `too quiet for any of us to ever hear`, `is not so important` /
    `is much less important`, `It doesn't have starch` / `instead of having starch` are the same
    statement said another way (the word is there, its frame is not)."""
    h = _head(toks, k, text)
    if toks[k].low.startswith("no-"):
        h, hs = k, stem(toks[k].low[3:])
    elif h is None and _NT.search(toks[k].text):  # `this isn't what I got`: the auxiliary is the predicate
        base = {"won": "will", "ca": "can", "can": "can", "shan": "shall"}.get(toks[k].low[:-3], toks[k].low[:-3])
        h, hs = k, stem(base)
    elif h is None and k > 0 and toks[k - 1].low in _AUX:  # `this is not what I got`
        h, hs = k - 1, stem(toks[k - 1].text)
    elif h is None:
        return None
    else:
        hs = stem(toks[h].text)
    left = _left(toks, k, text)
    if left is not None and left >= h:
        left = None
    allowed = _AUX | {t.low for t in toks[(left if left is not None else k) + 1 : h] if not is_cue(t)}
    nxt = h + 1 if h + 1 < len(toks) and not _PUNCT.search(text[toks[h].end : toks[h + 1].start]) else None
    content_head = h != k and toks[h].low not in _AUX
    for j, o in enumerate(other):
        if stem(o.text) != hs and not (content_head and similar is not None and _synonym(toks[h], o, similar)):
            continue
        # with a left frame, the words between it and the predicate say whether a negation stands there
        if left is None and _negated(other, j, other_text):
            continue
        if left is not None:
            ls = stem(toks[left].text)
            for i in range(j - 1, max(-1, j - 5), -1):
                if _PUNCT.search(other_text[other[i].end : other[i + 1].start]):
                    break
                if stem(other[i].text) == ls:
                    if all(u.low in allowed for u in other[i + 1 : j]):
                        return h, j
                    break
        elif nxt is not None:
            if j + 1 < len(other) and stem(other[j + 1].text) == stem(toks[nxt].text):
                return h, j
        else:
            return h, j
    return None


# a cue glued to the word before it by a dash typed without spaces (machine translation writes
# `unequal countries-not just a little worse`, `this attribute-no damage to the flower`): the tokenizer
# reads one hyphenated word; the cue is a word of its own
_GLUED = re.compile(r"^([^\W_]+(?:[’'\-][^\W_]+)*)-(not|no|never|nothing|none|nor|without)$", re.I)
# `instead of having starch`, `rather than ...`: a negation said in other words (it balances one negation
# of the other side, as a refusal does: `It doesn't have starch` says the same)
_INSTEAD = re.compile(r"\b(?:instead\s+of|rather\s+than)\b", re.I)


# a negation said by a construction, not a cue word: `too quiet for any of us to ever hear` (we can't hear
# it), `no more / any more than light can escape` (light can't), `much less important` (not so important)
_PHRASED = re.compile(r"\btoo\s+[a-z]+\b[^.;:!?—–]{0,40}?\bto\s+[a-z]|\bany\s?more\s+than\b"
                      r"|\bless\s+(?!than\b|and\b|of\b|or\b)[a-z]{3,}", re.I)


def _phrased(text: str) -> int:
    """How many negations ``text`` says in other words: `instead of` / `rather than` and ``_PHRASED``."""
    return len(_INSTEAD.findall(text)) + len(_PHRASED.findall(text))


def split_glued(toks) -> list[Tok]:
    """``toks`` with a cue glued to the word before it by a dash made a token of its own."""
    out = []
    for t in toks:
        m = _GLUED.match(t.text)
        if m:
            cut = t.start + m.end(1)
            out += [Tok(t.start, cut, m.group(1)), Tok(cut + 1, t.end, m.group(2))]
        else:
            out.append(t)
    return out


def _unbalanced(ref: str, cand: str, read_glued: bool = False):
    """(side with more negations, its negations, its tokens, the other side's tokens, how many more), or
    None when both sides negate as often (a refusal word, `refused`, counting as a negation). With
    ``read_glued`` (the check; not the meaning calibration's count, fitted without it), a cue glued to the
    word before it by a dash is read as a cue and `instead of` / `rather than` count as a negation."""
    rt, ct = tokens(ref), tokens(cand)
    if read_glued:
        rt, ct = split_glued(rt), split_glued(ct)
    rn, cn = _negations(rt, ref, read_glued), _negations(ct, cand, read_glued)
    if len(rn) == len(cn) or len(rn) + _refusals(rt) == len(cn) + _refusals(ct):
        return None
    if read_glued:
        # a list's repeated cue counts once or each time, as the other side says it (`not in our past, not in our
        # future` is `don't belong to our past or our future` and `don't belong to our past, don't exist in our
        # future`)
        r_all, c_all = _negations(rt, ref, True, lists=False), _negations(ct, cand, True, lists=False)
        extra_r, extra_c = _refusals(rt) + _phrased(ref), _refusals(ct) + _phrased(cand)
        if any(len(x) + extra_r == len(y) + extra_c for x in (rn, r_all) for y in (cn, c_all)):
            return None
        if abs(len(rn) + extra_r - len(cn) - extra_c) == 1 and _asked_alike(rt, rn, ct, cn, ref, cand):
            return None
    if len(rn) > len(cn):
        return "reference", rn, rt, ct, len(rn) - len(cn)
    return "candidate", cn, ct, rt, len(cn) - len(rn)


def _asked_alike(rt: list[Tok], rn, ct: list[Tok], cn, ref: str, cand: str) -> bool:
    """`or is there no relationship between the two?` / `or is there any relationship between the two?`: in a
    question `no X` and `any X` ask the same (a cue `no` before a word the other side's question has after `any`)."""
    if "?" not in ref or "?" not in cand:
        return False
    for toks, negs, other in ((rt, rn, ct), (ct, cn, rt)):
        for k, _ in negs:
            if toks[k].low != "no" or k + 1 >= len(toks):
                continue
            w = stem(toks[k + 1].text)
            if any(o.low == "any" and j + 1 < len(other) and stem(other[j + 1].text) == w for j, o in enumerate(other)):
                return True
    return False


def differences(ref: str, cand: str):
    """[(side_with_negation, cue token, scope word, Tok on the other side or None, sure)] for one pair, as
    counted when the meaning calibration was fitted (``scoring.text_features`` reads its length; the
    shipped calibration and confidence gate expect this count): a negated word found un-negated anywhere
    on the other side, else a negation whose neighbourhood has a counterpart. The check reads ``changes``.
    """
    unbalanced = _unbalanced(ref, cand)
    if unbalanced is None:
        return []
    side, more, toks, other, n_diff = unbalanced
    out = []
    for k, scope in more:
        for w, word in scope:
            j = _unnegated_at(other, w)
            if j is not None:
                out.append((side, toks[k], word, other[j], True))
                break
        if len(out) >= n_diff:
            return out
    # no negated word found un-negated: fall back to a negation whose neighbourhood has a counterpart,
    # unless the other side says it in one word (`cannot be moved` / `unseparable`)
    if len(out) < n_diff - _implicit(other) + _implicit(toks) and not out:
        other_stems = {stem(t.text) for t in other}
        for k, scope in more:
            w = _anchored(toks, k, other_stems, ref if side == "reference" else cand)
            if w is not None:
                out.append((side, toks[k], scope[0][1] if scope else w, None, False))
                break
    return out


def changes(ref: str, cand: str, encoder=None):
    """[(side_with_negation, cue token, scope word, Tok on the other side or None, sure)] for one pair.

    ``sure`` is True when the negated word is found un-negated on the other side; otherwise the
    negation has a counterpart only in its neighbourhood (a weaker, minor finding).
    """
    unbalanced = _unbalanced(ref, cand, read_glued=True)
    if unbalanced is None:
        return []
    side, more, toks, other, n_diff = unbalanced
    out = []
    text, other_text = (ref, cand) if side == "reference" else (cand, ref)
    similar = word_similarity(encoder)  # the negated word in other words: `wouldn't begin` / `could start`
    for k, scope in more:
        found = _same_predicate(toks, k, text, other, other_text, similar)
        if found is not None:
            h, j = found
            out.append((side, toks[k], toks[h].text, other[j], True))
        if len(out) >= n_diff:
            return out
    # no negated word found un-negated: fall back to a negation whose neighbourhood has a counterpart,
    # unless the other side says it in one word (`cannot be moved` / `unseparable`)
    if len(out) < n_diff - _implicit(other) + _implicit(toks) and not out:
        other_stems = {stem(t.text) for t in other}
        for k, scope in more:
            w = _anchored(toks, k, other_stems, ref if side == "reference" else cand)
            there = _counterpart(toks, k, text, other, other_text, similar)
            if w is not None and there is not None:
                # the negated word is on the other side in another frame: it may say the opposite there
                out.append((side, toks[k], toks[_head(toks, k, text)].text, there, False))
                break
    return out


def _counterpart(toks: list[Tok], k: int, text: str, other: list[Tok], other_text: str, similar=None) -> Tok | None:
    """The other side's form of the word the cue at ``k`` negates (`can't escape` / `light can escape`),
    or None: a negation whose word the other side does not have (`no doubt`, `can't help but`, `it goes
    without saying`) is wording said another way, the mismatch score's business, not a polarity."""
    h = _head(toks, k, text)
    if h is None:
        return None
    hs = stem(toks[h].text)
    return next((t for j, t in enumerate(other) if (stem(t.text) == hs or same_word(t.text, toks[h].text)
                                                     or similar is not None and _synonym(toks[h], t, similar))
                 and not _negated(other, j, other_text)), None)


SYNONYM_MIN = 0.75  # cosine of two single words the encoder takes for one predicate (`begin` / `start`: 0.84)


def _synonym(a: Tok, b: Tok, similar) -> bool:
    # plain lower-case words only: the ones `terms.prefetch_words` has embedded for the whole document
    # (names are the name checks'), so this asks the encoder's memory, not the model, pair by pair
    plain = all(t.text.isalpha() and t.text[:1].islower() for t in (a, b))
    return (plain and b.low not in STOPWORDS and b.low not in _AUX and not is_cue(b) and len(b.text) > 2
            and similar(a.text, b.text))


def word_similarity(encoder):
    """(a, b) -> whether the encoder, on the two words alone, takes them for one predicate; None without it."""
    if encoder is None:
        return None

    def similar(a: str, b: str) -> bool:
        va, vb = encoder.encode([a.casefold(), b.casefold()])
        return float(va @ vb) >= SYNONYM_MIN
    return similar


def _negation(doc: AlignedDoc):
    for a in doc.trusted_pairs:
        ref_text, cand_text = doc.reference.group_text(a.ref), doc.candidate.group_text(a.cand)
        for side, cue, word, there, sure in changes(ref_text, cand_text, doc.encoder):
            where = "reference" if side == "reference" else "candidate"
            other = "candidate" if side == "reference" else "reference"
            here_doc, here_idx, here_txt = ((doc.reference, a.ref, ref_text) if side == "reference"
                                            else (doc.candidate, a.cand, cand_text))
            there_doc, there_idx, there_txt = ((doc.candidate, a.cand, cand_text) if side == "reference"
                                               else (doc.reference, a.ref, ref_text))
            here_span = group_locate(here_doc, here_idx, cue.start, cue.end)
            here_snip = snippet(here_txt, cue.start, cue.end, 25)
            if there is not None:
                there_span = group_locate(there_doc, there_idx, there.start, there.end)
                there_snip = snippet(there_txt, there.start, there.end, 25)
                message = (f"Negation only in the {where}: “{cue.text}” negates “{word}…”, which the {other} "
                           + ("states without a negation" if sure else "has without a negation, in other words")
                           + f". {where.capitalize()}: “{here_snip}”; {other}: “{there_snip}”.")
            else:
                there_span = there_doc.group_span(there_idx)
                there_snip = there_txt
                message = (f"Negation only in the {where}: “{here_snip}” has no negation in the {other}, "
                           "which may say the opposite.")
            ref_span, cand_span = (here_span, there_span) if side == "reference" else (there_span, here_span)
            ref_snip, cand_snip = (here_snip, there_snip) if side == "reference" else (there_snip, here_snip)
            yield Finding(
                category="negation", severity="major" if sure else "minor", side="both",
                ref_span=ref_span, cand_span=cand_span, ref_text=ref_snip, cand_text=cand_snip,
                message=message, suggestion="Check whether the candidate says the opposite of the reference.",
            )


@register("negation", categories=("negation",), settings=("pair_gate",))
def negation(doc: AlignedDoc):
    return merge_same(_negation(doc))
