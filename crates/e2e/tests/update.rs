//! End-to-end tests of "Update from GitHub" against the local GitHub stand-in: someone else
//! changes the draft on GitHub while it is edited here; the update merges it in, says what came
//! in, and the conflict is settled in the forms. Failures leave the draft unchanged.
//!
//! Needs a `dist/` (`cargo xtask dist`) and ChromeDriver, like `e2e.rs`.

use std::path::PathBuf;

use serde_json::json;
use twir_e2e::github::{fixtures, offline_base, StandIn};
use twir_e2e::Session;

const DRAFT: &str = "2027-04-21-this-week-in-rust.md";
const NEXT: &str = "2027-04-28-this-week-in-rust.md";
const REPO: &str = "rust-lang/this-week-in-rust";
const RELEASE_TRAIN: &str = "An invented announcement about a release train";
const FIXTURE_TOOL: &str = "fixture-tool 0.3: now with imaginary features";

fn fixture(name: &str) -> String {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name);
    std::fs::read_to_string(path).expect("fixture")
}

#[tokio::test]
async fn an_update_brings_in_someone_elses_changes_and_the_conflict_is_settled_in_the_form() {
    let gh = StandIn::start(&fixtures()).unwrap();
    let s = Session::opened_with(&gh.query(), None).await;
    s.open_github_draft(DRAFT).await;
    assert!(gh
        .requests()
        .iter()
        .any(|r| r == &format!("GET /api/repos/{REPO}/contents/draft/{DRAFT}?ref=main")));

    // Edited here: one entry also changed upstream (a conflict), one only here.
    s.type_into_field(RELEASE_TRAIN, " (mine)").await;
    s.type_into_field(FIXTURE_TOOL, " (local)").await;
    // Someone else: the same entry changed differently, one added, one changed.
    gh.set_file(
        REPO,
        "main",
        &format!("draft/{DRAFT}"),
        fixture("update-theirs.md").as_bytes(),
    );

    s.click("#update-button").await;
    let said = s.text_containing("#update-status", "Updated from").await;
    assert_eq!(
        said,
        format!(
            "Updated from draft/{DRAFT}: 1 entry added upstream, 2 changed, 0 removed, 1 conflict."
        )
    );
    // The conflict at its entry, and in the checks summary.
    let mine = s
        .text_containing(".merge-conflict .conflict-ours", "(mine)")
        .await;
    assert!(mine.contains(RELEASE_TRAIN), "{mine}");
    s.text_containing(".merge-conflict .conflict-theirs", "now boarding")
        .await;
    s.text_containing(".summary-list", "[merge-conflict]").await;
    s.click("#export-button").await;
    s.text_containing(
        "#export-conflicts",
        "1 merge conflict with GitHub is not settled",
    )
    .await;
    s.click("#export-dialog .io-close").await;

    s.click(".merge-conflict .conflict-theirs-button").await;
    s.wait_until(
        "the conflict to be settled",
        "return document.querySelector('.merge-conflict') === null && !document.querySelector('.summary-list').textContent.includes('merge-conflict');",
    )
    .await
    .unwrap();
    assert_eq!(s.markdown().await, fixture("update-expected.md"));

    // Unchanged upstream since: nothing to do.
    s.click("#update-button").await;
    s.text_containing("#update-status", "unchanged on GitHub")
        .await;
    assert_eq!(s.markdown().await, fixture("update-expected.md"));
    s.close().await.unwrap();
}

#[tokio::test]
async fn a_failed_update_changes_nothing_and_a_published_draft_offers_the_new_one() {
    let gh = StandIn::start(&fixtures()).unwrap();
    let s = Session::opened_with(&gh.query(), None).await;
    s.open_github_draft(DRAFT).await;
    s.type_into_field(RELEASE_TRAIN, " (mine)").await;
    gh.set_file(
        REPO,
        "main",
        &format!("draft/{DRAFT}"),
        fixture("update-theirs.md").as_bytes(),
    );
    let before = s.markdown().await;

    // Offline: the API address reaches nothing.
    s.click("#open-button").await;
    s.js(
        "const i = document.querySelector('#github-api'); i.value = arguments[0]; i.dispatchEvent(new Event('change'));",
        vec![json!(offline_base())],
    )
    .await
    .unwrap();
    s.click("#open-dialog .io-close").await;
    s.click("#update-button").await;
    let msg = s.text_containing("#update-status", "Could not reach").await;
    assert!(msg.contains("Nothing was changed here"), "{msg}");
    assert_eq!(s.markdown().await, before);

    // Rate-limited.
    s.click("#open-button").await;
    s.js(
        "const i = document.querySelector('#github-api'); i.value = arguments[0]; i.dispatchEvent(new Event('change'));",
        vec![json!(format!("{}/api", gh.base))],
    )
    .await
    .unwrap();
    s.click("#open-dialog .io-close").await;
    gh.set_rate_limited(true);
    s.click("#update-button").await;
    s.text_containing(
        "#update-status",
        "GitHub's limit for requests without an account",
    )
    .await;
    assert_eq!(s.markdown().await, before);
    gh.set_rate_limited(false);

    // Published: the draft is gone and a new one started.
    gh.remove_file(REPO, "main", &format!("draft/{DRAFT}"));
    let next = fixture("update-theirs.md")
        .replace("Number: 700", "Number: 701")
        .replace("Date: 2027-04-21", "Date: 2027-04-28")
        .replace(
            "* [An invented announcement about a release train, now boarding](https://example.com/official/release-train)\n",
            "",
        );
    gh.set_file(REPO, "main", &format!("draft/{NEXT}"), next.as_bytes());
    s.click("#update-button").await;
    let msg = s
        .text_containing("#update-status", "is no longer on GitHub")
        .await;
    assert!(
        msg.contains(&format!("The current draft is draft/{NEXT}")),
        "{msg}"
    );
    assert_eq!(s.markdown().await, before);

    // Moving the entries opens the new draft with the entry added here in it.
    s.text_containing("#move-entries", NEXT).await;
    s.click("#move-entries").await;
    s.text_containing("#update-status", "with your 1 added entry in it")
        .await;
    let moved = s.markdown().await;
    assert!(moved.contains("Number: 701"), "{moved}");
    assert!(
        moved.contains(&format!(
            "### Official\n* [{RELEASE_TRAIN} (mine)](https://example.com/official/release-train)\n"
        )),
        "{moved}"
    );
    s.close().await.unwrap();
}
