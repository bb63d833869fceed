// Quick exit: blank the page, end the session, and leave for a neutral site without a way back.
(function () {
  "use strict";
  var lastEscape = 0;

  function quickExit(form) {
    var neutral = document.body.getAttribute("data-neutral-site") || "https://www.wikipedia.org/";
    document.documentElement.style.visibility = "hidden";
    document.title = "New tab";
    // drafts.js drops unsaved words and does not ask "Leave this page?" on the way out.
    document.dispatchEvent(new CustomEvent("waymark:quick-exit"));
    var data = new FormData(form);
    // keepalive lets the sign-out reach the server even though we leave at once.
    fetch(form.action, { method: "POST", body: data, credentials: "same-origin", keepalive: true })
      .catch(function () { /* leaving matters more than the answer */ })
      .finally(function () { window.location.replace(neutral); });
    try { history.replaceState(null, "", "/"); } catch (e) { /* ignore */ }
    setTimeout(function () { window.location.replace(neutral); }, 300);
  }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (form && form.hasAttribute("data-quick-exit")) {
      event.preventDefault();
      quickExit(form);
    }
  });

  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") { return; }
    var now = Date.now();
    var form = document.querySelector("form[data-quick-exit]");
    if (form && now - lastEscape < 800) { quickExit(form); }
    lastEscape = now;
  });
})();
