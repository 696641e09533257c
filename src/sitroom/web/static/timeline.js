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
    const hidden = {};
    for (const mark of marks) {
      const on = shown.has(mark.dataset.status);
      if (!on) hidden[mark.dataset.status] = (hidden[mark.dataset.status] || 0) + 1;
      mark.classList.toggle("is-hidden", !on);
      if (on) {
        mark.removeAttribute("tabindex");
        visible += 1;
      } else {
        mark.setAttribute("tabindex", "-1");
      }
    }
    const names = Array.from(shown).filter((s) => marks.some((m) => m.dataset.status === s));
    const off = Object.entries(hidden).map(([s, n]) => s + " (" + n + ")");
    output.textContent = "Showing " + visible + " of " + marks.length + " drawn events, status " +
      (names.length ? names.join(" or ") : "none selected") + "." +
      (off.length ? " Hidden: " + off.join(", ") + "." : "");
    chart.dataset.visible = String(visible);
  }

  box.hidden = false;
  box.addEventListener("change", apply);
  apply();
})();
