// The scenario editor: show each lever (and each discharge lever) only the fields its kind uses, keep its
// summary line up to date and mark levers to be removed. Progressive enhancement: without this script every field shows and the
// form submits and validates the same.
(function () {
  "use strict";

  function input(lever, name) {
    return lever.querySelector('[name$="-' + name + '"]');
  }

  function value(lever, name) {
    var element = input(lever, name);
    return element ? element.value.trim() : "";
  }

  function percent(text) {
    if (text === "" || isNaN(Number(text))) return null;
    return String(Number(Number(text).toPrecision(4))).replace("-", "\u2212") + "%";
  }

  // "5%–15%" or "−15% to −5%", as LeverForm.summary writes it on the server
  function span(lever, size) {
    var ends = [percent(value(lever, size + "_low")), percent(value(lever, size + "_high"))].filter(Boolean);
    if (ends.length === 2 && ends[0] === ends[1]) return ends[0];
    var negative = ends.some(function (end) { return end.charAt(0) === "\u2212"; });
    return ends.join(negative ? " to " : "\u2013");
  }

  function summarise(lever) {
    var kind = value(lever, "kind") || "avoid";
    var size = span(lever, kind === "efficiency" ? "los_change" : "share");
    var label = kind === "efficiency" && size ? "length of stay " : "";
    var summary = lever.querySelector("[data-lever-summary]");
    summary.textContent = "Lever " + summary.dataset.number + ": " + (value(lever, "name") || "New lever") +
      " \u2014 " + kind + (size ? ", " + label + size : "");
  }

  // "15–25 places" or "−20%–−5% stay", as DischargeLeverForm.summary writes it on the server
  function flowSize(lever, kind) {
    var places = kind === "add_capacity";
    var ends = ["_low", "_high"].map(function (end) {
      var text = value(lever, (places ? "places" : "los_change") + end);
      if (text === "" || isNaN(Number(text))) return "";
      return String(Number(Number(text).toPrecision(4))).replace("-", "\u2212") + (places ? "" : "%");
    }).filter(Boolean);
    if (!ends.length) return "";
    var joint = ends.some(function (end) { return end.charAt(0) === "\u2212"; }) ? " to " : "\u2013";
    return (ends[0] === ends[ends.length - 1] ? ends[0] : ends.join(joint)) + (places ? " places" : " stay");
  }

  function summariseFlow(lever) {
    var kind = value(lever, "kind") || "add_capacity";
    var pathway = input(lever, "pathway");
    var words = [kind === "add_capacity" ? "add places" : "faster discharge", flowSize(lever, kind),
      pathway && pathway.selectedIndex >= 0 ? pathway.options[pathway.selectedIndex].text : ""];
    var summary = lever.querySelector("[data-lever-summary]");
    summary.textContent = "Discharge lever " + summary.dataset.number + ": " +
      (value(lever, "name") || "New discharge lever") + " \u2014 " + words.filter(Boolean).join(", ");
  }

  // hide the parts for other kinds, unless they carry an error the user must see
  function showKind(lever) {
    var kind = value(lever, "kind");
    lever.querySelectorAll("[data-kinds]").forEach(function (part) {
      var applies = part.dataset.kinds.split(" ").indexOf(kind) >= 0;
      part.hidden = !applies && !part.querySelector(".nhsuk-form-group--error");
    });
  }

  function markRemoved(lever) {
    var box = lever.querySelector("[data-lever-remove]");
    lever.classList.toggle("careshift-removed", Boolean(box && box.checked));
  }

  var LEVERS = "[data-lever], [data-flow-lever]";

  function describe(lever) {
    if (lever.hasAttribute("data-flow-lever")) summariseFlow(lever); else summarise(lever);
  }

  function setUp(root) {
    root.querySelectorAll(LEVERS).forEach(function (lever) {
      showKind(lever);
      describe(lever);
      markRemoved(lever);
    });
  }

  function changed(event) {
    var lever = event.target.closest && event.target.closest(LEVERS);
    if (!lever) return;
    if (event.target.name && /-kind$/.test(event.target.name)) showKind(lever);
    if (event.target.hasAttribute("data-lever-remove")) markRemoved(lever);
    describe(lever);
  }

  document.addEventListener("input", changed);
  document.addEventListener("change", changed);
  document.addEventListener("htmx:afterSettle", function (event) {
    setUp(document);
    if (event.target.id === "levers" || event.target.id === "discharge-levers") {  // a lever was added:
      var levers = event.target.querySelectorAll(LEVERS);  // start typing its name
      var name = levers.length ? input(levers[levers.length - 1], "name") : null;
      if (name) name.focus();
    }
  });
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () { setUp(document); });
  } else {
    setUp(document);
  }
})();
