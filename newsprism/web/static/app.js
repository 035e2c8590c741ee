// Small enhancements; every page works without them.
"use strict";
document.addEventListener("DOMContentLoaded", () => {
  // Filters that are a single choice (a select box, a check box) apply at once.
  for (const control of document.querySelectorAll("select[data-autosubmit], input[data-autosubmit]")) {
    control.addEventListener("change", () => control.form.requestSubmit());
  }
  // In the coverage matrix, the claim under the pointer or focus is outlined.
  const matrix = document.getElementById("matrix");
  if (matrix) {
    matrix.addEventListener("mouseover", (event) => {
      const row = event.target.closest("tr");
      for (const other of matrix.querySelectorAll("tr.hover")) other.classList.remove("hover");
      if (row) row.classList.add("hover");
    });
  }
});
