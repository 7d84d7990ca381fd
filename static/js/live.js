// Pages that update themselves (lead/live.py): elements marked data-lead-poll ask the server every
// few seconds whether what they show changed. This script, static because the CSP forbids inline
// scripts and htmx's trigger filters (they need eval):
// - skips the polls while the tab is hidden (a phone in a pocket, a tab behind others) and asks
//   once as soon as it is visible again;
// - reloads the page when a poll was redirected (signed out in another tab, the session ended):
//   htmx follows redirects, and would show the sign-in page inside the status region;
// - reloads it too when a poll is refused (403, 404: the record went out of the user's scope),
//   so that the page says so rather than asking, and being refused, every few seconds. Other
//   errors (503 while the database restarts) leave the poll to try again.
(function () {
  document.addEventListener("htmx:beforeRequest", function (event) {
    if (document.hidden && event.detail.elt.hasAttribute("data-lead-poll")) event.preventDefault();
  });
  document.addEventListener("visibilitychange", function () {
    if (!document.hidden) htmx.trigger(document, "lead:visible");
  });
  document.addEventListener("htmx:beforeSwap", function (event) {
    const xhr = event.detail.xhr;
    if (!event.detail.elt.hasAttribute("data-lead-poll") || !xhr.responseURL) return;
    const asked = new URL(event.detail.pathInfo.finalRequestPath, window.location.href);
    if (new URL(xhr.responseURL).pathname !== asked.pathname) {
      event.detail.shouldSwap = false;
      window.location.reload();
    }
  });
  document.addEventListener("htmx:responseError", function (event) {
    const status = event.detail.xhr.status;
    if (event.detail.elt.hasAttribute("data-lead-poll") && (status === 403 || status === 404)) {
      window.location.reload();
    }
  });
})();
