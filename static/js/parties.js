// Party choice helpers: filter the list by name, choose all or none, keep the count current.
// Without JavaScript the checkboxes and the "choose all / none" links work on their own.
(function () {
  "use strict";

  function setup() {
    const form = document.querySelector("form.party-form");
    if (!form) return;
    const boxes = Array.from(form.querySelectorAll("input[type=checkbox][name=valda]"));
    const count = form.querySelector(".choice-count");

    function recount() {
      if (!count) return;
      const chosen = boxes.filter(function (box) { return box.checked; }).length;
      count.textContent = count.dataset.template.replace("{n}", String(chosen));
    }

    document.querySelectorAll("[data-choose]").forEach(function (link) {
      link.addEventListener("click", function (event) {
        event.preventDefault();
        const on = link.dataset.choose === "all";
        boxes.forEach(function (box) {
          if (!box.closest("label").hidden) box.checked = on;
        });
        recount();
      });
    });

    const search = form.querySelector(".party-search");
    const filter = document.getElementById("party-filter");
    if (search && filter && boxes.length > 8) {
      search.hidden = false;
      filter.addEventListener("input", function () {
        const wanted = filter.value.trim().toLowerCase();
        boxes.forEach(function (box) {
          const label = box.closest("label");
          label.hidden = wanted !== "" && !label.textContent.toLowerCase().includes(wanted);
        });
      });
    }
    form.addEventListener("change", recount);

    // Send the choice as the compact code the server would redirect to anyway: one hex
    // digit per four parties in set order, lowest bit first.
    form.addEventListener("submit", function (event) {
      const digits = [];
      for (let i = 0; i < boxes.length; i += 4) {
        let digit = 0;
        boxes.slice(i, i + 4).forEach(function (box, bit) { if (box.checked) digit |= 1 << bit; });
        digits.push(digit.toString(16));
      }
      const params = new URLSearchParams();
      form.querySelectorAll("input[type=hidden]").forEach(function (input) {
        if (input.name !== "valda") params.set(input.name, input.value);
      });
      params.set("p", digits.join(""));
      event.preventDefault();
      location.href = form.action + "?" + params.toString();
    });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", setup);
  else setup();
})();
