/* Phiếu form pages, progressive enhancement.  The page works without it;
   with it, x-show-if conditions show and hide questions live (the server
   stays the authority), and the page tells its parent window its height
   ({type:"phieu:resize",height}) and events written by the server in
   body[data-event] ({type:"phieu:submitted",id} on the thank-you page),
   posting only to the portal origins registered for the agency. */
(function () {
  "use strict";
  // --- x-show-if: the JSON Schema keywords conditions use; anything else is
  // "cannot tell" (null), and the question stays visible.
  var NOTES = { title: 1, description: 1, $comment: 1, examples: 1, default: 1 };
  var TYPES = {
    integer: function (v) { return typeof v === "number" && v % 1 === 0; },
    number: function (v) { return typeof v === "number"; },
    string: function (v) { return typeof v === "string"; },
    boolean: function (v) { return typeof v === "boolean"; },
    array: Array.isArray,
    object: isObject,
    "null": function (v) { return v === null; }
  };
  function isObject(v) { return !!v && typeof v === "object" && !Array.isArray(v); }
  function isNumber(v) { return typeof v === "number"; }
  function equal(a, b) {
    if (a === b) return true;
    if (!a || !b || typeof a !== "object" || typeof b !== "object") return false;
    if (Array.isArray(a) !== Array.isArray(b)) return false;
    var keys = Object.keys(a);
    if (keys.length !== Object.keys(b).length) return false;
    return keys.every(function (k) { return b.hasOwnProperty(k) && equal(a[k], b[k]); });
  }
  function all(list, test) {  // true, false or null (cannot tell)
    var verdict = true;
    for (var i = 0; i < list.length; i++) {
      var r = test(list[i]);
      if (r === false) return false;
      if (r === null) verdict = null;
    }
    return verdict;
  }
  function count(list, v) {
    var yes = 0, unsure = false;
    list.forEach(function (s) { var r = check(s, v); if (r) yes++; if (r === null) unsure = true; });
    return unsure ? null : yes;
  }
  function rule(k, a, v) {
    var n;
    switch (k) {
      case "const": return equal(a, v);
      case "enum": return Array.isArray(a) ? a.some(function (x) { return equal(x, v); }) : null;
      case "type": return [].concat(a).some(function (t) { return TYPES[t] ? TYPES[t](v) : false; });
      case "minimum": return !isNumber(v) || v >= a;
      case "maximum": return !isNumber(v) || v <= a;
      case "exclusiveMinimum": return !isNumber(v) || v > a;
      case "exclusiveMaximum": return !isNumber(v) || v < a;
      case "minItems": return !Array.isArray(v) || v.length >= a;
      case "maxItems": return !Array.isArray(v) || v.length <= a;
      case "minLength": return typeof v !== "string" || Array.from(v).length >= a;
      case "maxLength": return typeof v !== "string" || Array.from(v).length <= a;
      case "contains":
        if (!Array.isArray(v)) return true;
        n = false;
        for (var i = 0; i < v.length; i++) {
          var r = check(a, v[i]);
          if (r === true) return true;
          if (r === null) n = null;
        }
        return n;
      case "required":
        return !isObject(v) || a.every(function (name) { return v.hasOwnProperty(name); });
      case "properties":
        if (!isObject(v)) return true;
        return all(Object.keys(a), function (name) {
          return v.hasOwnProperty(name) ? check(a[name], v[name]) : true;
        });
      case "not": n = check(a, v); return n === null ? null : !n;
      case "allOf": return all(a, function (s) { return check(s, v); });
      case "anyOf":
        n = count(a, v); return n === null ? (a.some(function (s) { return check(s, v); }) || null) : n > 0;
      case "oneOf": n = count(a, v); return n === null ? null : n === 1;
      default: return null;
    }
  }
  function check(schema, v) {
    if (schema === true || schema === false) return schema;
    if (!isObject(schema)) return null;
    return all(Object.keys(schema), function (k) {
      return NOTES[k] || k.indexOf("x-") === 0 ? true : rule(k, schema[k], v);
    });
  }

  if (typeof document === "undefined") {  // unit tests run the conditions under Node
    if (typeof module === "object") module.exports = { check: check };
    return;
  }

  var doc = document, root = doc.documentElement, body = doc.body;
  root.className = root.className.replace(/\bno-js\b/, "js");

  var origins = (body.getAttribute("data-origins") || "").split(" ").filter(Boolean);
  function targets() {
    var up = location.ancestorOrigins;
    if (origins.length > 1 && up && up.length && origins.indexOf(up[0]) >= 0) return [up[0]];
    return origins;
  }
  function send(message) {
    if (window.parent === window) return;
    targets().forEach(function (origin) {
      try { window.parent.postMessage(message, origin); } catch (e) { /* not that origin */ }
    });
  }

  var lastHeight = -1;
  function resize() {
    var height = Math.ceil(body.getBoundingClientRect().height);
    if (height !== lastHeight) {
      lastHeight = height;
      send({ type: "phieu:resize", height: height });
    }
  }
  if (window.ResizeObserver) new ResizeObserver(resize).observe(body);
  else window.addEventListener("resize", resize);
  window.addEventListener("load", resize);
  resize();

  // Escape inside an embedded survey asks the host page to close its modal
  doc.addEventListener("keydown", function (e) {
    if (e.key === "Escape" || e.key === "Esc") send({ type: "phieu:close" });
  });

  var event = body.getAttribute("data-event");
  if (event) { try { send(JSON.parse(event)); } catch (e) { /* ignore */ } }

  var summary = doc.getElementById("error-summary");
  if (summary) summary.focus();

  var form = doc.querySelector("form[data-phieu]");
  if (!form) return;
  // the language switch keeps what was typed: the form is posted back to be drawn
  // in the other language (without script, the link opens the form afresh)
  [].forEach.call(doc.querySelectorAll(".langs a[hreflang]"), function (a) {
    a.addEventListener("click", function (e) {
      e.preventDefault();
      var go = doc.createElement("input");
      go.type = "hidden";
      go.name = "_go";
      go.value = "lang:" + a.getAttribute("hreflang");
      form.appendChild(go);
      form.submit();
    });
  });
  function parse(text, type) {
    text = text.trim();
    if (type === "integer" && /^[+-]?\d{1,18}$/.test(text)) return parseInt(text, 10);
    if (type === "number" && /^[+-]?\d{1,18}([.,]\d{1,18})?$/.test(text)) {
      return parseFloat(text.replace(",", "."));
    }
    if (type === "boolean" && /^(true|false)$/i.test(text)) return text.toLowerCase() === "true";
    return text;
  }
  function answer(q) {  // the current answer to question q, undefined when empty
    var type = q.getAttribute("data-type"), values = [];
    [].forEach.call(q.querySelectorAll("input,select,textarea"), function (el) {
      if ((el.type === "radio" || el.type === "checkbox") && !el.checked) return;
      if (el.value.trim()) values.push(el.value);
    });
    if (!values.length) return undefined;
    if (type === "array") {
      var item = q.getAttribute("data-item");
      return values.map(function (v) { return parse(v, item); });
    }
    return parse(values[values.length - 1], type);
  }
  var questions = [].slice.call(form.querySelectorAll("[data-name]")).map(function (q) {
    var raw = q.getAttribute("data-show-if"), condition = null;
    if (raw) { try { condition = JSON.parse(raw); } catch (e) { condition = null; } }
    return { el: q, name: q.getAttribute("data-name"), condition: condition };
  });
  var numbers = {};  // question id -> the number it shows (visible questions only)
  function update() {
    // a paged form's answers of earlier pages, and the number its first question takes
    var earlier = {}, shownCount = (parseInt(form.getAttribute("data-first"), 10) || 1) - 1;
    try { earlier = JSON.parse(form.getAttribute("data-earlier") || "{}") || {}; } catch (e) { earlier = {}; }
    questions.forEach(function (q) {
      var verdict = q.condition ? check(q.condition, earlier) : true;
      var shown = verdict !== false;
      if (q.el.hidden === shown) {
        q.el.hidden = !shown;
        [].forEach.call(q.el.querySelectorAll("input,select,textarea"), function (el) {
          el.disabled = !shown;
        });
      }
      // the note "answer only if …" is for pages without script; shown here only
      // when the condition cannot be told in the browser
      var note = q.el.querySelector(".note");
      if (note) note.hidden = verdict === true;
      if (shown) {
        shownCount += 1;
        numbers[q.el.id] = shownCount;
        var n = q.el.querySelector(".n");
        if (n) n.textContent = shownCount + ".";
        var value = answer(q.el);
        if (value !== undefined) earlier[q.name] = value;
      }
    });
    [].forEach.call(doc.querySelectorAll("a[data-q] .sn"), function (sn) {
      var number = numbers[sn.parentNode.getAttribute("data-q")];
      if (number) sn.textContent = number;
    });
  }
  form.addEventListener("change", update);
  form.addEventListener("input", update);
  update();
})();
