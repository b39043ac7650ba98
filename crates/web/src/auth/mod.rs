//! Who is asking: sessions, passwords, API tokens, the client's address, the
//! sign-in throttle.

pub mod client;
pub mod password;
pub mod ratelimit;
pub mod secret;
pub mod viewer;

pub use viewer::Viewer;
