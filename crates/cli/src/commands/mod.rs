//! One module per command group; each is a thin layer over the store, the
//! engine, the annual report and the web crates: what it computes, it gets
//! from them, and what it prints comes from the message catalogue.

pub mod annual_report;
pub mod backup;
pub mod demo;
pub mod export;
pub mod grants;
#[cfg(feature = "engine")]
pub mod indicators;
pub mod init;
pub mod qual;
pub mod reports;
pub mod serve;
pub mod survey;
#[cfg(feature = "engine")]
pub mod synth;
pub mod users;
pub mod validate;
