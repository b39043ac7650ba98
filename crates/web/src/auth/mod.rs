//! Who is asking: sessions, passwords, API tokens, the login rate limit.

pub mod password;
pub mod ratelimit;
pub mod secret;
pub mod viewer;

pub use viewer::Viewer;
