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
  // What only works with a script is shown only with one.
  document.querySelectorAll("[data-needs-script]").forEach(function (element) { element.hidden = false; });
  var csrf = (document.querySelector("meta[name=csrf-token]") || {}).content || "";
  // A chosen JSON file fills the text area the form sends.
  document.querySelectorAll("input[type=file][data-fills]").forEach(function (input) {
    input.addEventListener("change", function () {
      var file = input.files[0];
      if (!file) return;
      file.text().then(function (text) { document.getElementById(input.getAttribute("data-fills")).value = text; });
    });
  });
  // A LinkedIn ZIP goes to the import API as it is; the profile shows what it added.
  var upload = document.getElementById("linkedin-upload");
  if (upload) {
    upload.addEventListener("click", function () {
      var file = document.getElementById("linkedin-file").files[0];
      var result = document.getElementById("linkedin-result");
      if (!file) { result.textContent = "Choose the ZIP file first."; return; }
      result.textContent = "Importing…";
      fetch("/api/v1/users/me/imports/linkedin", { method: "POST", credentials: "same-origin", body: file,
        headers: { "X-CSRF-Token": csrf, "Content-Type": "application/zip" } })
        .then(function (response) { return response.json().then(function (body) { return [response.ok, body]; }); })
        .then(function (answer) {
          if (!answer[0]) { result.textContent = "Not imported: " + (answer[1].detail || "the file was refused"); return; }
          var body = answer[1];
          window.location = "/profile?imported=" + ((body.skills || []).length + (body.experiences || []).length + (body.educations || []).length);
        });
    });
  }
  // Ask before what cannot be undone.
  document.querySelectorAll("form[data-confirm]").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      if (!window.confirm(form.getAttribute("data-confirm"))) event.preventDefault();
    });
  });
})();
