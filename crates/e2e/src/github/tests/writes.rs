//! Forks, merge-upstream, refs, contents PUT and pull requests.

use serde_json::json;

use super::*;

#[test]
fn a_fork_is_made_asynchronously_and_polled_for() {
    let s = stand_in();
    s.set_fork_delay(3);
    let made = call(
        &s,
        "POST",
        &format!("/repos/{UPSTREAM}/forks"),
        Some("tok-c"),
        None,
    );
    assert_eq!(made.status, 202);
    assert_eq!(made.json["full_name"], FORK);
    assert_eq!(made.json["fork"], true);
    assert_eq!(made.json["parent"]["full_name"], UPSTREAM);
    assert_eq!(made.json["source"]["full_name"], UPSTREAM);
    // Not there yet: the app polls.
    let mut polls = 0;
    while call(&s, "GET", &format!("/repos/{FORK}"), Some("tok-c"), None).status == 404 {
        polls += 1;
        assert!(polls < 10, "the fork never appeared");
    }
    assert_eq!(
        polls, 2,
        "readable after 3 further requests, this one included"
    );
    let fork = call(&s, "GET", &format!("/repos/{FORK}"), Some("tok-c"), None);
    assert_eq!(fork.json["permissions"]["admin"], true);
    assert_eq!(fork.json["permissions"]["push"], true);
    assert_eq!(fork.json["id"], made.json["id"]);
    // The fork has upstream's files.
    assert_eq!(s.file(FORK, "main", DRAFT), s.file(UPSTREAM, "main", DRAFT));
    // Forking again answers the same fork.
    let again = call(
        &s,
        "POST",
        &format!("/repos/{UPSTREAM}/forks"),
        Some("tok-c"),
        None,
    );
    assert_eq!((again.status, &again.json["id"]), (202, &made.json["id"]));
    // Without a token, or with one that may not write: refused.
    assert_eq!(
        call(&s, "POST", &format!("/repos/{UPSTREAM}/forks"), None, None).status,
        401
    );
    s.add_user("reader", "tok-r", &["read:user"], false);
    let scopeless = call(
        &s,
        "POST",
        &format!("/repos/{UPSTREAM}/forks"),
        Some("tok-r"),
        None,
    );
    assert_eq!(scopeless.status, 404);
    assert!(!s.has_repo("reader/this-week-in-rust"));
}

#[test]
fn merge_upstream_fast_forwards_merges_or_conflicts() {
    let s = stand_in();
    forked(&s);
    let sync = |s: &StandIn| {
        call(
            s,
            "POST",
            &format!("/repos/{FORK}/merge-upstream"),
            Some("tok-c"),
            Some(json!({"branch": "main"})),
        )
    };
    let none = sync(&s);
    assert_eq!(none.status, 200);
    assert_eq!(none.json["merge_type"], "none");
    assert_eq!(none.json["base_branch"], "rust-lang:main");

    s.set_file(UPSTREAM, "main", DRAFT, b"newer upstream\n");
    let ff = sync(&s);
    assert_eq!(
        (ff.status, ff.json["merge_type"].as_str()),
        (200, Some("fast-forward"))
    );
    assert_eq!(s.head(FORK, "main"), s.head(UPSTREAM, "main"));
    assert_eq!(s.file(FORK, "main", DRAFT).unwrap(), b"newer upstream\n");

    // Different files changed on both sides: a merge commit.
    s.set_file(FORK, "main", "draft/mine.md", b"mine\n");
    s.set_file(UPSTREAM, "main", "content/theirs.md", b"theirs\n");
    let merged = sync(&s);
    assert_eq!(merged.json["merge_type"], "merge");
    assert_eq!(
        s.file(FORK, "main", "content/theirs.md").unwrap(),
        b"theirs\n"
    );
    assert_eq!(s.file(FORK, "main", "draft/mine.md").unwrap(), b"mine\n");

    // The same file changed differently: 409.
    s.set_file(FORK, "main", DRAFT, b"ours\n");
    s.set_file(UPSTREAM, "main", DRAFT, b"theirs\n");
    let conflict = sync(&s);
    assert_eq!(conflict.status, 409);
    assert!(conflict.json["message"].is_string());

    // Not a fork, no branch given: 422; another user's fork: 404.
    let upstream = call(
        &s,
        "POST",
        &format!("/repos/{UPSTREAM}/merge-upstream"),
        Some("tok-e"),
        Some(json!({"branch": "main"})),
    );
    assert_eq!(upstream.status, 422);
    let no_branch = call(
        &s,
        "POST",
        &format!("/repos/{FORK}/merge-upstream"),
        Some("tok-c"),
        Some(json!({})),
    );
    assert_eq!(no_branch.status, 422);
    let other = call(
        &s,
        "POST",
        &format!("/repos/{FORK}/merge-upstream"),
        Some("tok-e"),
        Some(json!({"branch": "main"})),
    );
    assert_eq!(other.status, 404);
}

#[test]
fn refs_are_read_and_created_once() {
    let s = stand_in();
    let main = call(
        &s,
        "GET",
        &format!("/repos/{UPSTREAM}/git/ref/heads/main"),
        None,
        None,
    );
    assert_eq!(main.status, 200);
    assert_eq!(main.json["ref"], "refs/heads/main");
    let sha = main.json["object"]["sha"].as_str().unwrap().to_string();
    assert_eq!(Some(sha.clone()), s.head(UPSTREAM, "main"));
    assert_eq!(sha.len(), 40);
    assert_eq!(main.json["object"]["type"], "commit");
    assert!(main.json["url"].is_string() && main.json["node_id"].is_string());
    let missing = call(
        &s,
        "GET",
        &format!("/repos/{UPSTREAM}/git/ref/heads/nope"),
        None,
        None,
    );
    assert_eq!(missing.status, 404);

    let new = json!({"ref": "refs/heads/issue-701", "sha": sha});
    let created = call(
        &s,
        "POST",
        &format!("/repos/{UPSTREAM}/git/refs"),
        Some("tok-e"),
        Some(new.clone()),
    );
    assert_eq!(created.status, 201);
    assert_eq!(created.json["ref"], "refs/heads/issue-701");
    assert_eq!(s.head(UPSTREAM, "issue-701").as_deref(), Some(sha.as_str()));
    let again = call(
        &s,
        "POST",
        &format!("/repos/{UPSTREAM}/git/refs"),
        Some("tok-e"),
        Some(new.clone()),
    );
    assert_eq!(again.status, 422);
    assert_eq!(again.json["message"], "Reference already exists");
    let bad_sha = json!({"ref": "refs/heads/x", "sha": "0".repeat(40)});
    let bad = call(
        &s,
        "POST",
        &format!("/repos/{UPSTREAM}/git/refs"),
        Some("tok-e"),
        Some(bad_sha),
    );
    assert_eq!(bad.status, 422);
    // A contributor may not push to upstream; nobody without a token.
    let other = json!({"ref": "refs/heads/mine", "sha": sha});
    assert_eq!(
        call(
            &s,
            "POST",
            &format!("/repos/{UPSTREAM}/git/refs"),
            Some("tok-c"),
            Some(other.clone())
        )
        .status,
        404
    );
    assert_eq!(
        call(
            &s,
            "POST",
            &format!("/repos/{UPSTREAM}/git/refs"),
            None,
            Some(other)
        )
        .status,
        401
    );
}

#[test]
fn contents_are_base64_with_git_blob_shas() {
    let s = stand_in();
    let fixture = std::fs::read(fixtures().join(DRAFT)).unwrap();
    let file = call(
        &s,
        "GET",
        &format!("/repos/{UPSTREAM}/contents/{DRAFT}?ref=main"),
        None,
        None,
    );
    assert_eq!(file.status, 200);
    assert_eq!(file.json["type"], "file");
    assert_eq!(file.json["encoding"], "base64");
    assert_eq!(file.json["name"], "2027-04-21-this-week-in-rust.md");
    assert_eq!(file.json["path"], DRAFT);
    assert_eq!(file.json["size"], fixture.len());
    assert_eq!(file.json["sha"], blob_sha(&fixture));
    let content = file.json["content"].as_str().unwrap();
    // Lines of 60 characters, as GitHub sends them.
    assert!(content.ends_with('\n'));
    assert!(content.lines().rev().skip(1).all(|l| l.len() == 60));
    let decoded = base64::engine::general_purpose::STANDARD
        .decode(content.replace('\n', ""))
        .unwrap();
    assert_eq!(decoded, fixture);
    let download = file.json["download_url"].as_str().unwrap();
    assert!(http_get(download)
        .unwrap()
        .ends_with(std::str::from_utf8(&fixture).unwrap()));

    // git hash-object's known vector.
    s.set_file(UPSTREAM, "main", "draft/hello.txt", b"hello\n");
    let hello = call(
        &s,
        "GET",
        &format!("/repos/{UPSTREAM}/contents/draft/hello.txt"),
        None,
        None,
    );
    assert_eq!(
        hello.json["sha"],
        "ce013625030ba8dba906f756967f9e9ca394464a"
    );
    assert_eq!(hello.json["content"], "aGVsbG8K\n");

    let listing = call(
        &s,
        "GET",
        &format!("/repos/{UPSTREAM}/contents/draft?ref=main"),
        None,
        None,
    );
    let items = listing.json.as_array().unwrap();
    let names: Vec<_> = items.iter().map(|i| i["name"].as_str().unwrap()).collect();
    assert_eq!(
        names,
        [
            "2027-04-14-this-week-in-rust.md",
            "2027-04-21-this-week-in-rust.md",
            "hello.txt"
        ]
    );
    assert_eq!(items[2]["sha"], "ce013625030ba8dba906f756967f9e9ca394464a");
    assert_eq!(items[2]["size"], 6);
    assert!(items[2]["download_url"]
        .as_str()
        .unwrap()
        .ends_with("/raw/rust-lang/this-week-in-rust/main/draft/hello.txt"));
    let root = call(
        &s,
        "GET",
        &format!("/repos/{UPSTREAM}/contents/"),
        None,
        None,
    );
    assert_eq!(root.json[0]["type"], "dir");
    assert_eq!(
        call(
            &s,
            "GET",
            &format!("/repos/{UPSTREAM}/contents/nope"),
            None,
            None
        )
        .status,
        404
    );
    let bad_ref = call(
        &s,
        "GET",
        &format!("/repos/{UPSTREAM}/contents/draft?ref=nope"),
        None,
        None,
    );
    assert_eq!(bad_ref.status, 404);
}

#[test]
fn put_creates_updates_and_refuses_a_stale_sha() {
    let s = stand_in();
    let path = format!("/repos/{UPSTREAM}/contents/draft/2027-04-28-this-week-in-rust.md");
    let put = |token: Option<&str>, body: Value| call(&s, "PUT", &path, token, Some(body));
    let created = put(
        Some("tok-e"),
        json!({"message": "Start issue 701", "content": b64(b"first\n"), "branch": "main"}),
    );
    assert_eq!(created.status, 201);
    assert_eq!(created.json["content"]["sha"], blob_sha(b"first\n"));
    assert_eq!(created.json["commit"]["message"], "Start issue 701");
    let commit = created.json["commit"]["sha"].as_str().unwrap();
    assert_eq!(s.head(UPSTREAM, "main").as_deref(), Some(commit));
    assert_eq!(
        s.file(UPSTREAM, "main", "draft/2027-04-28-this-week-in-rust.md")
            .unwrap(),
        b"first\n"
    );

    let first = blob_sha(b"first\n");
    let updated = put(
        Some("tok-e"),
        json!({"message": "Edit", "content": b64(b"second\n"), "sha": first}),
    );
    assert_eq!(updated.status, 200);
    assert_eq!(updated.json["commit"]["parents"][0]["sha"], commit);
    assert_eq!(s.head_message(UPSTREAM, "main").as_deref(), Some("Edit"));
    let stale = put(
        Some("tok-e"),
        json!({"message": "Edit", "content": b64(b"third\n"), "sha": first}),
    );
    assert_eq!(stale.status, 409);
    assert!(stale.json["message"]
        .as_str()
        .unwrap()
        .contains("does not match"));
    let no_sha = put(
        Some("tok-e"),
        json!({"message": "Edit", "content": b64(b"third\n")}),
    );
    assert_eq!(no_sha.status, 422);
    let no_branch = put(
        Some("tok-e"),
        json!({"message": "m", "content": b64(b"x"), "branch": "nope"}),
    );
    assert_eq!(no_branch.status, 404);
    assert_eq!(
        put(
            Some("tok-c"),
            json!({"message": "m", "content": b64(b"x"), "sha": blob_sha(b"second\n")})
        )
        .status,
        404
    );
    assert_eq!(
        put(None, json!({"message": "m", "content": b64(b"x")})).status,
        401
    );
    assert_eq!(
        s.file(UPSTREAM, "main", "draft/2027-04-28-this-week-in-rust.md")
            .unwrap(),
        b"second\n"
    );

    // Someone else commits between the app's read and its write.
    let read = call(
        &s,
        "GET",
        &format!("/repos/{UPSTREAM}/contents/{DRAFT}"),
        None,
        None,
    );
    s.change_before_next_put(DRAFT, b"their edit\n");
    let body = json!({"message": "Mine", "content": b64(b"my edit\n"), "sha": read.json["sha"]});
    let raced = call(
        &s,
        "PUT",
        &format!("/repos/{UPSTREAM}/contents/{DRAFT}"),
        Some("tok-e"),
        Some(body),
    );
    assert_eq!(raced.status, 409);
    assert_eq!(s.file(UPSTREAM, "main", DRAFT).unwrap(), b"their edit\n");
}

#[test]
fn pull_requests_open_once_and_are_listed() {
    let s = stand_in();
    forked(&s);
    let main = s.head(FORK, "main").unwrap();
    let branch = json!({"ref": "refs/heads/issue-701", "sha": main});
    assert_eq!(
        call(
            &s,
            "POST",
            &format!("/repos/{FORK}/git/refs"),
            Some("tok-c"),
            Some(branch)
        )
        .status,
        201
    );
    let pr = json!({"title": "Issue 701", "head": "ferris:issue-701", "base": "main", "body": "Entries", "maintainer_can_modify": true});
    let empty = call(
        &s,
        "POST",
        &format!("/repos/{UPSTREAM}/pulls"),
        Some("tok-c"),
        Some(pr.clone()),
    );
    assert_eq!(empty.status, 422, "no commits between main and the branch");
    let sha = call(
        &s,
        "GET",
        &format!("/repos/{FORK}/contents/{DRAFT}?ref=issue-701"),
        Some("tok-c"),
        None,
    )
    .json["sha"]
        .clone();
    let commit = json!({"message": "Add entries", "content": b64(b"with entries\n"), "sha": sha, "branch": "issue-701"});
    assert_eq!(
        call(
            &s,
            "PUT",
            &format!("/repos/{FORK}/contents/{DRAFT}"),
            Some("tok-c"),
            Some(commit)
        )
        .status,
        200
    );

    let opened = call(
        &s,
        "POST",
        &format!("/repos/{UPSTREAM}/pulls"),
        Some("tok-c"),
        Some(pr.clone()),
    );
    assert_eq!(opened.status, 201);
    assert_eq!(opened.json["number"], 1);
    assert_eq!(opened.json["state"], "open");
    assert_eq!(opened.json["head"]["label"], "ferris:issue-701");
    assert_eq!(opened.json["head"]["ref"], "issue-701");
    assert_eq!(opened.json["head"]["repo"]["full_name"], FORK);
    assert_eq!(opened.json["base"]["ref"], "main");
    assert_eq!(opened.json["user"]["login"], "ferris");
    assert_eq!(opened.json["maintainer_can_modify"], true);
    assert!(opened.json["html_url"]
        .as_str()
        .unwrap()
        .ends_with("/web/rust-lang/this-week-in-rust/pull/1"));

    let duplicate = call(
        &s,
        "POST",
        &format!("/repos/{UPSTREAM}/pulls"),
        Some("tok-c"),
        Some(pr),
    );
    assert_eq!(duplicate.status, 422);
    assert_eq!(duplicate.json["message"], "Validation Failed");
    assert_eq!(duplicate.json["errors"][0]["resource"], "PullRequest");
    assert_eq!(duplicate.json["errors"][0]["code"], "custom");
    assert_eq!(
        duplicate.json["errors"][0]["message"],
        "A pull request already exists for ferris:issue-701."
    );

    let listed = call(
        &s,
        "GET",
        &format!("/repos/{UPSTREAM}/pulls?head=ferris:issue-701&state=open"),
        None,
        None,
    );
    assert_eq!(listed.json.as_array().unwrap().len(), 1);
    let other = call(
        &s,
        "GET",
        &format!("/repos/{UPSTREAM}/pulls?head=ferris:other"),
        None,
        None,
    );
    assert_eq!(other.json, json!([]));
    assert_eq!(
        call(&s, "GET", &format!("/repos/{UPSTREAM}/pulls/1"), None, None).json["title"],
        "Issue 701"
    );
    assert_eq!(
        call(&s, "GET", &format!("/repos/{UPSTREAM}/pulls/9"), None, None).status,
        404
    );
    let bad_head = json!({"title": "t", "head": "ferris:nope", "base": "main"});
    assert_eq!(
        call(
            &s,
            "POST",
            &format!("/repos/{UPSTREAM}/pulls"),
            Some("tok-c"),
            Some(bad_head)
        )
        .status,
        422
    );
    assert_eq!(s.pulls().len(), 1);
    assert_eq!(s.pulls()[0].head_label, "ferris:issue-701");

    // The editor may commit to the contributor's branch: maintainers may modify it.
    let sha = blob_sha(b"with entries\n");
    let edit = json!({"message": "Editor's fix", "content": b64(b"fixed\n"), "sha": sha, "branch": "issue-701"});
    assert_eq!(
        call(
            &s,
            "PUT",
            &format!("/repos/{FORK}/contents/{DRAFT}"),
            Some("tok-e"),
            Some(edit.clone())
        )
        .status,
        200
    );
    assert_eq!(s.file(FORK, "issue-701", DRAFT).unwrap(), b"fixed\n");
    // …but not to its main.
    let main_edit = json!({"message": "m", "content": b64(b"x"), "sha": blob_sha(&s.file(FORK, "main", DRAFT).unwrap())});
    assert_eq!(
        call(
            &s,
            "PUT",
            &format!("/repos/{FORK}/contents/{DRAFT}"),
            Some("tok-e"),
            Some(main_edit)
        )
        .status,
        404
    );
}

#[test]
fn a_branch_with_a_slash_is_updated_read_raw_and_merged() {
    let s = stand_in();
    let main = s.head(UPSTREAM, "main").unwrap();
    let refs = format!("/repos/{UPSTREAM}/git/refs");
    let new = json!({"ref": "refs/heads/twir/issue-701", "sha": main});
    assert_eq!(
        call(&s, "POST", &refs, Some("tok-e"), Some(new)).status,
        201
    );
    assert_eq!(s.branches(UPSTREAM), ["main", "twir/issue-701"]);
    let sha = blob_sha(&s.file(UPSTREAM, "main", DRAFT).unwrap());
    let commit = json!({"message": "Entries", "content": b64(b"entries\n"), "sha": sha, "branch": "twir/issue-701"});
    let put = call(
        &s,
        "PUT",
        &format!("/repos/{UPSTREAM}/contents/{DRAFT}"),
        Some("tok-e"),
        Some(commit),
    );
    assert_eq!(put.status, 200);
    let raw = http_get(&format!("{}/raw/{UPSTREAM}/twir/issue-701/{DRAFT}", s.base)).unwrap();
    assert!(
        raw.starts_with("HTTP/1.1 200") && raw.ends_with("\r\n\r\nentries\n"),
        "{raw}"
    );

    // Moving a branch: forward only, unless forced.
    let ahead = s.head(UPSTREAM, "twir/issue-701").unwrap();
    let moved = format!("/repos/{UPSTREAM}/git/refs/heads/twir/issue-701");
    let back = call(
        &s,
        "PATCH",
        &moved,
        Some("tok-e"),
        Some(json!({"sha": main})),
    );
    assert_eq!(back.status, 422);
    assert_eq!(back.json["message"], "Update is not a fast forward");
    let forced = call(
        &s,
        "PATCH",
        &moved,
        Some("tok-e"),
        Some(json!({"sha": main, "force": true})),
    );
    assert_eq!(forced.status, 200);
    assert_eq!(forced.json["object"]["sha"], main.as_str());
    let forward = call(
        &s,
        "PATCH",
        &moved,
        Some("tok-e"),
        Some(json!({"sha": ahead})),
    );
    assert_eq!(forward.status, 200);

    // A pull request from the upstream's own branch, merged by a maintainer.
    let pr = json!({"title": "Issue 701", "head": "twir/issue-701", "base": "main", "maintainer_can_modify": true});
    let opened = call(
        &s,
        "POST",
        &format!("/repos/{UPSTREAM}/pulls"),
        Some("tok-e"),
        Some(pr),
    );
    assert_eq!(opened.status, 201);
    assert_eq!(opened.json["head"]["label"], "rust-lang:twir/issue-701");
    assert_eq!(
        opened.json["maintainer_can_modify"], false,
        "only a fork's pull request"
    );
    s.set_file(UPSTREAM, "main", "content/other.md", b"other\n");
    assert!(s.merge_pull(UPSTREAM, 1));
    assert!(!s.merge_pull(UPSTREAM, 1), "merged once");
    assert_eq!(s.file(UPSTREAM, "main", DRAFT).unwrap(), b"entries\n");
    assert_eq!(
        s.file(UPSTREAM, "main", "content/other.md").unwrap(),
        b"other\n"
    );
    let merged = call(&s, "GET", &format!("/repos/{UPSTREAM}/pulls/1"), None, None);
    assert_eq!(merged.json["state"], "closed");
    assert_eq!(merged.json["merged"], true);
    assert!(merged.json["merged_at"].is_string());
    assert!(s.pulls()[0].merged);
    let open = call(&s, "GET", &format!("/repos/{UPSTREAM}/pulls"), None, None);
    assert_eq!(open.json, json!([]));
    let all = call(
        &s,
        "GET",
        &format!("/repos/{UPSTREAM}/pulls?state=all"),
        None,
        None,
    );
    assert_eq!(all.json.as_array().unwrap().len(), 1);
}
