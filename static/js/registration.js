/* Registration form: check the ID number as it is typed and show what it says. */
(function () {
  "use strict";

  var input = document.querySelector("[data-check-url]");
  var out = document.getElementById("id-feedback");
  if (!input || !out) { return; }
  var timer = null;
  var last = null;

  function show(text, ok) {
    out.textContent = text;
    out.classList.toggle("text-success", ok === true);
    out.classList.toggle("text-danger", ok === false);
    input.classList.toggle("is-valid", ok === true);
    input.classList.toggle("is-invalid", ok === false);
  }

  function check() {
    var value = input.value.replace(/\s+/g, "");
    if (value === last) { return; }
    last = value;
    if (!value) { show("", null); return; }
    var url = input.getAttribute("data-check-url") + "?id_number=" + encodeURIComponent(value);
    fetch(url, { credentials: "same-origin", headers: { "Accept": "application/json" } })
      .then(function (response) { return response.json(); })
      .then(function (data) {
        if (value !== last) { return; }  // a newer check is under way
        if (data.valid) {
          var gender = data.gender === "MALE" ? out.dataset.male : out.dataset.female;
          show(out.dataset.valid + " · " + out.dataset.born + " " + data.birth_date + " · " + gender, true);
        } else {
          show(data.message, false);
        }
      })
      .catch(function () { last = null; });
  }

  input.addEventListener("input", function () {
    clearTimeout(timer);
    // Check a complete number at once, a partial one after a pause in typing.
    timer = setTimeout(check, input.value.replace(/\s+/g, "").length >= 18 ? 0 : 600);
  });
  input.addEventListener("blur", check);
  if (input.value) { check(); }
})();
