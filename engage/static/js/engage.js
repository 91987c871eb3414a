/* Progressive enhancement only: every page works without this file.
   - move focus to the error summary after a failed submit;
   - reveal a question when the earlier answer on the same page matches its condition;
   - prevent a double click from sending a form twice (the server also stores it once). */
(function () {
  "use strict";
  var summary = document.querySelector("[data-error-summary]");
  if (summary) { summary.focus(); }

  function valuesOf(name) {
    var out = [];
    document.querySelectorAll('[name="' + name + '"]').forEach(function (el) {
      if ((el.type === "radio" || el.type === "checkbox") ? el.checked : el.value) { out.push(el.value); }
    });
    return out;
  }
  function update(block) {
    var given = valuesOf(block.getAttribute("data-reveal-question"));
    var wanted = block.getAttribute("data-reveal-values").split(" ");
    var op = block.getAttribute("data-reveal-op");
    var hit = given.some(function (v) { return wanted.indexOf(v) !== -1; });
    var show = op === "answered" ? given.length > 0 : op === "not_equals" ? !hit : hit;
    block.classList.toggle("is-hidden", !show);
    var hint = block.querySelector(".hint--reveal");
    if (hint) { hint.classList.add("is-hidden"); }
  }
  var blocks = document.querySelectorAll("[data-reveal-question]");
  blocks.forEach(function (block) {
    update(block);
    document.querySelectorAll('[name="' + block.getAttribute("data-reveal-question") + '"]').forEach(function (el) {
      el.addEventListener("change", function () { update(block); });
    });
  });

  // "Other, please specify" opens when "Other" is ticked (it stays open if it already holds text).
  document.querySelectorAll("[data-other-for]").forEach(function (box) {
    var name = box.getAttribute("data-other-for");
    var input = box.querySelector("input");
    function sync() {
      var ticked = valuesOf(name).indexOf("other") !== -1;
      box.classList.toggle("is-hidden", !ticked && !input.value);
    }
    sync();
    document.querySelectorAll('[name="' + name + '"]').forEach(function (el) { el.addEventListener("change", sync); });
  });

  document.querySelectorAll("form").forEach(function (form) {
    form.addEventListener("submit", function () {
      if (form.getAttribute("data-sent")) { return; }
      window.setTimeout(function () { form.setAttribute("data-sent", "1"); }, 0);
    });
    form.addEventListener("submit", function (event) {
      if (form.getAttribute("data-sent")) { event.preventDefault(); }
    }, true);
  });
})();
window.addEventListener("pageshow", function () {
  document.querySelectorAll("form[data-sent]").forEach(function (form) { form.removeAttribute("data-sent"); });
});
/* A data table wider than the screen scrolls inside itself (see engage.css): while it overflows,
   give the scroller a keyboard stop so people without a mouse can scroll it too. */
(function () {
  "use strict";
  function markScrollers() {
    document.querySelectorAll(".table-wrap, .main .table").forEach(function (el) {
      var scrolls = el.scrollWidth > el.clientWidth + 1 && window.getComputedStyle(el).overflowX !== "visible";
      if (scrolls && !el.hasAttribute("tabindex")) {
        el.setAttribute("tabindex", "0");
        el.setAttribute("data-scroller", "");
      } else if (!scrolls && el.hasAttribute("data-scroller")) {
        el.removeAttribute("tabindex");
        el.removeAttribute("data-scroller");
      }
    });
  }
  markScrollers();
  var pending = false;
  window.addEventListener("resize", function () {
    if (pending) { return; }
    pending = true;
    window.requestAnimationFrame(function () { pending = false; markScrollers(); });
  });
})();
