/* Behaviour the templates ask for with data attributes (no inline handlers: the Content-Security-Policy
   allows scripts from static files only).
     <select data-autosubmit>      submits its form when changed
     <button data-print>           prints the page */
(function () {
  "use strict";
  document.addEventListener("change", function (event) {
    var el = event.target;
    if (el.matches && el.matches("select[data-autosubmit]") && el.form) { el.form.submit(); }
  });
  document.addEventListener("click", function (event) {
    var el = event.target.closest ? event.target.closest("[data-print]") : null;
    if (el) { event.preventDefault(); window.print(); }
  });
})();
