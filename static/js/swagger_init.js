/* Start Swagger UI from the page's data attributes (no inline script: CSP). */
(function () {
  "use strict";
  var box = document.getElementById("swagger-ui-container");
  var config = Object.assign({ url: box.dataset.specUrl, dom_id: "#swagger-ui-container" },
    JSON.parse(box.dataset.config || "{}"));
  window.addEventListener("load", function () {
    window.ui = window.SwaggerUIBundle(config);
  });
})();
