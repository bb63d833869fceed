// The course (learning/): a live character count under each reflection and journal entry. Sending the
// words, and keeping them on the open page while there is no connection, is drafts.js's job.
(function () {
  "use strict";

  function counter(out) {
    var form = out.closest("form");
    var textarea = form && form.querySelector("textarea");
    var limit = textarea && parseInt(textarea.getAttribute("data-limit"), 10);
    if (!limit) { return; }
    var plain = out.textContent;
    function update() {
      var used = textarea.value.trim().length;
      out.classList.toggle("over-limit", used > limit);
      if (used === 0) { out.textContent = plain; return; }
      out.textContent = used.toLocaleString() + " of " + limit.toLocaleString() + " characters" +
        (used > limit ? ": please shorten it a little before saving." : ".");
    }
    textarea.addEventListener("input", update);
    update();
  }

  function start() {
    Array.prototype.forEach.call(document.querySelectorAll("[data-counter]"), counter);
  }

  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", start); } else { start(); }
})();
