"""The HTML report in a real browser: Debian's headless Chromium, driven over the DevTools protocol.

Loads the seed report's HTML like an editor would, checks that the rows and highlights are
there, clicks the filters with the mouse, hovers a highlight, follows the moved-content links,
and takes screenshots at 1280 px and at phone width (390 px) into the test's tmp dir (and into
$QUALCHECK_SCREENS when it is set, for people to look at).
"""
from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

from cdp import Browser, find_chromium
from qualcheck.report import htmlfmt

pytestmark = pytest.mark.slow  # a headless Chromium

CHROMIUM = find_chromium()
if CHROMIUM is None:
    if os.environ.get("CI"):
        raise RuntimeError("chromium is missing: .ci/run installs it (apt-get install chromium)")
    pytest.skip("no chromium here: install Debian's package (apt-get install -y chromium; .ci/run does) to run the browser tests",
                allow_module_level=True)


@pytest.fixture(scope="module")
def browser():
    b = Browser(CHROMIUM)
    yield b
    b.close()


def _screens(paths):
    """Copy screenshots to $QUALCHECK_SCREENS (for review), if set."""
    dest = os.environ.get("QUALCHECK_SCREENS")
    if dest:
        Path(dest).mkdir(parents=True, exist_ok=True)
        for p in paths:
            shutil.copy(p, Path(dest) / p.name)


def _load(browser, path: Path, width: int, height: int = 900):
    mobile = width < 700
    browser.viewport(width, height, mobile=mobile, scale=2 if mobile else 1)
    n = len(browser.events)
    browser.open(path)
    assert browser.js("document.documentElement.getAttribute('data-ready')") == "1", "the page script did not run"
    return n


def _problems(browser, since: int) -> list[str]:
    """JavaScript errors, console errors and any request for something other than the file itself."""
    out = []
    for ev in browser.events[since:]:
        m, p = ev.get("method"), ev.get("params", {})
        if m == "Runtime.exceptionThrown":
            out.append(f"exception: {p['exceptionDetails'].get('text')} {p['exceptionDetails'].get('exception', {}).get('description', '')}")
        elif m == "Runtime.consoleAPICalled" and p.get("type") == "error":
            out.append(f"console.error: {p.get('args')}")
        elif m == "Network.requestWillBeSent":
            url = p["request"]["url"]
            if not url.startswith(("file://", "data:", "about:")):
                out.append(f"request: {url}")
        elif m == "Log.entryAdded" and p["entry"].get("level") == "error":
            out.append(f"log: {p['entry'].get('text')}")
    return out


def _norm(s: str) -> str:
    return "".join(s.split())


def _highlighted_side(f):
    """The sides a finding is highlighted on: its own side; the other side's span is context."""
    sides = []
    if f.ref_span and (f.side in ("reference", "both") or not f.cand_span):
        sides.append("ref")
    if f.cand_span and (f.side in ("candidate", "both") or not f.ref_span):
        sides.append("cand")
    return sides


def _expected_text(doc, spans) -> str:
    """What is highlighted for these spans: their text inside sentences, whitespace removed."""
    out = []
    for a, b in sorted(spans):
        for s in doc.sentences:
            lo, hi = max(a, s.start), min(b, s.end)
            if lo < hi:
                out.append(doc.original[lo:hi])
    return _norm("".join(out))


SHOWN_FIDS = """
(() => {
  const out = {};
  for (const col of ['ref', 'cand']) {
    document.querySelectorAll('td.' + col + ' [data-fids]').forEach(el => {
      const c = el.cloneNode(true); c.querySelectorAll('sup').forEach(x => x.remove());
      for (const id of el.dataset.fids.split(' ')) {
        const k = col + ' ' + id; out[k] = (out[k] || '') + c.textContent;
      }
    });
  }
  return out;
})()
"""


def test_seed_report_in_chromium(browser, seed_report, tmp_path):
    report = seed_report
    page = tmp_path / "report.html"
    page.write_text(htmlfmt.render(report), encoding="utf-8")
    since = _load(browser, page, 1280)

    # one row per aligned group, in report.alignment order, each with its own sentences
    rows = browser.js("""[...document.querySelectorAll('tr.row')].map(tr => ({
        id: tr.id, kind: tr.dataset.kind,
        ref: [...tr.querySelectorAll('td.ref .s')].map(s => +s.id.slice(1) - 1),
        cand: [...tr.querySelectorAll('td.cand .s')].map(s => +s.id.slice(1) - 1),
        refEmpty: tr.querySelector('td.ref').classList.contains('empty'),
        candEmpty: tr.querySelector('td.cand').classList.contains('empty')}))""")
    assert len(rows) == len(report.alignment)
    for k, (row, a) in enumerate(zip(rows, report.alignment)):
        assert row["id"] == f"row-{k + 1}" and row["kind"] == a.kind
        assert row["ref"] == list(a.ref) and row["cand"] == list(a.cand)
        assert row["refEmpty"] == (a.kind == "addition") and row["candEmpty"] == (a.kind == "omission")

    # every finding is highlighted at its exact span on its side(s), and has a note
    shown = browser.js(SHOWN_FIDS)
    for f in report.findings:
        for col in _highlighted_side(f):
            doc = report.reference if col == "ref" else report.candidate
            own = f.side == "reference" if col == "ref" else f.side != "reference"
            spans = [f.ref_span if col == "ref" else f.cand_span] + (list(f.occurrences) if own else [])
            assert _norm(shown.get(f"{col} {f.id}", "")) == _expected_text(doc, spans), (f.category, col)
    notes = browser.js("[...document.querySelectorAll('li[data-fid]')].map(li => li.dataset.fid)")
    assert sorted(notes) == sorted(f.id for f in report.findings)
    # coloured by severity: the computed colours of major, minor and info highlights differ
    colours = browser.js("""['major','minor','info'].map(s => { const m = document.querySelector('mark[data-on=' + s + '], .s[data-on=' + s + ']');
        return m ? getComputedStyle(m).backgroundColor : null; })""")
    present = [c for c, sev in zip(colours, ("major", "minor", "info")) if report.findings.by_severity()[sev]]
    assert len(present) >= 2 and len(set(present)) == len(present)

    # side by side at 1280 px, nothing wider than the window
    geo = browser.js("""(() => { const tr = document.querySelector('tr.k-match') || document.querySelector('tr.row');
        const r = tr.querySelector('td.ref').getBoundingClientRect(), c = tr.querySelector('td.cand').getBoundingClientRect();
        return {rl: r.left, rt: r.top, cl: c.left, ct: c.top, rw: r.width, cw: c.width,
                sw: document.documentElement.scrollWidth}; })()""")
    assert geo["rt"] == geo["ct"] and geo["rl"] < geo["cl"] and geo["sw"] <= 1280
    assert geo["rw"] > 400 and geo["cw"] > 400
    top = browser.screenshot(tmp_path / "report-1280.png")
    full = browser.screenshot(tmp_path / "report-1280-full.png", full_page=True)

    # hovering a highlight (a name, if there is one) shows its message and suggestion
    marked = set(" ".join(browser.js("[...document.querySelectorAll('mark[data-on]')].map(m => m.dataset.fids)")).split())
    hoverable = [f for f in report.findings if f.id in marked and f.suggestion]
    assert hoverable, "no finding is marked on a part of a sentence"
    f = next((f for f in hoverable if f.category.startswith("name.")), hoverable[0])
    box = browser.js(f"""(() => {{ const m = document.querySelector('mark[data-fids~="{f.id}"]'); m.scrollIntoView({{block:'center'}});
        const r = m.getBoundingClientRect(); return [r.left + r.width / 2, r.top + r.height / 2]; }})()""")
    browser.send("Input.dispatchMouseEvent", type="mouseMoved", x=box[0], y=box[1])
    tip = browser.js("(() => { const t = document.getElementById('tip'); return t.hidden ? null : t.textContent; })()")
    assert tip and f.message in tip and f.suggestion in tip
    hover = browser.screenshot(tmp_path / "report-1280-hover.png", from_top=False)

    # filters: unticking "major" (a real click) hides every major finding's note and highlight
    total = len(report.findings)
    majors = [f for f in report.findings if f.severity == "major"]
    assert majors
    browser.click('input[data-sev="major"]')
    state = browser.js("""(() => ({
        shown: +document.getElementById('shown').textContent,
        hiddenNotes: [...document.querySelectorAll('li[data-fid][hidden]')].map(li => li.dataset.fid),
        majorMarks: document.querySelectorAll('[data-on=major]').length}))()""")
    assert state["shown"] == total - len(majors)
    assert sorted(state["hiddenNotes"]) == sorted(f.id for f in majors)
    assert state["majorMarks"] == 0
    browser.click('input[data-sev="major"]')
    assert browser.js("document.querySelectorAll('[data-on=major]').length") > 0
    # a category: unticking it hides exactly its findings
    cat = max(report.findings.by_category().items(), key=lambda kv: kv[1])[0]
    browser.click(f'input[data-cat="{cat}"]')
    hidden = browser.js("[...document.querySelectorAll('li[data-fid][hidden]')].map(li => li.dataset.fid)")
    assert sorted(hidden) == sorted(f.id for f in report.findings if f.category == cat)
    # "only rows with findings" hides the rows left without a visible finding (every category but the
    # rarest unticked: on the seed pair every row has some finding once the word reading runs)
    counts = report.findings.by_category()
    rarest = min(counts, key=counts.get)
    for other in counts:
        if other not in (cat, rarest):
            browser.click(f'input[data-cat="{other}"]')
    browser.click("#only-findings")
    left = browser.js("""[...document.querySelectorAll('tr.row')].filter(tr => !tr.hidden).map(tr => tr.id)""")
    assert 0 < len(left) < len(report.alignment)
    for rid in left:
        assert browser.js(f"!!document.querySelector('#{rid} li[data-fid]:not([hidden]), #{rid} [data-on]')")
    filtered = browser.screenshot(tmp_path / "report-1280-filtered.png")
    browser.click("#reset")
    assert browser.js("+document.getElementById('shown').textContent") == total
    assert browser.js("document.querySelectorAll('tr.row[hidden], li[data-fid][hidden]').length") == 0

    # moved content: a placeholder where it stands in the other text, linked both ways
    moved = [k for k, a in enumerate(report.alignment) if a.kind == "moved"]
    assert moved, "the seed pair has moved content"
    for k in moved:
        assert browser.js(f"!!document.querySelector('#moved-{k + 1} a[href=\"#row-{k + 1}\"]')")
        assert browser.js(f"!!document.querySelector('#row-{k + 1} a[href=\"#moved-{k + 1}\"]')")
    browser.click(f'#row-{moved[0] + 1} a.moved-link')
    assert browser.js("location.hash") == f"#moved-{moved[0] + 1}"
    assert browser.js(f"(() => {{ const r = document.getElementById('moved-{moved[0] + 1}').getBoundingClientRect();"
                      " return r.top >= 0 && r.bottom <= innerHeight; })()")

    # removed debris: collapsed, every span listed
    debris = browser.js("""(() => { const d = document.querySelector('details.debris-reference');
        return d ? {open: d.open, n: d.querySelectorAll('ul.debris li').length} : null; })()""")
    assert debris == {"open": False, "n": len(report.reference.removed)}
    assert _problems(browser, since) == []

    # phone width: rows stack (reference above candidate), nothing sticks out sideways
    since = _load(browser, page, 390, 844)
    geo = browser.js("""(() => { const tr = document.querySelector('tr.k-match');
        const r = tr.querySelector('td.ref').getBoundingClientRect(), c = tr.querySelector('td.cand').getBoundingClientRect();
        return {stacked: c.top >= r.bottom - 1, cw: c.width, sw: document.documentElement.scrollWidth}; })()""")
    assert geo["stacked"] and geo["cw"] > 300 and geo["sw"] <= 390
    phone = browser.screenshot(tmp_path / "report-390.png")
    phone_full = browser.screenshot(tmp_path / "report-390-full.png", full_page=True)
    assert _problems(browser, since) == []
    for p in (top, full, hover, filtered, phone, phone_full):
        assert p.stat().st_size > 10_000 and p.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    _screens([top, full, hover, filtered, phone, phone_full])


def test_clean_report_in_chromium(browser, encoder, tmp_path):
    """Identical inputs: no findings, a clear 'no findings' note, working page, no errors."""
    from qualcheck import check

    text = "Xi Jinping met Vladimir Putin in Moscow on Monday.\nThey spoke about trade and the war in Ukraine.\n"
    report = check(text, text, encoder=encoder)
    page = tmp_path / "clean.html"
    page.write_text(htmlfmt.render(report), encoding="utf-8")
    since = _load(browser, page, 1280)
    assert browser.js("document.querySelectorAll('tr.row').length") == len(report.alignment) == 2
    assert browser.js("document.querySelectorAll('[data-on], li[data-fid]').length") == 0
    assert "No findings" in browser.js("document.querySelector('main').textContent")
    assert json.loads(browser.js("document.getElementById('qc-findings').textContent")) == {}
    assert _problems(browser, since) == []
