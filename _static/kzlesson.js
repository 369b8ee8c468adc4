/* kzlesson's own script for the built book (Jupyter Book adds every _static/*.js to every page;
 * keep it tiny). Printing opens the exercise solutions, and closes them again afterwards. */
(function () {
  "use strict";
  window.addEventListener("beforeprint", function () {
    document.querySelectorAll("details.kz-solution:not([open])").forEach(function (d) {
      d.open = true;
      d.setAttribute("data-kz-print-opened", "");
    });
  });
  window.addEventListener("afterprint", function () {
    document.querySelectorAll("details[data-kz-print-opened]").forEach(function (d) {
      d.open = false;
      d.removeAttribute("data-kz-print-opened");
    });
  });
})();
