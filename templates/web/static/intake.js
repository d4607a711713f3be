// The clerk's drop zone: PDFs dropped on it become the file input's files.
// The plain <input type="file" multiple> works without this script.
(function () {
  "use strict";
  var zone = document.getElementById("drop-zone");
  var input = document.getElementById("pdfs");
  var chosen = document.getElementById("pdfs-chosen");
  if (!zone || !input || !chosen) { return; }

  function describe() {
    var n = input.files ? input.files.length : 0;
    chosen.textContent = n === 0 ? "" : (n === 1 ? "1 file chosen." : n + " files chosen.");
  }

  function stop(event) {
    event.preventDefault();
    event.stopPropagation();
  }

  ["dragenter", "dragover"].forEach(function (name) {
    zone.addEventListener(name, function (event) {
      stop(event);
      zone.classList.add("dragging");
    });
  });
  ["dragleave", "drop"].forEach(function (name) {
    zone.addEventListener(name, function (event) {
      stop(event);
      zone.classList.remove("dragging");
    });
  });
  zone.addEventListener("drop", function (event) {
    var files = event.dataTransfer && event.dataTransfer.files;
    if (!files || files.length === 0) { return; }
    try {
      input.files = files;
    } catch (err) {
      chosen.textContent = "This browser cannot take dropped files; use the Choose files button.";
      return;
    }
    describe();
  });
  input.addEventListener("change", describe);
}());

// A batch being verified: ask how far it is every few seconds, show it, and show the
// results when every file has one. Without this script the page refreshes itself (noscript).
(function () {
  "use strict";
  var box = document.getElementById("batch-progress");
  if (!box || !box.dataset.progressUrl) { return; }
  var url = box.dataset.progressUrl;
  var every = (parseInt(box.dataset.pollSeconds, 10) || 2) * 1000;
  var meter = document.getElementById("batch-meter");
  var count = document.getElementById("batch-done");

  function look() {
    fetch(url, {credentials: "same-origin", headers: {"Accept": "application/json"}})
      .then(function (response) {
        if (!response.ok) { throw new Error(String(response.status)); }
        return response.json();
      })
      .then(function (state) {
        if (meter) { meter.value = state.done; }
        if (count) { count.textContent = String(state.done); }
        if (state.finished) {
          window.location.reload();
        } else {
          window.setTimeout(look, every);
        }
      })
      .catch(function () { window.setTimeout(look, every * 3); });
  }
  window.setTimeout(look, every);
}());
