/**
 * The report's only script: the filter boxes. Each `[data-report]` part of the page (one per instance
 * in a fleet report) filters on its own: collections (lines), principals (column groups) and findings
 * by the text typed; Escape clears a box, `/` jumps to the first one. Without it the report still reads.
 */
export const REPORT_SCRIPT = `
(function () {
  "use strict";
  function text(input) { return input ? input.value.trim().toLowerCase() : ""; }
  function setUp(report) {
    var style = document.createElement("style");
    document.head.appendChild(style);
    var boxes = {
      collection: report.querySelector("[data-filter=collection]"),
      principal: report.querySelector("[data-filter=principal]"),
      finding: report.querySelector("[data-filter=finding]"),
      reached: report.querySelector("[data-filter=reached]")
    };
    var lines = Array.prototype.slice.call(report.querySelectorAll("table.matrix tbody tr"));
    var heads = Array.prototype.slice.call(report.querySelectorAll("table.matrix th.who"));
    var findings = Array.prototype.slice.call(report.querySelectorAll("[data-finding]"));
    var status = report.querySelector("[data-filter-status]");
    function apply() {
      var collection = text(boxes.collection), principal = text(boxes.principal), finding = text(boxes.finding);
      var reachedOnly = boxes.reached ? boxes.reached.checked : false;
      var shownLines = 0, hidden = [], shownFindings = 0;
      lines.forEach(function (line) {
        var show = (!collection || line.dataset.name.indexOf(collection) >= 0) && (!reachedOnly || line.dataset.reached === "1");
        line.hidden = !show;
        if (show) shownLines++;
      });
      heads.forEach(function (head, index) {
        if (principal && head.dataset.name.indexOf(principal) < 0) hidden.push("#" + report.id + " .p" + index);
      });
      style.textContent = hidden.length ? hidden.join(",") + "{display:none}" : "";
      findings.forEach(function (item) {
        var show = !finding || item.dataset.finding.indexOf(finding) >= 0;
        item.hidden = !show;
        if (show) shownFindings++;
      });
      if (status) {
        status.textContent = "Showing " + shownLines + " of " + lines.length + " collections, " +
          (heads.length - hidden.length) + " of " + heads.length + " principals, " +
          shownFindings + " of " + findings.length + " findings.";
      }
    }
    Object.keys(boxes).forEach(function (key) {
      var box = boxes[key];
      if (!box) return;
      box.addEventListener(box.type === "checkbox" ? "change" : "input", apply);
      box.addEventListener("keydown", function (event) {
        if (event.key === "Escape" && box.type !== "checkbox") { box.value = ""; apply(); }
      });
    });
    apply();
  }
  Array.prototype.forEach.call(document.querySelectorAll("[data-report]"), setUp);
  document.addEventListener("keydown", function (event) {
    var target = event.target;
    if (event.key !== "/" || (target && (target.tagName === "INPUT" || target.tagName === "TEXTAREA"))) return;
    var first = document.querySelector("[data-filter=collection]");
    if (first) { event.preventDefault(); first.focus(); }
  });
})();
`;
