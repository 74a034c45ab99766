//! Where the wasm's bytes go: code bytes per crate (and per module of the project's own
//! crates), read from the function bodies and the name section of the wasm that cargo built,
//! before wasm-bindgen and wasm-opt (which drop the names). The shares carry over to the
//! shipped file closely enough to say what to cut; the shipped total is measured apart.

use std::collections::BTreeMap;
use std::path::Path;

use wasmparser::{KnownCustom, Name, Parser, Payload, TypeRef};

/// Bytes of one group (a crate, or `crate::module` for the project's own crates).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Group {
    pub name: String,
    pub bytes: u64,
}

/// The function bodies of `wasm` grouped by crate, largest first, plus `(data)` for data
/// segments and `(unnamed)` for functions the name section does not name.
pub fn attribute(wasm: &[u8]) -> Result<Vec<Group>, String> {
    let mut imported_funcs = 0u32;
    let mut bodies: Vec<u64> = Vec::new();
    let mut names: BTreeMap<u32, String> = BTreeMap::new();
    let mut data = 0u64;
    for payload in Parser::new(0).parse_all(wasm) {
        match payload.map_err(|e| format!("not a wasm module: {e}"))? {
            Payload::ImportSection(reader) => {
                for import in reader.into_imports() {
                    let import = import.map_err(|e| format!("bad import: {e}"))?;
                    if matches!(import.ty, TypeRef::Func(_) | TypeRef::FuncExact(_)) {
                        imported_funcs += 1;
                    }
                }
            }
            Payload::CodeSectionEntry(body) => {
                let r = body.range();
                bodies.push(r.end - r.start);
            }
            Payload::DataSection(reader) => {
                for d in reader {
                    data += d.map_err(|e| format!("bad data segment: {e}"))?.data.len() as u64;
                }
            }
            Payload::CustomSection(c) => {
                if let KnownCustom::Name(reader) = c.as_known() {
                    for sub in reader {
                        if let Ok(Name::Function(map)) = sub {
                            for n in map.into_iter().flatten() {
                                names.insert(n.index, n.name.to_string());
                            }
                        }
                    }
                }
            }
            _ => {}
        }
    }
    if names.is_empty() {
        return Err("the wasm has no name section (was it stripped?)".into());
    }
    let mut groups: BTreeMap<String, u64> = BTreeMap::new();
    for (i, size) in bodies.iter().enumerate() {
        let index = imported_funcs + u32::try_from(i).unwrap_or(u32::MAX);
        let name = names
            .get(&index)
            .map(|n| rustc_demangle::demangle(n).to_string());
        // wasm-bindgen's CLI runs these describe functions and removes them: they never ship.
        if name.as_deref().is_some_and(|n| {
            n.starts_with("__wbindgen_describe") || n.contains("wasm_bindgen::describe::")
        }) {
            continue;
        }
        let group = name.map_or_else(|| "(unnamed)".to_string(), |n| group_of(&n));
        *groups.entry(group).or_default() += size;
    }
    if data > 0 {
        groups.insert("(data)".into(), data);
    }
    let mut out: Vec<Group> = groups
        .into_iter()
        .map(|(name, bytes)| Group { name, bytes })
        .collect();
    out.sort_by(|a, b| b.bytes.cmp(&a.bytes).then_with(|| a.name.cmp(&b.name)));
    Ok(out)
}

/// The crate a demangled function belongs to, with the module for the project's own crates.
/// An impl (`<a::B as c::D>::f`) belongs to the type's crate; the standard library's crates
/// are one group.
fn group_of(demangled: &str) -> String {
    let path = demangled.trim_start_matches(['<', '&', '*', ' ', '[', '(']);
    let path = path.strip_prefix("mut ").unwrap_or(path);
    // `<T as tachys::view::Render>::build`: a generic type's impl goes with its trait.
    let path = match path.split_once(" as ") {
        Some((ty, rest)) if !ty.contains("::") => rest,
        _ => path,
    };
    if path.starts_with("__wbindgen") || path.starts_with("__wbg") {
        return "wasm_bindgen (glue)".to_string();
    }
    let mut segments = path
        .split(|c: char| !(c.is_alphanumeric() || c == '_' || c == ':'))
        .next()
        .unwrap_or("")
        .split("::");
    let krate = segments.next().unwrap_or("");
    match krate {
        "" => "(other)".to_string(),
        "core" | "alloc" | "std" => "std (core, alloc)".to_string(),
        "twir_format" | "twir_editor" => match segments.next() {
            Some(module)
                if !module.is_empty() && module.chars().next().is_some_and(char::is_lowercase) =>
            {
                format!("{krate}::{module}")
            }
            _ => krate.to_string(),
        },
        k if path.contains("::") => k.to_string(),
        _ => "(other)".to_string(),
    }
}

/// The table printed by the size stage: each group's share of the code, and that share of
/// the shipped wasm's gzip size (an estimate: compression is not uniform).
pub fn table(groups: &[Group], shipped_gzip: u64, top: usize) -> String {
    let total: u64 = groups.iter().map(|g| g.bytes).sum::<u64>().max(1);
    let mut out = format!(
        "{:<36} {:>12} {:>7} {:>16}\n",
        "crate / module (wasm before wasm-opt)", "KiB raw", "share", "≈ KiB gzip"
    );
    let mut shown = 0u64;
    for g in groups.iter().take(top) {
        shown += g.bytes;
        out.push_str(&row(&g.name, g.bytes, total, shipped_gzip));
    }
    if groups.len() > top {
        out.push_str(&row(
            &format!("({} more)", groups.len() - top),
            total - shown,
            total,
            shipped_gzip,
        ));
    }
    out
}

#[allow(clippy::cast_precision_loss)] // KiB and percentages for a person to read
fn row(name: &str, bytes: u64, total: u64, shipped_gzip: u64) -> String {
    let share = bytes as f64 / total as f64;
    format!(
        "{:<36} {:>12.1} {:>6.1}% {:>16.1}\n",
        name,
        bytes as f64 / 1024.0,
        share * 100.0,
        share * shipped_gzip as f64 / 1024.0
    )
}

/// The wasm cargo built for the app's release profile, if it is there.
pub fn cargo_wasm(root: &Path) -> Option<std::path::PathBuf> {
    let target = std::env::var_os("CARGO_TARGET_DIR").map_or_else(
        || root.join("target"),
        |d| root.join(std::path::PathBuf::from(d)),
    );
    let p = target.join("wasm32-unknown-unknown/release/twir-editor.wasm");
    p.is_file().then_some(p)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn functions_are_grouped_by_crate_and_own_module() {
        assert_eq!(
            group_of("twir_format::parse::parse_lines"),
            "twir_format::parse"
        );
        assert_eq!(
            group_of("<twir_format::model::Issue as core::clone::Clone>::clone"),
            "twir_format::model"
        );
        assert_eq!(group_of("core::fmt::write"), "std (core, alloc)");
        assert_eq!(group_of("alloc::raw_vec::finish_grow"), "std (core, alloc)");
        assert_eq!(
            group_of("<leptos::view::Foo<T> as tachys::view::Render>::build"),
            "leptos"
        );
        assert_eq!(group_of("__wbindgen_malloc"), "wasm_bindgen (glue)");
        assert_eq!(
            group_of("<&T as core::fmt::Debug>::fmt::h6dab100b98b8d929"),
            "std (core, alloc)"
        );
        assert_eq!(group_of("<[T] as serde::Serialize>::serialize"), "serde");
        assert_eq!(group_of("main"), "(other)");
        assert_eq!(group_of("twir_editor::App"), "twir_editor");
    }

    /// A module with one imported and two defined functions, named, and one data segment.
    fn tiny_wasm() -> Vec<u8> {
        let mut m = b"\0asm\x01\0\0\0".to_vec();
        // type section: one type () -> ()
        m.extend([1, 4, 1, 0x60, 0, 0]);
        // import section: "m" "f" func type 0
        m.extend([2, 7, 1, 1, b'm', 1, b'f', 0, 0]);
        // function section: two functions of type 0
        m.extend([3, 3, 2, 0, 0]);
        // memory section: one memory, min 1
        m.extend([5, 3, 1, 0, 1]);
        // code section: bodies of 2 and 4 bytes (locals count 0, then code)
        m.extend([10, 9, 2, 2, 0, 0x0b, 4, 0, 0x01, 0x01, 0x0b]);
        // data section: one active segment of 3 bytes at offset 0
        m.extend([11, 9, 1, 0, 0x41, 0, 0x0b, 3, b'a', b'b', b'c']);
        // name section, function names: 1 -> twir_format::x::f, 2 -> core::g
        let f1 = b"twir_format::x::f";
        let f2 = b"core::g";
        let mut names = vec![2u8, 1];
        names.push(u8::try_from(f1.len()).unwrap());
        names.extend(f1);
        names.push(2);
        names.push(u8::try_from(f2.len()).unwrap());
        names.extend(f2);
        let mut sub = vec![1u8, u8::try_from(names.len()).unwrap()];
        sub.extend(names);
        let mut custom = vec![4u8, b'n', b'a', b'm', b'e'];
        custom.extend(sub);
        m.push(0);
        m.push(u8::try_from(custom.len()).unwrap());
        m.extend(custom);
        m
    }

    #[test]
    fn bodies_after_the_imports_get_their_names_and_data_counts_apart() {
        let groups = attribute(&tiny_wasm()).unwrap();
        assert_eq!(
            groups,
            [
                Group {
                    name: "std (core, alloc)".into(),
                    bytes: 4
                },
                Group {
                    name: "(data)".into(),
                    bytes: 3
                },
                Group {
                    name: "twir_format::x".into(),
                    bytes: 2
                },
            ]
        );
        let t = table(&groups, 1024, 2);
        assert!(
            t.lines().nth(1).unwrap().starts_with("std (core, alloc)"),
            "{t}"
        );
        assert!(t.contains("(1 more)"), "{t}");
        assert!(attribute(b"not wasm").is_err());
    }
}
