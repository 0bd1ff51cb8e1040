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
document.addEventListener("htmx:sendError", (event) => showSaveError(event, "Kunne ikke gemme: ingen forbindelse. Dit svar står stadig i feltet – prøv igen."));
document.addEventListener("htmx:responseError", (event) => showSaveError(event, "Kunne ikke gemme på grund af en fejl hos os. Dit svar står stadig i feltet – prøv igen."));
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
