// driftless web UI: progressive enhancement only; every page works without this file.
"use strict";
document.addEventListener("DOMContentLoaded", () => {
  // The violation page: bring the first offending line into view.
  const first = document.querySelector("tr.line.highlight");
  if (first && !location.hash) {
    first.scrollIntoView({ block: "center" });
  }
  // Filters: apply a select's choice at once (the Filter button still works).
  document.querySelectorAll("form.filters select").forEach((select) => {
    select.addEventListener("change", () => select.form.submit());
  });
  // Denying an exception asks first.
  document.querySelectorAll("form[name=deny]").forEach((form) => {
    form.addEventListener("submit", (event) => {
      if (!window.confirm("Deny this exception?")) {
        event.preventDefault();
      }
    });
  });
});
