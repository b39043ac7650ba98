//! One module per command; each is a thin layer over the store and engine crates.

pub mod demo;
pub mod export;
pub mod grants;
pub mod init;
pub mod report;
pub mod reports;
pub mod survey;
pub mod serve;
pub mod users;
pub mod validate;
