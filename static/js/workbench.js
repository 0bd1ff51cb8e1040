// Small progressive enhancements; every page works without this file.
// A form button marked data-disable-on-submit is disabled once the form is
// sent, so a double click cannot send it twice.
document.addEventListener("submit", (event) => {
  const form = event.target;
  if (event.defaultPrevented) return;
  form.querySelectorAll("[data-disable-on-submit]").forEach((button) => {
    setTimeout(() => { button.disabled = true; }, 0);
  });
});
// A save that fails without an answer (network down, server error) says so.
// The messages come translated from the page (data attributes on <body>).
document.addEventListener("htmx:sendError", (event) => showSaveError(event, document.body.dataset.saveOffline));
document.addEventListener("htmx:responseError", (event) => showSaveError(event, document.body.dataset.saveFailed));
function showSaveError(event, message) {
  const target = event.detail.target;
  if (target && target.classList.contains("save-state-box")) {
    target.innerHTML = "";
    const p = document.createElement("p");
    p.className = "save-state save-state--error";
    p.setAttribute("role", "alert");
    p.textContent = message;
    target.appendChild(p);
  }
}
// When the session has ended, the server answers an htmx request with 401
// and HX-Redirect to the login page. An autosave stays on the page instead
// and shows the server's message in its save-state box, so what was typed
// is still in the field and can be copied before logging in again.
document.addEventListener("htmx:beforeOnLoad", (event) => {
  const { xhr, target } = event.detail;
  if (xhr.status === 401 && target && target.classList.contains("save-state-box")) {
    event.preventDefault();
    target.innerHTML = xhr.responseText;
  }
});
// After htmx replaces a block (e.g. moving a question in the template
// editor), keep keyboard focus on the same control, or at least in the same
// row, instead of dropping it to the top of the page.
let focusBeforeSwap = null;
document.addEventListener("htmx:beforeRequest", () => {
  const active = document.activeElement;
  if (!active || active === document.body) { focusBeforeSwap = null; return; }
  const row = active.closest("[id]");
  focusBeforeSwap = { label: active.getAttribute("aria-label"), row: row && row.id };
});
document.addEventListener("htmx:afterSettle", () => {
  if (!focusBeforeSwap || document.activeElement !== document.body) return;
  const { label, row } = focusBeforeSwap;
  const byLabel = label && document.querySelector(`[aria-label="${CSS.escape(label)}"]`);
  const rowElement = row && document.getElementById(row);
  const target = byLabel || (rowElement && rowElement.querySelector("button, a, input, textarea, select"));
  if (target) target.focus();
  focusBeforeSwap = null;
});
