// SOS timers: a countdown with gentle breathing prompts. Without this the page shows the steps as text.
(function () {
  "use strict";
  var BREATH = [["Breathe in… 2… 3… 4", 4], ["Breathe out… 2… 3… 4… 5… 6", 6]];

  function clock(seconds) {
    var m = Math.floor(seconds / 60), s = seconds % 60;
    return m + ":" + (s < 10 ? "0" : "") + s;
  }

  function start(box, button) {
    var left = parseInt(box.getAttribute("data-minutes"), 10) * 60;
    var face = box.querySelector(".sos-clock");
    var prompt = box.querySelector(".sos-breath");
    var phase = 0, inPhase = 0;
    button.disabled = true;
    button.textContent = "Timer running";
    if (prompt) { prompt.textContent = BREATH[0][0]; }
    var timer = window.setInterval(function () {
      left -= 1;
      face.textContent = clock(Math.max(left, 0));
      if (prompt) {
        inPhase += 1;
        if (inPhase >= BREATH[phase][1]) { phase = 1 - phase; inPhase = 0; prompt.textContent = BREATH[phase][0]; }
      }
      if (left <= 0) {
        window.clearInterval(timer);
        if (prompt) { prompt.textContent = "Ten minutes. Notice how strong the urge is now."; }
        button.disabled = false;
        button.textContent = "Start again";
      }
    }, 1000);
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll(".sos-timer").forEach(function (box) {
      var button = box.querySelector(".sos-start");
      box.hidden = false;
      button.addEventListener("click", function () { start(box, button); });
    });
  });
})();
