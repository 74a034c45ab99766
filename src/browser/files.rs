//! Local files: reading a chosen file and offering the Markdown as a download.
//!
//! Nothing here touches the network or storage: the text goes from the file picker into the
//! model, and from the model into a `Blob` the browser saves.

use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{Blob, BlobPropertyBag, File, HtmlAnchorElement, Url};

/// Reads a picked file as UTF-8 text.
pub async fn read_text(file: &File) -> Result<String, String> {
    let text = JsFuture::from(file.text())
        .await
        .map_err(|e| format!("could not read {}: {}", file.name(), describe(&e)))?;
    text.as_string()
        .ok_or_else(|| format!("{} did not read as text", file.name()))
}

/// Makes the browser save `text` as `file_name`.
pub fn download(file_name: &str, text: &str) -> Result<(), String> {
    let parts = js_sys::Array::of1(&JsValue::from_str(text));
    let options = BlobPropertyBag::new();
    options.set_type("text/markdown;charset=utf-8");
    let blob =
        Blob::new_with_str_sequence_and_options(&parts, &options).map_err(|e| describe(&e))?;
    let url = Url::create_object_url_with_blob(&blob).map_err(|e| describe(&e))?;
    let document = web_sys::window()
        .and_then(|w| w.document())
        .ok_or("no document")?;
    let anchor: HtmlAnchorElement = document
        .create_element("a")
        .map_err(|e| describe(&e))?
        .unchecked_into();
    anchor.set_href(&url);
    anchor.set_download(file_name);
    anchor.click();
    // The click has started the download; the URL is no longer needed.
    let _ = Url::revoke_object_url(&url);
    Ok(())
}

/// The archive's file name for an issue dated `date` (`YYYY-MM-DD-this-week-in-rust.md`).
pub fn file_name_for(date: Option<twir_format::Date>) -> String {
    match date {
        Some(d) => format!("{d}-this-week-in-rust.md"),
        None => "this-week-in-rust.md".to_string(),
    }
}

fn describe(e: &JsValue) -> String {
    e.as_string()
        .or_else(|| {
            e.dyn_ref::<js_sys::Error>()
                .map(|e| String::from(e.message()))
        })
        .unwrap_or_else(|| format!("{e:?}"))
}
