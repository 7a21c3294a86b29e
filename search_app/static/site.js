// Progressive enhancement only: every control also works without JavaScript.
(function () {
  "use strict";
  // Sorting applies as soon as a new order is chosen; the button stays for keyboard and no-JS users.
  document.querySelectorAll(".sort-form select").forEach(function (select) {
    select.addEventListener("change", function () { select.form.submit(); });
  });
})();
