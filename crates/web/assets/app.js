// Uppsikt: small progressive enhancements, no framework, no inline code (CSP).
// Skip logic in forms: an element with data-show-if-item="q2" and
// data-show-if-equals="nej" is shown only while the field named q2 has that
// value. The server applies the same rule when it stores the answers.
"use strict";

(function () {
  function valueOf(form, name) {
    var checked = form.querySelector('input[name="' + name + '"]:checked');
    if (checked) return checked.value;
    var field = form.querySelector('select[name="' + name + '"], input[name="' + name + '"]:not([type=radio])');
    return field ? field.value : "";
  }

  function applySkipLogic(form) {
    var conditional = form.querySelectorAll("[data-show-if-item]");
    conditional.forEach(function (el) {
      var shown = valueOf(form, el.dataset.showIfItem) === el.dataset.showIfEquals;
      el.hidden = !shown;
      el.querySelectorAll("input, select, textarea").forEach(function (f) {
        f.disabled = !shown;
      });
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("form[data-skip-logic]").forEach(function (form) {
      applySkipLogic(form);
      form.addEventListener("change", function () { applySkipLogic(form); });
    });
    // Warn before leaving a page whose form has changes not yet saved.
    // Leaving by submitting the form itself is not leaving unsaved work.
    var dirty = new Set();
    document.querySelectorAll("form[data-warn-unsaved]").forEach(function (form) {
      form.addEventListener("input", function () { dirty.add(form); });
      form.addEventListener("change", function () { dirty.add(form); });
      form.addEventListener("submit", function () { dirty.delete(form); });
    });
    window.addEventListener("beforeunload", function (ev) {
      if (dirty.size === 0) return;
      ev.preventDefault();
      ev.returnValue = "";
    });
    // Autosave: a form with data-autosave="STATUS-ID" is posted as typed
    // (after a pause), exactly as its button would post it; the page it gets
    // back carries the report's new version, which every form then uses.
    document.querySelectorAll("form[data-autosave]").forEach(function (form) {
      var status = document.getElementById(form.dataset.autosave);
      var timer = null;
      function save() {
        var body = new URLSearchParams(new FormData(form));
        fetch(form.action, { method: "POST", body: body, credentials: "same-origin" })
          .then(function (r) {
            if (!r.ok) throw new Error(String(r.status));
            return r.text();
          })
          .then(function (html) {
            var page = new DOMParser().parseFromString(html, "text/html");
            var version = page.querySelector("input[name=version]");
            if (version) {
              document.querySelectorAll("input[name=version]").forEach(function (f) { f.value = version.value; });
            }
            dirty.delete(form);
            var now = new Date();
            var time = String(now.getHours()).padStart(2, "0") + ":" + String(now.getMinutes()).padStart(2, "0");
            status.textContent = status.dataset.saved.replace("{time}", time);
          })
          .catch(function () { status.textContent = status.dataset.failed; });
      }
      form.addEventListener("input", function () {
        clearTimeout(timer);
        timer = setTimeout(save, 1200);
      });
    });
    // A page answered at a form's POST address names its own address.
    var canonical = document.querySelector("[data-canonical]");
    if (canonical && location.pathname !== canonical.dataset.canonical) {
      history.replaceState(null, "", canonical.dataset.canonical);
    }
    // A list of problems after a refused form is where the reader starts.
    var problems = document.querySelector("[role=alert][tabindex='-1']");
    if (problems) {
      problems.scrollIntoView();
      problems.focus();
    }
    // Confirm before irreversible actions (e.g. submitting a report).
    document.querySelectorAll("[data-confirm]").forEach(function (el) {
      el.addEventListener("click", function (ev) {
        if (!window.confirm(el.dataset.confirm)) ev.preventDefault();
      });
    });
  });
})();

// Coding a document (crates/web/src/pages/qual/document.rs): a selection in
// the text fills the form's positions, counted in Unicode scalar values as
// the store counts them (Array.from counts code points, not UTF-16 units).
(function () {
  "use strict";
  document.addEventListener("DOMContentLoaded", function () {
    var text = document.getElementById("doc-text");
    var form = document.getElementById("coding-form");
    if (!text || !form) return;
    var start = form.querySelector("#start");
    var end = form.querySelector("#end");
    var preview = document.getElementById("selection-preview");
    function update() {
      var sel = window.getSelection();
      if (!sel || sel.rangeCount === 0 || sel.isCollapsed) return;
      var range = sel.getRangeAt(0);
      if (!text.contains(range.startContainer) || !text.contains(range.endContainer)) return;
      var before = document.createRange();
      before.setStart(text, 0);
      before.setEnd(range.startContainer, range.startOffset);
      var from = Array.from(before.toString()).length;
      var chosen = range.toString();
      start.value = from;
      end.value = from + Array.from(chosen).length;
      preview.textContent = "”" + chosen + "”";
    }
    document.addEventListener("selectionchange", update);
    text.addEventListener("mouseup", update);
    text.addEventListener("keyup", update);
  });
})();
