//! Helpers shared by the component test modules.

use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlElement};

/// A fresh container appended to the page's body, to mount a component into.
pub fn host() -> HtmlElement {
    let document = web_sys::window().unwrap().document().unwrap();
    let host: HtmlElement = document.create_element("div").unwrap().unchecked_into();
    document.body().unwrap().append_child(&host).unwrap();
    host
}

/// Waits `ms` milliseconds (a timer task, so effects and the browser get to run).
pub async fn sleep(ms: i32) {
    let p = js_sys::Promise::new(&mut |resolve, _| {
        web_sys::window()
            .unwrap()
            .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms)
            .unwrap();
    });
    wasm_bindgen_futures::JsFuture::from(p).await.unwrap();
}

/// Lets effects and rendering run (they are queued as microtasks) while no timer can fire:
/// between two calls less time passes than any pause the app waits for.
pub async fn run_microtasks() {
    for _ in 0..8 {
        let resolved = js_sys::Promise::resolve(&wasm_bindgen::JsValue::NULL);
        wasm_bindgen_futures::JsFuture::from(resolved)
            .await
            .unwrap();
    }
}

/// Lets the reactive system run: effects are scheduled as tasks, not run inside `set`.
pub async fn settle() {
    for _ in 0..4 {
        sleep(0).await;
    }
    // The rendered preview follows a frame after the edit.
    next_frame().await;
    sleep(0).await;
}

/// Waits for the next animation frame.
pub async fn next_frame() {
    let p = js_sys::Promise::new(&mut |resolve, _| {
        web_sys::window()
            .unwrap()
            .request_animation_frame(&resolve)
            .unwrap();
    });
    wasm_bindgen_futures::JsFuture::from(p).await.unwrap();
}

/// The first element under `scope` matching `css`; panics naming the selector otherwise.
pub fn query(scope: &Element, css: &str) -> Element {
    scope
        .query_selector(css)
        .unwrap()
        .unwrap_or_else(|| panic!("no element matches {css}"))
}

/// Waits until the checks followed the last edit (they wait for a pause in typing).
pub async fn settle_checks() {
    sleep(twir_editor::editor::VALIDATION_PAUSE.as_millis() as i32 + 100).await;
    settle().await;
}

/// Dispatches a `keydown` of `key` (with Alt when `alt`) on `el`, bubbling like a real one.
pub fn key_down(el: &Element, key: &str, alt: bool) {
    let init = web_sys::KeyboardEventInit::new();
    init.set_key(key);
    init.set_alt_key(alt);
    init.set_bubbles(true);
    let ev = web_sys::KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &init).unwrap();
    el.dispatch_event(&ev).unwrap();
}

/// Opens the closed entry row `row` as a person does, by clicking its one-line summary, and
/// waits for its fields.
pub async fn open_entry(row: &Element) {
    query(row, ".f-closed")
        .unchecked_into::<HtmlElement>()
        .click();
    settle().await;
    assert!(
        row.query_selector(".f-fields").unwrap().is_some(),
        "the row opened: {}",
        row.outer_html()
    );
}
