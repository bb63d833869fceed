// Shows the value of each range input in its <output>; the form works the same without this.
(function () {
  "use strict";
  function show(input) {
    var output = document.querySelector('output[for="' + input.id + '"]');
    if (output) { output.value = input.value; }
  }
  function showAll() {
    document.querySelectorAll('input[type="range"]').forEach(show);
  }
  document.addEventListener("input", function (event) {
    var target = event.target;
    if (target && target.matches && target.matches('input[type="range"]')) { show(target); }
  });
  document.addEventListener("DOMContentLoaded", showAll);
  window.addEventListener("pageshow", showAll);  // back and forward restore the slider, not its output
  document.addEventListener("htmx:afterSwap", showAll);
})();
