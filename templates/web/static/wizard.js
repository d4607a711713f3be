/* reportgen wizard: autosave, offline retry, text kept in this browser when it
 * could not be saved, and the conditional parts of a step. Written by hand; no
 * library, no network other than this site. The page works without it: every
 * step also saves through its Save buttons.
 *
 * Text that could not be saved is kept in localStorage under the user's id, the
 * draft and the step. It is never applied by itself: the step page offers it
 * back ("Restore what you typed" / "Discard") and it is saved only when the
 * worker restores it and presses Save. Other users' kept text is removed on
 * every page, and all of it at logout. Loaded on every page for that reason. */
(function () {
  "use strict";

  var PREFIX = "reportgen:";
  var user = document.body.dataset.user || "";

  /* --- this browser's kept text belongs to one user and ends with the login --- */
  function storedKeys() {
    var out = [];
    try {
      for (var i = 0; i < localStorage.length; i += 1) {
        var k = localStorage.key(i);
        if (k && k.indexOf(PREFIX) === 0) { out.push(k); }
      }
    } catch (e) { /* storage disabled */ }
    return out;
  }
  function removeKeys(keep) {
    storedKeys().forEach(function (k) {
      if (!keep || k.indexOf(keep) !== 0) { try { localStorage.removeItem(k); } catch (e) { /* ignore */ } }
    });
  }
  if (user) { removeKeys(PREFIX + "u:" + user + ":"); }
  document.querySelectorAll("form[data-logout]").forEach(function (f) {
    f.addEventListener("submit", function () { removeKeys(""); });
  });

  var form = document.getElementById("step-form");
  var summary = document.getElementById("error-summary");

  /* --- where a link lands: the field itself, focused, in view below the sticky save bar ---
   * A link to a field (an objection on the review page, the error summary, the step after
   * "Add ..." or "Remove ...") names an id: a control is focused; a group added ("#item-...")
   * gives focus to its first control; a list an entry was removed from ("#list-...") gives it
   * to the last remaining entry's first control, or to its "Add" button. */
  function firstControl(box) {
    return box.querySelector("input:not([type=hidden]):not([tabindex='-1']):not([disabled]), select:not([disabled]), textarea, button:not([disabled])");
  }
  function landOn(id) {
    var target = id && document.getElementById(id);
    if (!target) { return false; }
    var control = target;
    if (target.classList.contains("repeat")) {
      var items = target.querySelectorAll(":scope > fieldset.item");
      control = items.length ? firstControl(items[items.length - 1]) : target.querySelector(":scope > button");
    } else if (target.matches("fieldset, div")) {
      control = firstControl(target) || target;
    }
    if (!control) { return false; }
    /* a folded entry opens to show the field a link points at */
    for (var d = control.closest("details"); d; d = d.parentElement && d.parentElement.closest("details")) { d.open = true; }
    if (!control.matches("input, select, textarea, button, a")) { control.setAttribute("tabindex", "-1"); }
    control.focus({ preventScroll: true });
    control.scrollIntoView({ block: "center" });
    return true;
  }
  function landOnHash() {
    var id = decodeURIComponent(window.location.hash.replace(/^#/, ""));
    return landOn(id);
  }
  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest('a[href^="#"]');
    if (!link || link.classList.contains("skip-link")) { return; }
    if (landOn(decodeURIComponent(link.getAttribute("href").slice(1)))) {
      event.preventDefault();
      if (window.history && window.history.replaceState) { window.history.replaceState(null, "", link.getAttribute("href")); }
    }
  });
  window.addEventListener("hashchange", landOnHash);
  /* After the browser's own move to the fragment, which would leave focus on the page. */
  if (summary) { summary.focus(); } else if (window.location.hash) {
    if (document.readyState === "complete") { setTimeout(landOnHash, 0); } else {
      window.addEventListener("load", function () { setTimeout(landOnHash, 0); });
    }
  }

  /* --- on a narrow screen a table's rows are stacked: each cell is led by its column's name --- */
  document.querySelectorAll("main table").forEach(function (table) {
    var heads = table.querySelectorAll("thead th");
    if (!heads.length) { return; }
    table.querySelectorAll("tbody tr").forEach(function (row) {
      Array.prototype.forEach.call(row.children, function (cell, i) {
        if (heads[i] && !cell.hasAttribute("data-label")) { cell.setAttribute("data-label", heads[i].textContent.trim()); }
      });
    });
  });

  /* --- on a narrow screen the list of steps is folded under its summary --- */
  var steps = document.getElementById("progress-details");
  if (steps && window.matchMedia && window.matchMedia("(max-width: 50rem)").matches) { steps.open = false; }
  if (!form) { return; }

  /* The browser's own calendar for each date field: the button beside the text input opens it
   * (showPicker) and the date chosen is written into the input as 2026-12-02, as if typed. The
   * input stays text so that 12/2/26, or a date typed wrong, is sent and answered by the server. */
  Array.prototype.forEach.call(form.querySelectorAll("button.date-button"), function (button) {
    var text = document.getElementById(button.dataset.dateFor);
    var picker = form.querySelector('input.date-picker[data-date-for="' + button.dataset.dateFor + '"]');
    if (!text || !picker || typeof picker.showPicker !== "function") { return; }
    button.hidden = false;
    button.addEventListener("click", function () {
      var typed = text.value.trim();
      picker.value = /^\d{4}-\d{2}-\d{2}$/.test(typed) ? typed : "";
      try { picker.showPicker(); } catch (e) { text.focus(); }
    });
    picker.addEventListener("change", function (event) {
      event.stopPropagation();
      if (!picker.value) { return; }
      text.value = picker.value;
      text.focus();
      text.dispatchEvent(new Event("input", { bubbles: true }));
    });
    picker.addEventListener("input", function (event) { event.stopPropagation(); });
  });

  var SKIP = { csrf_token: 1, version: 1, digest: 1, action: 1, child_index: 1 };
  var editable = form.dataset.editable === "yes" && !!user;
  var key = PREFIX + "u:" + user + ":draft:" + form.dataset.draft + ":step:" + form.dataset.step;
  var statusEl = document.getElementById("save-status");
  var conflictEl = document.getElementById("conflict-live");
  var keptEl = document.getElementById("kept-text");
  var timer = null, retryTimer = null, retryDelay = 2000;
  var inFlight = false, pending = false, blocked = false, editCount = 0;
  var touched = {};

  function field(name) { return form.elements.namedItem(name); }
  function setStatus(text, failing) {
    if (!statusEl) { return; }
    statusEl.textContent = text;
    statusEl.classList.toggle("failing", !!failing);
  }
  /* A time as the court reads it: hh:mm in the court's zone (data-time-zone, REPORTGEN_TZ on the
   * server) with the zone's abbreviation ("09:15 PST"), never the browser's own zone unnamed. */
  function nowText(d) {
    d = d || new Date();
    try {
      var parts = new Intl.DateTimeFormat("en-US", {
        timeZone: form.dataset.timeZone || "America/Los_Angeles", hour: "2-digit", minute: "2-digit",
        hourCycle: "h23", timeZoneName: "short"
      }).formatToParts(d);
      var get = function (t) { var p = parts.filter(function (x) { return x.type === t; })[0]; return p ? p.value : ""; };
      return get("hour") + ":" + get("minute") + " " + get("timeZoneName");
    } catch (e) {
      return ("0" + d.getHours()).slice(-2) + ":" + ("0" + d.getMinutes()).slice(-2);
    }
  }

  /* Values of the step's own fields, by name. */
  function values() {
    var out = {};
    Array.prototype.forEach.call(form.elements, function (el) {
      if (!el.name || SKIP[el.name] || el.disabled) { return; }
      if (el.type === "radio") { if (el.checked) { out[el.name] = el.value; } return; }
      if (el.type === "checkbox") {  /* one field, one box per child: the ids checked, comma-separated */
        var ids = (out[el.name] || "").split(",").filter(Boolean);
        if (el.checked) { ids.push(el.value); }
        out[el.name] = ids.join(",");
        return;
      }
      if (el.type === "submit" || el.type === "button") { return; }
      out[el.name] = el.value;
    });
    return out;
  }
  function valueOf(name) {
    var el = field(name);
    if (!el) { return null; }
    if (el instanceof RadioNodeList) { var all = values(); return name in all ? all[name] : ""; }
    return el.value;
  }
  function labelOf(name) {
    var el = field(name);
    if (el instanceof RadioNodeList) { el = el[0]; }
    if (!el) { return name; }
    var box = el.closest("fieldset.radios");
    var label = box ? box.querySelector("legend") : form.querySelector('label[for="' + el.id + '"]');
    var item = el.closest("fieldset.item");
    var where = item && item.querySelector("legend") ? item.querySelector("legend").textContent + ": " : "";
    return where + (label ? label.textContent.trim() : name);
  }
  function fill(saved) {
    Object.keys(saved).forEach(function (name) {
      var el = field(name);
      if (!el) { return; }
      if (el instanceof RadioNodeList) {
        Array.prototype.forEach.call(el, function (r) {
          r.checked = r.type === "checkbox" ? saved[name].split(",").indexOf(r.value) >= 0 : r.value === saved[name];
        });
      } else {
        el.value = saved[name];
      }
      touched[name] = 1;
    });
  }

  /* --- the browser's copy of what the worker typed and the server does not have yet --- */
  function keep() {
    var all = values(), mine = {};
    Object.keys(touched).forEach(function (name) { if (name in all) { mine[name] = all[name]; } });
    if (!Object.keys(mine).length) { return; }
    try {
      localStorage.setItem(key, JSON.stringify({
        values: mine, version: field("version").value, digest: field("digest").value, at: Date.now()
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
  function holdsAnswer(box) {
    return Array.prototype.some.call(box.querySelectorAll("input, select, textarea"), function (el) {
      if (el.type === "hidden" || el.classList.contains("date-picker")) { return false; }
      if (el.type === "radio" || el.type === "checkbox") { return el.checked && el.value !== ""; }
      return el.value !== "";
    }) || box.querySelector("fieldset.item") !== null;
  }
  function applyConditions() {
    /* A part that does not apply is hidden, unless it holds an answer (which is kept and shown). */
    document.querySelectorAll("[data-show-if]").forEach(function (box) {
      var conditions;
      try { conditions = JSON.parse(box.dataset.showIf); } catch (e) { return; }
      var applies = conditions.some(function (c) { return c.values.indexOf(currentValue(c.name)) !== -1; });
      box.hidden = !applies && !holdsAnswer(box);
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
      (place.notes || []).forEach(function (n) {
        var p = document.createElement("p");
        p.className = "uncounted";
        p.textContent = n;
        box.appendChild(p);
      });
      var wrap = box.closest(".field");
      if (wrap && place.errors.length) { wrap.classList.add("field-error"); }
    });
    (feedback.deadlines || []).forEach(function (d) {
      var box = document.getElementById(d.id);
      if (!box) { return; }
      box.textContent = "";
      d.lines.forEach(function (line) { var p = document.createElement("p"); p.textContent = line; box.appendChild(p); });
      box.hidden = !d.lines.length;
    });
  }
  function showNav(nav, objections) {
    var done = 0;
    nav.forEach(function (s) {
      if (s.status === "done") { done += 1; }
      var li = document.querySelector('#progress-list li[data-step="' + s.id + '"]');
      if (!li) { return; }
      li.className = "status-" + s.status + (s.objections ? " has-objections" : "");
      var t = li.querySelector(".status-text");
      if (t) { t.textContent = "(" + s.text + ")"; }
    });
    var count = document.getElementById("progress-count");
    if (count && typeof objections === "number") {
      count.textContent = done + " of " + nav.length + " done" +
        (objections ? "; " + objections + " objection" + (objections === 1 ? "" : "s") : "");
    }
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
        if (res.data.refused && res.data.refused.length) {
          setStatus("Saved at " + (res.data.saved_at || nowText()) + ", except: " + res.data.refused.join(" "), true);
        } else {
          setStatus("Saved at " + (res.data.saved_at || nowText()));
        }
        if (editCount === sentAt) { forget(); } else { keep(); }
        showFeedback(res.data.feedback);
        showNav(res.data.nav, res.data.objections);
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

  function edited(event) {
    if (event && event.target && event.target.name && !SKIP[event.target.name]) { touched[event.target.name] = 1; }
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

  /* --- kept text from an earlier visit: offer it, never apply it unasked --- */
  function offerKept(saved) {
    var rows = Object.keys(saved.values || {}).filter(function (name) {
      var now = valueOf(name);
      return now !== null && now !== saved.values[name];
    });
    if (!rows.length || !keptEl) { forget(); return; }
    keptEl.textContent = "";
    var h = document.createElement("h2");
    h.id = "kept-text-title";
    h.textContent = "Text you typed that was not saved";
    var p = document.createElement("p");
    p.textContent = "At " + nowText(new Date(saved.at || Date.now())) + " you typed the text below on this page, " +
      "but it was not saved: your session had ended or the server could not be reached. It has been kept " +
      "in this browser only. Nothing is saved until you restore it, check it and press Save.";
    var table = document.createElement("table");
    var cap = document.createElement("caption");
    cap.textContent = "What you typed and what is saved now";
    table.appendChild(cap);
    var head = document.createElement("tr");
    ["Field", "What you typed (not saved)", "Saved now"].forEach(function (t) {
      var th = document.createElement("th"); th.scope = "col"; th.textContent = t; head.appendChild(th);
    });
    table.appendChild(head);
    rows.forEach(function (name) {
      var tr = document.createElement("tr");
      var th = document.createElement("th"); th.scope = "row"; th.textContent = labelOf(name); tr.appendChild(th);
      [saved.values[name], valueOf(name)].forEach(function (v) {
        var td = document.createElement("td"); td.textContent = v; tr.appendChild(td);
      });
      table.appendChild(tr);
    });
    var restore = document.createElement("button");
    restore.type = "button";
    restore.textContent = "Restore what you typed";
    restore.addEventListener("click", function () {
      var mine = {};
      rows.forEach(function (name) { mine[name] = saved.values[name]; });
      fill(mine);
      field("version").value = saved.version;
      field("digest").value = saved.digest;
      applyConditions();
      keptEl.hidden = true;
      setStatus("Restored what you typed. It is not saved yet: check it and press Save.", true);
      var first = field(rows[0]);
      if (first instanceof RadioNodeList) { first = first[0]; }
      if (first && first.focus) { first.focus(); }
    });
    var discard = document.createElement("button");
    discard.type = "button";
    discard.className = "secondary";
    discard.textContent = "Discard it";
    discard.addEventListener("click", function () {
      forget();
      keptEl.hidden = true;
      setStatus("The text that was not saved has been discarded.");
    });
    var actions = document.createElement("p");
    actions.className = "actions";
    actions.appendChild(restore);
    actions.appendChild(discard);
    [h, p, table, actions].forEach(function (n) { keptEl.appendChild(n); });
    keptEl.hidden = false;
  }
  var saved = kept();
  if (saved && saved.values) { offerKept(saved); }
}());
