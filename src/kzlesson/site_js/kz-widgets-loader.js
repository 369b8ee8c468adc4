/* kzlesson: show the widgets embedded in a page of the built book, from this site only.
 *
 * Added by kzlesson.sphinx_ext (through myst-nb's nb_ipywidgets_js) to pages that have widgets.
 * 1. Loads require.js and the ipywidgets embed manager (@jupyter-widgets/html-manager
 *    embed-amd.js, 3.6 MB) from this folder only when a widget is on screen or the reader
 *    starts scrolling (or prints), so opening a page never waits for them.
 * 2. Keeps every request on this site: require.js looks modules up next to this file and the
 *    widget CSS finds its font files in @jupyter-widgets/ (the folder webpack derives from the
 *    "@jupyter-widgets/base" module's address); any other widget module resolves to modules/
 *    here, never to a CDN.
 * 3. ipywidgets typesets labels with MathJax 2's MathJax.Hub.Queue; the book loads MathJax 3,
 *    which has no Hub: a shim forwards to MathJax 3 (without it a page with maths and widgets
 *    threw "Cannot read properties of undefined (reading 'Queue')").
 * 4. Names what ipywidgets leaves unnamed for screen readers: a slider's handle gets the
 *    slider's label (axe rule aria-input-field-name); a widget that scrolls (e.g. a long table
 *    in a box with a maximum height) becomes a focusable, named region, so keyboard users can
 *    scroll it too (axe rule scrollable-region-focusable).
 */
(function () {
  "use strict";
  var here = new URL("./", document.currentScript.src).href;
  var started = false;

  function addScript(file, attrs) {
    return new Promise(function (resolve, reject) {
      var s = document.createElement("script");
      s.src = here + file;
      Object.keys(attrs || {}).forEach(function (k) { s.setAttribute(k, attrs[k]); });
      s.onload = resolve;
      s.onerror = function () { reject(new Error("kzlesson: could not load " + s.src)); };
      document.head.appendChild(s);
    });
  }

  function mathjaxShim() {
    function addHub(mj) {
      if (!mj || mj.Hub) { return; }
      mj.Hub = { Queue: function (job) {
        var el = job && job[2], M = window.MathJax;
        if (M && M.typesetPromise && M.startup && M.startup.promise) {
          M.startup.promise.then(function () { return M.typesetPromise(el ? [el] : undefined); });
        }
      } };
    }
    var mj = window.MathJax;
    if (mj && !mj.version) {  /* configured, not loaded yet */
      mj.startup = mj.startup || {};
      var ready = mj.startup.ready;
      mj.startup.ready = function () {
        if (ready) { ready(); } else { window.MathJax.startup.defaultReady(); }
        addHub(window.MathJax);
      };
    }
    addHub(mj);
  }

  function labelText(el) {
    var box = el.closest(".widget-slider, .widget-hslider, .widget-vslider, .widget-inline-hbox, .widget-inline-vbox");
    var label = box && box.querySelector(".widget-label");
    return label ? label.textContent.trim() : "";
  }

  function nameControls(root) {
    root.querySelectorAll('[role="slider"]:not([aria-label]):not([aria-labelledby])').forEach(function (el) {
      el.setAttribute("aria-label", labelText(el) || "Slider");
    });
  }

  function scrollsItself(el) {
    var c = window.getComputedStyle(el);
    return /(auto|scroll)/.test(c.overflow + c.overflowX + c.overflowY) &&
      (el.scrollHeight > el.clientHeight + 1 || el.scrollWidth > el.clientWidth + 1);
  }

  function focusableScrollers(root) {
    root.querySelectorAll(".jupyter-widgets:not([tabindex])").forEach(function (el) {
      if (!scrollsItself(el)) { return; }
      var caption = el.querySelector("caption, h1, h2, h3, h4, h5, h6, .widget-label:not([style*='none'])");
      el.setAttribute("tabindex", "0");
      el.setAttribute("role", "region");
      el.setAttribute("aria-label", (caption && caption.textContent.trim()) || "Scrollable widget content");
    });
  }

  var pending = null;
  function afterRender() {
    if (pending) { return; }
    pending = window.setTimeout(function () {
      pending = null;
      nameControls(document);
      focusableScrollers(document);
    }, 150);
  }

  function start() {
    if (started) { return; }
    started = true;
    window.__jupyter_widgets_assets_path__ = here + "@jupyter-widgets/";
    mathjaxShim();
    new MutationObserver(afterRender).observe(document.body, { childList: true, subtree: true });
    addScript("require.js")
      .then(function () {
        window.requirejs.config({ baseUrl: here });
        return addScript("embed-amd.js", { "data-jupyter-widgets-cdn": "modules/" });
      })
      .catch(function (err) { console.warn(err.message); });
  }

  var views = document.querySelectorAll('script[type="application/vnd.jupyter.widget-view+json"]');
  if (!views.length) { return; }
  // Load when a widget is on screen, or as soon as the reader starts scrolling or uses the
  // keyboard or pointer (widgets further down are then ready by the time they are reached),
  // or before printing. A page that is only opened never pays for the 3.6 MB manager.
  ["scroll", "keydown", "pointerdown", "touchstart", "beforeprint"].forEach(function (type) {
    window.addEventListener(type, start, { once: true, passive: true });
  });
  if (!("IntersectionObserver" in window)) { start(); return; }
  var seen = new IntersectionObserver(function (entries) {
    if (entries.some(function (e) { return e.isIntersecting; })) { seen.disconnect(); start(); }
  });
  views.forEach(function (v) { seen.observe(v.parentElement); });
})();
