// CareerOps — progressive enhancement only: every page works without this file.
"use strict";
(function () {
  // Skill autocomplete: suggestions from the catalog as the member types, and the chosen
  // skill's URI in the form's hidden field.
  document.querySelectorAll("input[data-catalog]").forEach(function (input) {
    var list = document.getElementById(input.getAttribute("list"));
    var uri = input.form && input.form.querySelector("input[name=uri]");
    var known = {};
    var timer = null;
    input.addEventListener("input", function () {
      if (uri) uri.value = known[input.value] || "";
      clearTimeout(timer);
      var query = input.value.trim();
      if (query.length < 2) return;
      timer = setTimeout(function () {
        fetch("/api/v1/skills/catalog?limit=8&q=" + encodeURIComponent(query), { credentials: "same-origin" })
          .then(function (response) { return response.ok ? response.json() : { items: [] }; })
          .then(function (body) {
            list.textContent = "";
            (body.items || []).forEach(function (item) {
              known[item.preferred_label] = item.uri;
              var option = document.createElement("option");
              option.value = item.preferred_label;
              if (item.matched_label !== item.preferred_label) option.label = item.matched_label;
              list.appendChild(option);
            });
            if (uri) uri.value = known[input.value] || "";
          });
      }, 150);
    });
  });
  // Ask before what cannot be undone.
  document.querySelectorAll("form[data-confirm]").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      if (!window.confirm(form.getAttribute("data-confirm"))) event.preventDefault();
    });
  });
})();
