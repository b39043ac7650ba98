//! The HTML writer: one self-contained file (inline CSS and SVG, no scripts,
//! no external resources). maud escapes every text; only our own SVG, whose
//! texts are escaped when drawn, is inserted as markup.

use maud::{DOCTYPE, Markup, PreEscaped, html};

use crate::doc::{Block, Document, Figure, Section, Table};

const CSS: &str = include_str!("report.css");

/// Renders the document; the same document gives the same bytes.
pub fn render(doc: &Document) -> String {
    let page = html! {
        (DOCTYPE)
        html lang="sv" {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                meta name="generator" content="Uppsikt";
                title { (doc.title) " – " (doc.year) }
                style { (PreEscaped(CSS)) }
            }
            body {
                header.title-page {
                    p.kicker { "Uppföljning " (doc.year) }
                    h1 { (doc.title) }
                    p.subtitle { (doc.subtitle) }
                    p.publisher { (doc.publisher) }
                    @for line in &doc.colophon { p.colophon { (line) } }
                }
                nav.toc aria-label="Innehåll" {
                    h2 { "Innehåll" }
                    ol {
                        @for s in &doc.sections {
                            li { a href={ "#" (s.id) } { (s.title) } }
                        }
                    }
                }
                main {
                    @for s in &doc.sections { (section(s)) }
                }
            }
        }
    };
    let mut out = page.into_string();
    out.push('\n');
    out
}

fn section(s: &Section) -> Markup {
    html! {
        section id=(s.id) class=[s.appendix.then_some("appendix")] {
            h2 { (s.title) }
            @for b in &s.blocks { (block(b)) }
        }
    }
}

fn block(b: &Block) -> Markup {
    match b {
        Block::Heading { text } => html! { h3 { (text) } },
        Block::Paragraph { text } => html! { p { (text) } },
        Block::Label { text } => html! { p.label { strong { (text) } } },
        Block::Bullets { items } => html! { ul { @for i in items { li { (i) } } } },
        Block::Facts { items } => html! {
            dl.facts { @for f in items { div { dt { (f.label) } dd { (f.value) } } } }
        },
        Block::Note { text } => html! { p.note { (text) } },
        Block::Table(t) => table(t),
        Block::Figure(f) => figure(f),
    }
}

fn table(t: &Table) -> Markup {
    let align = |i: usize| {
        if t.numeric.get(i).copied().unwrap_or(false) {
            Some("num")
        } else {
            None
        }
    };
    html! {
        div.table-block {
            @if let Some(n) = &t.number {
                p.table-title { strong { (n) ". " } (t.title) }
            } @else {
                p.table-title { (t.title) }
            }
            @if let Some(c) = &t.caption { p.caption { (c) } }
            div.table-scroll {
                table {
                    thead { tr { @for (i, h) in t.head.iter().enumerate() { th scope="col" class=[align(i)] { (h) } } } }
                    tbody {
                        @for row in &t.rows {
                            tr {
                                @for (i, c) in row.iter().enumerate() {
                                    @if i == 0 {
                                        th scope="row" { (c.text) }
                                    } @else if c.suppressed {
                                        td class="num suppressed" title="Skyddad uppgift" { (c.text) }
                                    } @else {
                                        td class=[align(i)] { (c.text) }
                                    }
                                }
                            }
                        }
                    }
                    @if let Some(total) = &t.total {
                        tfoot { tr { @for (i, c) in total.iter().enumerate() {
                            @if i == 0 { th scope="row" { (c.text) } } @else { td class=[align(i)] { (c.text) } }
                        } } }
                    }
                }
            }
            p.source { "Källa: " (t.source) }
            @for n in &t.notes { p.note { (n) } }
        }
    }
}

fn figure(f: &Figure) -> Markup {
    html! {
        figure {
            figcaption { strong { (f.number) ". " } (f.title) }
            @if let Some(c) = &f.caption { p.caption { (c) } }
            div.svg role="img" aria-label=(f.alt) { (PreEscaped(&f.svg)) }
            p.source { "Källa: " (f.source) }
            @for n in &f.notes { p.note { (n) } }
            details { summary { "Figuren i text" } p { (f.alt) } }
        }
    }
}
