// Starts the app. It is a file rather than Trunk's inline <script> so that the
// Content-Security-Policy in index.html can forbid inline scripts. Trunk.toml's
// `pattern_script` writes the hashed file names into the data attributes.

// How often an open page asks whether a new version was deployed (the browser also asks on
// every visit).
const UPDATE_CHECK_MS = 60 * 60 * 1000;

// The remembered theme (src/browser/theme.rs), applied before the app draws anything.
try {
  const theme = localStorage.getItem("twir-editor/theme");
  if (theme === "dark" || theme === "light") document.documentElement.dataset.theme = theme;
} catch {
  // Storage refused (private mode, policy): the system's theme it is.
}

const tag = document.querySelector("script[data-twir-js]");
try {
  const { default: init } = await import(tag.dataset.twirJs);
  await init({ module_or_path: tag.dataset.twirWasm });
} finally {
  // After the start, so that precaching never competes with the first load.
  if ("serviceWorker" in navigator) {
    keepOfflineCopy().catch((e) => console.warn("twir-editor: no offline copy:", e));
  }
}

// Registers sw.js (the offline copy) and offers a new version once it has installed. The new
// worker waits until the person clicks reload: nothing changes under their typing.
async function keepOfflineCopy() {
  const registration = await navigator.serviceWorker.register(new URL("sw.js", import.meta.url), {
    updateViaCache: "none",
  });
  // On the very first visit there is no controller and nothing to offer: the worker just
  // takes over.
  const offer = (worker) => {
    if (worker && navigator.serviceWorker.controller) showUpdateBanner(worker);
  };
  offer(registration.waiting);
  registration.addEventListener("updatefound", () => {
    const worker = registration.installing;
    worker?.addEventListener("statechange", () => {
      if (worker.state === "installed") offer(worker);
    });
  });
  setInterval(() => registration.update().catch(() => {}), UPDATE_CHECK_MS);
}

function showUpdateBanner(worker) {
  if (document.getElementById("update-banner")) return;
  const banner = document.createElement("div");
  banner.id = "update-banner";
  banner.className = "update-banner";
  banner.setAttribute("role", "status");
  const text = document.createElement("span");
  text.textContent = "A new version is ready — ";
  const button = document.createElement("button");
  button.type = "button";
  button.className = "button";
  button.textContent = "reload";
  button.addEventListener("click", () => {
    button.disabled = true;
    if (worker.state !== "installed") {
      // Another tab already let it take over (or it was replaced): a plain reload gets it.
      location.reload();
      return;
    }
    navigator.serviceWorker.addEventListener("controllerchange", () => location.reload());
    worker.postMessage("skip-waiting");
  });
  banner.append(text, button);
  document.body.append(banner);
}
