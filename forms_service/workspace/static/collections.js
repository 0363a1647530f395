/* A new collection, progressive enhancement. The page works as a plain form:
   without script it shows the fields of every kind, each group with a legend
   naming its kind, and the server ignores the other kinds' fields. This
   script shows only the group of the kind chosen (the others hidden and
   disabled, so they are neither read out, reached by Tab nor sent). */
(function () {
  "use strict";
  var kind = document.getElementById("kind");
  if (!kind) return;
  var groups = document.querySelectorAll(".col-kind[data-kind]");
  var title = document.getElementById("title");
  function show() {
    for (var i = 0; i < groups.length; i++) {
      var chosen = groups[i].getAttribute("data-kind") === kind.value;
      groups[i].hidden = !chosen;
      groups[i].disabled = !chosen;
    }
    if (title) title.required = kind.value !== "nomination";
  }
  kind.addEventListener("change", show);
  show();
})();
