//! Drafts in `localStorage`.
//!
//! Invariant: this is the only module of the app that touches `localStorage`, so what is kept
//! between visits (and how it is migrated) is decided in one place. Nothing is stored yet.
