/* Class dashboard: refresh the live part every few seconds. Optional: without JavaScript the
   "Uppdatera" link and a plain reload do the same. */
(function () {
  "use strict";
  var live = document.getElementById("live");
  if (!live || !window.fetch) { return; }
  var url = live.getAttribute("data-live-url");
  var status = document.querySelector("[data-live-status]");
  var seconds = 4;
  var last = null;
  var lastSummary = summary(live);

  function summary(root) {
    var el = root.querySelector("[data-live-summary]");
    return el ? el.getAttribute("data-live-summary") : "";
  }

  // Never pull the page from under someone reading a table or using the keyboard in it.
  function busy() {
    return live.contains(document.activeElement) || live.querySelector("details[open]") !== null;
  }

  function schedule() { window.setTimeout(tick, seconds * 1000); }

  function tick() {
    if (document.hidden || busy()) { schedule(); return; }
    fetch(url, { credentials: "same-origin", cache: "no-store" })
      .then(function (response) {
        if (response.status === 404) { throw new Error("gone"); }
        return response.ok ? response.text() : null;
      })
      .then(function (html) {
        if (html !== null && html !== last) {
          live.innerHTML = html;
          last = html;
          var now = summary(live);
          if (status && now !== lastSummary) { status.textContent = now; lastSummary = now; }
        }
        schedule();
      })
      .catch(function (error) { if (error.message !== "gone") { schedule(); } });
  }

  schedule();
})();

/* Control page: warn when it is shown full screen (as on a projector): its address is the
   control link. Projector view: count a paced statement's timer down. */
(function () {
  "use strict";
  var warning = document.querySelector("[data-fullscreen-warning]");
  if (warning) {
    var check = function () {
      // The Fullscreen API (a page asking for it) or the browser's own full-screen mode (F11).
      var full = Boolean(document.fullscreenElement) ||
        (window.matchMedia && window.matchMedia("(display-mode: fullscreen)").matches);
      warning.hidden = !full;
    };
    document.addEventListener("fullscreenchange", check);
    window.addEventListener("resize", check);
    check();
  }

  function tickTimers() {
    var timers = document.querySelectorAll("[data-timer-ends]");
    for (var i = 0; i < timers.length; i++) {
      var left = Math.round((Date.parse(timers[i].getAttribute("data-timer-ends")) - Date.now()) / 1000);
      if (isNaN(left)) { continue; }
      timers[i].textContent = left > 0
        ? (timers[i].getAttribute("data-left") || "") + " " + Math.floor(left / 60) + ":" + ("0" + (left % 60)).slice(-2)
        : (timers[i].getAttribute("data-done") || "");
    }
  }
  if (document.querySelector("#live")) { window.setInterval(tickTimers, 1000); }
})();
