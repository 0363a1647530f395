/* Form designer, progressive enhancement.  Every action works as a plain
   form post; this script only returns focus to where the person was after
   the page reloads (the #fragment), asks before deleting, shows
   the satisfied answers of the chosen satisfaction question only, and
   switches the preview's width and language without a reload. */
(function () {
  "use strict";
  function byId(id) { return id ? document.getElementById(id) : null; }

  // focus: after POST → redirect → GET the fragment names where the action
  // was; browsers focus a focusable fragment target themselves, this also
  // covers a disabled one ("move up" at the top: its question's heading)
  function land() {
    var summary = byId("error-summary");
    var target = summary || byId(decodeURIComponent(location.hash.slice(1)));
    if (!target) return;
    if (target.disabled) {
      var item = target.closest("li");
      target = item ? item.querySelector("h3") : target;
    }
    if (document.activeElement !== target) target.focus();
  }
  land();
  window.addEventListener("load", function () { window.setTimeout(land, 0); });
  var params = new URLSearchParams(location.search);
  if (params.has("done") && history.replaceState) {
    params.delete("done");  // a reload should not repeat the notice
    var query = params.toString();
    history.replaceState(null, "", location.pathname + (query ? "?" + query : "") + location.hash);
  }

  // confirm destructive actions
  document.addEventListener("click", function (event) {
    var button = event.target.closest ? event.target.closest("[data-confirm]") : null;
    if (button && !window.confirm(button.getAttribute("data-confirm"))) {
      event.preventDefault();
    }
  });

  // satisfaction: show the answers of the chosen question only
  var form = document.querySelector("[data-satisfaction]");
  if (form) {
    var select = form.querySelector("select[name=question]");
    var sync = function () {
      form.querySelectorAll("[data-satisfied-for]").forEach(function (set) {
        set.hidden = set.getAttribute("data-satisfied-for") !== select.value;
      });
    };
    select.addEventListener("change", sync);
    sync();
  }

  // preview toggles: width and language without reloading the editor
  var frame = byId("preview-frame");
  var toggles = document.querySelector("[data-preview-toggles]");
  if (frame && toggles) {
    toggles.addEventListener("click", function (event) {
      var link = event.target.closest("a");
      if (!link) return;
      event.preventDefault();
      var group = link.parentNode;
      group.querySelectorAll("a").forEach(function (a) { a.removeAttribute("aria-current"); });
      link.setAttribute("aria-current", "true");
      if (link.dataset.width) {
        frame.className = "dz-frame dz-frame-" + link.dataset.width;
        var layout = byId("layout");
        if (layout) layout.className = "dz-layout dz-layout-" + link.dataset.width;
      } else if (link.dataset.lang) {
        frame.src = frame.getAttribute("data-base") + "?lang=" + link.dataset.lang;
      }
      var url = new URL(link.href, location.href);
      if (history.replaceState) history.replaceState(null, "", url.pathname + url.search);
    });
  }
})();
