"""``qualcheck serve``: the review desk, a small Starlette app over ``qualcheck.check``.

The desk is a thin shell over the same pieces the CLI uses: ``settings.build_settings`` (with
``qualcheck.toml``), ``pipeline.check``, ``report.write_reports`` (the same ``report.html``
template, shown in a sandboxed frame), and ``policy.accept`` (the same accepted-findings file as
``qualcheck accept`` / ``--baseline``). What it adds is a page, a job queue that keeps the model
warm in the process, and a history of checks and decisions (``store.Store``, SQLite).

Security: on loopback no token is needed; on any other host every request needs the token
printed at start (``?token=`` once, then a cookie; or the ``X-Qualcheck-Token`` header). Bodies
are bounded (``max_upload``); a state-changing request must carry ``X-Qualcheck-Desk: 1`` (a
cross-site form cannot set it) and, when the browser says where it comes from, come from this
origin. Downloads are only of the report files the app wrote, chosen by check id and format.
"""
from __future__ import annotations

import contextlib
import hmac
import ipaddress
import queue
import re
import secrets
import tempfile
import threading
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import FileResponse, HTMLResponse, JSONResponse, RedirectResponse, Response
from starlette.routing import Route

from ..errors import QualcheckError
from ..fsio import atomic_write_text
from ..load import load_file, load_text
from ..models import read_models
from ..pipeline import check
from ..report import FORMATS, WRITERS, write_reports
from ..settings import FAIL_ON, build_settings
from ..workflow.glossary import parse_glossary
from ..workflow.policy import accept as accept_findings
from ..workflow.policy import load_config
from ..workflow.rules import load_rules
from .store import ACTIONS, Store

STATIC = Path(__file__).parent / "static"
DEFAULT_MAX_UPLOAD = 20 * 1024 * 1024  # bytes in one request: two stories and their options
TOKEN_COOKIE = "qualcheck_token"
SHOWN = {"accept": "accepted", "dismiss": "dismissed", "fixed": "fixed"}  # a decision as the page names it
DESK_HEADER = "x-qualcheck-desk"
UNSAFE = {"POST", "PUT", "PATCH", "DELETE"}
MIME = {"json": "application/json", "csv": "text/csv; charset=utf-8", "md": "text/markdown; charset=utf-8",
        "html": "text/html; charset=utf-8", "sarif": "application/sarif+json", "tmx": "application/x-tmx+xml"}
# the report page runs its own inline script and style, loads nothing, and is framed by the desk only
REPORT_CSP = ("default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:; "
              "frame-ancestors 'self'")
PAGE_CSP = "default-src 'self'; frame-src 'self'; img-src 'self' data:; object-src 'none'; frame-ancestors 'none'"


def is_loopback(host: str) -> bool:
    if host in ("localhost", "ip6-localhost"):
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


@dataclass
class Job:
    id: str
    ref: object
    cand: object
    options: dict
    state: str = "queued"  # queued | running | done | failed
    stages: list = field(default_factory=list)
    embedded: tuple = (0, 0)
    check_id: Optional[int] = None
    error: str = ""
    started: float = field(default_factory=time.time)

    def view(self) -> dict:
        return {"id": self.id, "state": self.state, "stages": self.stages, "embedded": list(self.embedded),
                "check_id": self.check_id, "error": self.error}


class Desk:
    """The app's state: the history store, the job queue and its one worker thread."""

    def __init__(self, data_dir: str | Path, config: Optional[str] = None, token: Optional[str] = None,
                 max_upload: int = DEFAULT_MAX_UPLOAD, warm: bool = True):
        self.data = Path(data_dir)
        self.data.mkdir(parents=True, exist_ok=True)
        self.reports = self.data / "reports"
        self.reports.mkdir(exist_ok=True)
        self.store = Store(self.data / "desk.sqlite")
        self.config = config
        self.token = token
        self.max_upload = max_upload
        self.jobs: dict[str, Job] = {}
        self._queue: "queue.Queue[Optional[Job]]" = queue.Queue()
        self._worker = threading.Thread(target=self._work, name="qualcheck-desk-worker", daemon=True)
        self._worker.start()
        if warm:  # load the model now, so the first check is as quick as the next
            self.submit(load_text("Warm up.", name="warm-up"), load_text("Warm up.", name="warm-up"), {}, keep=False)

    # -- files the CLI reads too -------------------------------------------------------------------
    def workflow_file(self, key: str) -> Path:
        """The glossary / rules / baseline file ``qualcheck.toml`` names, else one in the data folder."""
        cfg = load_config(self.config)
        named = cfg.options.get(key)
        if named:
            return Path(named)
        return self.data / {"glossary": "glossary.csv", "rules": "house-rules.toml", "baseline": "accepted.json"}[key]

    # -- checks ----------------------------------------------------------------------------------------
    def submit(self, ref, cand, options: dict, keep: bool = True) -> Job:
        job = Job(uuid.uuid4().hex[:12], ref, cand, dict(options, _keep=keep))
        old = time.time() - 3600
        for k in [k for k, j in self.jobs.items() if j.state in ("done", "failed") and j.started < old]:
            del self.jobs[k]  # a finished job's result lives in the history; the job itself is forgotten
        self.jobs[job.id] = job
        self._queue.put(job)
        return job

    def close(self) -> None:
        self._queue.put(None)
        self._worker.join(timeout=30)
        self.store.close()

    def _work(self) -> None:
        while True:
            job = self._queue.get()
            if job is None:
                return
            job.state = "running"
            try:
                self._run(job)
                job.state = "done"
            except QualcheckError as exc:
                job.state, job.error = "failed", " ".join(str(exc).split())
            except Exception as exc:  # noqa: BLE001 - the desk keeps serving; the page shows the line
                job.state, job.error = "failed", f"{type(exc).__name__}: {' '.join(str(exc).split())}"

    def settings_for(self, options: dict):
        glossary = self.workflow_file("glossary") if options.get("glossary") else None
        rules = self.workflow_file("rules") if options.get("rules") else None
        baseline = self.workflow_file("baseline")
        st = build_settings(self.config, model=options.get("model") or None, fail_on=options.get("fail_on") or None,
                            glossary=glossary if glossary and glossary.exists() else None,
                            rules=rules if rules and rules.exists() else None,
                            baseline=baseline if baseline.exists() else None, show_accepted=True)
        if not (glossary and glossary.exists()):
            st.glossary = []  # off, or no glossary yet (not the one qualcheck.toml may name)
        if not (rules and rules.exists()):
            st.rules = []
        return st

    def _run(self, job: Job) -> None:
        st = self.settings_for(job.options)

        def on_stage(name, seconds):
            job.stages.append([name, seconds])

        def progress(done, total):
            job.embedded = (done, total)

        report = check(job.ref, job.cand, settings=st, on_stage=on_stage, progress=progress)
        if not job.options.get("_keep"):
            return
        data = report.to_dict()
        inputs = data["metadata"]["inputs"]
        cid = self.store.add_check(
            ref_name=inputs["reference"]["name"], cand_name=inputs["candidate"]["name"],
            ref_sha=inputs["reference"]["sha256"], cand_sha=inputs["candidate"]["sha256"],
            settings={"model": data["metadata"]["model"], "fail_on": st.fail_on, "glossary": len(st.glossary),
                      "rules": len(st.rules), "accepted": len(st.accepted)},
            report=data, report_dir="")
        out = self.reports / str(cid)
        job.stages.append(["writing reports", 0.0])
        write_reports(report, out, FORMATS)
        self.store.set_report_dir(cid, str(out))
        job.check_id = cid

    def report_file(self, check_id: int, fmt: str) -> Optional[Path]:
        """Only a report file this app wrote: the id is looked up, the name comes from the format."""
        if fmt not in WRITERS:
            return None
        row = self.store.get(check_id)
        if not row or not row["report_dir"]:
            return None
        folder = Path(row["report_dir"]).resolve()
        path = (folder / WRITERS[fmt][1]).resolve()
        if folder.parent != self.reports.resolve() or path.parent != folder or not path.is_file():
            return None
        return path

    def view(self, check_id: int) -> Optional[dict]:
        """A check as the page shows it: summary, findings with decisions, and what changed since the
        last check of the same reference (new, fixed, accepted)."""
        row = self.store.get(check_id)
        if not row:
            return None
        report = row.pop("report")
        decisions = self.store.decisions(check_id)
        prev = self.store.previous(check_id, row["ref_sha"])
        now_ids = {f["id"] for f in report["findings"]}
        findings = []
        for f in report["findings"]:
            d = decisions.get(f["id"])
            status = "accepted" if f.get("accepted") else (SHOWN[d["action"]] if d else "open")
            if prev is not None and not f.get("accepted") and f["id"] not in {x["id"] for x in prev["report"]["findings"]}:
                status = "new" if status == "open" else status
            findings.append({k: f.get(k) for k in ("id", "category", "severity", "message", "suggestion",
                                                   "ref_text", "cand_text")} | {"status": status, "decision": d})
        changes = None
        if prev is not None:
            before = {x["id"]: x for x in prev["report"]["findings"]}
            changes = {
                "previous": prev["id"],
                "new": sorted(i for i in now_ids if i not in before),
                "fixed": [{"id": i, "category": x["category"], "message": x["message"]}
                          for i, x in before.items() if i not in now_ids],
                "accepted": sorted(f["id"] for f in report["findings"] if f.get("accepted")),
            }
        return {"check": row, "summary": report["summary"], "findings": findings, "changes": changes,
                "formats": list(FORMATS), "warnings": report["metadata"].get("warnings", [])}


# ---- HTTP ---------------------------------------------------------------------------------------------


def _error(status: int, message: str) -> JSONResponse:
    return JSONResponse({"error": message}, status_code=status)


class Guard:
    """ASGI middleware: token (off loopback), body size bound, and cross-site request refusal."""

    def __init__(self, app, desk: Desk):
        self.app, self.desk = app, desk

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        req = Request(scope)
        desk = self.desk
        if desk.token:
            given = (req.headers.get("x-qualcheck-token") or req.cookies.get(TOKEN_COOKIE)
                     or req.query_params.get("token") or "")
            if not hmac.compare_digest(given.encode(), desk.token.encode()):
                return await _error(401, "this desk needs its token: open the address printed when it started")(
                    scope, receive, send)
            if req.query_params.get("token") and req.method == "GET":  # once: keep it in a cookie, clean the URL
                resp = RedirectResponse(req.url.remove_query_params("token"), status_code=303)
                resp.set_cookie(TOKEN_COOKIE, desk.token, httponly=True, samesite="strict")
                return await resp(scope, receive, send)
        if req.method in UNSAFE:
            origin = req.headers.get("origin")
            own = f"{req.url.scheme}://{req.headers.get('host', '')}"
            if req.headers.get(DESK_HEADER) != "1" or (origin and origin != own) \
                    or req.headers.get("sec-fetch-site") == "cross-site":
                return await _error(403, "refused: a cross-site request (the desk's own page sends X-Qualcheck-Desk)")(
                    scope, receive, send)
        length = req.headers.get("content-length")
        if length and length.isdigit() and int(length) > desk.max_upload:
            return await _error(413, f"too large: {int(length):,} bytes; the desk takes at most "
                                     f"{desk.max_upload:,} bytes a request (qualcheck serve --max-upload)")(
                scope, receive, send)
        seen = 0

        async def bounded():
            nonlocal seen
            msg = await receive()
            if msg["type"] == "http.request":
                seen += len(msg.get("body", b""))
                if seen > desk.max_upload:
                    raise _TooLarge()
            return msg

        try:
            await self.app(scope, bounded, send)
        except _TooLarge:
            await _error(413, f"too large: the desk takes at most {desk.max_upload:,} bytes a request")(
                scope, receive, send)


class _TooLarge(Exception):
    pass


async def _source(form, side: str, tmp: Path):
    """The text of one side: an uploaded file (any format qualcheck reads) or pasted text."""
    upload = form.get(f"{side}_file")
    if upload is not None and getattr(upload, "filename", None):
        raw = await upload.read()
        name = Path(upload.filename).name or side
        suffix = re.sub(r"[^A-Za-z0-9.]", "", Path(name).suffix)[:10]
        path = tmp / f"{side}{suffix}"
        path.write_bytes(raw)
        loaded = load_file(path)
        loaded.name = name
        return loaded
    text = form.get(f"{side}_text") or ""
    if not str(text).strip():
        raise QualcheckError(f"the {'reference' if side == 'ref' else 'candidate'} is empty: paste the text or drop a file")
    first = next((ln.strip() for ln in str(text).splitlines() if ln.strip()), "")
    title = first if len(first) <= 60 else first[:59].rstrip() + "…"
    return load_text(str(text), name=f"{title} (pasted {'reference' if side == 'ref' else 'candidate'})")


def create_app(data_dir: str | Path, config: Optional[str] = None, token: Optional[str] = None,
               max_upload: int = DEFAULT_MAX_UPLOAD, warm: bool = True) -> Starlette:
    desk = Desk(data_dir, config=config, token=token, max_upload=max_upload, warm=warm)

    def page(request: Request):
        html = (STATIC / "desk.html").read_text(encoding="utf-8")
        return HTMLResponse(html, headers={"Content-Security-Policy": PAGE_CSP, "X-Content-Type-Options": "nosniff"})

    def static(request: Request):
        name = request.path_params["name"]
        if name not in ("desk.js", "desk.css"):
            return _error(404, "not found")
        kind = "text/javascript" if name.endswith(".js") else "text/css"
        return Response((STATIC / name).read_bytes(), media_type=kind, headers={"X-Content-Type-Options": "nosniff"})

    def options(request: Request):
        st = desk.settings_for({})
        return JSONResponse({
            "models": [m.name for m in read_models()], "model": st.model or read_models()[0].name,
            "fail_on": list(FAIL_ON), "default_fail_on": st.fail_on, "formats": list(FORMATS),
            "glossary": str(desk.workflow_file("glossary")), "rules": str(desk.workflow_file("rules")),
            "baseline": str(desk.workflow_file("baseline")), "max_upload": desk.max_upload})

    async def start_check(request: Request):
        form = await request.form()
        opts = {"model": str(form.get("model") or ""), "fail_on": str(form.get("fail_on") or ""),
                "glossary": form.get("glossary") == "on", "rules": form.get("rules") == "on"}
        if opts["fail_on"] and opts["fail_on"] not in FAIL_ON:
            return _error(400, f"fail_on must be one of {', '.join(FAIL_ON)}")
        with tempfile.TemporaryDirectory(prefix="qualcheck-desk-") as tmp:
            try:
                ref = await _source(form, "ref", Path(tmp))
                cand = await _source(form, "cand", Path(tmp))
            except QualcheckError as exc:
                return _error(400, " ".join(str(exc).split()))
        job = desk.submit(ref, cand, opts)
        return JSONResponse(job.view(), status_code=202)

    def job_status(request: Request):
        job = desk.jobs.get(request.path_params["job"])
        return JSONResponse(job.view()) if job else _error(404, "no such check in progress")

    def history(request: Request):
        q = request.query_params

        def num(key):
            try:
                return float(q[key]) if q.get(key) else None
            except ValueError:
                return None

        def day(key, end=False):
            try:
                t = time.mktime(time.strptime(q[key], "%Y-%m-%d")) if q.get(key) else None
            except ValueError:
                return None
            return t + 86400 if (t is not None and end) else t

        rows = desk.store.search(q.get("q", ""), since=day("since"), until=day("until", end=True),
                                 min_score=num("min_score"), max_score=num("max_score"), category=q.get("category", ""))
        return JSONResponse({"checks": rows})

    def one_check(request: Request):
        v = desk.view(request.path_params["cid"])
        return JSONResponse(v) if v else _error(404, "no such check")

    def report_page(request: Request):
        path = desk.report_file(request.path_params["cid"], "html")
        if path is None:
            return _error(404, "no such report")
        return FileResponse(path, media_type=MIME["html"],
                            headers={"Content-Security-Policy": REPORT_CSP, "X-Content-Type-Options": "nosniff"})

    def download(request: Request):
        fmt = request.path_params["fmt"]
        path = desk.report_file(request.path_params["cid"], fmt)
        if path is None:
            return _error(404, "no such report")
        name = f"qualcheck-{request.path_params['cid']}-{WRITERS[fmt][1]}"
        return FileResponse(path, media_type=MIME[fmt], filename=name,
                            headers={"X-Content-Type-Options": "nosniff"})

    async def decide(request: Request):
        cid, fid = request.path_params["cid"], request.path_params["fid"]
        try:
            body = await request.json()
        except ValueError:
            return _error(400, "expected a JSON body")
        action, reason = str(body.get("action", "")), str(body.get("reason", ""))[:2000]
        by = str(body.get("by", ""))[:200]
        if action not in ACTIONS:
            return _error(400, f"action must be one of {', '.join(ACTIONS)}")
        json_path = desk.report_file(cid, "json")
        if json_path is None:
            return _error(404, "no such check")
        if fid not in {f["id"] for f in desk.store.get(cid)["report"]["findings"]}:
            return _error(404, "no such finding in this check")
        if action == "accept":  # the CLI's store: qualcheck accept / --baseline read the same file
            try:
                accept_findings(json_path, [fid], [], desk.workflow_file("baseline"), by=by or None, why=reason)
            except QualcheckError as exc:
                return _error(400, " ".join(str(exc).split()))
        desk.store.decide(cid, fid, action, reason, by)
        return JSONResponse({"ok": True, "action": action})

    def read_file(kind):
        def handler(request: Request):
            p = desk.workflow_file(kind)
            return JSONResponse({"path": str(p), "text": p.read_text(encoding="utf-8") if p.exists() else ""})
        return handler

    def write_file(kind):
        async def handler(request: Request):
            try:
                text = str((await request.json()).get("text", ""))
            except ValueError:
                return _error(400, "expected a JSON body")
            p = desk.workflow_file(kind)
            try:
                if text.strip():
                    if kind == "glossary":
                        parse_glossary(text, str(p))
                    else:  # parse as the CLI will: TOML or YAML by the file's name
                        with tempfile.TemporaryDirectory() as tmp:
                            probe = Path(tmp) / p.name
                            probe.write_text(text, encoding="utf-8")
                            load_rules(probe)
            except QualcheckError as exc:
                return _error(400, " ".join(str(exc).split()))
            p.parent.mkdir(parents=True, exist_ok=True)
            atomic_write_text(p, text)
            return JSONResponse({"ok": True, "path": str(p)})
        return handler

    routes = [
        Route("/", page), Route("/history", page), Route("/settings", page),
        Route("/static/{name}", static),
        Route("/api/options", options),
        Route("/api/check", start_check, methods=["POST"]),
        Route("/api/jobs/{job}", job_status),
        Route("/api/checks", history),
        Route("/api/checks/{cid:int}", one_check),
        Route("/api/checks/{cid:int}/findings/{fid}", decide, methods=["POST"]),
        Route("/checks/{cid:int}/report.html", report_page),
        Route("/checks/{cid:int}/download/{fmt}", download),
        Route("/api/glossary", read_file("glossary")), Route("/api/glossary", write_file("glossary"), methods=["PUT"]),
        Route("/api/rules", read_file("rules")), Route("/api/rules", write_file("rules"), methods=["PUT"]),
    ]
    @contextlib.asynccontextmanager
    async def lifespan(app):
        yield
        desk.close()  # Ctrl-C: the running check finishes its writes (atomic), SQLite closes cleanly

    app = Starlette(routes=routes, lifespan=lifespan)
    app.state.desk = desk
    app.add_middleware(Guard, desk=desk)
    return app


def new_token() -> str:
    return secrets.token_urlsafe(24)
