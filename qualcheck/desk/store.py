"""The desk's history: every check and every decision, in one SQLite file (WAL mode).

One connection shared by the app's threads behind a lock; each write is one transaction, so
a Ctrl-C leaves the file as it was before the write or after it.
"""
from __future__ import annotations

import json
import sqlite3
import threading
import time
from pathlib import Path
from typing import Optional

SCHEMA = """
CREATE TABLE IF NOT EXISTS checks (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    created REAL NOT NULL,
    ref_name TEXT NOT NULL, cand_name TEXT NOT NULL,
    ref_sha TEXT NOT NULL, cand_sha TEXT NOT NULL,
    settings TEXT NOT NULL, summary TEXT NOT NULL,
    score REAL, categories TEXT NOT NULL,
    report TEXT NOT NULL, report_dir TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS checks_ref ON checks(ref_sha, id);
CREATE TABLE IF NOT EXISTS decisions (
    check_id INTEGER NOT NULL REFERENCES checks(id),
    finding_id TEXT NOT NULL,
    action TEXT NOT NULL CHECK (action IN ('accept', 'dismiss', 'fixed')),
    reason TEXT NOT NULL DEFAULT '',
    by TEXT NOT NULL DEFAULT '',
    at REAL NOT NULL,
    PRIMARY KEY (check_id, finding_id)
);
"""
ACTIONS = ("accept", "dismiss", "fixed")


class Store:
    def __init__(self, path: str | Path):
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(str(self.path), check_same_thread=False, isolation_level=None, timeout=30)
        self._db.row_factory = sqlite3.Row
        self._lock = threading.Lock()
        with self._lock:
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA synchronous=NORMAL")
            self._db.executescript(SCHEMA)

    def close(self) -> None:
        with self._lock:
            self._db.close()

    def add_check(self, *, ref_name: str, cand_name: str, ref_sha: str, cand_sha: str, settings: dict,
                  report: dict, report_dir: str) -> int:
        summary = report.get("summary", {})
        cats = sorted({f["category"] for f in report.get("findings", [])})
        with self._lock:
            cur = self._db.execute(
                "INSERT INTO checks (created, ref_name, cand_name, ref_sha, cand_sha, settings, summary, score,"
                " categories, report, report_dir) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
                (time.time(), ref_name, cand_name, ref_sha, cand_sha, json.dumps(settings), json.dumps(summary),
                 summary.get("score"), " " + " ".join(cats) + " ", json.dumps(report, ensure_ascii=False), report_dir))
            return int(cur.lastrowid)

    def set_report_dir(self, check_id: int, report_dir: str) -> None:
        with self._lock:
            self._db.execute("UPDATE checks SET report_dir=? WHERE id=?", (report_dir, check_id))

    def get(self, check_id: int) -> Optional[dict]:
        with self._lock:
            row = self._db.execute("SELECT * FROM checks WHERE id=?", (check_id,)).fetchone()
        return _row(row, full=True) if row else None

    def previous(self, check_id: int, ref_sha: str) -> Optional[dict]:
        """The last earlier check of the same reference text: what a re-check is compared with."""
        with self._lock:
            row = self._db.execute("SELECT * FROM checks WHERE ref_sha=? AND id<? ORDER BY id DESC LIMIT 1",
                                   (ref_sha, check_id)).fetchone()
        return _row(row, full=True) if row else None

    def search(self, q: str = "", since: Optional[float] = None, until: Optional[float] = None,
               min_score: Optional[float] = None, max_score: Optional[float] = None,
               category: str = "", limit: int = 200) -> list[dict]:
        where, args = [], []
        if q:
            where.append("(ref_name LIKE ? ESCAPE '\\' OR cand_name LIKE ? ESCAPE '\\' OR report LIKE ? ESCAPE '\\')")
            pat = "%" + q.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
            args += [pat, pat, pat]
        for cond, val in (("created >= ?", since), ("created < ?", until), ("score >= ?", min_score),
                          ("score <= ?", max_score)):
            if val is not None:
                where.append(cond)
                args.append(val)
        if category:
            where.append("(categories LIKE ? OR categories LIKE ?)")
            args += [f"% {category} %", f"% {category}.%"]
        sql = "SELECT * FROM checks" + (" WHERE " + " AND ".join(where) if where else "") + " ORDER BY id DESC LIMIT ?"
        with self._lock:
            rows = self._db.execute(sql, (*args, int(limit))).fetchall()
        return [_row(r, full=False) for r in rows]

    def decide(self, check_id: int, finding_id: str, action: str, reason: str = "", by: str = "") -> None:
        if action not in ACTIONS:
            raise ValueError(f"action must be one of {', '.join(ACTIONS)}")
        with self._lock:
            self._db.execute(
                "INSERT INTO decisions (check_id, finding_id, action, reason, by, at) VALUES (?,?,?,?,?,?)"
                " ON CONFLICT(check_id, finding_id) DO UPDATE SET action=excluded.action, reason=excluded.reason,"
                " by=excluded.by, at=excluded.at",
                (check_id, finding_id, action, reason, by, time.time()))

    def decisions(self, check_id: int) -> dict[str, dict]:
        with self._lock:
            rows = self._db.execute("SELECT * FROM decisions WHERE check_id=?", (check_id,)).fetchall()
        return {r["finding_id"]: {"action": r["action"], "reason": r["reason"], "by": r["by"], "at": r["at"]}
                for r in rows}


def _row(row: sqlite3.Row, full: bool) -> dict:
    d = {k: row[k] for k in row.keys() if k != "report"}
    d["settings"] = json.loads(d["settings"])
    d["summary"] = json.loads(d["summary"])
    d["categories"] = d["categories"].split()
    if full:
        d["report"] = json.loads(row["report"])
    return d
