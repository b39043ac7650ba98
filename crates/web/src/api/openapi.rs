//! The OpenAPI 3.1 document, generated from the endpoint registry.

use serde_json::{Map, Value, json};

use super::paging::{self, PAGED};
use super::{Access, endpoints};
use crate::extract::Json;

/// Path parameters of an axum path: `{id}` → `id`.
fn params(path: &str) -> Vec<&str> {
    path.split('/')
        .filter_map(|seg| seg.strip_prefix('{').and_then(|s| s.strip_suffix('}')))
        .collect()
}

/// Path parameters that are whole numbers (every other one is text).
const NUMBER_PARAMS: [(&str, &str); 1] = [("/api/v1/indicators/releases/{id}", "id")];

fn path_parameter(path: &str, name: &str) -> Value {
    let schema = if NUMBER_PARAMS.contains(&(path, name)) {
        json!({"type": "integer", "minimum": 1, "maximum": i64::MAX})
    } else {
        json!({"type": "string"})
    };
    json!({"name": name, "in": "path", "required": true, "schema": schema})
}

/// Query parameters of the endpoints that take them, as their handlers read them.
fn query_parameters(path: &str) -> Vec<Value> {
    let text = |name: &str, description: &str| {
        json!({"name": name, "in": "query", "required": false, "description": description,
               "schema": {"type": "string"}})
    };
    match path {
        "/api/v1/qual/search" => vec![
            json!({"name": "q", "in": "query", "required": true, "description": "the words searched for",
                   "schema": {"type": "string", "pattern": "\\S"}}),
            text("region", "county code"),
            text("typ", "document kind code"),
            text("overenskommelse", "agreement id"),
            text("kod", "code id"),
            json!({"name": "limit", "in": "query", "required": false,
                   "description": "hits at most (default 20, at most 200)",
                   "schema": {"type": "string", "pattern": "^[0-9]{0,9}$"}}),
        ],
        "/api/v1/indicators/revisions" => vec![
            json!({"name": "release", "in": "query", "required": false,
                   "description": "only this release's revisions (its number)",
                   "schema": {"type": "integer", "minimum": 1, "maximum": i64::MAX}}),
            text("indicator", "only this indicator's"),
        ],
        "/api/v1/reports/{agreement}/{region}/audit" => vec![
            json!({"name": "before", "in": "query", "required": false,
                   "description": "only rows older than this row id (the page's next_before)",
                   "schema": {"type": "integer", "minimum": i64::MIN, "maximum": i64::MAX}}),
            json!({"name": "limit", "in": "query", "required": false,
                   "description": "rows per page, 1 to 1000 (default 200)",
                   "schema": {"type": "integer", "minimum": 1, "maximum": 1000}}),
        ],
        _ => Vec::new(),
    }
    .into_iter()
    .chain(
        PAGED
            .contains(&path)
            .then(paging::openapi_parameters)
            .into_iter()
            .flatten(),
    )
    .collect()
}

/// A name for an operation that says what it is: `post_api_v1_users_name_disable`.
fn operation_id(method: &str, path: &str) -> String {
    let words = path
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty());
    std::iter::once(method.to_ascii_lowercase())
        .chain(words.map(str::to_string))
        .collect::<Vec<_>>()
        .join("_")
}

/// What a successful answer opens next, as OpenAPI links (a client, and
/// Schemathesis's stateful phase, follow them): from (method, path) to
/// (method, path) with the next call's path parameter taken from the answer.
const LINKS: [(&str, &str, &str, &str, &str, &str); 2] = [
    (
        "POST",
        "/api/v1/indicators/releases",
        "GET",
        "/api/v1/indicators/releases/{id}",
        "id",
        "$response.body#/id",
    ),
    (
        "POST",
        "/api/v1/users",
        "POST",
        "/api/v1/users/{name}/disable",
        "name",
        "$response.body#/created",
    ),
];

fn links(method: &str, path: &str) -> Option<Value> {
    let links: Map<String, Value> = LINKS
        .iter()
        .filter(|(m, p, ..)| *m == method && *p == path)
        .map(|(_, _, to_method, to_path, param, expression)| {
            let id = operation_id(to_method, to_path);
            (
                id.clone(),
                json!({"operationId": id, "parameters": {*param: expression}}),
            )
        })
        .collect();
    (!links.is_empty()).then_some(Value::Object(links))
}

/// The document.
pub fn document() -> Value {
    let mut paths = Map::new();
    for e in endpoints() {
        let mut op = Map::new();
        op.insert("operationId".into(), json!(operation_id(e.method.as_str(), e.path)));
        op.insert("summary".into(), json!(e.summary));
        op.insert("description".into(), json!(format!("Access: {}.", e.access.describe())));
        let ps: Vec<Value> = params(e.path)
            .into_iter()
            .map(|p| path_parameter(e.path, p))
            .chain(query_parameters(e.path))
            .collect();
        if !ps.is_empty() {
            op.insert("parameters".into(), Value::Array(ps));
        }
        if let Some(schema) = &e.body {
            op.insert(
                "requestBody".into(),
                json!({"required": true, "content": {"application/json": {"schema": schema}}}),
            );
        }
        let mut responses = Map::new();
        let mut answered = json!({"description": "OK (JSON)"});
        if let Some(l) = links(e.method.as_str(), e.path) {
            answered["links"] = l;
        }
        responses.insert("200".into(), answered);
        responses.insert(
            "404".into(),
            json!({"description": "Not found, or not visible to the caller"}),
        );
        responses.insert(
            "400".into(),
            json!({"description": "A malformed request (a query parameter, a body that is not the JSON the call takes); `error` says what"}),
        );
        responses.insert(
            "405".into(),
            json!({"description": "The path does not take this method; `Allow` lists those it takes"}),
        );
        responses.insert(
            "503".into(),
            json!({"description": "The database is busy; retry after `Retry-After` seconds"}),
        );
        if e.body.is_some() || !query_parameters(e.path).is_empty() {
            responses.insert(
                "422".into(),
                json!({"description": "The input was refused; `error` says why"}),
            );
        }
        if e.body.is_some() {
            responses.insert(
                "409".into(),
                json!({"description": "Someone else changed it first, or the state does not allow it; `error` says which"}),
            );
            responses.insert(
                "413".into(),
                json!({"description": "The body is larger than the call takes"}),
            );
            responses.insert("415".into(), json!({"description": "The body is not application/json"}));
        }
        if !matches!(e.access, Access::Public | Access::SurveyToken) {
            responses.insert("401".into(), json!({"description": "Not signed in"}));
            responses.insert(
                "403".into(),
                json!({"description": "Signed in, but the role may not do this"}),
            );
            op.insert("security".into(), json!([{"bearer": []}, {"session": []}]));
        } else {
            op.insert("security".into(), json!([]));
        }
        // Every refusal is a JSON object with the Swedish `error` text.
        for (status, response) in responses.iter_mut() {
            if status.as_str() != "200" {
                response["content"] = json!({"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}});
            }
        }
        op.insert("responses".into(), Value::Object(responses));
        let entry = paths
            .entry(e.path.to_string())
            .or_insert_with(|| Value::Object(Map::new()));
        entry
            .as_object_mut()
            .expect("path item is an object")
            .insert(e.method.as_str().to_lowercase(), Value::Object(op));
    }
    json!({
        "openapi": "3.1.0",
        "info": {
            "title": "Uppsikt API",
            "version": env!("CARGO_PKG_VERSION"),
            "description": "JSON API of Uppsikt. Authenticate with `Authorization: Bearer TOKEN` \
                (create a token with `uppsikt users token NAME` or POST /api/v1/tokens), or with the \
                session cookie plus the `X-CSRF-Token` header on POST. Requests with a body must be \
                `Content-Type: application/json`."
        },
        "servers": [{"url": "/"}],
        "components": {
        "schemas": {"Error": {"type": "object", "required": ["error"],
            "properties": {"error": {"type": "string", "description": "what went wrong, in Swedish"}}}},
        "securitySchemes": {
            "bearer": {"type": "http", "scheme": "bearer"},
            "session": {"type": "apiKey", "in": "cookie", "name": crate::auth::viewer::COOKIE}
        }},
        "paths": paths
    })
}

/// `GET /api/openapi.json`
pub async fn serve() -> Json<Value> {
    Json(document())
}

#[cfg(test)]
mod tests {
    use super::{LINKS, document, operation_id};

    #[test]
    fn every_link_leads_from_and_to_a_documented_operation() {
        let doc = document();
        let ids: Vec<&str> = doc["paths"]
            .as_object()
            .unwrap()
            .values()
            .flat_map(|item| item.as_object().unwrap().values())
            .map(|op| op["operationId"].as_str().unwrap())
            .collect();
        let mut unique = ids.clone();
        unique.sort_unstable();
        unique.dedup();
        assert_eq!(unique.len(), ids.len(), "operation ids are unique");
        for (from_method, from_path, to_method, to_path, ..) in LINKS {
            let from = &doc["paths"][from_path][from_method.to_lowercase()];
            let link = &from["responses"]["200"]["links"][operation_id(to_method, to_path)];
            assert!(
                ids.contains(&link["operationId"].as_str().unwrap()),
                "{from_path} → {to_path}"
            );
        }
    }

    #[test]
    fn every_endpoint_is_documented_with_its_parameters() {
        let doc = document();
        for e in super::endpoints() {
            let op = &doc["paths"][e.path][e.method.as_str().to_lowercase()];
            assert!(op.is_object(), "{} {} missing", e.method, e.path);
            for p in super::params(e.path) {
                assert!(op["parameters"].to_string().contains(p), "{} lacks {p}", e.path);
            }
        }
    }
}
