'use strict';
// The kiosk's assets, network first and from this cache without a network.
const CACHE = 'phieu-kiosk-1';
const ASSETS = ['/k/', '/k/kiosk.js', '/k/kiosk.css', '/k/manifest.webmanifest', '/k/icon.svg'];
self.addEventListener('install', (e) => {
  e.waitUntil(caches.open(CACHE).then((c) => c.addAll(ASSETS)).then(() => self.skipWaiting()));
});
self.addEventListener('activate', (e) => {
  e.waitUntil(caches.keys()
    .then((ks) => Promise.all(ks.filter((k) => k !== CACHE).map((k) => caches.delete(k))))
    .then(() => self.clients.claim()));
});
self.addEventListener('fetch', (e) => {
  const u = new URL(e.request.url);
  if (e.request.method !== 'GET' || u.origin !== self.location.origin || !u.pathname.startsWith('/k/')) return;
  const key = u.pathname === '/k/enrol' ? '/k/' : u.pathname;
  e.respondWith(fetch(e.request).then((r) => {
    if (r.ok) { const copy = r.clone(); caches.open(CACHE).then((c) => c.put(key, copy)); }
    return r;
  }).catch(() => caches.match(key).then((r) => r || Response.error())));
});
