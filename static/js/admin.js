/* Admin enhancement only: a live character count for fields with data-max-chars. */
(function () {
  "use strict";
  document.querySelectorAll("[data-max-chars]").forEach(function (field) {
    var max = parseInt(field.getAttribute("data-max-chars"), 10);
    var counter = document.createElement("p");
    counter.className = "char-count";
    counter.id = field.id + "-count";
    field.insertAdjacentElement("afterend", counter);
    function update() {
      var n = field.value.trim().length;
      counter.textContent = n + " / " + max;
      counter.classList.toggle("over", n > max);
    }
    field.addEventListener("input", update);
    update();
  });
})();
