/* reportgen wizard: autosave, offline retry, restore after an expired session,
 * and the conditional parts of a step. Written by hand; no library, no network
 * other than this site. The page works without it: every step also saves
 * through its Save buttons. */
(function () {
  "use strict";

  var form = document.getElementById("step-form");
  var summary = document.getElementById("error-summary");
  if (summary) { summary.focus(); }
  if (!form) { return; }

  var SKIP = { csrf_token: 1, version: 1, digest: 1, action: 1 };
  var editable = form.dataset.editable === "yes";
  var key = "reportgen:draft:" + form.dataset.draft + ":step:" + form.dataset.step;
  var statusEl = document.getElementById("save-status");
  var conflictEl = document.getElementById("conflict-live");
  var timer = null, retryTimer = null, retryDelay = 2000;
  var inFlight = false, pending = false, blocked = false, editCount = 0;

  function field(name) { return form.elements.namedItem(name); }
  function setStatus(text, failing) {
    if (!statusEl) { return; }
    statusEl.textContent = text;
    statusEl.classList.toggle("failing", !!failing);
  }
  function nowText() {
    var d = new Date();
    return ("0" + d.getHours()).slice(-2) + ":" + ("0" + d.getMinutes()).slice(-2);
  }

  /* Values of the step's own fields, by name. */
  function values() {
    var out = {};
    Array.prototype.forEach.call(form.elements, function (el) {
      if (!el.name || SKIP[el.name] || el.disabled) { return; }
      if (el.type === "radio") { if (el.checked) { out[el.name] = el.value; } return; }
      if (el.type === "submit" || el.type === "button") { return; }
      out[el.name] = el.value;
    });
    return out;
  }
  function fill(saved) {
    var changed = false;
    Object.keys(saved).forEach(function (name) {
      var el = field(name);
      if (!el) { return; }
      if (el instanceof RadioNodeList) {
        Array.prototype.forEach.call(el, function (r) {
          var want = r.value === saved[name];
          if (r.checked !== want) { r.checked = want; changed = true; }
        });
      } else if (el.value !== saved[name]) {
        el.value = saved[name];
        changed = true;
      }
    });
    return changed;
  }

  /* --- the browser's copy: nothing typed is lost while the server is away --- */
  function keep() {
    try {
      localStorage.setItem(key, JSON.stringify({
        values: values(), version: field("version").value, digest: field("digest").value, at: Date.now()
      }));
    } catch (e) { /* storage full or disabled: the server copy still works */ }
  }
  function forget() { try { localStorage.removeItem(key); } catch (e) { /* ignore */ } }
  function kept() {
    try { return JSON.parse(localStorage.getItem(key) || "null"); } catch (e) { return null; }
  }

  /* --- conditional parts --- */
  function currentValue(name) {
    var el = field(name);
    if (!el) { return ""; }
    if (el instanceof RadioNodeList) { return el.value; }
    return el.value;
  }
  function applyConditions() {
    document.querySelectorAll("[data-show-if-name]").forEach(function (box) {
      box.hidden = currentValue(box.dataset.showIfName) !== box.dataset.showIfValue;
    });
    document.querySelectorAll("[data-warn-for]").forEach(function (warn) {
      var el = document.getElementById(warn.dataset.warnFor);
      if (el) { warn.hidden = el.value !== warn.dataset.warnEquals; }
    });
  }

  /* --- feedback beside fields, and the progress list --- */
  function finding(f) {
    var box = document.createElement("div");
    box.className = "finding finding-" + f.severity;
    var p = document.createElement("p");
    var strong = document.createElement("strong");
    var word = { object: "Objection", warn: "Warning", info: "Note" }[f.severity] || "Note";
    strong.textContent = word + " " + f.code + ":";
    p.appendChild(strong);
    p.appendChild(document.createTextNode(" " + f.message));
    var cite = document.createElement("p");
    cite.className = "citation";
    cite.textContent = f.citation;
    box.appendChild(p);
    box.appendChild(cite);
    return box;
  }
  function error(text) {
    var p = document.createElement("p");
    p.className = "error-message";
    var hidden = document.createElement("span");
    hidden.className = "visually-hidden";
    hidden.textContent = "Error: ";
    p.appendChild(hidden);
    p.appendChild(document.createTextNode(text));
    return p;
  }
  function showFeedback(feedback) {
    form.querySelectorAll(".feedback").forEach(function (box) { box.textContent = ""; });
    form.querySelectorAll(".field-error").forEach(function (box) { box.classList.remove("field-error"); });
    feedback.places.forEach(function (place) {
      var box = document.getElementById(place.id);
      if (!box) { return; }
      place.errors.forEach(function (e) { box.appendChild(error(e)); });
      place.findings.forEach(function (f) { box.appendChild(finding(f)); });
      var wrap = box.closest(".field");
      if (wrap && place.errors.length) { wrap.classList.add("field-error"); }
    });
  }
  function showNav(nav) {
    nav.forEach(function (s) {
      var li = document.querySelector('#progress-list li[data-step="' + s.id + '"]');
      if (!li) { return; }
      li.className = "status-" + s.status;
      var t = li.querySelector(".status-text");
      if (t) { t.textContent = "(" + s.text + ")"; }
    });
  }

  /* --- a conflict: show both versions, let the worker choose --- */
  function showConflict(body) {
    blocked = true;
    conflictEl.textContent = "";
    var h = document.createElement("h2");
    h.textContent = "This report was changed elsewhere";
    var p = document.createElement("p");
    p.textContent = "Someone (perhaps you, in another tab) saved this step after you opened it. " +
      "Nothing has been overwritten. Compare the versions, then keep yours or load the saved one.";
    var table = document.createElement("table");
    var cap = document.createElement("caption");
    cap.textContent = "Your version and the saved version";
    table.appendChild(cap);
    var head = document.createElement("tr");
    ["Field", "Your version", "Saved version"].forEach(function (t) {
      var th = document.createElement("th"); th.scope = "col"; th.textContent = t; head.appendChild(th);
    });
    table.appendChild(head);
    body.differences.forEach(function (d) {
      var tr = document.createElement("tr");
      var th = document.createElement("th"); th.scope = "row"; th.textContent = d.label; tr.appendChild(th);
      [d.yours, d.theirs].forEach(function (v) { var td = document.createElement("td"); td.textContent = v; tr.appendChild(td); });
      table.appendChild(tr);
    });
    var mine = document.createElement("button");
    mine.type = "button";
    mine.textContent = "Keep my version";
    mine.addEventListener("click", function () {
      field("version").value = body.version;
      field("digest").value = body.digest;
      blocked = false;
      conflictEl.hidden = true;
      save();
    });
    var theirs = document.createElement("a");
    theirs.href = window.location.pathname;
    theirs.textContent = "Load the saved version";
    theirs.addEventListener("click", function () { forget(); });
    var actions = document.createElement("p");
    actions.className = "actions";
    actions.appendChild(mine);
    actions.appendChild(theirs);
    [h, p, table, actions].forEach(function (n) { conflictEl.appendChild(n); });
    conflictEl.hidden = false;
    setStatus("Not saved — this report was changed elsewhere", true);
  }

  /* --- saving --- */
  function schedule(delay) {
    if (timer) { clearTimeout(timer); }
    timer = setTimeout(save, delay);
  }
  function retryLater() {
    if (retryTimer) { return; }
    retryTimer = setTimeout(function () { retryTimer = null; save(); }, retryDelay);
    retryDelay = Math.min(retryDelay * 2, 30000);
  }
  function save() {
    if (!editable || blocked) { return; }
    if (inFlight) { pending = true; return; }
    inFlight = true;
    pending = false;
    var sentAt = editCount;
    var body = new FormData(form);
    body.delete("action");
    fetch(form.dataset.autosaveUrl, {
      method: "POST", body: body, credentials: "same-origin",
      headers: { "X-Requested-With": "fetch", "Accept": "application/json" }
    }).then(function (r) {
      return r.json().catch(function () { return {}; }).then(function (data) { return { status: r.status, data: data }; });
    }).then(function (res) {
      inFlight = false;
      if (res.status === 200) {
        retryDelay = 2000;
        field("version").value = res.data.version;
        field("digest").value = res.data.digest;
        setStatus("Saved at " + nowText());
        if (editCount === sentAt) { forget(); } else { keep(); }
        showFeedback(res.data.feedback);
        showNav(res.data.nav);
      } else if (res.status === 409) {
        showConflict(res.data);
      } else if (res.status === 401) {
        blocked = true;
        setStatus("Not saved — your session has ended. Your text is kept in this browser; log in again to save it.", true);
        showLogin();
      } else {
        setStatus("Not saved — retrying", true);
        retryLater();
      }
      if (pending) { schedule(300); }
    }).catch(function () {
      inFlight = false;
      setStatus("Not saved — retrying", true);
      retryLater();
    });
  }
  function showLogin() {
    if (!statusEl || document.getElementById("login-again")) { return; }
    var a = document.createElement("a");
    a.id = "login-again";
    a.href = form.dataset.loginUrl;
    a.textContent = "Log in again";
    statusEl.parentNode.appendChild(a);
  }

  function edited() {
    editCount += 1;
    keep();
    applyConditions();
    schedule(1200);
  }

  applyConditions();
  form.addEventListener("change", applyConditions);
  if (!editable) { return; }
  form.addEventListener("input", edited);
  form.addEventListener("change", edited);
  form.addEventListener("submit", function () { keep(); });
  window.addEventListener("online", function () { if (retryTimer) { clearTimeout(retryTimer); retryTimer = null; } save(); });

  /* Text that never reached the server (offline, or the session had ended). */
  var saved = kept();
  var restoredByServer = form.dataset.restored === "yes";
  if (saved && saved.values) {
    if (fill(saved.values) || restoredByServer) {
      field("version").value = saved.version;
      field("digest").value = saved.digest;
      applyConditions();
      setStatus("Restored text that had not been saved; saving it now.");
      editCount += 1;
      schedule(200);
    } else {
      forget();
    }
  } else if (restoredByServer) {
    /* The server kept a post made after the session ended; send it now. */
    setStatus("Restored text that had not been saved; saving it now.");
    editCount += 1;
    schedule(200);
  }
}());
