// The error summary takes focus (USWDS and GOV.UK pattern): after a form comes back with errors,
// the summary at its top (templates/includes/error_summary.html, tabindex="-1") is scrolled into
// view and focused, so that a screen reader reads it and a sighted user on a long page or a phone
// sees it, instead of a page that seems to have done nothing. Each entry links to its field.
// Static, because the CSP forbids inline scripts.
(function () {
  function focusSummary(root) {
    const summary = (root || document).querySelector("#error-summary");
    if (!summary) return;
    summary.scrollIntoView({ block: "start" });
    summary.focus({ preventScroll: true });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () { focusSummary(document); });
  } else {
    focusSummary(document);
  }
  // A form swapped in by htmx with its errors (a partial page update) gets the same treatment.
  document.addEventListener("htmx:afterSwap", function (event) { focusSummary(event.detail.target); });
  // A link of the summary moves focus to its field, not only the scroll position.
  document.addEventListener("click", function (event) {
    const link = event.target.closest("#error-summary a[href^='#']");
    if (!link) return;
    const field = document.getElementById(link.getAttribute("href").slice(1));
    if (!field) return;
    event.preventDefault();
    field.scrollIntoView({ block: "center" });
    field.focus();
  });
})();
