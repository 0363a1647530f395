/* Phiếu embed loader: inline surveys and a modal after a procedure.
 *   <div data-phieu-form="SLUG" data-phieu-token="TOKEN"></div>
 *   Phieu.open({form: "SLUG", token: "TOKEN", lang: "vi"})
 * Before the (async) loader has run, queue commands:
 *   window.Phieu = window.Phieu || []; Phieu.push(["open", {form: ..., token: ...}]);
 * they run when it loads, and document receives "phieu:ready".
 * Each survey runs in a sandboxed iframe served by Phiếu; it reports its
 * height, the submitted response and errors through postMessage, which is
 * accepted only from Phiếu's origin and that iframe.  The host page receives
 * bubbling "phieu:submitted" ({detail: {form, id}}) and "phieu:error"
 * ({detail: {form, code}}) DOM events on the placeholder (or the document,
 * for the modal).  Language: the lang option, else the token's locale, else
 * the host page's <html lang>, else the browser's languages. */
(function (w, d) {
  "use strict";
  if (w.Phieu && w.Phieu.open) return;
  var queued = Array.isArray(w.Phieu) ? w.Phieu.slice() : [];
  var script = d.currentScript;
  var base = new URL(script ? script.src : "/", w.location.href);
  var origin = base.origin;
  var frames = [];
  var lastFocus = null;
  var modal = null;

  function src(opts) {
    var u = new URL("/f/" + encodeURIComponent(opts.form), origin);
    if (opts.token) u.searchParams.set("t", opts.token);
    // an explicit choice is "lang"; the host page's language only a hint after the token's
    if (opts.lang) u.searchParams.set("lang", opts.lang === "en" ? "en" : "vi");
    var host = hostLang();
    if (host) u.searchParams.set("host_lang", host);
    u.searchParams.set("embed", "1");
    u.searchParams.set("origin", w.location.origin);
    return u.href;
  }

  function hostLang() { return (d.documentElement.lang || "").slice(0, 2).toLowerCase(); }
  function english(opts) { return (opts.lang || hostLang()) === "en"; }

  function frame(opts, target, onDone) {
    var f = d.createElement("iframe");
    f.src = src(opts);
    f.title = opts.title || (english(opts) ? "Satisfaction survey" : "Phiếu khảo sát");
    f.setAttribute("sandbox", "allow-scripts allow-forms allow-same-origin");
    f.setAttribute("loading", "lazy");
    f.style.cssText = "display:block;width:100%;border:0;min-height:320px;color-scheme:normal";
    frames.push({ el: f, form: opts.form, target: target, done: onDone });
    return f;
  }

  function onMessage(e) {
    if (e.origin !== origin || !e.data || typeof e.data !== "object") return;
    for (var i = 0; i < frames.length; i++) {
      var entry = frames[i];
      if (entry.el.contentWindow !== e.source) continue;
      if (e.data.type === "phieu:resize") {
        var h = Number(e.data.height);
        if (h > 0 && h < 20000) entry.el.style.height = Math.ceil(h) + "px";
      } else if (e.data.type === "phieu:submitted") {
        entry.target.dispatchEvent(new CustomEvent("phieu:submitted", {
          bubbles: true, detail: { form: entry.form, id: e.data.id }
        }));
        if (entry.done) entry.done();
      } else if (e.data.type === "phieu:error") {
        entry.target.dispatchEvent(new CustomEvent("phieu:error", {
          bubbles: true, detail: { form: entry.form, code: String(e.data.code || "") }
        }));
      } else if (e.data.type === "phieu:close" && modal && modal.contains(entry.el)) {
        close();  // Escape pressed inside the survey
      }
      return;
    }
  }

  function mount(el) {
    if (el.getAttribute("data-phieu-mounted")) return;
    el.setAttribute("data-phieu-mounted", "1");
    el.appendChild(frame({
      form: el.getAttribute("data-phieu-form"),
      token: el.getAttribute("data-phieu-token"),
      lang: el.getAttribute("data-phieu-lang"),
      title: el.getAttribute("data-phieu-title")
    }, el));
  }

  function scan() {
    var els = d.querySelectorAll("[data-phieu-form]");
    for (var i = 0; i < els.length; i++) mount(els[i]);
  }

  function close() {
    if (!modal) return;
    var m = modal;
    modal = null;
    frames = frames.filter(function (x) { return !m.contains(x.el); });
    m.parentNode.removeChild(m);
    d.removeEventListener("keydown", onKey, true);
    if (lastFocus && lastFocus.focus) lastFocus.focus();
  }

  function onKey(e) {
    if (e.key === "Escape" || e.key === "Esc") { e.preventDefault(); close(); }
  }

  function open(opts) {
    if (!opts || !opts.form) throw new Error("Phieu.open needs {form, token}");
    close();
    lastFocus = d.activeElement;
    var en = english(opts);
    var m = d.createElement("div");
    m.className = "phieu-modal";
    m.style.cssText = "position:fixed;inset:0;z-index:2147483000;background:rgba(0,0,0,.55);" +
      "display:flex;align-items:center;justify-content:center;padding:12px";
    var box = d.createElement("div");
    box.setAttribute("role", "dialog");
    box.setAttribute("aria-modal", "true");
    box.setAttribute("aria-label", opts.title || (en ? "Satisfaction survey" : "Phiếu khảo sát"));
    box.style.cssText = "background:#fff;width:100%;max-width:640px;max-height:100%;overflow:auto;" +
      "border-radius:8px;position:relative";
    var x = d.createElement("button");
    x.type = "button";
    x.textContent = "×";
    x.setAttribute("aria-label", en ? "Close" : "Đóng");
    x.style.cssText = "position:absolute;top:4px;right:4px;min-width:44px;min-height:44px;" +
      "font-size:24px;border:0;background:transparent;cursor:pointer;color:#1a1a1a";
    x.addEventListener("click", close);
    box.appendChild(x);
    box.appendChild(frame(opts, d, opts.closeOnSubmit === false ? null : function () {
      setTimeout(close, opts.closeDelay == null ? 2500 : opts.closeDelay);
    }));
    m.appendChild(box);
    m.addEventListener("click", function (e) { if (e.target === m) close(); });
    d.body.appendChild(m);
    modal = m;
    d.addEventListener("keydown", onKey, true);
    x.focus();
    return { close: close };
  }

  // queued commands: ["open", opts], ["close"], ["scan"]; later pushes run at once
  function run(command) {
    var name = command && command[0], api = { open: open, close: close, scan: scan };
    if (api.hasOwnProperty(name)) api[name].apply(null, command.slice(1));
  }

  function start() {
    scan();
    queued.forEach(function (command) {
      try { run(command); } catch (err) { if (w.console) w.console.error(err); }
    });
    d.dispatchEvent(new CustomEvent("phieu:ready", { detail: { origin: origin } }));
  }

  w.addEventListener("message", onMessage);
  w.Phieu = { open: open, close: close, scan: scan, origin: origin, push: run };
  if (d.readyState === "loading") d.addEventListener("DOMContentLoaded", start);
  else start();
})(window, document);
