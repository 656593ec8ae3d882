"""Category names that changed, and the old names a user's settings may still use.

Up to JSON schema 1.5 the unbalanced-quotation check was ``quotes.unbalanced`` beside
``quote.changed`` and ``quote.attribution``; since 1.6 every quotation category is ``quote.*``.
A severity policy, or ``qualcheck accept --category``, naming the old category or its prefix
(``quotes``, ``reference.quotes.unbalanced``) means the new one, silently.
"""
from __future__ import annotations

# old category or prefix -> the category it names now
RENAMED = {"quotes": "quote.unbalanced", "quotes.unbalanced": "quote.unbalanced"}


def canonical(name: str) -> str:
    """``name`` (a category or a dotted prefix of one) in today's names."""
    head, dot, rest = name.partition(".")
    if head == "reference" and dot:
        return "reference." + canonical(rest)
    return RENAMED.get(name, name)


def legacy(category: str) -> str:
    """The name ``category`` had up to schema 1.5 (a finding's id is still computed from it, so ids
    in a baseline of accepted findings stay valid)."""
    old = {new: old for old, new in RENAMED.items() if "." in old}
    head, dot, rest = category.partition(".")
    if head == "reference" and dot:
        return "reference." + legacy(rest)
    return old.get(category, category)
