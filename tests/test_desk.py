"""`qualcheck serve`, the review desk: a real server on a loopback port, driven over HTTP and in
Debian's headless Chromium (tests/cdp.py), with its security rules tried as an attacker would."""
from __future__ import annotations

import json
import os
import socket
import threading
import time
import urllib.error
import urllib.request
import uuid
from pathlib import Path

import pytest

uvicorn = pytest.importorskip("uvicorn", reason='the desk needs its extra: pip install "qualcheck[serve]"')

from cdp import Browser, find_chromium  # noqa: E402
from qualcheck.desk.app import create_app, is_loopback  # noqa: E402
from qualcheck.workflow.policy import read_baseline  # noqa: E402
from qualcheck.report.schema import validate  # noqa: E402

SEEDS = Path(__file__).resolve().parent.parent / "qualcheck" / "data"
REF = (SEEDS / "reference_colorado_politics.txt").read_text(encoding="utf-8")
CAND = (SEEDS / "candidate_machine_translated.txt").read_text(encoding="utf-8")


class Server:
    def __init__(self, data: Path, **kw):
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            self.port = s.getsockname()[1]
        self.app = create_app(data, warm=False, **kw)
        self.server = uvicorn.Server(uvicorn.Config(self.app, host="127.0.0.1", port=self.port, log_level="warning"))
        self.thread = threading.Thread(target=self.server.run, daemon=True)
        self.thread.start()
        deadline = time.monotonic() + 30
        while not self.server.started:
            assert time.monotonic() < deadline, "the desk did not start"
            time.sleep(0.05)
        self.url = f"http://127.0.0.1:{self.port}"

    def stop(self):
        self.server.should_exit = True
        self.thread.join(timeout=60)


def call(url, method="GET", body=None, headers=None, desk=True):
    h = dict(headers or {})
    if desk:
        h.setdefault("X-Qualcheck-Desk", "1")
    req = urllib.request.Request(url, data=body, method=method, headers=h)
    try:
        with urllib.request.urlopen(req, timeout=120) as r:
            return r.status, r.read(), dict(r.headers)
    except urllib.error.HTTPError as e:
        return e.code, e.read(), dict(e.headers)


def multipart(fields: dict) -> tuple[bytes, str]:
    b = uuid.uuid4().hex
    out = b""
    for k, v in fields.items():
        if isinstance(v, tuple):  # (filename, bytes)
            out += (f'--{b}\r\nContent-Disposition: form-data; name="{k}"; filename="{v[0]}"\r\n'
                    f"Content-Type: application/octet-stream\r\n\r\n").encode() + v[1] + b"\r\n"
        else:
            out += f'--{b}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n'.encode()
    return out + f"--{b}--\r\n".encode(), f"multipart/form-data; boundary={b}"


def run_check(srv, fields) -> int:
    body, ctype = multipart(fields)
    st, raw, _ = call(srv.url + "/api/check", "POST", body, {"Content-Type": ctype})
    assert st == 202, raw
    job = json.loads(raw)["id"]
    deadline = time.monotonic() + 600
    while time.monotonic() < deadline:
        st, raw, _ = call(f"{srv.url}/api/jobs/{job}")
        j = json.loads(raw)
        if j["state"] == "done":
            assert [s[0] for s in j["stages"]][:3] == ["load", "clean", "segment"] and j["stages"][-1][0] == "writing reports"
            return j["check_id"]
        assert j["state"] != "failed", j["error"]
        time.sleep(0.2)
    raise AssertionError("the check did not finish")


@pytest.fixture(scope="module")
def desk(tmp_path_factory):
    srv = Server(tmp_path_factory.mktemp("desk"))
    yield srv
    srv.stop()


def test_check_accept_recheck_history_download(desk):
    cid = run_check(desk, {"ref_text": REF, "cand_file": ("candidate.txt", CAND.encode())})
    st, raw, _ = call(f"{desk.url}/api/checks/{cid}")
    view = json.loads(raw)
    assert view["check"]["cand_name"] == "candidate.txt" and view["check"]["ref_name"] == "Colorado Politics (pasted reference)"
    misspelled = next(f for f in view["findings"] if f["category"] == "name.misspelled")
    assert "Volodymi" in misspelled["message"] and misspelled["status"] == "open"
    # accept it: the same file `qualcheck accept` writes and `--baseline` reads
    st, raw, _ = call(f"{desk.url}/api/checks/{cid}/findings/{misspelled['id']}", "POST",
                      json.dumps({"action": "accept", "reason": "house spelling"}).encode(), {"Content-Type": "application/json"})
    assert st == 200, raw
    baseline = desk.app.state.desk.workflow_file("baseline")
    assert read_baseline(baseline)[misspelled["id"]]["why"] == "house spelling"
    dismissed = next(f for f in view["findings"] if f["category"] == "addition")
    st, _, _ = call(f"{desk.url}/api/checks/{cid}/findings/{dismissed['id']}", "POST",
                    json.dumps({"action": "dismiss", "reason": "a different report"}).encode(), {"Content-Type": "application/json"})
    assert st == 200
    # a revised candidate: one defect fixed; the re-check shows it fixed, the accepted one accepted
    revised = CAND.replace("thick, thin and thin", "thick and thin")
    cid2 = run_check(desk, {"ref_text": REF, "cand_text": revised})
    v2 = json.loads(call(f"{desk.url}/api/checks/{cid2}")[1])
    assert v2["changes"]["previous"] == cid
    assert any(f["category"] == "words.doubled" for f in v2["changes"]["fixed"])
    assert misspelled["id"] in v2["changes"]["accepted"]
    assert next(f for f in v2["findings"] if f["id"] == misspelled["id"])["status"] == "accepted"
    # history: search and filters
    found = json.loads(call(f"{desk.url}/api/checks?q=candidate.txt")[1])["checks"]
    assert [c["id"] for c in found] == [cid]
    assert {c["id"] for c in json.loads(call(f"{desk.url}/api/checks?category=name")[1])["checks"]} >= {cid, cid2}
    assert json.loads(call(f"{desk.url}/api/checks?min_score=99")[1])["checks"] == []
    # every format downloads; the JSON is a valid report
    for fmt in ("json", "csv", "md", "html", "sarif", "tmx"):
        st, raw, headers = call(f"{desk.url}/checks/{cid}/download/{fmt}")
        assert st == 200 and raw, fmt
    validate(json.loads(call(f"{desk.url}/checks/{cid}/download/json")[1]))


def test_downloads_only_of_reports_the_desk_wrote(desk, tmp_path):
    cid = run_check(desk, {"ref_text": "One sentence here.", "cand_text": "One sentence there."})
    for path in (f"/checks/{cid}/download/..%2F..%2Fdesk.sqlite", f"/checks/{cid}/download/sqlite",
                 f"/checks/{cid}/download/%2Fetc%2Fpasswd", "/checks/99999/download/json",
                 "/checks/..%2F..%2Fetc/download/json", "/static/..%2Fapp.py", "/static/store.py"):
        st, raw, _ = call(desk.url + path)
        assert st == 404, (path, st, raw[:200])


def test_cross_site_requests_are_refused(desk):
    body, ctype = multipart({"ref_text": "A.", "cand_text": "B."})
    # a form on another site posting here: no desk header (a cross-site form cannot add one)
    st, raw, _ = call(desk.url + "/api/check", "POST", body, {"Content-Type": ctype, "Origin": "http://evil.example"}, desk=False)
    assert st == 403 and b"cross-site" in raw
    # a script elsewhere that adds the header still names its origin
    st, _, _ = call(desk.url + "/api/check", "POST", body, {"Content-Type": ctype, "Origin": "http://evil.example"})
    assert st == 403
    st, _, _ = call(desk.url + "/api/glossary", "PUT", b'{"text": "Kyiv, Kyiv"}', {"Sec-Fetch-Site": "cross-site"})
    assert st == 403
    assert not desk.app.state.desk.workflow_file("glossary").exists()


def test_oversized_upload_is_refused(tmp_path):
    srv = Server(tmp_path / "d", max_upload=10_000)
    try:
        body, ctype = multipart({"ref_text": "x" * 20_000, "cand_text": "y"})
        st, raw, _ = call(srv.url + "/api/check", "POST", body, {"Content-Type": ctype})
        assert st == 413 and b"at most 10,000 bytes" in raw
    finally:
        srv.stop()


def test_token_required_off_loopback(tmp_path):
    assert is_loopback("127.0.0.1") and is_loopback("::1") and is_loopback("localhost")
    assert not is_loopback("0.0.0.0") and not is_loopback("192.168.1.5") and not is_loopback("desk.example")
    srv = Server(tmp_path / "d", token="s3cret-token")
    try:
        assert call(srv.url + "/api/options")[0] == 401
        assert call(srv.url + "/api/options", headers={"X-Qualcheck-Token": "wrong"})[0] == 401
        assert call(srv.url + "/api/options", headers={"X-Qualcheck-Token": "s3cret-token"})[0] == 200
        # the printed address carries the token once; the desk keeps it in a cookie and cleans the URL
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor())
        with opener.open(srv.url + "/?token=s3cret-token", timeout=30) as r:
            assert r.status == 200 and "token" not in r.url
        with opener.open(srv.url + "/api/options", timeout=30) as r:
            assert r.status == 200
    finally:
        srv.stop()


def test_glossary_and_rules_pages_write_the_files_the_cli_reads(desk):
    st, raw, _ = call(desk.url + "/api/glossary", "PUT", json.dumps({"text": "Kyiv, Kyiv\n"}).encode(),
                      {"Content-Type": "application/json"})
    assert st == 200
    from qualcheck.workflow.glossary import load_glossary
    from qualcheck.workflow.rules import load_rules

    assert load_glossary(desk.app.state.desk.workflow_file("glossary"))[0].required == "Kyiv"
    bad = call(desk.url + "/api/rules", "PUT", json.dumps({"text": '[[rule]]\npattern = "(unclosed"\n'}).encode(),
               {"Content-Type": "application/json"})
    assert bad[0] == 400 and b"bad pattern" in bad[1]
    good = '[[rule]]\npattern = "\\\\bKiev\\\\b"\nmessage = "write Kyiv"\n'
    assert call(desk.url + "/api/rules", "PUT", json.dumps({"text": good}).encode(), {"Content-Type": "application/json"})[0] == 200
    assert load_rules(desk.app.state.desk.workflow_file("rules"))[0].message == "write Kyiv"


CHROMIUM = find_chromium()


@pytest.mark.skipif(CHROMIUM is None and not os.environ.get("CI"), reason="no chromium here (apt-get install chromium)")
def test_desk_in_a_real_browser(tmp_path):
    srv = Server(tmp_path / "d")
    shots = []
    try:
        with Browser(CHROMIUM, timeout=60) as b:
            b.viewport(1400, 1000)
            n = len(b.events)
            b.send("Page.navigate", url=srv.url + "/")
            b.wait_event("Page.loadEventFired", since=n)
            _wait(b, "document.documentElement.dataset.ready === '1'")
            # paste the seed pair, press Check
            b.js(f"document.querySelector('#ref_text').value = {json.dumps(REF)};"
                 f"document.querySelector('#cand_text').value = {json.dumps(CAND)}; true")
            b.click("#check-button")
            _wait(b, "document.querySelectorAll('#findings tbody tr').length > 10", timeout=600)
            assert "score" in b.js("document.querySelector('#verdict').textContent")
            _wait(b, "(() => { try { return document.querySelector('#report').contentWindow.length >= 0 } catch (e) { return false } })()")
            shots.append(b.screenshot(tmp_path / "desk-check.png"))
            # accept the misspelled name (the page asks why: answer like an editor)
            b.js("window.prompt = () => 'house spelling'; true")
            row = "[...document.querySelectorAll('#findings tbody tr')].find(r => r.textContent.includes('name.misspelled'))"
            b.js(f"{row}.querySelector('button[data-action=accept]').setAttribute('id', 'accept-me'); true")
            b.click("#accept-me")
            _wait(b, f"{row}.textContent.includes('accepted')")
            # re-check: the accepted finding comes back accepted, and the page says what changed
            b.click("#check-button")
            _wait(b, "document.querySelector('#changes').textContent.includes('accepted')", timeout=600)
            assert "1 accepted" in b.js("document.querySelector('#changes').textContent")
            assert "accepted" in b.js(f"{row}.textContent")
            shots.append(b.screenshot(tmp_path / "desk-recheck.png"))
            # the history lists both checks; one downloads as a JSON report
            b.click("nav a[data-view=history]")
            _wait(b, "document.querySelectorAll('#history tbody tr[data-cid]').length === 2")
            shots.append(b.screenshot(tmp_path / "desk-history.png"))
            href = b.js("document.querySelector('#history tbody tr[data-cid] a[href$=\"/download/json\"]').href")
            data = b.js(f"fetch({json.dumps(href)}).then(r => r.json()).then(d => d.schema_version)")
            assert data
            b.click("nav a[data-view=settings]")
            _wait(b, "document.querySelector('#glossary_path').textContent.length > 0")
            shots.append(b.screenshot(tmp_path / "desk-settings.png"))
            problems = [e for e in b.events if e.get("method") == "Runtime.exceptionThrown"]
            assert not problems, problems
    finally:
        srv.stop()
    dest = os.environ.get("QUALCHECK_SCREENS")
    if dest:
        import shutil

        Path(dest).mkdir(parents=True, exist_ok=True)
        for p in shots:
            shutil.copy(p, Path(dest) / p.name)


def _wait(b, expr: str, timeout: float = 60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if b.js(expr):
            return
        time.sleep(0.2)
    raise AssertionError(f"timed out waiting for {expr}")
