/* Marking scheme editor: components and one row per aspect (the .xlsx layout), saved as the
   nested structure through PUT /api/v1/projects/<id>/scheme; the server lists every problem. */
(function () {
  "use strict";

  var root = document.getElementById("jx-scheme");
  if (!root) { return; }
  var boot = JSON.parse(document.getElementById("jx-scheme-boot").textContent);
  var L = JSON.parse(document.getElementById("jx-scheme-labels").textContent);
  var $ = function (id) { return document.getElementById(id); };
  var locked = boot.locked;
  var KINDS = ["THEORY", "PRACTICAL", "DEFENCE", "OTHER"];
  var TYPES = ["M", "J", "PANEL"];
  var AGGS = ["mean", "trimmed_mean", "median"];

  function fmt(text, values) {
    return String(text).replace(/\{(\w+)\}/g, function (_m, k) { return values[k]; });
  }
  function input(value, name, attrs) {
    var el = document.createElement("input");
    el.className = "form-control form-control-sm";
    el.name = name;
    el.value = value === undefined || value === null ? "" : value;
    el.disabled = locked;
    Object.keys(attrs || {}).forEach(function (k) { el.setAttribute(k, attrs[k]); });
    return el;
  }
  function select(value, name, options, labels) {
    var el = document.createElement("select");
    el.className = "form-select form-select-sm";
    el.name = name;
    el.disabled = locked;
    options.forEach(function (o) {
      var opt = document.createElement("option");
      opt.value = o; opt.textContent = (labels && labels[o]) || o; opt.selected = o === value;
      el.appendChild(opt);
    });
    return el;
  }
  function cell(tr, children) {
    var td = document.createElement("td");
    children.forEach(function (c) { td.appendChild(c); });
    tr.appendChild(td);
    return td;
  }
  function removeButton(tr) {
    var b = document.createElement("button");
    b.type = "button"; b.className = "btn btn-sm btn-outline-danger text-nowrap";
    b.textContent = L.remove;
    b.disabled = locked;
    b.addEventListener("click", function () { tr.remove(); sums(); });
    return b;
  }

  function addComponent(c) {
    var tr = document.createElement("tr");
    cell(tr, [input(c.code, "code", { maxlength: 16, "aria-label": L.code })]);
    cell(tr, [select(c.kind || "PRACTICAL", "kind", KINDS, L.kinds)]);
    cell(tr, [input(c.name, "name", { maxlength: 100, "aria-label": L.name })]);
    cell(tr, [input(c.weight, "weight", { inputmode: "decimal", size: 5 })]);
    cell(tr, [removeButton(tr)]);
    $("jx-components").querySelector("tbody").appendChild(tr);
    nameControls($("jx-components"), tr);
  }

  /* Every control in a row is named by its column heading (+ its placeholder when a cell
     holds two), so a screen reader says what it edits (WCAG 4.1.2). */
  function nameControls(table, tr) {
    var heads = table.querySelectorAll("thead th");
    Array.prototype.forEach.call(tr.children, function (td, i) {
      var head = heads[i] ? heads[i].textContent.trim() : "";
      td.querySelectorAll("input, select").forEach(function (control) {
        if (control.getAttribute("aria-label") || !head) { return; }
        var hint = control.getAttribute("placeholder");
        control.setAttribute("aria-label", hint ? head + " · " + hint : head);
      });
    });
  }

  function addAspect(row) {
    var tr = document.createElement("tr");
    cell(tr, [input(row.component, "component", { size: 3 })]);
    cell(tr, [input(row.criterion_code, "criterion_code", { size: 3, placeholder: L.code }),
              input(row.criterion_name, "criterion_name", { placeholder: L.name })]);
    cell(tr, [input(row.sub_code, "sub_code", { size: 4, placeholder: L.code }),
              input(row.sub_name, "sub_name", { placeholder: L.name })]);
    cell(tr, [input(row.code, "code", { size: 6 })]);
    var type = select(row.kind || "M", "kind", TYPES, L.types);
    cell(tr, [type]);
    cell(tr, [input(row.max_mark, "max_mark", { inputmode: "decimal", size: 4 })]);
    cell(tr, [select(row.aggregation || "mean", "aggregation", AGGS, L.aggs)]);
    cell(tr, [input(row.description, "description")]);
    var extra = cell(tr, []);
    var allowed = input((row.allowed || []).join(";"), "allowed", { placeholder: L.allowed });
    extra.appendChild(allowed);
    var texts = [];
    for (var n = 0; n < 4; n += 1) {
      texts.push(input((row.descriptors || [])[n], "j" + n, { placeholder: fmt(L.descriptor, { n: n }) }));
      extra.appendChild(texts[n]);
    }
    function showExtra() {
      allowed.classList.toggle("d-none", type.value !== "M");
      texts.forEach(function (t) { t.classList.toggle("d-none", type.value !== "J"); });
    }
    type.addEventListener("change", showExtra);
    showExtra();
    cell(tr, [removeButton(tr)]);
    $("jx-aspects").querySelector("tbody").appendChild(tr);
    nameControls($("jx-aspects"), tr);
  }

  function val(tr, name) {
    var el = tr.querySelector('[name="' + name + '"]');
    return el ? el.value.trim() : "";
  }

  /* Build the nested structure from the rows, in their order. */
  function collect() {
    var components = [];
    var byCode = {};
    $("jx-components").querySelectorAll("tbody tr").forEach(function (tr) {
      var c = { code: val(tr, "code"), kind: val(tr, "kind"), name: val(tr, "name"),
                weight: val(tr, "weight"), criteria: [] };
      components.push(c);
      byCode[c.code] = c;
    });
    function child(list, code, name, key) {
      var found = list.filter(function (i) { return i.code === code; })[0];
      if (!found) { found = { code: code, name: name }; found[key] = []; list.push(found); }
      return found;
    }
    $("jx-aspects").querySelectorAll("tbody tr").forEach(function (tr) {
      var comp = byCode[val(tr, "component")];
      if (!comp) {
        comp = { code: val(tr, "component"), kind: "PRACTICAL", name: val(tr, "component"),
                 weight: "", criteria: [] };
        components.push(comp);
        byCode[comp.code] = comp;
      }
      var cr = child(comp.criteria, val(tr, "criterion_code"), val(tr, "criterion_name"), "sub_criteria");
      var sub = child(cr.sub_criteria, val(tr, "sub_code"), val(tr, "sub_name"), "aspects");
      var a = { code: val(tr, "code"), kind: val(tr, "kind"), max_mark: val(tr, "max_mark"),
                aggregation: val(tr, "aggregation"), description: val(tr, "description") };
      if (a.kind === "M") {
        a.allowed = val(tr, "allowed").split(/[;；]/).map(function (s) { return s.trim(); })
          .filter(Boolean);
      }
      if (a.kind === "J") { a.descriptors = [0, 1, 2, 3].map(function (n) { return val(tr, "j" + n); }); }
      sub.aspects.push(a);
    });
    return { components: components };
  }

  function sums() {
    var data = collect();
    var parts = [];
    var weights = 0;
    data.components.forEach(function (c) {
      weights += Number(c.weight) || 0;
      if (!c.criteria.length) { return; }
      var total = 0;
      c.criteria.forEach(function (cr) { cr.sub_criteria.forEach(function (s) {
        s.aspects.forEach(function (a) { total += Number(a.max_mark) || 0; });
      }); });
      parts.push(fmt(L.sum, { code: c.code, sum: Math.round(total * 100) / 100 }));
    });
    parts.push(fmt(L.weights, { sum: Math.round(weights * 1000) / 1000 }));
    $("jx-sums").textContent = parts.join(" · ");
  }

  function show(kind, title, problems) {
    var box = $("jx-scheme-result");
    box.className = "alert alert-" + kind;
    box.textContent = title;
    if (problems && problems.length) {
      var ul = document.createElement("ul");
      ul.className = "mb-0";
      problems.forEach(function (p) {
        var li = document.createElement("li");
        li.textContent = p.message;
        ul.appendChild(li);
      });
      box.appendChild(ul);
    }
    box.scrollIntoView({ block: "nearest" });
  }

  function save() {
    window.jx.fetch(boot.url, {
      method: "PUT",
      headers: { "Content-Type": "application/json", "Accept": "application/json" },
      body: JSON.stringify(collect())
    }).then(function (response) {
      return response.json().catch(function () { return {}; }).then(function (body) {
        if (response.ok) { show("success", L.saved); return; }
        var error = body.error || {};
        show("danger", error.message || L.network, error.problems);
      });
    }).catch(function () { show("danger", L.network); });
  }

  boot.scheme.components.forEach(function (c) {
    addComponent(c);
    (c.criteria || []).forEach(function (cr) {
      cr.sub_criteria.forEach(function (sub) {
        sub.aspects.forEach(function (a) {
          addAspect(Object.assign({ component: c.code, criterion_code: cr.code,
                                    criterion_name: cr.name, sub_code: sub.code,
                                    sub_name: sub.name }, a));
        });
      });
    });
  });
  $("jx-add-component").addEventListener("click", function () { addComponent({}); });
  $("jx-add-aspect").addEventListener("click", function () {
    var rows = $("jx-aspects").querySelectorAll("tbody tr");
    var last = rows.length ? rows[rows.length - 1] : null;
    addAspect(last ? { component: val(last, "component"), criterion_code: val(last, "criterion_code"),
                       criterion_name: val(last, "criterion_name"), sub_code: val(last, "sub_code"),
                       sub_name: val(last, "sub_name") } : {});
  });
  root.addEventListener("input", sums);
  $("jx-save-scheme").addEventListener("click", save);
  sums();
})();
