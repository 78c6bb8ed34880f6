// Small progressive enhancements; every page works without this file.
// Competency filter: typing in the search box hides the areas that do not match, and a group
// none of whose areas match; a status line says how many are shown. The box is shown only
// when this script runs (without it, it would filter nothing).
document.querySelectorAll("input.filter[data-filter]").forEach(function (box) {
  var scope = document.querySelector(box.getAttribute("data-filter"));
  if (!scope) return;
  var wrap = box.closest(".filter-box");
  if (wrap) wrap.hidden = false;
  var count = document.getElementById(box.id + "-count");
  // Enter in the box filters; it must never submit the form around it (a training with no
  // areas was saved that way).
  box.addEventListener("keydown", function (event) {
    if (event.key === "Enter") event.preventDefault();
  });
  box.addEventListener("input", function () {
    var words = box.value.toLowerCase().split(/\s+/).filter(Boolean);
    var shown = 0;
    scope.querySelectorAll("label.option").forEach(function (label) {
      var text = label.textContent.toLowerCase();
      var show = words.every(function (w) { return text.indexOf(w) !== -1; });
      label.hidden = !show;
      if (show) shown += 1;
    });
    scope.querySelectorAll("fieldset.group-set").forEach(function (group) {
      group.hidden = !group.querySelector("label.option:not([hidden])");
    });
    if (count) {
      // The page's own words when it gives them (`data-one`, `data-other` with %n for the
      // number: the page's language), else English.
      var one = box.getAttribute("data-one") || "1 area shown";
      var other = box.getAttribute("data-other") || "%n areas shown";
      count.textContent = words.length === 0 ? "" :
        shown === 1 ? one : other.replace("%n", shown);
    }
  });
});

// Files over the limit are caught before they are sent: the message appears beside the box
// (the same words the server would send back), and the form is not sent. The server still
// checks every file; this only saves a long upload that would be refused.
document.querySelectorAll("input[type=file][data-max-bytes]").forEach(function (box) {
  var max = parseInt(box.getAttribute("data-max-bytes"), 10);
  if (!max) return;
  var message = document.createElement("p");
  message.className = "error";
  message.id = box.id + "-error";
  message.hidden = true;
  box.insertAdjacentElement("afterend", message);
  function check() {
    var file = box.files && box.files[0];
    var tooLarge = file && file.size > max;
    if (tooLarge) {
      var mb = Math.round(max / 1024 / 1024);
      var size = (file.size / 1024 / 1024).toFixed(1);
      // A page in another language gives its sentence (`data-too-large`, %s for the size);
      // the size then takes that language's decimal mark.
      var words = box.getAttribute("data-too-large");
      if (words) {
        var lang = document.documentElement.lang || "en";
        message.textContent = words.replace("%s", (file.size / 1024 / 1024).toLocaleString(lang,
          { minimumFractionDigits: 1, maximumFractionDigits: 1 }));
      } else {
        message.textContent = "This file is " + size + " MB, larger than " + mb +
          " MB, the largest accepted here; scan it at a lower resolution or save it as a smaller PDF.";
      }
      message.hidden = false;
      box.setAttribute("aria-invalid", "true");
      box.setAttribute("aria-describedby", (message.id + " " + (box.getAttribute("aria-describedby") || "").replace(message.id, "")).trim());
    } else {
      message.hidden = true;
      message.textContent = "";
      box.removeAttribute("aria-invalid");
    }
    return !tooLarge;
  }
  box.addEventListener("change", check);
  if (box.form) {
    box.form.addEventListener("submit", function (event) {
      if (!check()) {
        event.preventDefault();
        box.focus();
      }
    });
  }
});
