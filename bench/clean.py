"""Benchmark of the cleaner (qualcheck/clean.py): precision and recall of removed characters.

Pages are built from REAL article text wrapped in page debris of the kinds real news pages carry,
each character labelled ``article`` or ``debris`` as it is written (markup is neither), both as
HTML and as pasted plain text. Then each cleaner runs on the page and we count, over non-space
labelled characters:

* precision = debris characters removed / all labelled characters removed;
* recall = debris characters removed / all debris characters;
* article characters lost (removed), in total and in the story's own lists, list headings,
  headings and closing sentence (the lines the issue found lost);
* flagged: characters kept but listed as doubtful (``Document.doubtful``, a ``debris`` finding),
  debris and article apart (a flag on article text costs an editor a look, not the text).

Article text (real): the seed pair (``/work/shared/seeds``: the machine-translated candidate, and
the reference's story lines), the MQM TED ``ref`` translations (``bench/mqm.py``) cut into stories
of 8-16 segments. Each story gets a headline (its first words), paragraphs of 1-3 segments, and at
random numbered section headings at the top (``1. Background``-like: a segment's first words) and a
closing list (a heading such as ``Fraud prevention tips:`` and 2-5 real segments as ``1.``/``•``
items, their stop dropped as machine translation often leaves them) and a closing sentence (a real
segment, its stop kept or dropped).

Debris: two pools of patterns written from real news pages (BBC, Reuters, AP, CNN, Guardian,
local US sites like the seed's): ``TUNE`` (looked at while the rules were written) and ``HELD``
(written after the first version of the rules; no rule was tuned on them: see bench/README.md,
"Cleaner benchmark", for the one bug their misses showed). The held-out set is the held-out
patterns around held-out articles (talk.9 and the ``refB`` human translation of the other talks)
with a fresh generator seed.

Baseline in the same run: main's clean.py (``git show main:qualcheck/clean.py`` loaded as a
module of the package), the cleaner before the change.

    python bench/clean.py [--pages 150] [--seed 11] [--heldout-seed 2027]
"""
from __future__ import annotations

import argparse
import html
import importlib.util
import random
import re
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(HERE))

from mqm import DEFAULT_TSV, load  # noqa: E402

from qualcheck import clean as new_clean  # noqa: E402

SEEDS = Path("/work/shared/seeds")
KINDS = ("article", "list", "heading", "closing", "debris")  # list/heading/closing are article text too


# ------------------------------------------------------------------ page under construction
@dataclass
class Page:
    fmt: str  # "text" or "html"
    parts: list[str] = field(default_factory=list)
    labels: list[tuple[int, int, str]] = field(default_factory=list)  # (start, end, kind)
    pos: int = 0

    def raw(self, s: str) -> None:  # markup or separators: not counted
        self.parts.append(s)
        self.pos += len(s)

    def text(self, s: str, kind: str) -> None:
        if self.fmt == "html":
            s = html.escape(s, quote=False)
        self.labels.append((self.pos, self.pos + len(s), kind))
        self.raw(s)

    def line(self, s: str, kind: str, tag: str = "p", attrs: str = "") -> None:
        if self.fmt == "html":
            self.raw(f"<{tag}{attrs}>")
            self.text(s, kind)
            self.raw(f"</{tag}>\n")
        else:
            self.text(s, kind)
            self.raw("\n\n" if self.blank else "\n")

    blank: bool = True

    def string(self) -> str:
        return "".join(self.parts)


# ------------------------------------------------------------------ debris patterns
# each: fn(page, rng, other_titles) writing one block of debris, in the page's format
def _links(p: Page, items: list[str], wrap: str, sep: str = " | ", li: bool = True) -> None:
    """A row of link items: HTML <wrap><ul><li><a>..; plain text one line joined by ``sep``."""
    if p.fmt == "html":
        p.raw(wrap[0])
        p.raw("<ul>" if li else "")
        for it in items:
            p.raw("<li>" if li else "")
            p.raw('<a href="/x">')
            p.text(it, "debris")
            p.raw("</a>")
            p.raw("</li>" if li else " ")
        p.raw("</ul>" if li else "")
        p.raw(wrap[1] + "\n")
    else:
        p.text(sep.join(items), "debris")
        p.raw("\n\n" if p.blank else "\n")


def t_nav(p, rng, titles):
    items = rng.sample(["Home", "World", "Politics", "Business", "Tech", "Science", "Health", "Sport", "Opinion",
                        "Culture", "Travel", "Video", "Local", "Economy", "Climate"], rng.randint(4, 8))
    _links(p, items, ("<nav>", "</nav>"))


def t_share(p, rng, titles):
    items = rng.choice([["Share on Facebook", "Share on Twitter", "Email"], ["Facebook", "Twitter", "LinkedIn", "Email"],
                        ["Share this article"], ["Share", "Tweet", "Email", "Print"]])
    if len(items) == 1:
        p.line(items[0], "debris", "div", ' class="share-label"')
    else:
        _links(p, items, ('<div class="share-bar">', "</div>"), "  ", li=False)


def t_cookie(p, rng, titles):
    p.line(rng.choice([
        "We use cookies to improve your experience on our site. By continuing to browse, you agree to our use of cookies.",
        "We use cookies and similar technologies to personalise content and ads and to analyse our traffic.",
    ]), "debris", "div", ' class="cookie-banner"')
    p.line(rng.choice(["Accept cookies", "Cookie settings", "Accept all cookies"]), "debris", "button")


def t_readmore(p, rng, titles):
    p.line(f"{rng.choice(['Read more', 'READ MORE', 'Related', 'See also'])}: {rng.choice(titles)}", "debris",
           "p", ' class="related-link"')


def t_related(p, rng, titles):
    head = rng.choice(["Related stories", "Related articles", "You may also like", "Recommended"])
    p.line(head, "debris", "h3")
    if p.fmt == "html":
        p.raw('<aside class="related"><ul>')
        for t in rng.sample(titles, 3):
            p.raw('<li><a href="/story">')
            p.text(t, "debris")
            p.raw("</a></li>")
        p.raw("</ul></aside>\n")
    else:
        for t in rng.sample(titles, 3):
            p.line(t, "debris")


def t_credit(p, rng, titles):
    p.line(rng.choice(["Photo: Reuters/Tingshu Wang", "(AP Photo/Andy Wong)", "Image credit: Getty Images",
                       "Photo credit: Xinhua", "Reporting by Laurie Chen; Editing by Kim Coghill"]),
           "debris", "figcaption" if p.fmt == "html" else "p")


def t_newsletter(p, rng, titles):
    p.line(rng.choice(["Sign up for our morning newsletter", "Subscribe to our newsletter"]), "debris", "h4")
    p.line("Get the day's top stories delivered to your inbox.", "debris", "p", ' class="newsletter-promo"')


def t_footer(p, rng, titles):
    p.line(f"© {rng.randint(2018, 2026)} {rng.choice(['Daily Herald', 'Colorado Politics', 'The Courier'])}. "
           "All rights reserved.", "debris", "footer")
    _links(p, ["Privacy Policy", "Terms of Use", "Contact Us"], ("<div>", "</div>"))


AD_JS = ("(function(w,d,s,i){w.ldAdInit=w.ldAdInit||[];w.ldAdInit.push({slot:%d,size:[0, 0],id:'ld-%d'});"
         "if(!d.getElementById(i)){var j=d.createElement(s),p=d.getElementsByTagName(s)[0];j.async=true;"
         "j.src='//cdn.example.com/ad.js';p.parentNode.insertBefore(j,p);}})(window,document,'script','ld-%d');")


def t_script(p, rng, titles):
    n = rng.randint(1000, 99999)
    js = AD_JS % (n, n, n)
    if p.fmt == "html":
        p.raw("<script>")
        p.text(js, "debris")
        p.raw("</script>\n")
        if rng.random() < 0.5:
            p.raw("<style>")
            p.text(".ad-slot{min-height:250px;margin:0 auto}", "debris")
            p.raw("</style>\n")
    else:
        p.line(js, "debris")


def t_byline(p, rng, titles):
    p.line(rng.choice(["By Jane Smith", "By SIMINA MISTREANU and KEN MORITSUGU", "By Tom Ramstack, Colorado Politics"]),
           "debris", "div")
    p.line(rng.choice(["Published 10:32 AM EST, December 1, 2026", "Updated: Feb. 24, 2025 at 4:15 pm",
                       "December 1, 2026"]), "debris", "time")


def t_masthead(p, rng, titles):
    p.line(rng.choice(["Colorado Politics", "Daily Herald", "The Courier"]), "debris", "div")


# held-out patterns: not used while writing the rules (see the module docstring)
def h_nav(p, rng, titles):
    p.line("Skip to main content", "debris", "a")
    items = rng.sample(["News", "Sport", "Weather", "Business", "Innovation", "Culture", "Arts", "Travel", "Earth",
                        "Audio", "Video", "Live"], rng.randint(4, 7))
    _links(p, items, ('<div class="global-navigation">', "</div>"), "  ")


def h_breadcrumb(p, rng, titles):
    _links(p, ["Home", "News", rng.choice(["World", "Asia", "China", "Politics"])], ('<ol class="crumbs">', "</ol>"), " › ")


def h_share(p, rng, titles):
    _links(p, rng.choice([["Share via WhatsApp", "Copy link"], ["Facebook", "X", "Email", "Copy link"],
                          ["Share", "Save", "Gift article"]]), ('<div class="social-tools">', "</div>"), " · ", li=False)


def h_cookie(p, rng, titles):
    p.line("This website uses cookies to ensure you get the best experience. Learn more in our Cookie Policy.",
           "debris", "div", ' id="consent"')
    p.line(rng.choice(["Reject all", "Manage preferences", "I agree"]), "debris", "button")


def h_mostread(p, rng, titles):
    p.line(rng.choice(["Most read", "Most popular", "Trending now"]), "debris", "h2")
    for k, t in enumerate(rng.sample(titles, 4), 1):
        p.line(f"{k}. {t}" if p.fmt == "text" else t, "debris", "li")


def h_continue(p, rng, titles):
    p.line(rng.choice(["Advertisement", "Story continues below advertisement", "ADVERTISEMENT",
                       "Article continues below this ad"]), "debris", "div", ' class="ad-label"')


def h_credit(p, rng, titles):
    p.line(rng.choice(["Image source, Getty Images", "Photograph: Andy Wong/AP", "Picture: EPA-EFE",
                       "Additional reporting by Ryan Woo in Beijing"]), "debris", "span")


def h_newsletter(p, rng, titles):
    p.line("Want more stories like this? Subscribe to our daily briefing and get the news you need every morning.",
           "debris", "div")


def h_footer(p, rng, titles):
    p.line("Copyright 2026 The Associated Press. All rights reserved. This material may not be published, "
           "broadcast, rewritten or redistributed.", "debris", "small")
    _links(p, ["About us", "Careers", "Advertise", "Privacy", "Sitemap"], ("<footer>", "</footer>"), " | ")


def h_comments(p, rng, titles):
    p.line(rng.choice([f"Comments ({rng.randint(2, 300)})", "Join the conversation", "View comments"]), "debris", "div")


def h_readtime(p, rng, titles):
    p.line(rng.choice(["4 min read", "Updated 2 hours ago", "1 December 2026, 09:14 GMT"]), "debris", "span")


def h_script(p, rng, titles):
    if p.fmt == "html":
        p.raw('<script type="application/ld+json">')
        p.text('{"@context":"https://schema.org","@type":"NewsArticle","headline":"x","datePublished":"2026-12-01"}',
               "debris")
        p.raw("</script>\n")
    else:
        p.line("googletag.cmd.push(function() { googletag.display('div-gpt-ad-1'); });", "debris")


TUNE_TOP = [t_masthead, t_nav, t_byline, t_credit]
TUNE_MID = [t_script, t_readmore, t_credit, t_share]
TUNE_END = [t_share, t_related, t_newsletter, t_cookie, t_footer, t_script]
HELD_TOP = [h_nav, h_breadcrumb, h_readtime, h_credit]
HELD_MID = [h_continue, h_script, h_credit, h_share]
HELD_END = [h_share, h_mostread, h_newsletter, h_comments, h_cookie, h_footer]

LIST_HEADS = ["Fraud prevention tips:", "What you need to know:", "Key points:", "How to protect yourself:",
              "Three things to remember:", "The main points of the talk:"]


# ------------------------------------------------------------------ stories
def _unstop(s: str) -> str:
    return re.sub(r"[.!?。！？]+[\"”’]?$", "", s.strip()) or s


def _head(s: str, n: int) -> str:
    return _unstop(" ".join(_unstop(s).split()[:n]).rstrip(",;:"))


def stories(held: bool) -> list[list[str]]:
    """Lists of real segments (one story each)."""
    out: list[list[str]] = []
    if not held:
        cand = [x for x in (SEEDS / "candidate_machine_translated.txt").read_text(encoding="utf-8").split("\n") if x.strip()]
        ref_lines = [x for x in (SEEDS / "reference_colorado_politics.txt").read_text(encoding="utf-8").split("\n")
                     if x.strip()]
        end = ref_lines.index("Tags")
        ref_story = [x for x in ref_lines[2:end] if not x.startswith("(function") and not x.startswith("TRUMP NATIONAL")]
        out += [cand, ref_story]
    data = load()
    for name, talk in data.talks.items():
        if held:
            segs = [s.text for s in (talk.ref if name == "talk.9" else talk.refB)]
        elif name == "talk.9":
            continue
        else:
            segs = [s.text for s in talk.ref]
        rng = random.Random(name)
        k = 0
        while k < len(segs) - 8:
            n = rng.randint(8, 16)
            out.append([s for s in segs[k : k + n] if len(s.split()) >= 3])
            k += n
    return [s for s in out if len(s) >= 6]


def build(story: list[str], fmt: str, rng: random.Random, pools, titles: list[str]) -> Page:
    top, mid, end = pools
    p = Page(fmt)
    p.blank = fmt == "html" or rng.random() < 0.7
    if fmt == "html":
        p.raw("<!DOCTYPE html><html><head><title>story</title></head><body>\n")
    for fn in rng.sample(top, rng.randint(1, len(top))):
        fn(p, rng, titles)
    if fmt == "html":
        p.raw("<article>\n")
    segs = list(story)
    closing = segs.pop() if rng.random() < 0.5 and len(segs) > 6 else None
    items = [segs.pop() for _ in range(rng.randint(2, min(5, len(segs) - 4)))][::-1] if rng.random() < 0.5 else []
    p.line(_head(segs[0], rng.randint(6, 12)), "heading", "h1")
    if rng.random() < 0.3:  # numbered section headings at the top of the story
        heads = rng.sample(segs[1:], min(3, len(segs) - 1))
        for k, s in enumerate(heads, 1):
            p.line(f"{k}. {_head(s, rng.randint(1, 3))}", "heading", "h2")
    k = 0
    while k < len(segs):
        n = rng.randint(1, 3)
        p.line(" ".join(segs[k : k + n]), "article")
        k += n
        if k < len(segs) and rng.random() < 0.25:
            rng.choice(mid)(p, rng, titles)
    if items:
        p.line(rng.choice(LIST_HEADS), "list", "h3" if rng.random() < 0.5 else "p")
        bullet = rng.choice(["{k}. ", "{k}) ", "• ", "- "])
        if fmt == "html":
            p.raw("<ol>\n" if "k" in bullet else "<ul>\n")
            for s in items:
                p.line(_unstop(s) if rng.random() < 0.6 else s, "list", "li")
            p.raw("</ol>\n" if "k" in bullet else "</ul>\n")
        else:
            for k, s in enumerate(items, 1):
                p.line(bullet.format(k=k) + (_unstop(s) if rng.random() < 0.6 else s), "list")
    if closing:
        p.line(_unstop(closing) if rng.random() < 0.5 else closing, "closing")
    if fmt == "html":
        p.raw("</article>\n")
    for fn in rng.sample(end, rng.randint(1, len(end))):
        fn(p, rng, titles)
    if fmt == "html":
        p.raw("</body></html>\n")
    return p


# ------------------------------------------------------------------ scoring
def main_cleaner():
    """main's clean.py, loaded as ``qualcheck._main_clean`` (relative imports resolve in the package)."""
    src = subprocess.run(["git", "-C", str(ROOT), "show", "main:qualcheck/clean.py"], capture_output=True, text=True,
                         check=True).stdout
    spec = importlib.util.spec_from_loader("qualcheck._main_clean", loader=None)
    mod = importlib.util.module_from_spec(spec)
    mod.__package__ = "qualcheck"
    sys.modules[spec.name] = mod
    exec(compile(src, "main:qualcheck/clean.py", "exec"), mod.__dict__)
    return mod.clean


def score(page: Page, cleaner) -> dict:
    text = page.string()
    doc, _ = cleaner(text, name="page", fmt=page.fmt)
    gone = bytearray(len(text))
    for r in doc.removed:
        gone[r.start : r.end] = b"\x01" * (r.end - r.start)
    flag = bytearray(len(text))
    for r in getattr(doc, "doubtful", []):
        flag[r.start : r.end] = b"\x01" * (r.end - r.start)
    c = {f"{k}_{w}": 0 for k in KINDS for w in ("all", "removed", "flagged")}
    for a, b, kind in page.labels:
        for q in range(a, b):
            if text[q].isspace():
                continue
            c[f"{kind}_all"] += 1
            c[f"{kind}_removed"] += gone[q]
            c[f"{kind}_flagged"] += flag[q] and not gone[q]
    return c


def run(pages: list[Page], cleaner) -> dict:
    tot: dict = {}
    lossy = 0
    for p in pages:
        c = score(p, cleaner)
        lossy += any(c[f"{k}_removed"] for k in KINDS if k != "debris")
        for k, v in c.items():
            tot[k] = tot.get(k, 0) + v
    art = lambda w: sum(tot[f"{k}_{w}"] for k in KINDS if k != "debris")  # noqa: E731
    removed = art("removed") + tot["debris_removed"]
    return {
        "P": tot["debris_removed"] / removed if removed else 1.0,
        "R": tot["debris_removed"] / tot["debris_all"],
        "lost": art("removed"), "art": art("all"), "lossy": lossy, "pages": len(pages),
        "list": f'{tot["list_removed"]}/{tot["list_all"]}', "heading": f'{tot["heading_removed"]}/{tot["heading_all"]}',
        "closing": f'{tot["closing_removed"]}/{tot["closing_all"]}',
        "flag_debris": tot["debris_flagged"], "flag_art": art("flagged"), "debris": tot["debris_all"],
    }


def pages_for(held: bool, n: int, seed: int) -> dict[str, list[Page]]:
    rng = random.Random(seed)
    sts = stories(held)
    titles = [_head(s, 12) for st in stories(not held) for s in st[:1]]  # other stories' headlines
    pools = (HELD_TOP, HELD_MID, HELD_END) if held else (TUNE_TOP, TUNE_MID, TUNE_END)
    out: dict[str, list[Page]] = {"text": [], "html": []}
    for k in range(n):
        st = sts[k % len(sts)]
        for fmt in out:
            out[fmt].append(build(st, fmt, rng, pools, titles))
    return out


def table(title: str, pages: dict[str, list[Page]], cleaners: dict) -> list[str]:
    rows = [f"\n{title}",
            "| format | cleaner | precision | recall | article chars lost | pages losing copy | list / heading / closing chars lost | flagged: debris / article chars |",
            "|---|---|---|---|---|---|---|---|"]
    for fmt, ps in pages.items():
        for name, fn in cleaners.items():
            r = run(ps, fn)
            rows.append(f"| {fmt} | {name} | {r['P']:.3f} | {r['R']:.3f} | {r['lost']} of {r['art']} ({r['lost'] / r['art']:.2%}) | "
                        f"{r['lossy']} of {r['pages']} | {r['list']} / {r['heading']} / {r['closing']} | "
                        f"{r['flag_debris']} of {r['debris']} / {r['flag_art']} |")
    return rows


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--pages", type=int, default=150, help="pages per format and set")
    ap.add_argument("--seed", type=int, default=11)
    ap.add_argument("--heldout-seed", type=int, default=2027)
    ap.add_argument("--tune-only", action="store_true", help="skip the held-out set (while changing rules)")
    args = ap.parse_args()
    if not Path(DEFAULT_TSV).exists():
        sys.exit(f"benchmark data not found at {DEFAULT_TSV} (set QUALCHECK_MQM_TSV)")
    cleaners = {"main (before)": main_cleaner(), "this branch": new_clean.clean}
    lines = table(f"Tuning set: seed pair + TED talks 2, 5, 6, 7 (ref), tuning debris patterns, seed {args.seed}",
                  pages_for(False, args.pages, args.seed), cleaners)
    if not args.tune_only:
        lines += table(f"Held-out set: talk.9 ref + refB of the other talks, held-out debris patterns, seed {args.heldout_seed}",
                       pages_for(True, args.pages, args.heldout_seed), cleaners)
    print("\n".join(lines))


if __name__ == "__main__":
    main()
