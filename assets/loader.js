// Starts the app. It is a file rather than Trunk's inline <script> so that the
// Content-Security-Policy in index.html can forbid inline scripts. Trunk.toml's
// `pattern_script` writes the hashed file names into the data attributes.
const tag = document.querySelector("script[data-twir-js]");
const { default: init } = await import(tag.dataset.twirJs);
await init({ module_or_path: tag.dataset.twirWasm });
