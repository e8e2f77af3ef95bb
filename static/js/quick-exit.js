// "Keluar cepat": leave for a neutral site at once, by click or Esc pressed twice.
// location.replace() puts the neutral site in place of this page in the tab's
// history, so Back does not return here. The page is blanked first, so nothing stays
// on screen while a slow connection loads the other site. Without JavaScript the
// link still works, as an ordinary link.
(function () {
  "use strict";
  function leave(url) {
    document.title = "";
    document.body.innerHTML = "";
    window.location.replace(url);
  }
  function exitLink() {
    return document.querySelector("[data-quick-exit]");
  }
  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("[data-quick-exit]");
    if (!link) return;
    event.preventDefault();
    leave(link.href);
  });
  // Esc twice within 1.5 s: a single Esc also closes a drop-down list, and must not
  // throw away a half-written report.
  var lastEscape = 0;
  document.addEventListener("keydown", function (event) {
    var link = exitLink();
    if (event.key !== "Escape" || !link) return;
    var now = Date.now();
    if (now - lastEscape < 1500) leave(link.href);
    lastEscape = now;
  });
})();
