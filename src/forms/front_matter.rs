//! The front matter: issue number and date (with a "next Wednesday" helper); the title
//! follows the number.

use std::rc::Rc;

use leptos::prelude::*;
use twir_format::{expected_number, Date, EditError, Issue};

use super::input;
use crate::editor::{today, Editor};

/// Sets the number and the title that goes with it.
fn set_number(i: &mut Issue, n: u32) {
    i.front_matter.set("Number", n.to_string());
    i.front_matter
        .set("Title", format!("This Week in Rust {n}"));
}

/// Sets the date, and the number (and title) that the date calls for.
fn set_date(i: &mut Issue, d: Date) {
    i.front_matter.set("Date", d.to_string());
    if let Some(n) = expected_number(d) {
        set_number(i, n);
    }
}

pub(crate) fn form(editor: Editor) -> AnyView {
    let number = Signal::derive(move || {
        editor
            .issue()
            .with(|i| i.front_matter.get("Number").unwrap_or("").to_string())
    });
    let date = Signal::derive(move || {
        editor
            .issue()
            .with(|i| i.front_matter.get("Date").unwrap_or("").to_string())
    });
    let title = move || {
        editor
            .issue()
            .with(|i| i.front_matter.title().unwrap_or("").to_string())
    };
    let set_num = Rc::new(move |s: &str| {
        let n: u32 = s
            .trim()
            .parse()
            .map_err(|_| "a whole number (the title follows it)".to_string())?;
        editor.edit_typing("fm.number", |i| {
            set_number(i, n);
            Ok::<(), EditError>(())
        });
        Ok(())
    });
    let set_dt = Rc::new(move |s: &str| {
        let d = Date::parse(s.trim()).ok_or_else(|| "a date as YYYY-MM-DD".to_string())?;
        editor.edit_typing("fm.date", |i| {
            set_date(i, d);
            Ok::<(), EditError>(())
        });
        Ok(())
    });
    let next_wednesday = move |_| {
        // Today when it is a Wednesday, else the first one after it.
        if let Some(d) = today()
            .and_then(|t| t.add_days(-1))
            .and_then(Date::next_wednesday)
        {
            editor.edit("next Wednesday", |i| {
                set_date(i, d);
                Ok::<(), EditError>(())
            });
        }
    };
    view! {
        <div class="f-row f-front-matter" role="group" aria-label="Issue">
            {input("Number", "number", false, number, set_num)}
            {input("Date (YYYY-MM-DD)", "date", false, date, set_dt)}
            <button
                type="button"
                class="button small f-next-wednesday"
                title="Date the issue on the coming Wednesday; the number follows"
                on:click=next_wednesday
            >
                "Next Wednesday"
            </button>
            <p class="f-title-shown">"Title: " <span>{title}</span></p>
        </div>
    }
    .into_any()
}
