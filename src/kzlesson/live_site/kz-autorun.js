/* kzlesson live site: a chapter's live notebook runs by itself once its Python kernel is ready.
 *
 * Loaded by the notebooks app's page (lite/notebooks/index.html; the <script> is added by
 * kzlesson.live_site.autorun after `jupyter lite build`). Once per page load it waits for the
 * app (window.jupyterapp, exposed by jupyter-lite.json), the notebook and its kernel, then runs
 * JupyterLab's own "Run All Cells" command: the student sees the cells execute, and the
 * explorers and exercises appear without a click. Only the live copies of the chapters are run
 * (their first cell carries the tag below); a notebook the student makes is left alone.
 * While Python starts, and when the chapter has run, a short notice says so (JupyterLab's
 * notifications). If the student already ran cells while Python started, nothing more is run.
 * If anything fails, the notebook stays as it is: Run > Run All Cells works.
 */
(function () {
  'use strict';
  var TAG = 'kzlesson-live-setup';
  var STARTING = 'Python is starting in your browser (often a minute or so). ' +
    'The chapter then runs by itself: the explorers and exercises appear as it goes.';
  var DONE = 'The chapter has run: the explorers and exercises are ready.';

  function until(get, ms) {
    return new Promise(function (resolve, reject) {
      var start = Date.now();
      (function poll() {
        var value = null;
        try { value = get(); } catch (e) { value = null; }
        if (value) { resolve(value); return; }
        if (Date.now() - start > ms) { reject(new Error('timed out')); return; }
        setTimeout(poll, 100);
      })();
    });
  }

  function notify(app, message, type, id) {
    if (!app.commands.hasCommand('apputils:notify')) { return Promise.resolve(null); }
    if (id) {
      return app.commands.execute('apputils:update-notification',
        { id: id, message: message, type: type, autoClose: 6000 }).then(function () { return id; });
    }
    return app.commands.execute('apputils:notify', { message: message, type: type, options: { autoClose: false } });
  }

  /* Run All makes the last cell active and scrolls there; the student stays where they were
     reading (the top, or wherever they scrolled while Python started), unless they move. */
  function keepPlace(panel) {
    var nb = panel.content;
    var box = nb.outerNode || nb.node;
    var top = box.scrollTop;
    var index = nb.activeCellIndex;
    var moved = false;
    var stop = function () { moved = true; };
    ['wheel', 'touchstart', 'keydown', 'mousedown'].forEach(function (e) {
      box.addEventListener(e, stop, { once: true, passive: true });
    });
    var restore = function () {
      if (moved) { return; }
      if (nb.activeCellIndex !== index) { nb.activeCellIndex = index; nb.deselectAll(); }
      box.scrollTop = top;
    };
    return function () {
      requestAnimationFrame(function () { requestAnimationFrame(restore); });
      [300, 1000].forEach(function (ms) { setTimeout(restore, ms); });
    };
  }

  async function main() {
    var app = await until(function () { return window.jupyterapp; }, 120000);
    await app.restored;
    var panel = await until(function () {
      var w = app.shell.currentWidget;
      return w && w.content && w.sessionContext && w.context ? w : null;
    }, 120000);
    await panel.context.ready;
    var first = panel.content.model.cells.get(0);
    var tags = (first && first.getMetadata('tags')) || [];
    if (tags.indexOf(TAG) < 0) { return; }
    var note = await notify(app, STARTING, 'in-progress').catch(function () { return null; });
    await panel.sessionContext.ready;
    var kernel = await until(function () {
      return panel.sessionContext.session && panel.sessionContext.session.kernel;
    }, 600000);
    await kernel.info;
    var busy = panel.content.widgets.some(function (c) {
      return c.model.type === 'code' && c.model.executionState === 'running';
    });
    if (busy) {  // the student ran cells while Python started: theirs run, nothing is run twice
      document.body.setAttribute('data-kz-autorun', 'skipped');
      if (note) { await notify(app, 'Python is ready.', 'success', note).catch(function () { return null; }); }
      return;
    }
    app.shell.activateById(panel.id);
    document.body.setAttribute('data-kz-autorun', 'running');
    var place = keepPlace(panel);
    var ran = app.commands.execute('notebook:run-all-cells');
    place();
    await ran;
    document.body.setAttribute('data-kz-autorun', 'done');
    if (note) { await notify(app, DONE, 'success', note).catch(function () { return null; }); }
  }

  main().catch(function (e) {
    document.body && document.body.setAttribute('data-kz-autorun', 'failed');
    console.warn('[kzlesson] the chapter did not run by itself (use Run > Run All Cells):', e);
  });
})();
