//! The colour theme: `data-theme` on `<html>` (read by style/main.css) and the remembered
//! choice. `assets/loader.js` applies the stored choice before the app starts; without one
//! the page follows the system's `prefers-color-scheme`.

use super::storage::Store;

/// The storage key (under the app's prefix) of the chosen theme: `dark` or `light`.
pub const KEY: &str = "theme";

/// Whether the page shows the dark theme now (chosen, or the system's when nothing was).
pub fn is_dark() -> bool {
    let Some(window) = web_sys::window() else {
        return false;
    };
    let chosen = window
        .document()
        .and_then(|d| d.document_element())
        .and_then(|e| e.get_attribute("data-theme"));
    match chosen.as_deref() {
        Some("dark") => true,
        Some("light") => false,
        _ => window
            .match_media("(prefers-color-scheme: dark)")
            .ok()
            .flatten()
            .is_some_and(|m| m.matches()),
    }
}

/// Shows the dark (or light) theme and remembers the choice. A choice that cannot be stored
/// (storage full or refused) still applies to this page: it is not worth a notice.
pub fn set(store: &Store, dark: bool) {
    let value = if dark { "dark" } else { "light" };
    if let Some(root) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.document_element())
    {
        let _ = root.set_attribute("data-theme", value);
    }
    let _ = store.set(KEY, value);
}
