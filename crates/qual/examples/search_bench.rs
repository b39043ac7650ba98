//! Benchmark of the qualitative search (run by `bench/qual_search.py`, release build):
//! SYNTHETIC documents of 2–20 kB made of the seed texts' words, imported
//! into a fresh SQLite store and indexed; then the search's latency for
//! 1-, 2- and 3-word queries and for phrases. Prints one JSON object; with
//! `--corpus DIR` also writes the documents (`docs.jsonl`) and queries
//! (`queries.json`) so a peer can be measured on the same input.
//!
//! Usage: search_bench [--docs 20000] [--queries 200] [--seed 42] [--corpus DIR]

use std::io::Write;
use std::time::Instant;

use uppsikt_domain::qual::{DocKind, normalize};
use uppsikt_qual::{SearchIndex, SearchQuery};
use uppsikt_store::Store;
use uppsikt_store::qual::{DocumentInput, Origin, documents};

const VOCABULARY_SOURCE: &str = include_str!("../../../data/seeds/qualitative.toml");

/// A small deterministic generator (xorshift64*): the same seed, the same corpus.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    /// A Zipf-like index: small indices (common words) far more often.
    fn zipf(&mut self, n: usize) -> usize {
        let u = (self.next() % 1_000_000) as f64 / 1_000_000.0;
        ((n as f64).powf(u) - 1.0) as usize % n
    }
}

fn arg(name: &str, default: &str) -> String {
    let args: Vec<String> = std::env::args().collect();
    args.iter()
        .position(|a| a == name)
        .and_then(|i| args.get(i + 1).cloned())
        .unwrap_or_else(|| default.to_string())
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i.min(sorted.len() - 1)]
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let n_docs: usize = arg("--docs", "20000").parse()?;
    let n_queries: usize = arg("--queries", "200").parse()?;
    let seed: u64 = arg("--seed", "42").parse()?;
    let corpus = std::env::args()
        .any(|a| a == "--corpus")
        .then(|| std::path::PathBuf::from(arg("--corpus", ".")));
    let mut rng = Rng(seed.max(1));

    let mut vocabulary: Vec<String> = VOCABULARY_SOURCE
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| w.chars().count() >= 2 && w.chars().all(|c| c.is_alphabetic()))
        .map(str::to_lowercase)
        .collect();
    vocabulary.sort();
    vocabulary.dedup();
    // Shuffle so the Zipf rank is not alphabetical.
    for i in (1..vocabulary.len()).rev() {
        let j = rng.below(i + 1);
        vocabulary.swap(i, j);
    }

    let regions: Vec<_> = uppsikt_domain::RegionCode::all().collect();
    let mut docs = Vec::with_capacity(n_docs);
    let mut bytes = 0usize;
    for i in 0..n_docs {
        let target = 2_000 + rng.below(18_000);
        let mut text = String::with_capacity(target + 64);
        let mut sentence = 0;
        while text.len() < target {
            let w = &vocabulary[rng.zipf(vocabulary.len())];
            if sentence == 0 {
                let mut c = w.chars();
                if let Some(f) = c.next() {
                    text.extend(f.to_uppercase());
                    text.push_str(c.as_str());
                }
            } else {
                text.push(' ');
                text.push_str(w);
            }
            sentence += 1;
            if sentence > 6 + rng.below(14) {
                text.push_str(if rng.below(8) == 0 { ".\n\n" } else { ". " });
                sentence = 0;
            }
        }
        bytes += text.len();
        docs.push((
            i as u64 + 2,
            DocumentInput {
                doc_id: format!("syntetisk-{i:05}"),
                title: format!("SYNTETISKT dokument {i}"),
                kind: DocKind::ALL[rng.below(DocKind::ALL.len())],
                region: Some(regions[rng.below(regions.len())]),
                municipality: None,
                agreement: None,
                date: None,
                participants: None,
                text: normalize(&text),
                source: Some(format!("SYNTETISK: search_bench --seed {seed}")),
            },
        ));
    }

    // Queries: words by rank (common to rare), pairs, triples, and phrases taken from the texts.
    let word = |rng: &mut Rng| vocabulary[rng.zipf(vocabulary.len())].clone();
    let mut queries: Vec<(&str, String)> = Vec::new();
    for _ in 0..n_queries {
        queries.push(("1 ord", word(&mut rng)));
        queries.push(("2 ord", format!("{} {}", word(&mut rng), word(&mut rng))));
        queries.push((
            "3 ord",
            format!("{} {} {}", word(&mut rng), word(&mut rng), word(&mut rng)),
        ));
        let d = &docs[rng.below(docs.len())].1.text;
        let words: Vec<&str> = d
            .split_whitespace()
            .filter(|w| w.chars().all(char::is_alphabetic))
            .collect();
        let at = rng.below(words.len().saturating_sub(2).max(1));
        queries.push((
            "fras",
            format!("\"{} {}\"", words[at], words.get(at + 1).unwrap_or(&words[at])),
        ));
    }

    if let Some(dir) = &corpus {
        std::fs::create_dir_all(dir)?;
        let mut f = std::io::BufWriter::new(std::fs::File::create(dir.join("docs.jsonl"))?);
        for (_, d) in &docs {
            serde_json::to_writer(
                &mut f,
                &serde_json::json!({"doc_id": d.doc_id, "title": d.title, "text": d.text}),
            )?;
            f.write_all(b"\n")?;
        }
        let q: Vec<_> = queries
            .iter()
            .map(|(k, q)| serde_json::json!({"kind": k, "query": q}))
            .collect();
        std::fs::write(dir.join("queries.json"), serde_json::to_vec(&q)?)?;
    }

    let dir = tempfile::tempdir()?;
    let store = Store::connect(&uppsikt_store::sqlite_url(&dir.path().join("bench.sqlite"))).await?;
    uppsikt_store::reference::load(&store).await?;
    let started = Instant::now();
    for chunk in docs.chunks(1000) {
        documents::import(&store, "syntetisk", chunk, Origin::Import).await?;
    }
    let import_s = started.elapsed().as_secs_f64();
    let index = SearchIndex::open(&dir.path().join("search"), &store.display_url())?;
    let started = Instant::now();
    let indexed = index.catch_up(&store).await?;
    let index_s = started.elapsed().as_secs_f64();
    let started = Instant::now();
    index.rebuild(&store).await?;
    let rebuild_s = started.elapsed().as_secs_f64();
    let disk = index.disk_size();

    let mut latencies: std::collections::BTreeMap<&str, Vec<f64>> = Default::default();
    let mut hits: std::collections::BTreeMap<&str, usize> = Default::default();
    // One warm-up pass, as a server would have served queries before.
    for (_, q) in queries.iter().take(20) {
        let _ = index.search_caught_up(&SearchQuery {
            text: q.clone(),
            limit: 20,
            ..Default::default()
        });
    }
    for (kind, q) in &queries {
        let started = Instant::now();
        let found = index.search_caught_up(&SearchQuery {
            text: q.clone(),
            limit: 20,
            ..Default::default()
        })?;
        latencies
            .entry(kind)
            .or_default()
            .push(started.elapsed().as_secs_f64() * 1000.0);
        *hits.entry(kind).or_default() += usize::from(!found.is_empty());
    }
    let mut out = serde_json::Map::new();
    out.insert("documents".into(), n_docs.into());
    out.insert("megabytes".into(), (bytes as f64 / 1e6).into());
    out.insert("import_seconds".into(), import_s.into());
    out.insert("import_docs_per_s".into(), (n_docs as f64 / import_s).into());
    out.insert("index_seconds".into(), index_s.into());
    out.insert("index_docs_per_s".into(), (indexed as f64 / index_s).into());
    out.insert("rebuild_seconds".into(), rebuild_s.into());
    out.insert("index_megabytes".into(), (disk as f64 / 1e6).into());
    let mut lat = serde_json::Map::new();
    for (kind, mut v) in latencies {
        v.sort_by(f64::total_cmp);
        lat.insert(
            kind.to_string(),
            serde_json::json!({"p50_ms": percentile(&v, 0.5), "p99_ms": percentile(&v, 0.99),
                               "queries": v.len(), "with_hits": hits[kind]}),
        );
    }
    out.insert("search".into(), lat.into());
    println!("{}", serde_json::to_string_pretty(&out)?);
    Ok(())
}
