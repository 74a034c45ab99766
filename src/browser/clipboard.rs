//! The clipboard (`navigator.clipboard`).

use wasm_bindgen_futures::JsFuture;

/// Puts `text` on the clipboard.
pub async fn write_text(text: &str) -> Result<(), String> {
    let window = web_sys::window().ok_or("no browser window")?;
    JsFuture::from(window.navigator().clipboard().write_text(text))
        .await
        .map(|_| ())
        .map_err(|_| "the browser did not allow writing to the clipboard".to_string())
}
