//! Lists in pages: `page` (from 1) and `per_page` (1–5 000, default 5 000),
//! so that no answer grows without bound with the data. The Kolada API wraps
//! its pages as Kolada does; Uppsikt's own lists keep their body and say
//! where they stand in headers: `X-Total-Count`, and a `Link` (RFC 8288) to
//! the next and the previous page. The audit trail, which only grows, pages
//! by row id instead (`before`, `limit`).

use axum::http::header::{HeaderName, HeaderValue, LINK};
use axum::http::{HeaderMap, Uri};
use serde_json::{Value, json};
use uppsikt_domain::tr;

use crate::error::{AppError, AppResult};

/// The most items one page holds, and the default.
pub const MAX_PER_PAGE: usize = 5_000;

/// The highest page number taken (as the OpenAPI document says).
pub const MAX_PAGE: usize = u32::MAX as usize;

/// The API paths whose lists come in pages of `page`/`per_page` (the
/// OpenAPI document lists the two parameters for each).
pub const PAGED: [&str; 6] = [
    "/api/v1/indicators",
    "/api/v1/qual/documents",
    "/api/v1/regions/{code}/measures",
    "/api/v1/indicators/releases",
    "/api/v1/indicators/releases/{id}",
    "/api/v1/indicators/revisions",
];

/// The query of a paged list that takes no other parameters.
#[derive(Debug, Default, serde::Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct PageQuery {
    /// See [`Paging::page`].
    pub page: Option<String>,
    /// See [`Paging::per_page`].
    pub per_page: Option<String>,
}

impl PageQuery {
    /// The paging it asks for.
    pub fn paging(&self) -> AppResult<Paging> {
        Paging::parse(self.page.as_deref(), self.per_page.as_deref())
    }
}

/// The page and page size a caller asked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Paging {
    /// From 1.
    pub page: usize,
    /// 1 to [`MAX_PER_PAGE`].
    pub per_page: usize,
}

/// A 400 naming a query parameter and its value (the paging's, and the Kolada API's).
pub(crate) fn bad(name: &str, value: &str) -> AppError {
    AppError::BadRequest(tr!(open_data.bad_parameter, name = name, value = value))
}

impl Paging {
    /// From the `page` and `per_page` texts of a query, each optional; a bad
    /// one is a 400 that names it.
    pub fn parse(page: Option<&str>, per_page: Option<&str>) -> AppResult<Paging> {
        let number = |name: &str, text: Option<&str>, default: usize, max: usize| match text {
            None => Ok(default),
            Some(v) => v
                .parse::<usize>()
                .ok()
                .filter(|n| (1..=max).contains(n))
                .ok_or_else(|| bad(name, v)),
        };
        Ok(Paging {
            page: number("page", page, 1, MAX_PAGE)?,
            per_page: number("per_page", per_page, MAX_PER_PAGE, MAX_PER_PAGE)?,
        })
    }

    /// This page's items of `all`, and how many there are in all. A page
    /// past the end is empty.
    pub fn cut<T>(&self, all: Vec<T>) -> (Vec<T>, usize) {
        let total = all.len();
        let start = (self.page - 1).saturating_mul(self.per_page).min(total);
        (all.into_iter().skip(start).take(self.per_page).collect(), total)
    }

    /// Whether a page follows this one.
    pub fn has_next(&self, total: usize) -> bool {
        self.page.saturating_mul(self.per_page) < total
    }

    /// The headers of this page of a list of `total` items at `uri`:
    /// `X-Total-Count`, and a relative `Link` to the next and previous pages
    /// that keeps the other query parameters.
    pub fn headers(&self, uri: &Uri, total: usize) -> HeaderMap {
        let others: Vec<(String, String)> = form_urlencoded::parse(uri.query().unwrap_or("").as_bytes())
            .filter(|(k, _)| k != "page")
            .map(|(k, v)| (k.into_owned(), v.into_owned()))
            .collect();
        let link = |page: usize, rel: &str| {
            let mut query = form_urlencoded::Serializer::new(String::new());
            query.extend_pairs(&others).append_pair("page", &page.to_string());
            format!("<{}?{}>; rel=\"{rel}\"", uri.path(), query.finish())
        };
        let mut links = Vec::new();
        if self.has_next(total) {
            links.push(link(self.page + 1, "next"));
        }
        if self.page > 1 {
            links.push(link(self.page - 1, "prev"));
        }
        let mut headers = HeaderMap::new();
        headers.insert(HeaderName::from_static("x-total-count"), HeaderValue::from(total));
        if !links.is_empty()
            && let Ok(v) = HeaderValue::from_str(&links.join(", "))
        {
            headers.insert(LINK, v);
        }
        headers
    }
}

/// The OpenAPI query parameters `page` and `per_page`.
pub fn openapi_parameters() -> Vec<Value> {
    vec![
        json!({"name": "page", "in": "query", "required": false, "description": "the page, from 1 (default 1)",
               "schema": {"type": "integer", "minimum": 1, "maximum": MAX_PAGE}}),
        json!({"name": "per_page", "in": "query", "required": false,
               "description": format!("items per page, 1 to {MAX_PER_PAGE} (default {MAX_PER_PAGE})"),
               "schema": {"type": "integer", "minimum": 1, "maximum": MAX_PER_PAGE}}),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_cut_the_list_and_link_their_neighbours() {
        let p = Paging::parse(Some("2"), Some("3")).unwrap();
        let (items, total) = p.cut((1..=7).collect::<Vec<_>>());
        assert_eq!((items, total), (vec![4, 5, 6], 7));
        let uri: Uri = "/api/v1/indicators/revisions?indicator=x&page=2&per_page=3"
            .parse()
            .unwrap();
        let h = p.headers(&uri, total);
        assert_eq!(h["x-total-count"], "7");
        assert_eq!(
            h[LINK],
            "</api/v1/indicators/revisions?indicator=x&per_page=3&page=3>; rel=\"next\", \
             </api/v1/indicators/revisions?indicator=x&per_page=3&page=1>; rel=\"prev\""
        );
        let last = Paging::parse(Some("3"), Some("3")).unwrap();
        assert_eq!(last.cut((1..=7).collect::<Vec<_>>()).0, vec![7]);
        assert!(!last.headers(&uri, 7)[LINK].to_str().unwrap().contains("next"));
        assert!(Paging::parse(Some("9"), Some("3")).unwrap().cut(vec![1]).0.is_empty());
        assert_eq!(
            Paging::parse(None, None).unwrap(),
            Paging {
                page: 1,
                per_page: MAX_PER_PAGE
            }
        );
        let too_far = (MAX_PAGE + 1).to_string();
        for (page, per_page) in [
            (Some("0"), None),
            (None, Some("0")),
            (None, Some("5001")),
            (Some("x"), None),
            (Some(""), None),
            (Some(too_far.as_str()), None),
        ] {
            assert!(Paging::parse(page, per_page).is_err(), "{page:?} {per_page:?}");
        }
    }
}
