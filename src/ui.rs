//! The shared widgets of the dialogs, panels and banners, and a few DOM helpers.
//!
//! Non-generic on purpose: every `view!` and every reactive closure type is compiled separately
//! into the wasm, so views are built from these few functions (handlers and reactive parts as
//! `Rc<dyn Fn>` / `Arc<dyn Fn>`) instead of one element tree type per dialog. This keeps the
//! bundle small. Nothing here reads or changes the editor's state.

use std::rc::Rc;
use std::sync::Arc;
use std::time::Duration;

use leptos::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::HtmlInputElement;

use crate::doc::{piece_textarea_id, Piece};

/// What a button or link does when clicked.
pub type Handler = Rc<dyn Fn()>;

/// The status line of an action: `Ok` informs, `Err` alerts, `None` shows nothing.
pub type StatusMessage = RwSignal<Option<Result<String, String>>>;

/// Wraps a closure as a [`Handler`].
pub fn handler(f: impl Fn() + 'static) -> Handler {
    Rc::new(f)
}

/// `<button class>` running `on` when clicked.
pub fn button(class: &'static str, label: &'static str, on: Handler) -> AnyView {
    view! { <button type="button" class=class on:click=move |_| on()>{label}</button> }.into_any()
}

/// [`button`] with an element id (for labels, tests and focus).
pub fn button_with_id(
    id: &'static str,
    class: &'static str,
    label: &'static str,
    on: Handler,
) -> AnyView {
    view! { <button type="button" id=id class=class on:click=move |_| on()>{label}</button> }
        .into_any()
}

/// `<p class>` with text.
pub fn paragraph(class: &'static str, text: String) -> AnyView {
    view! { <p class=class>{text}</p> }.into_any()
}

/// A sub-heading of a dialog.
pub fn heading(text: &'static str) -> AnyView {
    view! { <h3>{text}</h3> }.into_any()
}

/// A `<div class>` holding `children`.
pub fn container(class: &'static str, children: Vec<AnyView>) -> AnyView {
    view! { <div class=class>{children}</div> }.into_any()
}

/// A part of the page built again whenever a signal that `f` reads changes.
pub fn reactive_view(f: impl Fn() -> AnyView + Send + Sync + 'static) -> AnyView {
    let f: Arc<dyn Fn() -> AnyView + Send + Sync> = Arc::new(f);
    (move || f()).into_any()
}

/// A `<For>` over ids: the list `each` reads, one `children(id)` per id, kept by id. One copy
/// of the keyed-list code for every such list (each `<For>` with its own closures is compiled
/// separately).
pub fn keyed_ids(
    each: impl Fn() -> Vec<twir_format::Id> + Send + Sync + 'static,
    children: impl Fn(twir_format::Id) -> AnyView + Send + Sync + 'static,
) -> AnyView {
    keyed_ids_dyn(Arc::new(each), Arc::new(children))
}

type IdList = Arc<dyn Fn() -> Vec<twir_format::Id> + Send + Sync>;
type IdView = Arc<dyn Fn(twir_format::Id) -> AnyView + Send + Sync>;

fn keyed_ids_dyn(each: IdList, children: IdView) -> AnyView {
    view! { <For each=move || each() key=|id| *id children=move |id| children(id)/> }.into_any()
}

/// `<span id>` whose text follows what `f` reads.
pub fn reactive_text(id: &'static str, f: impl Fn() -> String + Send + Sync + 'static) -> AnyView {
    let f: Arc<dyn Fn() -> String + Send + Sync> = Arc::new(f);
    view! { <span id=id>{move || f()}</span> }.into_any()
}

/// The status line `status`, when there is one.
pub fn status_line(id: &'static str, status: StatusMessage) -> AnyView {
    reactive_view(move || match status.get() {
        Some(Ok(t)) => view! { <p class="io-status" id=id role="status">{t}</p> }.into_any(),
        Some(Err(t)) => view! { <p class="io-error" id=id role="alert">{t}</p> }.into_any(),
        None => ().into_any(),
    })
}

/// A link opening in a new tab; `on` runs on click (before the browser follows it).
pub fn new_tab_link(
    id: &'static str,
    class: &'static str,
    label: &'static str,
    href: String,
    on: Option<Handler>,
) -> AnyView {
    view! {
        <a id=id class=class href=href target="_blank" rel="noopener"
            on:click=move |_| if let Some(f) = &on { f() }>{label}</a>
    }
    .into_any()
}

/// A labelled single-line input bound to `value`.
pub fn labelled_input(
    id: &'static str,
    label: &'static str,
    placeholder: &'static str,
    value: RwSignal<String>,
) -> AnyView {
    view! {
        <div class="io-row">
            <label for=id>{label}</label>
            <input id=id type="text" placeholder=placeholder prop:value=move || value.get()
                on:input:target=move |ev| value.set(ev.target().value())/>
        </div>
    }
    .into_any()
}

/// A button-styled file picker; `on` gets the chosen files.
pub fn file_picker(
    id: &'static str,
    label: &'static str,
    multiple: bool,
    on: Rc<dyn Fn(Vec<web_sys::File>)>,
) -> AnyView {
    let change = move |ev: leptos::ev::Event| {
        let Some(input) = ev
            .target()
            .and_then(|t| t.dyn_into::<HtmlInputElement>().ok())
        else {
            return;
        };
        let picked = input
            .files()
            .map(|l| (0..l.length()).filter_map(|i| l.get(i)).collect())
            .unwrap_or_default();
        // Clearing lets the same file be chosen again after edits.
        input.set_value("");
        on(picked);
    };
    view! {
        <label class="button" for=id>{label}</label>
        <input id=id class="visually-hidden" type="file" multiple=multiple
            accept=".md,.markdown,text/markdown,text/plain" on:change=change/>
    }
    .into_any()
}

/// A modal panel over the page; Escape, a click beside it, or Close run `close`.
pub fn modal(
    id: &'static str,
    title: &'static str,
    close: Handler,
    children: Vec<AnyView>,
) -> AnyView {
    // Focus moves into the dialog once it is in the page, so Escape and Tab work at once.
    set_timeout(
        move || {
            if let Some(el) = document()
                .get_element_by_id(id)
                .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
            {
                let _ = el.focus();
            }
        },
        Duration::ZERO,
    );
    let (on_backdrop, on_escape) = (close.clone(), close.clone());
    view! {
        <div class="io-backdrop" on:click=move |ev| {
            if ev.target() == ev.current_target() { on_backdrop() }
        }>
            <div class="io-dialog" role="dialog" aria-modal="true" id=id aria-label=title tabindex="-1"
                on:keydown=move |ev| if ev.key() == "Escape" { on_escape() }>
                <div class="io-dialog-head">
                    <h2>{title}</h2>
                    {button("link-button io-close", "Close", close)}
                </div>
                {children}
            </div>
        </div>
    }
    .into_any()
}

/// A button that asks once more, inline (no `window.confirm`).
#[component]
pub fn ConfirmButton(
    label: &'static str,
    question: &'static str,
    on_confirm: Callback<()>,
) -> impl IntoView {
    let asking = RwSignal::new(false);
    view! {
        <Show
            when=move || asking.get()
            fallback=move || view! {
                <button type="button" class="button subtle confirm-ask"
                    on:click=move |_| asking.set(true)>{label}</button>
            }
        >
            <span class="confirm">
                {question} " "
                {button("button confirm-yes", "Delete", handler(move || { asking.set(false); on_confirm.run(()); }))}
                {button("button subtle confirm-no", "Cancel", handler(move || asking.set(false)))}
            </span>
        </Show>
    }
}

/// An action copying `text` to the clipboard, reporting in `status`.
pub fn copy_to_clipboard(text: String, status: StatusMessage, done: &'static str) -> Handler {
    handler(move || {
        let text = text.clone();
        leptos::task::spawn_local(async move {
            status.set(Some(
                crate::browser::clipboard::write_text(&text)
                    .await
                    .map(|()| done.to_string())
                    .map_err(|e| format!("Copy failed: {e}.")),
            ));
        });
    })
}

/// Puts the caret at `at` (text-area units) in the text area of `piece`, once it exists.
pub fn focus_piece(piece: Piece, at: usize) {
    let Some(el) = document()
        .get_element_by_id(&piece_textarea_id(piece))
        .and_then(|e| e.dyn_into::<web_sys::HtmlTextAreaElement>().ok())
    else {
        return;
    };
    let _ = el.focus();
    let at = at as u32;
    let _ = el.set_selection_range(at, at);
}
