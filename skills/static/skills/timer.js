// The practice timer: start, pause and finish; finishing fills in the minutes field.
// Progressive enhancement: without this script the timer stays hidden and the form works alone.
(function () {
  "use strict";
  function pad(n) { return (n < 10 ? "0" : "") + n; }
  function init() {
    var box = document.querySelector("[data-timer]");
    var minutes = document.querySelector("[data-timer-minutes]");
    if (!box || !minutes) { return; }
    var face = box.querySelector("[data-timer-face]");
    var start = box.querySelector("[data-timer-start]");
    var pause = box.querySelector("[data-timer-pause]");
    var finish = box.querySelector("[data-timer-finish]");
    var status = box.querySelector("[data-timer-status]");
    var elapsed = 0, startedAt = null, tick = null;
    function seconds() { return elapsed + (startedAt ? (Date.now() - startedAt) / 1000 : 0); }
    function show() {
      var s = Math.floor(seconds());
      face.textContent = pad(Math.floor(s / 60)) + ":" + pad(s % 60);
    }
    function stop() {
      if (startedAt) { elapsed = seconds(); startedAt = null; }
      if (tick) { clearInterval(tick); tick = null; }
      show();
    }
    start.addEventListener("click", function () {
      if (startedAt) { return; }
      startedAt = Date.now();
      tick = setInterval(show, 1000);
      start.textContent = "Resume";
      start.disabled = true; pause.disabled = false; finish.disabled = false;
      status.textContent = "Timer running. Breathe easy.";
    });
    pause.addEventListener("click", function () {
      stop();
      start.disabled = false; pause.disabled = true;
      status.textContent = "Paused.";
    });
    finish.addEventListener("click", function () {
      stop();
      var mins = Math.min(180, Math.max(1, Math.round(seconds() / 60)));
      minutes.value = String(mins);
      start.disabled = true; pause.disabled = true; finish.disabled = true;
      status.textContent = "Well done. " + mins + " minute" + (mins === 1 ? "" : "s") + " filled in below; save when you are ready.";
      minutes.focus();
    });
    box.hidden = false;
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", init); } else { init(); }
})();
