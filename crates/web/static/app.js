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
      count.textContent = words.length === 0 ? "" :
        shown === 1 ? "1 area shown" : shown + " areas shown";
    }
  });
});
