"""Whether two words are forms of one word: inflections and derivations of one stem (`report` /
`reportedly`, `hackers` / `hacked`, `similarly` / `similar`, `democracies` / `democratic`), or a
hyphenated compound and one of its parts (`free-falling` / `falling`, `species-at` / `species`).

A light suffix-stripping stemmer: each word is read with and without each English inflectional or
derivational suffix it ends with; two of these roots make one word when they are equal, when one is the start of the other with at
most three letters more (`hear` / `heard`, `relat` / `relation`), or when they differ only in their
last letter and share at least five (`democrac` / `democrat`, `symbios` / `symbiot`). A change of
prefix (`equal` / `unequal`, `produce` / `reproduce`) or of letters inside the word (`think` / `thing`,
`back` / `black`, `fathers` / `mothers`) is not a form of the same word. Irregular verb forms and
plurals the stemmer cannot relate (`drank` / `drink`, `spent` / `spend`, `stuck` / `sticks`, `children's` /
`child`) are read from lists (``data/words/irregular_verbs.txt``, ``irregular_nouns.txt``): each form stands
for its base form before the roots are compared.
"""
from __future__ import annotations

from functools import lru_cache

from .. import wordlists

# inflections (and the adverb's -ly): a word with one of these is the same word
_INFLECTIONS = frozenset("s es ed d ing ings ers est ly ily ally ies ied".split())
# derivations: two words derived from one root by two of these are one word only when the root is long
# (`import-ant` / `import-ance`), not when it is short (`gener-al` / `gener-ous`, `form-er` / `form-al`)
_DERIVATIONS = frozenset("""
    er y ness ment ments ship ships ity ities ty is
    ion ions tion tions ation ations ition itions sion sions
    ive ives ively ivity al als ial ical ically ic ics istic ism isms ist ists
    ous ious ously ance ances ence ences ent ently ant ants able ably ability ible ibility ful fully
    ize izes ized izing ise ises ised ising isation ization ate ates ated ating ator ators ure ures ian ians
    """.split())
_SUFFIXES = sorted(_INFLECTIONS | _DERIVATIONS, key=len, reverse=True)
MIN_ROOT = 4  # a root shorter than this is not compared (`st`, `amb` say nothing)
LONG_ROOT = 6  # two derivations of a root this long are one word
_IRREGULAR = ("n", "en", "d", "ed", "r", "st")  # `know`/`known`, `take`/`taken`, `hear`/`heard`, `close`/`closer`


# `drank` -> drink, `spent` -> spend, `children` -> child: an irregular form and its base form
IRREGULAR_BASE = {form: row[0] for name in ("irregular_nouns", "irregular_verbs")
                  for row in wordlists.rows("words", name) for form in row[1:]}


def _norm(word: str) -> str:
    w = word.casefold().replace("’", "'")
    return w[:-2] if w.endswith("'s") else w


def _strip(w: str, out: dict[str, str], base: str) -> None:
    for suf in _SUFFIXES:
        if w.endswith(suf) and len(w) - len(suf) >= MIN_ROOT:
            how = "infl" if suf in _INFLECTIONS and base != "deriv" else "deriv"
            r = w[: -len(suf)]
            variants = [r]
            if len(r) > MIN_ROOT and r[-1] == r[-2] and r[-1] not in "ls":
                variants.append(r[:-1])  # `stopped` -> stopp -> stop
            if len(r) > MIN_ROOT and r.endswith("e"):
                variants.append(r[:-1])
            for v in variants:
                if out.get(v) not in ("bare", "infl"):
                    out[v] = how


@lru_cache(maxsize=1 << 15)
def roots(word: str) -> dict[str, str]:
    """{root: how}: the word itself (``bare``) and what is left of it without each suffix it ends with,
    one or two deep (``infl`` when only inflections went, else ``deriv``): `reportedly` -> reported, report;
    `relationship` -> relation, relat..."""
    w = _norm(word)
    out = {w: "bare"}
    if w.endswith("e") and len(w) > MIN_ROOT:
        out[w[:-1]] = "deriv"  # `police` -> polic: not the word itself
    _strip(w, out, "infl")
    for r, how in list(out.items()):
        if r != w and len(r) >= MIN_ROOT + 2:
            _strip(r, out, how)
    return out


def _roots_agree(a: str, ka: str, b: str, kb: str) -> bool:
    both_derived = ka == "deriv" and kb == "deriv"
    if a == b:
        return not both_derived or len(a) >= LONG_ROOT
    short, long_, ks, kl = (a, b, ka, kb) if len(a) <= len(b) else (b, a, kb, ka)
    if kl == "bare" and ks != "deriv" and long_.startswith(short) and long_[len(short):] in _IRREGULAR:
        return True
    if len(short) == len(long_) and len(short) >= 5 and short[:-1] == long_[:-1] and "bare" not in (ka, kb):
        return not both_derived or len(short) >= LONG_ROOT + 1  # `democrac-ies` / `democrat-ic`
    return False


def _agree(a: str, b: str) -> bool:
    if a.endswith(("ery", "eries")) != b.endswith(("ery", "eries")):
        return False  # `-ery` makes another noun: the war machine is not its machinery
    ra, rb = roots(a), roots(b)
    return any(_roots_agree(x, kx, y, ky) for x, kx in ra.items() for y, ky in rb.items())


@lru_cache(maxsize=1 << 15)
def same_word(a: str, b: str) -> bool:
    """Whether ``a`` and ``b`` are forms of one word (see the module's docstring)."""
    a, b = _norm(a), _norm(b)
    if _same(a, b):
        return True
    base_a, base_b = IRREGULAR_BASE.get(a, a), IRREGULAR_BASE.get(b, b)
    return (base_a, base_b) != (a, b) and _same(base_a, base_b)


def _same(a: str, b: str) -> bool:
    if a == b:
        return True
    for x, y in ((a, b), (b, a)):
        if "-" in x and "-" not in y and any(len(p) >= MIN_ROOT and _agree(p, y) for p in x.split("-")):
            return True
    return _agree(a, b)


_NEGATIVE_PREFIXES = ("non-", "non", "dis", "un", "in", "im", "ir", "il")


def is_polarity_word(word: str) -> bool:
    """`can't`, `doesn't`, `cannot`: a negation, the `negation` check's business, not a term."""
    w = _norm(word)
    return w.endswith(("n't", "n’t")) or w in ("cannot", "not", "never", "no", "nor")


def negative_prefix(a: str, b: str) -> str:
    """The negative prefix one word has and the other lacks (`unequal` / `equal` -> `un`), or ''."""
    a, b = _norm(a), _norm(b)
    for p in _NEGATIVE_PREFIXES:
        if a == p + b or b == p + a:
            return p.rstrip("-")
    return ""
