// Filter forms whose choices live in the address (hx-push-url): after Back or Forward, set every
// control of a form marked data-url-filters from the address, so the dropdowns match the page shown.
// htmx restores its saved copy of the page on popstate, and that copy keeps the choices the page was
// first drawn with; a parameter missing from the address means the control's default.
(function () {
  "use strict";

  function restoreControl(control, values) {
    if (control.type === "checkbox" || control.type === "radio") {
      control.checked = values.length ? values.indexOf(control.value) !== -1 : control.defaultChecked;
    } else if (control.tagName === "SELECT") {
      var options = Array.prototype.slice.call(control.options);
      var wanted = options.filter(function (o) { return values.indexOf(o.value) !== -1; });
      var fallback = options.filter(function (o) { return o.defaultSelected; }).slice(0, 1);
      var chosen = wanted.length ? wanted : (fallback.length ? fallback : options.slice(0, 1));
      options.forEach(function (o) { o.selected = chosen.indexOf(o) !== -1; });
    } else if (control.type !== "hidden" && control.type !== "submit" && control.type !== "button") {
      control.value = values.length ? values[0] : control.defaultValue;
    }
  }

  function restore() {
    var params = new URLSearchParams(window.location.search);
    document.querySelectorAll("form[data-url-filters]").forEach(function (form) {
      Array.prototype.forEach.call(form.elements, function (control) {
        if (control.name) restoreControl(control, params.getAll(control.name));
      });
    });
  }

  window.addEventListener("popstate", restore);
  document.addEventListener("htmx:historyRestore", restore);
})();
