// Timeline: status checkboxes show or hide marks in the browser (the data is on the page) and
// say which statuses the visible count includes.
"use strict";

(function () {
  const box = document.getElementById("status-filter");
  const chart = document.getElementById("timeline");
  if (!box || !chart) return;
  const output = document.getElementById("status-count");
  const marks = Array.from(chart.querySelectorAll("a.mark[data-status]"));

  function apply() {
    const shown = new Set(
      Array.from(box.querySelectorAll("input[name='show-status']:checked")).map((i) => i.value),
    );
    let visible = 0;
    for (const mark of marks) {
      const on = shown.has(mark.dataset.status);
      mark.classList.toggle("is-hidden", !on);
      if (on) {
        mark.removeAttribute("tabindex");
        visible += 1;
      } else {
        mark.setAttribute("tabindex", "-1");
      }
    }
    const names = Array.from(shown);
    output.textContent = "Showing " + visible + " of " + marks.length + " drawn events: " +
      (names.length ? names.join(", ") : "no status selected") + ".";
    chart.dataset.visible = String(visible);
  }

  box.hidden = false;
  box.addEventListener("change", apply);
  apply();
})();
