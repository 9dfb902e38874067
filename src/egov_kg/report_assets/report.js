// egov-kg report: hovering a fact outlines the text it was read from.
(function () {
  "use strict";
  function pieces(fact) {
    var doc = fact.closest(".document");
    var start = Number(fact.dataset.s), end = Number(fact.dataset.e);
    return Array.prototype.filter.call(doc.querySelectorAll(".text [data-s]"), function (el) {
      return Number(el.dataset.s) < end && Number(el.dataset.e) > start;
    });
  }
  document.querySelectorAll(".fact[data-s]").forEach(function (fact) {
    fact.addEventListener("mouseenter", function () {
      var found = pieces(fact);
      found.forEach(function (el) { el.classList.add("hl"); });
      if (found.length) { found[0].scrollIntoView({ block: "nearest", behavior: "smooth" }); }
    });
    fact.addEventListener("mouseleave", function () {
      pieces(fact).forEach(function (el) { el.classList.remove("hl"); });
    });
  });
})();
