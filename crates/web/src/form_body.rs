//! A page form's body as the security layer reads it: strictly
//! `application/x-www-form-urlencoded` and strictly UTF-8. The lenient
//! decoder of `form_urlencoded` would turn invalid bytes into U+FFFD and
//! store them; here they are refused.

use std::borrow::Cow;

use axum::http::{HeaderMap, header};

/// Why a form body was refused.
#[derive(Debug, PartialEq, Eq)]
pub enum FormProblem {
    /// Not `application/x-www-form-urlencoded` (a multipart upload, JSON, …).
    NotUrlencoded,
    /// A name or value is not UTF-8 once decoded.
    NotUtf8,
}

/// Whether the request says its body is something other than an urlencoded
/// form. No content type at all is an empty form (a bare POST, e.g. a
/// forged logout, is then refused for its missing CSRF token).
pub fn is_not_a_form(headers: &HeaderMap) -> bool {
    match headers.get(header::CONTENT_TYPE) {
        None => false,
        Some(v) => !v
            .to_str()
            .ok()
            .and_then(|v| v.split(';').next())
            .is_some_and(|v| v.trim().eq_ignore_ascii_case("application/x-www-form-urlencoded")),
    }
}

/// The body's name–value pairs, in order, decoded strictly.
pub fn pairs(body: &[u8]) -> Result<Vec<(String, String)>, FormProblem> {
    body.split(|&b| b == b'&')
        .filter(|pair| !pair.is_empty())
        .map(|pair| {
            let (name, value) = match pair.iter().position(|&b| b == b'=') {
                Some(at) => (&pair[..at], &pair[at + 1..]),
                None => (pair, &[][..]),
            };
            Ok((decode(name)?, decode(value)?))
        })
        .collect()
}

fn decode(part: &[u8]) -> Result<String, FormProblem> {
    let spaced: Vec<u8> = part.iter().map(|&b| if b == b'+' { b' ' } else { b }).collect();
    percent_encoding::percent_decode(&spaced)
        .decode_utf8()
        .map(Cow::into_owned)
        .map_err(|_| FormProblem::NotUtf8)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_like_a_browser_encodes_and_refuses_invalid_utf8() {
        assert_eq!(
            pairs(b"csrf=abc&text=V%C3%A5rd+och+omsorg&tom=&flagga").unwrap(),
            vec![
                ("csrf".into(), "abc".into()),
                ("text".into(), "Vård och omsorg".into()),
                ("tom".into(), String::new()),
                ("flagga".into(), String::new()),
            ]
        );
        assert_eq!(pairs(b"a=%FF%FE"), Err(FormProblem::NotUtf8));
        assert_eq!(pairs(b"a=\xff"), Err(FormProblem::NotUtf8));
        assert_eq!(pairs(b"%C3=1"), Err(FormProblem::NotUtf8));
        // A lone `%` is kept as it is, as browsers and form_urlencoded do.
        assert_eq!(pairs(b"a=100%").unwrap(), vec![("a".into(), "100%".into())]);
    }

    #[test]
    fn only_urlencoded_or_nothing_is_a_form() {
        let mut h = HeaderMap::new();
        assert!(!is_not_a_form(&h));
        h.insert(
            header::CONTENT_TYPE,
            "application/x-www-form-urlencoded; charset=UTF-8".parse().unwrap(),
        );
        assert!(!is_not_a_form(&h));
        h.insert(header::CONTENT_TYPE, "multipart/form-data; boundary=x".parse().unwrap());
        assert!(is_not_a_form(&h));
        h.insert(header::CONTENT_TYPE, "application/json".parse().unwrap());
        assert!(is_not_a_form(&h));
    }
}
