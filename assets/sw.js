// The app's offline copy, registered by loader.js. The build writes VERSION and PRECACHE
// (`cargo xtask precache`, a Trunk post_build hook): every file of the build except this one,
// with "./" standing for index.html. Since both change with any built file, every deploy is a
// new worker, which installs beside the old one and waits until the person asks to reload.
const VERSION = "dev";
const PRECACHE = [];

const SCOPE = self.registration.scope;
// Per scope: two deployments on one origin (different paths) keep their own caches.
const PREFIX = `twir-editor ${SCOPE} `;
const CACHE = PREFIX + VERSION;
const INDEX = new URL("./", SCOPE).href;
// After this long without an answer for the page itself, a lagging network gets the copy.
const NAVIGATION_TIMEOUT_MS = 4000;

self.addEventListener("install", (event) => {
  event.waitUntil(precache());
});

async function precache() {
  const cache = await caches.open(CACHE);
  // "no-cache": revalidate, so no HTTP cache hands an older build to a newer worker.
  await cache.addAll(PRECACHE.map((url) => new Request(url, { cache: "no-cache" })));
  // A deploy that landed between fetching this script and index.html would leave a page that
  // names files of another build: refuse to install; the next update check gets it right.
  const index = await (await cache.match(INDEX)).text();
  const wasm = PRECACHE.find((url) => url.endsWith(".wasm"));
  if (wasm && !index.includes(wasm.replace(/^\.\//, ""))) {
    await caches.delete(CACHE);
    throw new Error(`index.html does not load ${wasm}: the site changed while installing`);
  }
}

self.addEventListener("activate", (event) => {
  event.waitUntil(
    (async () => {
      for (const name of await caches.keys()) {
        if (name.startsWith(PREFIX) && name !== CACHE) await caches.delete(name);
      }
      // The first visit's page is controlled at once, so it works offline without a reload.
      await self.clients.claim();
    })(),
  );
});

// Sent by the page's "reload" button: only then does a waiting worker take over.
self.addEventListener("message", (event) => {
  if (event.data === "skip-waiting") self.skipWaiting();
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  // Other origins (GitHub's API and raw files) and anything but GET are left to the browser:
  // never cached, never answered from here.
  if (request.method !== "GET" || new URL(request.url).origin !== self.location.origin) return;
  event.respondWith(request.mode === "navigate" ? page(request) : file(request));
});

// The page: network first, so an online visit always gets the current deploy; this worker's
// own index.html when offline (it names exactly the files this worker holds).
async function page(request) {
  const fromNetwork = fetch(request);
  fromNetwork.catch(() => {}); // answered from the copy below when it fails
  const lagging = new Promise((resolve) => setTimeout(resolve, NAVIGATION_TIMEOUT_MS, null));
  try {
    const response = await Promise.race([fromNetwork, lagging]);
    if (response) return response;
  } catch {
    // Offline: fall through to the copy.
  }
  const copy = await caches.match(INDEX, { cacheName: CACHE });
  return copy || fromNetwork;
}

// Everything else: the copy when there is one (hashed names never change content), else the
// network, for files of a newer deploy that a page loaded online asks for.
async function file(request) {
  const copy = await caches.match(request, { cacheName: CACHE, ignoreSearch: true });
  return copy || fetch(request);
}
