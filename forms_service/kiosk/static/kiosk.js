'use strict';
// Phiếu counter kiosk: enrol, rate, queue answers in IndexedDB, send them signed.
(() => {
  // the texts, from the service's catalogues, rendered into the page in every language
  const WORDS = JSON.parse(document.getElementById('words').textContent);
  const OTHER = { vi: 'English', en: 'Tiếng Việt' };
  const fill = (s, p) => s.replace(/\{(\w+)\}/g, (m, k) => (k in p ? p[k] : m));
  const $ = (id) => document.getElementById(id);
  let lang = 'vi'; let dev = null; let st = null; let idle = null; let pending = 0;
  let flushing = false; let delay = 1000; let timer = null; let picked = null;
  let receipt = null; let typed = ''; let typedAt = 0; let stream = null;
  let fa = {}; let fi = 0; let path = [];

  // IndexedDB: meta (device, state, seq), queue (answers to send), kept (refused, kept apart)
  const open = () => new Promise((ok, no) => {
    const r = indexedDB.open('phieu-kiosk', 1);
    r.onupgradeneeded = () => { const d = r.result; d.createObjectStore('meta');
      d.createObjectStore('queue', { keyPath: 'seq' }); d.createObjectStore('kept', { keyPath: 'seq' }); };
    r.onsuccess = () => ok(r.result); r.onerror = () => no(r.error);
  });
  const tx = async (stores, mode, fn) => { const d = await open(); return new Promise((ok, no) => {
    const t = d.transaction(stores, mode); const req = fn(t);
    t.oncomplete = () => ok(req && 'result' in req ? req.result : undefined); t.onerror = () => no(t.error); }); };
  const get = (k) => tx('meta', 'readonly', (t) => t.objectStore('meta').get(k));
  const set = (k, v) => tx('meta', 'readwrite', (t) => t.objectStore('meta').put(v, k));
  const queued = () => tx('queue', 'readonly', (t) => t.objectStore('queue').getAll());

  const hex = (buf) => [...new Uint8Array(buf)].map((b) => b.toString(16).padStart(2, '0')).join('');
  async function call(path, obj) {
    const body = JSON.stringify(obj); const enc = new TextEncoder();
    const key = await crypto.subtle.importKey('raw', enc.encode(dev.credential), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
    const sig = hex(await crypto.subtle.sign('HMAC', key, enc.encode(`POST\n${path}\n${body}`)));
    return fetch(path, { method: 'POST', body, headers: { 'Content-Type': 'application/json',
      'X-Phieu-Device': dev.id, 'X-Phieu-Signature': sig, 'Accept-Language': lang } });
  }

  function show(name) {
    for (const s of document.querySelectorAll('main > section')) s.hidden = s.id !== `s-${name}`;
    $('main').focus(); arm(name);
  }
  function arm(name) {
    clearTimeout(idle);
    if ((name !== 'start' || receipt) && name !== 'note') idle = setTimeout(reset, (name === 'thanks' ? 5 : (st ? st.idle_seconds : 45)) * 1000);
  }
  function reset() { receipt = null; stopCamera(); $('receipt').textContent = ''; $('reason').value = ''; pick(null); $('pin').value = ''; $('officer').value = ''; $('pin-msg').textContent = ''; fa = {}; fi = 0; path = []; if (st) home(); }
  function home() { if (st.questions) { drawQ(); show('form'); } else show('start'); }
  function note(title, text) { $('note-title').textContent = title; $('note').textContent = text || ''; show('note'); }

  // The satisfaction question, its choices (best first), and the reason questions of the
  // form shown: preset reasons (a question with choices, shown on a condition) and a short text
  function form() {
    const d = st.definition; const sat = (d['x-survey'] || {}).satisfaction || {};
    const qn = sat.question || Object.keys(d.properties)[0]; const q = d.properties[qn];
    const tr = (((d['x-survey'] || {}).translations || {}).en || {}).properties || {};
    const choices = (q.oneOf || []).map((c) => ({ value: c.const, vi: c.title,
      en: ((tr[qn] || {}).choices || {})[String(c.const)] || c.title, ok: (sat.satisfied || []).includes(c.const) }));
    choices.sort((a, b) => b.value - a.value);
    const rest = Object.keys(d.properties).filter((n) => n !== qn);
    const rc = rest.find((n) => Array.isArray(d.properties[n].oneOf) && d.properties[n].oneOf.length > 0 && d.properties[n]['x-show-if']);
    const rn = rest.find((n) => n !== rc && d.properties[n].type === 'string' && !d.properties[n].oneOf);
    return { qn, q, tr, choices, rn, rc };
  }
  const title = (f, n, en) => (en ? ((f.tr[n] || {}).title || st.definition.properties[n].title) : st.definition.properties[n].title);
  function pick(value) {
    picked = value;
    for (const b of $('reason-choices').querySelectorAll('button')) b.setAttribute('aria-pressed', String(b.dataset.value === String(value)));
  }
  const FACES = ['M20 38q12 12 24 0', 'M22 40q10 6 20 0', 'M22 42h20', 'M22 44q10 -6 20 0', 'M20 46q12 -12 24 0'];
  function face(i, n) {
    const mouth = FACES[n <= 3 ? [0, 1, 4][i] : Math.min(i, 4)];
    return `<svg viewBox="0 0 64 64" aria-hidden="true" focusable="false"><circle cx="32" cy="32" r="29" fill="#fff" stroke="#111" stroke-width="3"/><circle cx="23" cy="26" r="4" fill="#111"/><circle cx="41" cy="26" r="4" fill="#111"/><path d="${mouth}" fill="none" stroke="#111" stroke-width="4" stroke-linecap="round"/></svg>`;
  }
  function render() {
    const w = WORDS[lang]; document.documentElement.lang = lang; document.title = `Phiếu – ${w.title}`;
    $('lang').textContent = OTHER[lang]; $('lang').lang = lang === 'vi' ? 'en' : 'vi';
    for (const id of ['send', 'skip', 'staff', 'back', 'scan']) $(id).textContent = w[id];
    $('scan-title').textContent = w.scanHint; $('scan-stop').textContent = w.cancel;
    $('receipt').textContent = receipt ? w.scanned : '';
    $('thanks').textContent = w.thanks; $('thanks-more').textContent = st && st.questions ? w.answered : w.thanksMore;
    $('fnext').textContent = w.next; $('fback').textContent = w.back; $('staff-title').textContent = w.staffTitle;
    $('officer-label').textContent = w.officer; $('pin-label').textContent = w.pin; $('sign-on').textContent = w.signOn;
    $('queue').textContent = pending ? fill(w.waiting, { n: pending }) : '';
    if (!st) return;
    $('place').textContent = st.counter_name || st.unit_name;
    $('waiting').textContent = fill(w.waiting, { n: pending });
    $('duty').textContent = st.officer ? fill(w.duty, { officer: st.officer }) : w.noDuty;
    if (st.questions) { drawQ(); return; }
    const f = form(); const en = lang === 'en';
    $('q').textContent = en ? ((f.tr[f.qn] || {}).title || f.q.title) : f.q.title;
    const textTitle = f.rn ? title(f, f.rn, en) : w.reason;
    $('rq').textContent = f.rc ? title(f, f.rc, en) : textTitle;
    $('reason-label').textContent = f.rc ? (f.rn ? textTitle : w.reasonText) : textTitle;
    $('reason-label').className = f.rc ? '' : 'visually-hidden';
    $('reason').parentElement.hidden = !f.rn;
    const box = $('choices'); box.textContent = '';
    f.choices.forEach((c, i) => {
      const b = document.createElement('button'); b.type = 'button'; b.className = 'choice';
      b.innerHTML = face(i, f.choices.length); const s = document.createElement('span');
      s.textContent = en ? c.en : c.vi; b.append(s); b.dataset.value = c.value;
      b.addEventListener('click', () => choose(c, f)); box.append(b);
    });
    const rbox = $('reason-choices'); rbox.textContent = ''; rbox.hidden = !f.rc;
    if (f.rc) {
      const names = ((f.tr[f.rc] || {}).choices) || {};
      for (const c of st.definition.properties[f.rc].oneOf) {
        const b = document.createElement('button'); b.type = 'button'; b.className = 'reason';
        b.textContent = en ? (names[String(c.const)] || c.title) : c.title; b.dataset.value = String(c.const);
        b.setAttribute('aria-pressed', String(picked !== null && String(picked) === String(c.const)));
        b.addEventListener('click', () => pick(picked !== null && String(picked) === String(c.const) ? null : c.const));
        rbox.append(b);
      }
    }
  }
  // A general form: one question per screen, its condition (when simple) deciding
  // whether it is asked, required answers checked here (and again by the server)
  const tx2 = (t) => t[lang] || t.vi || Object.values(t)[0] || '';
  const shown = (q) => { if (!q.if) return true; const [n, vs, any] = q.if; const v = fa[n];
    return any ? Array.isArray(v) && v.some((x) => vs.includes(x)) : v !== undefined && vs.includes(v); };
  function val(q) {
    const v = fa[q.n];
    if (q.k === 'many') return v && v.length ? v : undefined;
    if (q.k === 'text' || q.k === 'long' || q.k === 'num') { const t = String(v === undefined ? '' : v).trim(); return t === '' ? undefined : (q.k === 'num' ? Number(t) : t); }
    return v;
  }
  function problem(q) {
    const v = val(q); const w = WORDS[lang];
    if (v === undefined) return q.r ? w.required : '';
    if (q.k === 'num') {
      if (!Number.isFinite(v)) return w.number;
      if (q.int && !Number.isInteger(v)) return w.whole;
      if ((q.min != null && v < q.min) || (q.max != null && v > q.max)) return fill(w.range, { min: q.min ?? '…', max: q.max ?? '…' });
    }
    if (q.k === 'many' && q.min && v.length < q.min) return fill(w.fewest, { n: q.min });
    if (q.k === 'many' && q.max && v.length > q.max) return fill(w.most, { n: q.max });
    return '';
  }
  function drawQ() {
    const qs = st.questions; if (!qs[fi]) { fi = 0; path = []; } const q = qs[fi]; const w = WORDS[lang]; const body = $('fbody');
    $('fstep').textContent = fill(w.step, { i: fi + 1, n: qs.length });
    $('fq').textContent = tx2(q.t) + (q.r ? '' : ` ${w.optional}`);
    $('fback').hidden = !path.length; $('fmsg').textContent = '';
    body.textContent = '';
    if (q.c) {
      const box = document.createElement('div'); box.setAttribute('role', 'group'); box.setAttribute('aria-labelledby', 'fq');
      box.className = q.k === 'face' ? 'choices' : 'reasons';
      const cs = q.k === 'face' && q.c.every((c) => typeof c[0] === 'number') ? [...q.c].sort((a, b) => b[0] - a[0]) : q.c;
      cs.forEach(([value, label], i) => {
        const b = document.createElement('button'); b.type = 'button'; b.className = q.k === 'face' ? 'choice' : 'reason';
        if (q.k === 'face') b.innerHTML = face(i, cs.length);
        const s = document.createElement('span'); s.textContent = tx2(label); b.append(s);
        const on = q.k === 'many' ? (fa[q.n] || []).includes(value) : fa[q.n] === value;
        b.setAttribute('aria-pressed', String(on));
        b.addEventListener('click', () => {
          if (q.k === 'many') { const l = (fa[q.n] || []).filter((x) => x !== value); if (!on) l.push(value); fa[q.n] = l; } else if (on) delete fa[q.n]; else fa[q.n] = value;
          drawQ(); body.querySelectorAll('button')[i].focus();
        });
        box.append(b);
      });
      body.append(box);
    } else {
      const label = document.createElement('label'); label.className = 'visually-hidden'; label.htmlFor = 'fin'; label.textContent = tx2(q.t);
      const input = document.createElement(q.k === 'long' ? 'textarea' : 'input'); input.id = 'fin';
      if (q.k === 'long') input.rows = 4; else input.autocomplete = 'off';
      if (q.k === 'num') input.inputMode = q.int && !(q.min < 0) ? 'numeric' : 'decimal';
      if (q.len) input.maxLength = q.len;
      input.setAttribute('aria-describedby', 'fmsg'); input.value = fa[q.n] === undefined ? '' : fa[q.n];
      input.addEventListener('input', () => { fa[q.n] = input.value; });
      body.append(label, input);
    }
  }
  function nextQ() {
    const qs = st.questions; const msg = problem(qs[fi]);
    if (msg) { $('fmsg').textContent = msg; const c = $('fbody').querySelector('input,textarea,button'); if (c) c.focus(); return; }
    let n = fi + 1; while (n < qs.length && !shown(qs[n])) n += 1;
    if (n < qs.length) { path.push(fi); fi = n; drawQ(); $('fq').focus(); return; }
    const values = {};
    for (const q of qs) { const v = val(q); if (v !== undefined && shown(q)) values[q.n] = v; }
    answer(values);
  }
  $('fq').tabIndex = -1;
  $('qform').addEventListener('submit', (e) => { e.preventDefault(); nextQ(); });
  $('fback').addEventListener('click', () => { if (path.length) { fi = path.pop(); drawQ(); $('fq').focus(); } });
  let chosen = null;
  function choose(c, f) {
    chosen = c;
    if (!c.ok && (f.rn || f.rc)) { show('reason'); (f.rc ? $('reason-choices').querySelector('button') : $('reason')).focus(); } else answer({ [f.qn]: c.value });
  }
  async function answer(values) {
    const seq = ((await get('seq')) || 0) + 1; await set('seq', seq);
    await tx('queue', 'readwrite', (t) => t.objectStore('queue').put({ seq, answered_at: new Date().toISOString(),
      form: st.form, version: st.version, locale: lang, answers: values, ...(receipt ? { receipt } : {}) }));
    reset(); show('thanks'); await count(); flush();
  }
  async function count() { pending = (await queued()).length; render(); }

  function later() { clearTimeout(timer); timer = setTimeout(flush, delay); delay = Math.min(delay * 2, 60000); }
  async function flush() {
    if (flushing || !dev) return; flushing = true;
    try {
      const items = (await queued()).sort((a, b) => a.seq - b.seq).slice(0, 100);
      if (!items.length) { delay = 1000; return; }
      const r = await call('/api/v1/kiosk/answers', { answers: items, queue: pending, sent_at: new Date().toISOString() });
      if (r.status === 403 && (await r.clone().json()).error === 'device_revoked') { await keepApart(items); return; }
      if (!r.ok) { later(); return; }
      const done = (await r.json()).results.filter((x) => x.result !== 'pending').map((x) => x.seq);
      await tx('queue', 'readwrite', (t) => { for (const s of done) t.objectStore('queue').delete(s); });
      delay = 1000;
      if (done.length < items.length || items.length === 100) later();
    } catch (e) { later(); } finally { flushing = false; await count(); }
  }
  async function keepApart(items) {
    await tx(['queue', 'kept'], 'readwrite', (t) => { for (const it of items) { t.objectStore('kept').put(it); t.objectStore('queue').delete(it.seq); } });
    await set('revoked', true); revoked();
  }
  function revoked() { st = null; note(WORDS[lang].revoked, WORDS[lang].revokedMore); }

  async function refresh() {
    try {
      const r = await call('/api/v1/kiosk/state', { queue: pending });
      if (r.status === 403) { revoked(); return; }
      if (r.ok) { st = await r.json(); await set('state', st); }
    } catch (e) { /* offline: the kept state */ }
  }
  async function enrol(code) {
    note(WORDS[lang].enrolling);
    const r = await fetch('/api/v1/devices/bind', { method: 'POST', headers: { 'Content-Type': 'application/json', 'Accept-Language': lang }, body: JSON.stringify({ code }) });
    const body = await r.json();
    if (!r.ok) { note(WORDS[lang].failed, body.message); return false; }
    dev = { id: body.id, credential: body.credential }; await set('device', dev); await set('revoked', false);
    history.replaceState(null, '', '/k/'); return true;
  }
  async function start() {
    lang = (await get('lang')) || 'vi';
    const code = location.pathname.endsWith('/enrol') && location.hash.slice(1);
    if (code && !(await enrol(decodeURIComponent(code)))) return;
    dev = dev || (await get('device')); st = (await get('state')) || null;
    await count();
    if (!dev) { note(WORDS[lang].notEnrolled, WORDS[lang].notEnrolledMore); return; }
    if (await get('revoked')) { revoked(); return; }
    await refresh(); render();
    if (st) home(); else if (await get('revoked') !== true) note(WORDS[lang].offline);
    flush();
  }

  // A receipt's QR code: a counter's scanner types its link then Enter (anywhere on the
  // start screen); or the camera, where the browser has BarcodeDetector. The link's query
  // string goes with the answer, which the server ties to the receipt's dossier.
  function scanned(text) {
    const m = /\/q\?([^\s#]*\bh=[^&\s#]+[^\s#]*)$/.exec(String(text).trim());
    if (!m) return false;
    receipt = m[1]; render(); show('start'); return true;
  }
  function stopCamera() { if (stream) { for (const t of stream.getTracks()) t.stop(); stream = null; } }
  async function camera() {
    try {
      const det = new BarcodeDetector({ formats: ['qr_code'] });
      stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: 'environment' } });
      const v = $('video'); v.srcObject = stream; await v.play(); show('scan');
      const look = async () => {
        if (!stream) return;
        try { for (const c of await det.detect(v)) if (scanned(c.rawValue)) { stopCamera(); return; } } catch (e) { /* next frame */ }
        setTimeout(look, 250);
      };
      look();
    } catch (e) { stopCamera(); show('start'); }
  }
  document.addEventListener('keydown', (e) => {
    if ($('s-start').hidden) { typed = ''; return; }
    if (e.timeStamp - typedAt > 500) typed = '';
    typedAt = e.timeStamp;
    if (e.key === 'Enter') {
      if (scanned(typed)) { e.preventDefault(); e.stopPropagation(); }
      typed = '';
    } else if (e.key.length === 1) typed = (typed + e.key).slice(-1000);
  }, true);
  $('scan').hidden = !('BarcodeDetector' in window && navigator.mediaDevices && navigator.mediaDevices.getUserMedia);
  $('scan').addEventListener('click', camera);
  $('scan-stop').addEventListener('click', () => { stopCamera(); show('start'); });
  $('lang').addEventListener('click', () => { lang = lang === 'vi' ? 'en' : 'vi'; render(); set('lang', lang); });
  $('reason-form').addEventListener('submit', (e) => {
    e.preventDefault(); const f = form(); const text = $('reason').value.trim(); const values = { [f.qn]: chosen.value };
    if (f.rc && picked !== null) values[f.rc] = picked;
    if (f.rn && text) values[f.rn] = text;
    answer(values);
  });
  $('skip').addEventListener('click', () => answer({ [form().qn]: chosen.value }));
  $('staff').addEventListener('click', async () => { if (!st) return; await count(); show('staff'); $('officer').focus(); });
  $('back').addEventListener('click', reset);
  $('s-thanks').addEventListener('click', reset);
  $('pin-form').addEventListener('submit', async (e) => {
    e.preventDefault(); const officer = $('officer').value.trim();
    try {
      const r = await call('/api/v1/kiosk/on-duty', { officer, pin: $('pin').value });
      const body = await r.json();
      if (!r.ok) { $('pin-msg').textContent = body.message || WORDS[lang].wrongPin; $('pin').value = ''; return; }
      st.officer = body.officer; await set('state', st); reset();
    } catch (err) { $('pin-msg').textContent = WORDS[lang].offline; }
  });
  for (const ev of ['pointerdown', 'keydown', 'input']) document.addEventListener(ev, () => {
    const s = document.querySelector('main > section:not([hidden])');
    if (s && s.id !== 's-thanks') arm(s.id.slice(2));
  }, true);
  window.addEventListener('online', () => { delay = 1000; flush(); refresh().then(render); });
  if ('serviceWorker' in navigator) navigator.serviceWorker.register('/k/sw.js', { scope: '/k/' }).catch(() => {});
  start();
})();
