// The client's story (narrative/). On a step: count characters as the client writes. Saving, quietly
// two seconds after typing stops and by Back and Next, is drafts.js's job, which keeps unsaved words
// on the open page (never in browser storage) until the server has them.
// On the printable page: a Print button. Without JavaScript the Back and Next buttons still save.
(function () {
  "use strict";

  function setUpPrint() {
    var button = document.querySelector("[data-story-print]");
    if (!button) { return; }
    button.hidden = false;
    button.addEventListener("click", function () { window.print(); });
  }

  function setUpCount() {
    var box = document.querySelector("[data-story-text]");
    var counter = document.getElementById("story-count");
    if (!box || !counter) { return; }
    var max = parseInt(box.getAttribute("data-max-chars"), 10) || 0;
    if (!max) { return; }
    function count() {
      var n = box.value.length;
      counter.textContent = n > max
        ? n.toLocaleString() + " characters: " + (n - max).toLocaleString() + " over the limit."
        : n.toLocaleString() + " of " + max.toLocaleString() + " used.";
      counter.classList.toggle("over", n > max);
    }
    box.addEventListener("input", count);
    count();
  }

  function start() {
    setUpPrint();
    setUpCount();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
