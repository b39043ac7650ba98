//! One module per command; each is a thin layer over the store and engine crates.

pub mod demo;
pub mod export;
pub mod grants;
#[cfg(feature = "engine")]
pub mod indicators;
pub mod init;
pub mod report;
pub mod reports;
pub mod serve;
pub mod survey;
#[cfg(feature = "engine")]
pub mod synth;
pub mod users;
pub mod validate;
