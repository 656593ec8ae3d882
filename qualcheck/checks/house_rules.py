"""House rules (``--rules FILE``): forbidden and required words or patterns."""
from __future__ import annotations

from ..types import Finding
from . import ANY_CATEGORY, register
from .aligned import AlignedDoc


@register("rules", categories=("rule.forbidden", "rule.required", ANY_CATEGORY), settings=("rules",))
def house_rules(doc: AlignedDoc):
    rules = doc.settings.rules
    for rule in rules:
        target = doc.reference if rule.side == "reference" else doc.candidate
        side = "reference" if rule.side == "reference" else "candidate"
        if rule.kind == "forbidden":
            hits = []
            for s in target.sentences:
                for m in rule.regex.finditer(s.text):
                    if m.end() > m.start():
                        hits.append((s, m))
            if not hits:
                continue
            s, m = hits[0]
            spans = [target.locate(h[0], h[1].start(), h[1].end()) for h in hits]
            times = f" ({len(hits)} times)" if len(hits) > 1 else ""
            kw = {"cand_span": spans[0], "cand_text": m.group(0)} if side == "candidate" else {"ref_span": spans[0], "ref_text": m.group(0)}
            yield Finding(
                category=rule.category_name, severity=rule.severity, side=side,
                message=(rule.message or f"House rule {rule.id!r}: “{m.group(0)}” is not allowed.") + times,
                suggestion=rule.suggestion, occurrences=spans[1:], **kw,
            )
        else:  # required somewhere in the text
            if any(rule.regex.search(s.text) for s in target.sentences):
                continue
            yield Finding(
                category=rule.category_name, severity=rule.severity, side=side,
                message=rule.message or f"House rule {rule.id!r}: required pattern “{rule.regex.pattern}” is missing.",
                suggestion=rule.suggestion,
                **({"cand_text": rule.id} if side == "candidate" else {"ref_text": rule.id}),
            )
