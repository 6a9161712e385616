// The compare form: remember the order in which scenarios are ticked in the hidden "order" field, so the
// first one ticked is the reference (a browser sends ticked boxes in page order). Progressive
// enhancement: without this script the first in the list is the reference.
(function () {
  "use strict";

  function start() {
    var form = document.querySelector("[data-compare-form]");
    if (!form) return;
    var order = form.querySelector('input[name="order"]');
    var boxes = Array.prototype.slice.call(form.querySelectorAll('input[name="scenarios"]'));
    if (!order) return;
    var ticked = order.value.split(",").filter(function (slug) {
      return boxes.some(function (box) { return box.checked && box.value === slug; });
    });
    boxes.forEach(function (box) {
      if (box.checked && ticked.indexOf(box.value) < 0) ticked.push(box.value);
    });
    order.value = ticked.join(",");
    boxes.forEach(function (box) {
      box.addEventListener("change", function () {
        ticked = ticked.filter(function (slug) { return slug !== box.value; });
        if (box.checked) ticked.push(box.value);
        order.value = ticked.join(",");
      });
    });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
