/* Render every <div data-vega-spec="..."> with vega-embed.
 *
 * The attribute holds either a URL returning a Vega-Lite spec (JSON) or the spec itself (inline JSON).
 * Charts are rendered on page load and again inside any content HTMX swaps in. The actions menu offers
 * PNG and SVG export only (no external editor: the site works offline). The image is saved under a name
 * from the chart's title: the spec's usermeta.embedOptions.downloadFileName (careshift.site.charts.titles),
 * else the block's data-chart-filename. The chart's accessible name is its title (the spec's description,
 * which Vega puts on the SVG) and the actions menu gets a name of its own (axe: summary-name).
 */
(function () {
  "use strict";

  var EMBED_OPTIONS = {
    actions: { export: { png: true, svg: true }, source: false, compiled: false, editor: false },
    renderer: "svg",
    scaleFactor: 2,
    ast: true, // Vega's CSP-safe expression interpreter instead of new Function() (no 'unsafe-eval')
  };

  function specOf(element) {
    var value = element.getAttribute("data-vega-spec").trim();
    if (value.charAt(0) === "{") {
      return Promise.resolve(JSON.parse(value));
    }
    return fetch(value, { credentials: "same-origin", headers: { Accept: "application/json" } }).then(
      function (response) {
        if (!response.ok) {
          throw new Error("Chart data could not be loaded (" + response.status + ").");
        }
        return response.json();
      }
    );
  }

  function showError(element, error) {
    element.setAttribute("data-vega-state", "error");
    element.innerHTML = "";
    var message = document.createElement("p");
    message.className = "nhsuk-error-message";
    message.textContent = "The chart could not be drawn: " + error.message + " The table below has the same figures.";
    element.appendChild(message);
  }

  function optionsFor(element, spec) {
    var options = Object.assign({}, EMBED_OPTIONS);
    var filename = element.getAttribute("data-chart-filename");
    if (filename) {
      options.downloadFileName = filename;
    }
    var title = element.getAttribute("data-chart-title");
    if (title && !spec.description) {
      spec.description = title;
    }
    return options;
  }

  function labelActions(element) {
    var menu = element.querySelector("details");
    var summary = menu && menu.querySelector("summary");
    if (!summary) {
      return;
    }
    var title = element.getAttribute("data-chart-title") || "this chart";
    menu.removeAttribute("title");
    summary.setAttribute("aria-label", "Download " + title + " as an image (PNG or SVG)");
    summary.querySelectorAll("svg").forEach(function (icon) {
      icon.setAttribute("aria-hidden", "true");
      icon.setAttribute("focusable", "false");
    });
  }

  function renderOne(element) {
    if (element.getAttribute("data-vega-state")) {
      return;
    }
    element.setAttribute("data-vega-state", "loading");
    specOf(element)
      .then(function (spec) {
        return window.vegaEmbed(element, spec, optionsFor(element, spec));
      })
      .then(function () {
        labelActions(element);
        element.setAttribute("data-vega-state", "rendered");
      })
      .catch(function (error) {
        showError(element, error);
      });
  }

  function renderAll(root) {
    var scope = root || document;
    if (scope.matches && scope.matches("[data-vega-spec]")) {
      renderOne(scope);
    }
    scope.querySelectorAll("[data-vega-spec]").forEach(renderOne);
  }

  window.careshiftCharts = { renderAll: renderAll };
  document.addEventListener("DOMContentLoaded", function () {
    renderAll(document);
  });
  document.body.addEventListener("htmx:load", function (event) {
    renderAll(event.detail.elt);
  });
})();
