//! Chrome DevTools Protocol commands through ChromeDriver's passthrough: network and CPU
//! emulation for the offline tests and the bench.

use fantoccini::wd::WebDriverCompatibleCommand;
use serde_json::{json, Value};

use crate::Session;

/// ChromeDriver's `POST /session/{id}/goog/cdp/execute`: one CDP command on the page's target.
#[derive(Debug)]
struct Execute {
    method: String,
    params: Value,
}

impl WebDriverCompatibleCommand for Execute {
    fn endpoint(
        &self,
        base: &url::Url,
        session: Option<&str>,
    ) -> Result<url::Url, url::ParseError> {
        base.join(&format!(
            "session/{}/goog/cdp/execute",
            session.unwrap_or_default()
        ))
    }

    fn method_and_body(&self, _url: &url::Url) -> (http::Method, Option<String>) {
        let body = json!({ "cmd": self.method, "params": self.params });
        (http::Method::POST, Some(body.to_string()))
    }
}

/// Network conditions for `Network.emulateNetworkConditions`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct NetworkConditions {
    pub offline: bool,
    /// Added to every request's round trip, in ms.
    pub latency_ms: f64,
    /// Bytes per second; -1 for no limit.
    pub download: f64,
    pub upload: f64,
}

impl NetworkConditions {
    /// No network at all.
    pub const OFFLINE: NetworkConditions = NetworkConditions {
        offline: true,
        latency_ms: 0.0,
        download: -1.0,
        upload: -1.0,
    };
    /// No emulation.
    pub const ONLINE: NetworkConditions = NetworkConditions {
        offline: false,
        latency_ms: 0.0,
        download: -1.0,
        upload: -1.0,
    };
    /// DevTools' "Slow 4G": 1.6 Mbit/s down, 750 kbit/s up, 150 ms round trip.
    pub const SLOW_4G: NetworkConditions = NetworkConditions {
        offline: false,
        latency_ms: 150.0,
        download: 1.6e6 / 8.0,
        upload: 750e3 / 8.0,
    };

    /// The conditions named `name` on the command line.
    pub fn named(name: &str) -> Option<NetworkConditions> {
        match name {
            "slow-4g" => Some(NetworkConditions::SLOW_4G),
            "offline" => Some(NetworkConditions::OFFLINE),
            "none" => Some(NetworkConditions::ONLINE),
            _ => None,
        }
    }
}

impl Session {
    /// Runs one CDP command on the page's target and returns its result.
    pub async fn cdp(&self, method: &str, params: Value) -> Result<Value, String> {
        self.client
            .issue_cmd(Execute {
                method: method.to_string(),
                params,
            })
            .await
            .map_err(|e| format!("CDP {method} failed: {e}"))
    }

    /// Emulates `conditions` for the page's own requests (not those of its service worker,
    /// which runs in another target: see [`crate::set_site_down`] for a real outage).
    pub async fn emulate_network(&self, conditions: NetworkConditions) -> Result<(), String> {
        self.cdp("Network.enable", json!({})).await?;
        self.cdp(
            "Network.emulateNetworkConditions",
            json!({
                "offline": conditions.offline,
                "latency": conditions.latency_ms,
                "downloadThroughput": conditions.download,
                "uploadThroughput": conditions.upload,
            }),
        )
        .await
        .map(drop)
    }

    /// Slows the page's CPU by `rate` (1 is no slowdown).
    pub async fn throttle_cpu(&self, rate: f64) -> Result<(), String> {
        self.cdp("Emulation.setCPUThrottlingRate", json!({ "rate": rate }))
            .await
            .map(drop)
    }
}
