/* kzlesson's own script for the built book (Jupyter Book adds every _static/*.js to every page;
 * keep it tiny). Without it every page still reads well: it only enhances.
 *
 * 1. Exercises are written in the page as plain HTML (question, choices, items). When the
 *    exercise widget of the same cell is drawn, the plain copy steps aside on screen (it stays
 *    for print and for readers whose widgets never load).
 * 2. Snapshot explorers (.kz-snapshot, a book page has no kernel): their menus, sliders, search
 *    boxes and buttons are disabled, so they look and act inactive instead of ignoring input.
 * 3. A chart drawn inside a widget (the timeline explorer's) opens full size in a new tab on a
 *    click or tap, like the book's other figures (those are plain links to their image files).
 * 4. Search result snippets read as text: Sphinx takes a page's textContent, so table cells and
 *    list items ran together ("RussiaChinaKazakhstan") and the print-only contents list came
 *    first; words are now kept apart and print-only copies left out.
 */
(function () {
  "use strict";
  // searchtools.js declares "const Search": a global binding, not a property of window
  var search = typeof Search !== "undefined" ? Search : null;  // eslint-disable-line no-undef
  if (search && typeof search.htmlToText === "function" && !search.kzPatched) {
    var original = search.htmlToText;
    var SEPARATE = "td, th, li, p, dt, dd, caption, h1, h2, h3, h4, h5, h6, div, br, summary, figcaption";
    var LEAVE_OUT = ".onlyprint, #jb-print-docs-body, .kz-print-solutions, .headerlink, script, style, " +
      ".cell_input, .kz-static-note, .kz-snapshot-note";
    search.htmlToText = function (htmlString, anchor) {
      try {
        var doc = new DOMParser().parseFromString(htmlString, "text/html");
        doc.querySelectorAll(LEAVE_OUT).forEach(function (el) { el.remove(); });
        doc.querySelectorAll(SEPARATE).forEach(function (el) { el.appendChild(doc.createTextNode(" ")); });
        var main = doc.querySelector('[role="main"]');
        var part = (anchor && main && main.querySelector(anchor)) || main;
        if (part) { return part.textContent.replace(/\s+/g, " ").trim(); }
      } catch (err) { /* fall back to Sphinx's own */ }
      return original(htmlString, anchor);
    };
    search.kzPatched = true;
  }

  if (!document.querySelector('script[type="application/vnd.jupyter.widget-view+json"]')) { return; }

  var CONTROLS = "input, select, textarea, button, [role='slider'], .noUi-handle, .slider-container";

  function enhance() {
    document.querySelectorAll(".cell_output .kz-ex").forEach(function (box) {
      var cell = box.closest(".cell");
      if (cell && !cell.classList.contains("kz-enhanced") && cell.querySelector(".kz-ex-static")) {
        cell.classList.add("kz-enhanced");
      }
    });
    document.querySelectorAll(".kz-snapshot").forEach(function (snap) {
      snap.querySelectorAll(CONTROLS).forEach(function (el) {
        if (el.hasAttribute("data-kz-inactive")) { return; }
        el.setAttribute("data-kz-inactive", "");
        if ("disabled" in el) { el.disabled = true; }
        el.setAttribute("aria-disabled", "true");
        el.setAttribute("tabindex", "-1");
      });
    });
  }

  function openFull(event) {
    var img = event.currentTarget;
    var tab = window.open("", "_blank");
    if (!tab) { return; }
    window.fetch(img.src).then(function (r) { return r.blob(); }).then(function (blob) {
      tab.location.href = URL.createObjectURL(blob);
    }).catch(function () { tab.close(); });
  }

  function zoomableCharts() {
    document.querySelectorAll('.cell_output .jupyter-widgets img[src^="data:image/"]:not([data-kz-zoom])')
      .forEach(function (img) {
        img.setAttribute("data-kz-zoom", "");
        img.style.cursor = "zoom-in";
        img.title = "Open the chart full size";
        img.addEventListener("click", openFull);
        var hint = document.createElement("span");
        hint.className = "kz-zoom-hint";
        hint.textContent = "Tap the chart to open it full size";
        img.insertAdjacentElement("afterend", hint);
      });
  }

  var pending = null;
  function later() {
    if (pending) { return; }
    pending = window.setTimeout(function () { pending = null; enhance(); zoomableCharts(); }, 100);
  }
  new MutationObserver(later).observe(document.body, { childList: true, subtree: true });
  enhance();
})();
