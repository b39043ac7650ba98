//! Swedish full-text search over every document, with tantivy.
//!
//! Text and title are lower-cased and stemmed with Snowball's Swedish
//! stemmer; quoted phrases match in order; every word must match. The index
//! lives in the data directory (`search/`) and is derived from the database
//! only: its commit payload records which database and which revision of the
//! qualitative data it holds. [`SearchIndex::catch_up`] indexes what changed
//! since (a missing or foreign index is rebuilt from nothing), and every
//! search catches up first, so a search sees every write that returned before
//! it, whichever process wrote.

use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::Duration;

use serde::{Deserialize, Serialize};
use tantivy::collector::TopDocs;
use tantivy::query::{BooleanQuery, Occur, Query, TermQuery, TermSetQuery};
use tantivy::schema::{Field, IndexRecordOption, STORED, STRING, Schema, TextFieldIndexing, TextOptions, Value};
use tantivy::snippet::SnippetGenerator;
use tantivy::tokenizer::{Language, LowerCaser, RemoveLongFilter, SimpleTokenizer, Stemmer, TextAnalyzer};
use tantivy::{Index, IndexReader, IndexWriter, ReloadPolicy, TantivyDocument, Term};
use uppsikt_domain::tr;
use uppsikt_store::Store;
use uppsikt_store::qual::{Changes, Document, changes_since};

/// The analyzer's name in the index.
const SWEDISH: &str = "sv";
/// Memory for the indexing thread; tantivy's minimum is 15 MB.
const WRITER_MEMORY: usize = 64 * 1024 * 1024;
/// Characters of text around the matches in a snippet.
const SNIPPET_CHARS: usize = 220;

/// What went wrong with the index.
#[derive(Debug, thiserror::Error)]
pub enum SearchError {
    /// Another process holds the index's writer lock.
    #[error("{}", tr!(qual.index_busy))]
    Busy,
    /// The query has no words.
    #[error("{}", tr!(qual.query_empty))]
    EmptyQuery,
    /// The index could not be read or written.
    #[error("{}", tr!(qual.index_failed, error = .0))]
    Index(#[from] tantivy::TantivyError),
    /// The database failed.
    #[error(transparent)]
    Store(#[from] uppsikt_store::Error),
}

/// The search's result.
pub type Result<T, E = SearchError> = std::result::Result<T, E>;

/// What to search for.
#[derive(Debug, Clone, Default)]
pub struct SearchQuery {
    /// Words and `"quoted phrases"`, all of which must match.
    pub text: String,
    /// Only documents of this county.
    pub region: Option<String>,
    /// Only documents of this kind (its code).
    pub kind: Option<String>,
    /// Only documents of this agreement.
    pub agreement: Option<String>,
    /// Only these documents (e.g. those coded with a code); `None` for all.
    pub doc_ids: Option<Vec<String>>,
    /// At most this many hits.
    pub limit: usize,
}

/// One document found.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Hit {
    /// The document.
    pub doc_id: String,
    /// Its title.
    pub title: String,
    /// Relevance (BM25), higher is better.
    pub score: f32,
    /// Passages as pieces of plain text, each marked as matched or not, for
    /// a page that escapes and marks them itself. Serialised as the
    /// contract's `snippets`: HTML-escaped text with the matches in
    /// `<mark>…</mark>` ([`Hit::snippets`]).
    #[serde(rename = "snippets", serialize_with = "as_snippets")]
    pub passages: Vec<Vec<(String, bool)>>,
}

impl Hit {
    /// The passages as the contract's snippets.
    pub fn snippets(&self) -> Vec<String> {
        self.passages.iter().map(|p| snippet_html(p)).collect()
    }
}

fn as_snippets<S: serde::Serializer>(passages: &[Vec<(String, bool)>], s: S) -> Result<S::Ok, S::Error> {
    s.collect_seq(passages.iter().map(|p| snippet_html(p)))
}

/// A passage as pieces: the fragment cut at the highlighted ranges.
fn pieces(fragment: &str, highlighted: &[std::ops::Range<usize>]) -> Vec<(String, bool)> {
    let mut out = Vec::new();
    let mut at = 0;
    for r in highlighted {
        if r.start < at || r.end > fragment.len() {
            continue;
        }
        if r.start > at {
            out.push((fragment[at..r.start].to_string(), false));
        }
        out.push((fragment[r.clone()].to_string(), true));
        at = r.end;
    }
    if at < fragment.len() {
        out.push((fragment[at..].to_string(), false));
    }
    out
}

/// A passage as the contract's snippet: HTML-escaped text, matches in `<mark>`.
fn snippet_html(pieces: &[(String, bool)]) -> String {
    let mut s = String::new();
    for (text, marked) in pieces {
        let escaped = text
            .replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;")
            .replace('"', "&quot;")
            .replace('\'', "&#39;");
        if *marked {
            s.push_str("<mark>");
            s.push_str(&escaped);
            s.push_str("</mark>");
        } else {
            s.push_str(&escaped);
        }
    }
    s
}

/// What the commit payload records.
#[derive(Debug, Serialize, Deserialize, PartialEq)]
struct Payload {
    database: String,
    revision: i64,
}

#[derive(Clone, Copy)]
struct Fields {
    doc_id: Field,
    title: Field,
    body: Field,
    region: Field,
    kind: Field,
    agreement: Field,
}

fn schema() -> (Schema, Fields) {
    let mut b = Schema::builder();
    let text = TextOptions::default()
        .set_indexing_options(
            TextFieldIndexing::default()
                .set_tokenizer(SWEDISH)
                .set_index_option(IndexRecordOption::WithFreqsAndPositions),
        )
        .set_stored();
    let fields = Fields {
        doc_id: b.add_text_field("doc_id", STRING | STORED),
        title: b.add_text_field("title", text.clone()),
        body: b.add_text_field("body", text),
        region: b.add_text_field("region", STRING),
        kind: b.add_text_field("kind", STRING),
        agreement: b.add_text_field("agreement", STRING),
    };
    (b.build(), fields)
}

/// The Swedish analyzer: words split on anything not alphanumeric (å, ä and ö
/// stay letters), lower-cased, then stemmed. No stop words: the contract asks
/// every word of a query to match, and a phrase keeps its small words.
pub fn swedish_analyzer() -> TextAnalyzer {
    TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(60))
        .filter(LowerCaser)
        .filter(Stemmer::new(Language::Swedish))
        .build()
}

/// The search index of one database.
pub struct SearchIndex {
    index: Index,
    reader: IndexReader,
    fields: Fields,
    database: String,
    dir: PathBuf,
    /// One catch-up at a time within this process.
    writing: Mutex<()>,
}

impl std::fmt::Debug for SearchIndex {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SearchIndex").field("dir", &self.dir).finish()
    }
}

/// The index's folder inside a data directory.
pub fn index_dir(data_dir: &Path) -> PathBuf {
    data_dir.join(uppsikt_store::layout::SEARCH_INDEX)
}

impl SearchIndex {
    /// Opens (or creates) the index in `dir` for the database `database`
    /// (an identifier such as the store's display URL). An index that cannot
    /// be opened is set aside and started anew: it is only derived data.
    pub fn open(dir: &Path, database: &str) -> Result<SearchIndex> {
        std::fs::create_dir_all(dir).map_err(tantivy_io)?;
        let (schema, fields) = schema();
        let index = match open_or_create(dir, &schema) {
            Ok(index) => index,
            Err(e) => {
                tracing::warn!(error = %e, dir = %dir.display(), "search index unreadable; rebuilding");
                std::fs::remove_dir_all(dir).map_err(tantivy_io)?;
                std::fs::create_dir_all(dir).map_err(tantivy_io)?;
                open_or_create(dir, &schema)?
            }
        };
        index.tokenizers().register(SWEDISH, swedish_analyzer());
        let reader = index.reader_builder().reload_policy(ReloadPolicy::Manual).try_into()?;
        Ok(SearchIndex {
            index,
            reader,
            fields,
            database: database.to_string(),
            dir: dir.to_path_buf(),
            writing: Mutex::new(()),
        })
    }

    /// The index of `store` in the data directory `data_dir`.
    pub fn for_store(data_dir: &Path, store: &Store) -> Result<SearchIndex> {
        SearchIndex::open(&index_dir(data_dir), &store.display_url())
    }

    fn payload(&self) -> Result<Option<Payload>> {
        let metas = self.index.load_metas()?;
        Ok(metas.payload.and_then(|p| serde_json::from_str(&p).ok()))
    }

    /// The revision the index holds, if it holds this database's documents.
    fn revision(&self) -> Result<Option<i64>> {
        Ok(self
            .payload()?
            .filter(|p| p.database == self.database)
            .map(|p| p.revision))
    }

    /// Indexes what changed in `store` since the index's revision; returns
    /// how many documents were (re)indexed.
    pub async fn catch_up(&self, store: &Store) -> Result<usize> {
        let since = self.revision()?;
        let current = uppsikt_store::qual::revision(store).await?;
        if since == Some(current) {
            return Ok(0);
        }
        let changes = changes_since(store, since.filter(|&r| r <= current).unwrap_or(0)).await?;
        let rebuild = since.is_none_or(|r| r > current);
        self.apply(&changes, rebuild)
    }

    /// Throws the index away and indexes every document again.
    pub async fn rebuild(&self, store: &Store) -> Result<usize> {
        let changes = changes_since(store, 0).await?;
        self.apply(&changes, true)
    }

    fn apply(&self, changes: &Changes, rebuild: bool) -> Result<usize> {
        let _one = self.writing.lock().unwrap_or_else(|e| e.into_inner());
        // Another process may have caught up while this one read the changes.
        if !rebuild && self.revision()?.is_some_and(|r| r >= changes.revision) {
            self.reader.reload()?;
            return Ok(0);
        }
        let mut writer = self.writer()?;
        if rebuild {
            writer.delete_all_documents()?;
        }
        for id in &changes.removed {
            writer.delete_term(Term::from_field_text(self.fields.doc_id, id));
        }
        for d in &changes.documents {
            writer.delete_term(Term::from_field_text(self.fields.doc_id, &d.input.doc_id));
            writer.add_document(self.document(d))?;
        }
        let payload = serde_json::to_string(&Payload {
            database: self.database.clone(),
            revision: changes.revision,
        })
        .expect("payload serialises");
        let mut commit = writer.prepare_commit()?;
        commit.set_payload(&payload);
        commit.commit()?;
        writer.wait_merging_threads()?;
        self.reader.reload()?;
        Ok(changes.documents.len())
    }

    /// The writer, waiting a little for another process to finish with it.
    fn writer(&self) -> Result<IndexWriter> {
        for attempt in 0..40 {
            match self.index.writer_with_num_threads(1, WRITER_MEMORY) {
                Ok(w) => return Ok(w),
                Err(tantivy::TantivyError::LockFailure(..)) if attempt < 39 => {
                    std::thread::sleep(Duration::from_millis(50));
                }
                Err(tantivy::TantivyError::LockFailure(..)) => return Err(SearchError::Busy),
                Err(e) => return Err(e.into()),
            }
        }
        Err(SearchError::Busy)
    }

    fn document(&self, d: &Document) -> TantivyDocument {
        let f = self.fields;
        let mut doc = TantivyDocument::default();
        doc.add_text(f.doc_id, &d.input.doc_id);
        doc.add_text(f.title, &d.input.title);
        doc.add_text(f.body, &d.input.text);
        doc.add_text(f.kind, d.input.kind.code());
        if let Some(r) = &d.input.region {
            doc.add_text(f.region, r.as_str());
        }
        if let Some(a) = &d.input.agreement {
            doc.add_text(f.agreement, a);
        }
        doc
    }

    /// Catches up with `store`, then searches.
    pub async fn search(&self, store: &Store, query: &SearchQuery) -> Result<Vec<Hit>> {
        self.catch_up(store).await?;
        self.search_caught_up(query)
    }

    /// Searches the index as it is.
    pub fn search_caught_up(&self, q: &SearchQuery) -> Result<Vec<Hit>> {
        let f = self.fields;
        let mut parser = tantivy::query::QueryParser::for_index(&self.index, vec![f.title, f.body]);
        parser.set_conjunction_by_default();
        // Lenient: a stray colon or bracket in a user's words is a word, not a syntax error.
        let (text_query, _ignored) = parser.parse_query_lenient(&q.text);
        let mut terms = 0;
        text_query.query_terms(&mut |_, _| terms += 1);
        if terms == 0 {
            return Err(SearchError::EmptyQuery);
        }
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = vec![(Occur::Must, text_query.box_clone())];
        let exact = |field: Field, value: &str| -> Box<dyn Query> {
            Box::new(TermQuery::new(
                Term::from_field_text(field, value),
                IndexRecordOption::Basic,
            ))
        };
        if let Some(r) = &q.region {
            clauses.push((Occur::Must, exact(f.region, r)));
        }
        if let Some(k) = &q.kind {
            clauses.push((Occur::Must, exact(f.kind, k)));
        }
        if let Some(a) = &q.agreement {
            clauses.push((Occur::Must, exact(f.agreement, a)));
        }
        if let Some(ids) = &q.doc_ids {
            let terms = ids.iter().map(|id| Term::from_field_text(f.doc_id, id));
            clauses.push((Occur::Must, Box::new(TermSetQuery::new(terms))));
        }
        let query = BooleanQuery::new(clauses);
        let searcher = self.reader.searcher();
        let top = searcher.search(&query, &TopDocs::with_limit(q.limit.max(1)).order_by_score())?;
        let mut body_snippets = SnippetGenerator::create(&searcher, &*text_query, f.body)?;
        body_snippets.set_max_num_chars(SNIPPET_CHARS);
        let mut title_snippets = SnippetGenerator::create(&searcher, &*text_query, f.title)?;
        title_snippets.set_max_num_chars(SNIPPET_CHARS);
        let mut hits = Vec::with_capacity(top.len());
        for (score, address) in top {
            let doc: TantivyDocument = searcher.doc(address)?;
            let text = |field: Field| {
                doc.get_first(field)
                    .and_then(|v| v.as_str())
                    .unwrap_or_default()
                    .to_string()
            };
            let mut snippet = body_snippets.snippet_from_doc(&doc);
            if snippet.highlighted().is_empty() {
                snippet = title_snippets.snippet_from_doc(&doc);
            }
            let passage = pieces(snippet.fragment(), snippet.highlighted());
            hits.push(Hit {
                doc_id: text(f.doc_id),
                title: text(f.title),
                score,
                passages: vec![passage],
            });
        }
        Ok(hits)
    }

    /// The index's size on disk, in bytes.
    pub fn disk_size(&self) -> u64 {
        std::fs::read_dir(&self.dir)
            .map(|entries| {
                entries
                    .flatten()
                    .filter_map(|e| e.metadata().ok())
                    .map(|m| m.len())
                    .sum()
            })
            .unwrap_or(0)
    }
}

fn open_or_create(dir: &Path, schema: &Schema) -> tantivy::Result<Index> {
    let directory = tantivy::directory::MmapDirectory::open(dir)?;
    Index::open_or_create(directory, schema.clone())
}

fn tantivy_io(e: std::io::Error) -> SearchError {
    SearchError::Index(tantivy::TantivyError::from(e))
}

#[cfg(test)]
mod tests {
    #[test]
    fn snippets_escape_and_mark() {
        let matched = 8..17;
        let p = super::pieces("a <b> & samverkan", std::slice::from_ref(&matched));
        assert_eq!(super::snippet_html(&p), "a &lt;b&gt; &amp; <mark>samverkan</mark>");
    }

    #[test]
    fn the_analyzer_stems_swedish() {
        let mut a = super::swedish_analyzer();
        let mut tokens = Vec::new();
        let mut stream = a.token_stream("Samverkans samverkan Vårdnära");
        while let Some(t) = stream.next() {
            tokens.push(t.text.clone());
        }
        assert_eq!(tokens[0], tokens[1], "{tokens:?}");
        assert_eq!(tokens[2], "vårdnär");
    }
}
