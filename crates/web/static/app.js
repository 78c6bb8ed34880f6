// Small progressive enhancements; every page works without this file.
// Competency filter: typing in the search box hides the areas that do not match.
document.querySelectorAll("input.filter[data-filter]").forEach(function (box) {
  var scope = document.querySelector(box.getAttribute("data-filter"));
  if (!scope) return;
  box.addEventListener("input", function () {
    var words = box.value.toLowerCase().split(/\s+/).filter(Boolean);
    scope.querySelectorAll("label.option").forEach(function (label) {
      var text = label.textContent.toLowerCase();
      var show = words.every(function (w) { return text.indexOf(w) !== -1; });
      label.hidden = !show;
    });
  });
});
