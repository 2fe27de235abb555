// The meeting record form (templates/meetings/record.html). Served from static/, no inline script (CSP).
// * After a refused save the server renders the summary and opens the folded section of each error;
//   here the first error is scrolled to and focused, and each link of the summary does the same for
//   its field (opening its section if it was folded again).
// * The number of members who may vote follows the attendance as it is marked (the server counts
//   it again when the record is saved).
// * A time typed as 1930 or 19.30 is shown as 19:30 when the field is left.
(function () {
  "use strict";

  function reveal(target) {
    for (var node = target.parentElement; node; node = node.parentElement) {
      if (node.tagName === "DETAILS") node.open = true;
    }
    // Instant: Bootstrap asks for smooth scrolling, which would leave the field moving under the reader.
    target.scrollIntoView({ block: "center", behavior: "instant" });
    target.focus({ preventScroll: true });
  }

  function linkTarget(link) {
    var href = link.getAttribute("href") || "";
    return href.charAt(0) === "#" && href.length > 1 ? document.getElementById(href.slice(1)) : null;
  }

  function firstInPage(elements) {
    return elements.reduce(function (first, element) {
      if (!first) return element;
      return first.compareDocumentPosition(element) & Node.DOCUMENT_POSITION_PRECEDING ? element : first;
    }, null);
  }

  function showErrors(summary) {
    summary.addEventListener("click", function (event) {
      var link = event.target.closest("a");
      var target = link && linkTarget(link);
      if (!target) return;
      event.preventDefault();
      reveal(target);
    });
    var items = summary.querySelectorAll("li");
    var links = Array.prototype.slice.call(summary.querySelectorAll("li > a"));
    var targets = links.map(linkTarget).filter(Boolean);
    // An error of the whole record (no field to point at) is the first thing to read.
    if (targets.length && targets.length === items.length) {
      reveal(firstInPage(targets));
    } else {
      summary.scrollIntoView({ block: "start", behavior: "instant" });
      summary.focus({ preventScroll: true });
    }
  }

  function followVotes(form) {
    var base = form.querySelector(".vote-base");
    if (!base) return;
    var votesFor = form.querySelector("[name=votes_for]");
    var others = ["votes_against", "votes_abstain"].map(function (name) { return form.querySelector("[name=" + name + "]"); });
    form.addEventListener("change", function (event) {
      if (!event.target.closest(".att-row")) return;
      var before = base.textContent.trim();
      var now = form.querySelectorAll(".att-row[data-may-vote] input[type=radio][value=present]:checked").length;
      base.textContent = now;
      // A unanimous vote (everyone who could vote in favour) stays unanimous as the roll changes;
      // any other count is the secretary's to correct, and the server refuses one that no longer fits.
      var unanimous = votesFor && votesFor.value.trim() === before &&
        others.every(function (input) { return !input || !input.value.trim() || input.value.trim() === "0"; });
      if (unanimous) votesFor.value = now;
    });
  }

  function tidyTimes(form) {
    form.querySelectorAll("input.time-24").forEach(function (input) {
      input.addEventListener("blur", function () {
        var m = /^\s*(\d{1,2})(?:\s*[:.,hg]\s*(\d{2})?|(\d{2}))?\s*$/i.exec(input.value);
        if (!m) return;
        var hours = parseInt(m[1], 10);
        var minutes = parseInt(m[2] || m[3] || "0", 10);
        if (hours > 23 || minutes > 59) return;
        input.value = (hours < 10 ? "0" : "") + hours + ":" + (minutes < 10 ? "0" : "") + minutes;
      });
    });
  }

  function init() {
    var form = document.querySelector(".record-form");
    if (!form) return;
    var summary = form.querySelector(".error-summary");
    if (summary) showErrors(summary);
    followVotes(form);
    tidyTimes(form);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
