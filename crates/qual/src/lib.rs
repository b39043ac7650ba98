//! The qualitative follow-up beyond the database: reading the files of an
//! import (`documents.csv` and its `.txt`, `.md` and `.docx` files, the
//! codebook and codings CSV), Swedish full-text search with tantivy, and
//! exchange with QDA software as REFI-QDA projects (`.qdpx`). The contract
//! is `../shared/spec/qualitative.md`; the tables are in
//! `uppsikt_store::qual`.

pub mod demo;
pub mod docx;
pub mod qdpx;
pub mod read;
pub mod search;
pub mod xlsx;

pub use search::{Hit, SearchError, SearchIndex, SearchQuery};
