/* Refresh the unread count of the top bar's bell every minute while the page is in view. */
(function () {
  "use strict";
  var bell = document.querySelector(".bell[data-count-url]");
  if (!bell || !window.fetch) { return; }
  var badge = bell.querySelector(".bell-count");
  function show(n) {
    badge.textContent = n > 99 ? "99+" : String(n);
    badge.hidden = n === 0;
    bell.setAttribute("aria-label", "我的通知，" + n + "条未读");
  }
  function refresh() {
    if (document.visibilityState !== "visible") { return; }
    fetch(bell.dataset.countUrl, { credentials: "same-origin", headers: { "Accept": "application/json" } })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (data) { if (data && typeof data.unread === "number") { show(data.unread); } })
      .catch(function () {});
  }
  setInterval(refresh, 60000);
  document.addEventListener("visibilitychange", refresh);
})();
