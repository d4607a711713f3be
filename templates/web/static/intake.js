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
