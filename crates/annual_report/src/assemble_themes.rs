//! The qualitative follow-up's part of [`ReportData`]: the most frequent
//! themes per agreement and per region, with quotes. Only documents whose
//! kind may be published are read ([`DocKind::publishable`]: interview notes
//! are internal), and only those dated in or before the report's year.

use std::collections::{BTreeMap, BTreeSet};

use uppsikt_domain::RegionCode;
use uppsikt_domain::qual::slice;
use uppsikt_store::Store;
use uppsikt_store::qual::{codebook, codings, documents};

use crate::Result;
use crate::data::{Quote, ThemeData, ThemeRow};

/// Themes listed per agreement.
const TOP: usize = 5;
/// Quotes per theme.
const QUOTES: usize = 2;
/// Longest quote printed, in characters; longer ones are cut at a word.
const QUOTE_CHARS: usize = 320;

/// The themes of the publishable coded documents up to `year`, if any.
pub async fn themes(store: &Store, year: i32) -> Result<Option<ThemeData>> {
    let codes = codebook::all(store).await?;
    let parent: BTreeMap<String, Option<String>> =
        codes.iter().map(|c| (c.code_id.clone(), c.parent_id.clone())).collect();
    let top_of = |code: &str| {
        let mut c = code.to_string();
        // The depth bound guards against a cycle the store refuses anyway.
        for _ in 0..=codes.len() {
            match parent.get(&c).cloned().flatten() {
                Some(p) => c = p,
                None => break,
            }
        }
        c
    };
    let docs: BTreeMap<String, _> = documents::all(store)
        .await?
        .into_iter()
        .filter(|d| d.input.kind.publishable())
        .filter(|d| {
            d.input
                .date
                .as_deref()
                .is_none_or(|x| x[..4].parse::<i32>().is_ok_and(|y| y <= year))
        })
        .map(|d| (d.input.doc_id.clone(), d))
        .collect();
    let names: BTreeMap<String, String> = uppsikt_store::agreements::list(store)
        .await?
        .into_iter()
        .map(|a| (a.id.to_string(), a.name))
        .collect();
    // (agreement, theme) → (documents, codings, quotes); region → theme → first quote.
    type Cell = (BTreeSet<String>, u64, Vec<Quote>);
    let mut cells: BTreeMap<(Option<String>, String), Cell> = BTreeMap::new();
    let mut regional: BTreeMap<RegionCode, BTreeMap<String, (u64, Option<Quote>)>> = BTreeMap::new();
    let mut coders = BTreeSet::new();
    for c in codings::all(store).await? {
        let Some(doc) = docs.get(&c.doc_id) else { continue };
        let Some(text) = slice(&doc.input.text, c.start as usize, c.end as usize) else {
            continue;
        };
        coders.insert(c.coder.clone());
        let theme = top_of(&c.code_id);
        let quote = Quote {
            text: shorten(text),
            title: doc.input.title.clone(),
            region: doc.input.region,
            source: doc.input.source.clone(),
        };
        let agreement = doc
            .input
            .agreement
            .as_ref()
            .map(|a| names.get(a).cloned().unwrap_or_else(|| a.clone()));
        let cell = cells.entry((agreement, theme.clone())).or_default();
        cell.0.insert(c.doc_id.clone());
        cell.1 += 1;
        if cell.2.len() < QUOTES {
            cell.2.push(quote.clone());
        }
        if let Some(r) = doc.input.region {
            let e = regional.entry(r).or_default().entry(theme).or_default();
            e.0 += 1;
            e.1.get_or_insert(quote);
        }
    }
    if cells.is_empty() {
        return Ok(None);
    }
    let row = |code_id: &str, documents: u64, codings: u64, quotes: Vec<Quote>| {
        let c = codes.iter().find(|c| c.code_id == code_id);
        ThemeRow {
            code_id: code_id.to_string(),
            name: c.map_or_else(|| code_id.to_string(), |c| c.name.clone()),
            documents,
            codings,
            indicators: c.map(|c| c.indicators.clone()).unwrap_or_default(),
            quotes,
        }
    };
    let mut groups: BTreeMap<Option<String>, Vec<ThemeRow>> = BTreeMap::new();
    for ((agreement, theme), (docs, n, quotes)) in cells {
        groups
            .entry(agreement)
            .or_default()
            .push(row(&theme, docs.len() as u64, n, quotes));
    }
    let mut groups: Vec<_> = groups.into_iter().collect();
    // Agreements first (by name), documents without one last.
    groups.sort_by_key(|(a, _)| (a.is_none(), a.clone()));
    for (_, rows) in &mut groups {
        rows.sort_by(|a, b| b.codings.cmp(&a.codings).then(a.name.cmp(&b.name)));
        rows.truncate(TOP);
    }
    let by_region = regional
        .into_iter()
        .map(|(r, themes)| {
            let mut list: Vec<_> = themes
                .into_iter()
                .filter_map(|(theme, (n, q))| Some((row(&theme, 0, n, Vec::new()), q?)))
                .collect();
            // Themes linked to indicators first: the profile sets their quote next to the number.
            list.sort_by(|a, b| {
                (a.0.indicators.is_empty().cmp(&b.0.indicators.is_empty()))
                    .then(b.0.codings.cmp(&a.0.codings))
                    .then(a.0.name.cmp(&b.0.name))
            });
            (r, list)
        })
        .collect();
    Ok(Some(ThemeData {
        groups,
        by_region,
        coders: coders.into_iter().collect(),
    }))
}

/// A quote of at most [`QUOTE_CHARS`] characters, cut at a word with an ellipsis.
fn shorten(text: &str) -> String {
    let text = text.trim();
    if text.chars().count() <= QUOTE_CHARS {
        return text.to_string();
    }
    let cut: String = text.chars().take(QUOTE_CHARS).collect();
    let at = cut.rfind(' ').unwrap_or(cut.len());
    format!("{} …", cut[..at].trim_end())
}

#[cfg(test)]
mod tests {
    #[test]
    fn long_quotes_are_cut_at_a_word() {
        let long = "ord ".repeat(200);
        let s = super::shorten(&long);
        assert!(s.ends_with(" …") && s.chars().count() <= super::QUOTE_CHARS + 2);
        assert_eq!(super::shorten(" kort "), "kort");
    }
}
