/* Registration list: a "select all" checkbox for the bulk decision. */
(function () {
  "use strict";
  var all = document.getElementById("check-all");
  if (!all) { return; }
  all.addEventListener("change", function () {
    document.querySelectorAll(".jx-pick").forEach(function (box) { box.checked = all.checked; });
  });
})();
