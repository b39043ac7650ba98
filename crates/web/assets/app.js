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
    var dirty = false;
    document.querySelectorAll("form[data-warn-unsaved]").forEach(function (form) {
      form.addEventListener("input", function () { dirty = true; });
      form.addEventListener("change", function () { dirty = true; });
      form.addEventListener("submit", function () { dirty = false; });
    });
    window.addEventListener("beforeunload", function (ev) {
      if (!dirty) return;
      ev.preventDefault();
      ev.returnValue = "";
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
