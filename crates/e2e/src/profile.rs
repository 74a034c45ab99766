//! Where the time of a measured step goes: a CDP CPU profile (`Profiler.start`/`stop`) read
//! into self time per function, for `twir-bench --profile`. Wasm functions are named only when
//! the wasm keeps its name section (a release build's wasm-opt drops it).

use std::collections::HashMap;

use serde_json::{json, Value};

use crate::Session;

/// Self time of one function (all its nodes in the call tree together).
#[derive(Debug, Clone, PartialEq)]
pub struct SelfTime {
    pub name: String,
    pub ms: f64,
}

impl Session {
    /// Starts sampling the page's CPU every `interval_us` microseconds.
    pub async fn start_profile(&self, interval_us: u32) -> Result<(), String> {
        self.cdp("Profiler.enable", json!({})).await?;
        self.cdp(
            "Profiler.setSamplingInterval",
            json!({ "interval": interval_us }),
        )
        .await?;
        self.cdp("Profiler.start", json!({})).await?;
        Ok(())
    }

    /// Stops sampling; the profile as Chromium gives it (`.cpuprofile` JSON).
    pub async fn stop_profile(&self) -> Result<Value, String> {
        let v = self.cdp("Profiler.stop", json!({})).await?;
        v.get("profile")
            .cloned()
            .ok_or_else(|| format!("Profiler.stop gave no profile: {v}"))
    }
}

/// Self time per function of a `.cpuprofile`, largest first; `(idle)` and `(program)` are
/// kept, so the shares add up to the profile's length.
pub fn self_times(profile: &Value) -> Result<Vec<SelfTime>, String> {
    let nodes = profile["nodes"]
        .as_array()
        .ok_or("the profile has no nodes")?;
    let mut name_of: HashMap<u64, String> = HashMap::new();
    for n in nodes {
        let id = n["id"].as_u64().ok_or("a profile node has no id")?;
        let frame = &n["callFrame"];
        let name = frame["functionName"].as_str().unwrap_or("");
        let name = if name.is_empty() { "(anonymous)" } else { name };
        // The script's file name tells the app's glue from the browser's own code.
        let url = frame["url"].as_str().unwrap_or("");
        let file = url.rsplit('/').next().unwrap_or("");
        let label = if file.is_empty() {
            name.to_string()
        } else {
            format!("{name} ({file})")
        };
        name_of.insert(id, label);
    }
    let samples = profile["samples"]
        .as_array()
        .ok_or("the profile has no samples")?;
    let deltas = profile["timeDeltas"]
        .as_array()
        .ok_or("the profile has no time deltas")?;
    let mut total: HashMap<&str, f64> = HashMap::new();
    // Each delta is the time before its sample: it is charged to the sample that ends it.
    for (s, d) in samples.iter().zip(deltas) {
        let (Some(id), Some(us)) = (s.as_u64(), d.as_f64()) else {
            continue;
        };
        if let Some(name) = name_of.get(&id) {
            *total.entry(name).or_default() += us.max(0.0) / 1000.0;
        }
    }
    let mut out: Vec<SelfTime> = total
        .into_iter()
        .map(|(name, ms)| SelfTime {
            name: name.to_string(),
            ms,
        })
        .collect();
    out.sort_by(|a, b| b.ms.total_cmp(&a.ms).then_with(|| a.name.cmp(&b.name)));
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn self_time_adds_up_each_functions_samples_across_its_nodes() {
        let profile = json!({
            "nodes": [
                { "id": 1, "callFrame": { "functionName": "(root)", "url": "" } },
                { "id": 2, "callFrame": { "functionName": "parse", "url": "http://x/app_bg.wasm" } },
                { "id": 3, "callFrame": { "functionName": "", "url": "http://x/app.js" } },
                { "id": 4, "callFrame": { "functionName": "parse", "url": "http://x/app_bg.wasm" } }
            ],
            "samples": [2, 3, 4, 2, 1],
            "timeDeltas": [500, 1000, 1500, 2000, 250]
        });
        let t = self_times(&profile).unwrap();
        assert_eq!(t[0].name, "parse (app_bg.wasm)");
        assert!((t[0].ms - 4.0).abs() < 1e-9, "{t:?}");
        assert_eq!(t[1].name, "(anonymous) (app.js)");
        assert!((t[1].ms - 1.0).abs() < 1e-9);
        assert_eq!(t[2].name, "(root)");
        assert_eq!(t.len(), 3);
    }

    #[test]
    fn a_profile_without_nodes_is_an_error() {
        assert!(self_times(&json!({ "samples": [] })).is_err());
    }
}
