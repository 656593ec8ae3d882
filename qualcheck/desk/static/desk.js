// The desk page: every piece of text goes into the page with textContent, never as markup.
"use strict";
(function () {
  var $ = function (s, el) { return (el || document).querySelector(s); };
  var HDR = {"X-Qualcheck-Desk": "1"};
  var current = null; // the check on screen

  function el(tag, text, cls) {
    var e = document.createElement(tag);
    if (text !== undefined && text !== null) e.textContent = String(text);
    if (cls) e.className = cls;
    return e;
  }
  function api(path, opts) {
    opts = opts || {};
    opts.headers = Object.assign({}, HDR, opts.headers || {});
    opts.credentials = "same-origin";
    return fetch(path, opts).then(function (r) {
      return r.json().catch(function () { return {error: r.status + " " + r.statusText}; }).then(function (d) {
        if (!r.ok) throw new Error(d.error || (r.status + " " + r.statusText));
        return d;
      });
    });
  }

  // ---- views ------------------------------------------------------------------------------------
  function show(view) {
    ["check", "history", "settings"].forEach(function (v) { $("#view-" + v).hidden = v !== view; });
    document.querySelectorAll("nav a").forEach(function (a) { a.classList.toggle("on", a.dataset.view === view); });
    if (view === "history") loadHistory();
    if (view === "settings") loadSettings();
  }
  function route() {
    var p = location.pathname;
    show(p === "/history" ? "history" : p === "/settings" ? "settings" : "check");
    var m = /^#check-(\d+)$/.exec(location.hash);
    if (p === "/" && m) showCheck(+m[1]);
  }
  document.querySelectorAll("nav a").forEach(function (a) {
    a.addEventListener("click", function (ev) { ev.preventDefault(); history.pushState(null, "", a.getAttribute("href")); route(); });
  });
  window.addEventListener("popstate", route);

  // ---- check form -------------------------------------------------------------------------------
  function fillOptions() {
    return api("/api/options").then(function (o) {
      var m = $("#model"), f = $("#fail_on");
      o.models.forEach(function (name) { var op = el("option", name); op.value = name; op.selected = name === o.model; m.appendChild(op); });
      o.fail_on.forEach(function (name) { var op = el("option", name); op.value = name; op.selected = name === o.default_fail_on; f.appendChild(op); });
      document.body.dataset.maxUpload = o.max_upload;
    });
  }
  document.querySelectorAll(".pane[data-side]").forEach(function (pane) {
    var side = pane.dataset.side, input = $("#" + side + "_file"), name = $(".filename", pane), clear = $(".clear-file", pane);
    function setFile(files) {
      if (files && files.length) {
        var dt = new DataTransfer(); dt.items.add(files[0]); input.files = dt.files;
      }
      var has = input.files && input.files.length;
      name.textContent = has ? input.files[0].name + " (" + input.files[0].size.toLocaleString() + " bytes; used instead of the text)" : "";
      clear.hidden = !has;
    }
    input.addEventListener("change", function () { setFile(null); });
    clear.addEventListener("click", function () { input.value = ""; setFile(null); });
    pane.addEventListener("dragover", function (ev) { ev.preventDefault(); pane.classList.add("drop"); });
    pane.addEventListener("dragleave", function () { pane.classList.remove("drop"); });
    pane.addEventListener("drop", function (ev) { ev.preventDefault(); pane.classList.remove("drop"); setFile(ev.dataTransfer.files); });
  });

  function progressLine(job) {
    var parts = job.stages.map(function (s) { return s[0] + " " + Number(s[1]).toFixed(2) + " s"; });
    if (job.state === "queued") return "waiting for the check before it…";
    var e = job.embedded;
    var line = parts.join(" · ");
    if (job.state === "running" && e && e[1]) line += (line ? " · " : "") + "embedding " + e[0] + "/" + e[1];
    return (line || "starting") + (job.state === "running" ? " …" : "");
  }
  $("#check-form").addEventListener("submit", function (ev) {
    ev.preventDefault();
    var form = new FormData($("#check-form"));
    ["ref", "cand"].forEach(function (side) {
      var f = $("#" + side + "_file");
      if (!(f.files && f.files.length)) form.delete(side + "_file");
    });
    var btn = $("#check-button"), prog = $("#progress");
    btn.disabled = true; prog.className = ""; prog.textContent = "sending…";
    api("/api/check", {method: "POST", body: form}).then(function (job) {
      var t0 = Date.now();
      function poll() {
        api("/api/jobs/" + job.id).then(function (j) {
          prog.textContent = progressLine(j) + " (" + ((Date.now() - t0) / 1000).toFixed(1) + " s)";
          if (j.state === "done") { btn.disabled = false; history.pushState(null, "", "/#check-" + j.check_id); showCheck(j.check_id); }
          else if (j.state === "failed") { btn.disabled = false; prog.className = "error"; prog.textContent = j.error; }
          else setTimeout(poll, 250);
        }).catch(function (e) { btn.disabled = false; prog.className = "error"; prog.textContent = e.message; });
      }
      poll();
    }).catch(function (e) { btn.disabled = false; prog.className = "error"; prog.textContent = e.message; });
  });

  // ---- a check's result -------------------------------------------------------------------------
  function showCheck(id) {
    return api("/api/checks/" + id).then(function (v) {
      current = v;
      $("#result").hidden = false;
      var s = v.summary, c = v.check;
      var sev = s.by_severity || {};
      var verdict = $("#verdict"); verdict.textContent = "";
      verdict.appendChild(el("strong", "Check " + c.id + ": " + c.ref_name + " → " + c.cand_name));
      verdict.appendChild(el("span", " · score " + s.score + "/100 · " + (sev.major || 0) + " major, " + (sev.minor || 0) + " minor, " + (sev.info || 0) + " info"));
      (v.warnings || []).forEach(function (w) { verdict.appendChild(el("div", "warning: " + w, "hint")); });
      var ch = $("#changes"); ch.textContent = "";
      if (v.changes) {
        ch.appendChild(el("span", "Since check " + v.changes.previous + " of this reference: " + v.changes.new.length + " new, " +
          v.changes.fixed.length + " fixed, " + v.changes.accepted.length + " accepted."));
        v.changes.fixed.forEach(function (f) { ch.appendChild(el("div", "fixed: " + f.category + " — " + f.message, "hint")); });
      }
      var dl = $("#downloads"); dl.textContent = "Download: ";
      v.formats.forEach(function (fmt) {
        var a = el("a", fmt); a.href = "/checks/" + c.id + "/download/" + fmt; a.setAttribute("download", ""); dl.appendChild(a);
      });
      var body = $("#findings tbody"); body.textContent = "";
      v.findings.forEach(function (f, i) {
        var tr = el("tr", null, "status-" + f.status); tr.dataset.fid = f.id;
        tr.appendChild(el("td", i + 1));
        tr.appendChild(el("td", f.severity, "sev-" + f.severity));
        tr.appendChild(el("td", f.category));
        var msg = el("td", f.message);
        var quote = f.cand_text || f.ref_text;
        if (quote) msg.appendChild(el("div", (f.cand_text ? "candidate: " : "reference: ") + "“" + (quote.length > 180 ? quote.slice(0, 180) + "…" : quote) + "”", "quote"));
        if (f.suggestion) msg.appendChild(el("div", "suggestion: " + f.suggestion, "hint"));
        tr.appendChild(msg);
        var st = el("td"); st.appendChild(el("span", f.status, "status " + f.status));
        if (f.decision && f.decision.reason) st.appendChild(el("div", f.decision.reason, "hint"));
        tr.appendChild(st);
        var acts = el("td");
        [["accept", "accept"], ["dismiss", "false alarm"], ["fixed", "fixed"]].forEach(function (a) {
          var b = el("button", a[1], "small"); b.type = "button"; b.dataset.action = a[0];
          b.disabled = f.status === "accepted" && a[0] === "accept";
          b.addEventListener("click", function () { decide(c.id, f.id, a[0]); });
          acts.appendChild(b); acts.appendChild(document.createTextNode(" "));
        });
        tr.appendChild(acts);
        body.appendChild(tr);
      });
      $("#report").src = "/checks/" + c.id + "/report.html";
      $("#progress").textContent = "";
    }).catch(function (e) { var p = $("#progress"); p.className = "error"; p.textContent = e.message; });
  }
  function decide(cid, fid, action) {
    var reason = "";
    if (action === "dismiss") { reason = window.prompt("Why is this a false alarm?", "") ; if (reason === null) return; }
    if (action === "accept") { reason = window.prompt("Why accept it? (optional)", "") || ""; }
    api("/api/checks/" + cid + "/findings/" + encodeURIComponent(fid), {
      method: "POST", headers: {"Content-Type": "application/json"}, body: JSON.stringify({action: action, reason: reason})
    }).then(function () { showCheck(cid); }).catch(function (e) { var p = $("#progress"); p.className = "error"; p.textContent = e.message; });
  }

  // ---- history ----------------------------------------------------------------------------------
  function loadHistory() {
    var q = new URLSearchParams();
    [["q", "#h_q"], ["since", "#h_since"], ["until", "#h_until"], ["min_score", "#h_min"], ["max_score", "#h_max"], ["category", "#h_cat"]]
      .forEach(function (p) { var v = $(p[1]).value; if (v) q.set(p[0], v); });
    return api("/api/checks?" + q.toString()).then(function (d) {
      var body = $("#history tbody"); body.textContent = "";
      d.checks.forEach(function (c) {
        var tr = el("tr"); tr.dataset.cid = c.id;
        var a = el("a", c.id); a.href = "/#check-" + c.id;
        a.addEventListener("click", function (ev) { ev.preventDefault(); history.pushState(null, "", "/#check-" + c.id); show("check"); showCheck(c.id); });
        var td = el("td"); td.appendChild(a); tr.appendChild(td);
        tr.appendChild(el("td", new Date(c.created * 1000).toLocaleString()));
        tr.appendChild(el("td", c.ref_name)); tr.appendChild(el("td", c.cand_name));
        tr.appendChild(el("td", c.score));
        var sev = c.summary.by_severity || {};
        var fc = el("td", (c.summary.findings || 0) + ": " + (sev.major || 0) + " major, " + (sev.minor || 0) + " minor, " + (sev.info || 0) + " info");
        fc.title = c.categories.join(", ");
        tr.appendChild(fc);
        var dl = el("td");
        ["html", "json", "csv", "md"].forEach(function (fmt) {
          var l = el("a", fmt); l.href = "/checks/" + c.id + "/download/" + fmt; l.setAttribute("download", ""); dl.appendChild(l); dl.appendChild(document.createTextNode(" "));
        });
        tr.appendChild(dl);
        body.appendChild(tr);
      });
      if (!d.checks.length) { var tr = el("tr"); var td = el("td", "no check matches"); td.colSpan = 7; tr.appendChild(td); body.appendChild(tr); }
    });
  }
  $("#history-form").addEventListener("submit", function (ev) { ev.preventDefault(); loadHistory(); });

  // ---- glossary and house rules -------------------------------------------------------------------
  function loadSettings() {
    ["glossary", "rules"].forEach(function (kind) {
      api("/api/" + kind).then(function (d) { $("#" + kind + "_text").value = d.text; $("#" + kind + "_path").textContent = d.path; });
    });
  }
  ["glossary", "rules"].forEach(function (kind) {
    $("#save-" + kind).addEventListener("click", function () {
      var out = $("#" + kind + "_saved"); out.className = "saved"; out.textContent = "saving…";
      api("/api/" + kind, {method: "PUT", headers: {"Content-Type": "application/json"}, body: JSON.stringify({text: $("#" + kind + "_text").value})})
        .then(function (d) { out.textContent = "saved to " + d.path; })
        .catch(function (e) { out.className = "saved error"; out.textContent = e.message; });
    });
  });

  fillOptions().then(function () { document.documentElement.dataset.ready = "1"; });
  route();
})();
