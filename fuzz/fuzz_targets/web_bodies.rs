//! The bodies of every web endpoint that takes one: each POST of the API
//! (`uppsikt_web::api::endpoints`, JSON with a bearer token) and each page
//! form (urlencoded, with a signed-in session and its CSRF token), sent
//! through the whole application (security layer, extractors, handlers, a
//! real SQLite store with the demo data) in process.
//!
//! An input is `TARGET\nBODY`, where `TARGET` is a name from [`targets`]
//! (e.g. `POST /api/v1/reports/{agreement}/{region}/content`); a first line
//! that names none picks a target by its first byte. Any answer is fine but a
//! server error: a bad body is the caller's mistake (4xx), never a 5xx.
#![no_main]

use std::net::SocketAddr;
use std::sync::OnceLock;

use axum::Router;
use axum::body::Body;
use axum::extract::ConnectInfo;
use axum::http::{Method, Request, StatusCode, header};
use libfuzzer_sys::fuzz_target;
use tower::ServiceExt;
use uppsikt_domain::access::Role;
use uppsikt_store::{Location, Store, reference, reports, seeds, users};
use uppsikt_web::auth::{password, secret};
use uppsikt_web::{AppState, ServeConfig};

const PASSWORD: &str = "korrekt-hast-batteri";
const AGREEMENT: &str = "god-och-nara-vard-2019";
const REGION: &str = "25";
const DOCUMENT: &str = "fall-sormland-halsoprogram";
const SURVEY: &str = "kommunenkat-2019";
/// An account the user endpoints may disable without locking the fuzzer out.
const SPARE_USER: &str = "reserv";
/// The account whose tokens the token endpoints make and revoke (a body of
/// `{}` revokes all of them), so the other callers keep theirs.
const TOKEN_USER: &str = "nycklar";

/// Who sends a target's body.
#[derive(Clone)]
enum Caller {
    /// No credentials (the API's survey by its link).
    Anonymous,
    /// `Authorization: Bearer`.
    Token(String),
    /// A signed-in session's cookies; the body starts with its CSRF field.
    Session { cookies: String, csrf: String },
}

struct Target {
    name: String,
    path: String,
    json: bool,
    caller: Caller,
}

struct Fixture {
    runtime: tokio::runtime::Runtime,
    app: Router,
    targets: Vec<Target>,
}

fn fixture() -> &'static Fixture {
    static F: OnceLock<Fixture> = OnceLock::new();
    F.get_or_init(|| {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("a runtime");
        let (app, targets) = runtime.block_on(set_up());
        Fixture { runtime, app, targets }
    })
}

async fn set_up() -> (Router, Vec<Target>) {
    let dir = tempfile::tempdir().expect("a data directory").keep();
    let store = Store::open(&Location {
        data_dir: dir.clone(),
        database_url: None,
    })
    .await
    .expect("the store");
    reference::load(&store).await.expect("reference data");
    seeds::load(&store).await.expect("seed data");
    reports::demo::load(&store, "2020-01-01T00:00:00Z").await.expect("demo reports");
    uppsikt_qual::demo::load(&store).await.expect("demo documents");
    uppsikt_store::survey::open(&store, SURVEY).await.expect("survey opened");
    let invited = uppsikt_store::survey::invite(&store, SURVEY).await.expect("invited");
    let survey_token = invited.into_iter().next().expect("a municipality").token;
    let hash = password::hash(PASSWORD).expect("a hash");
    let mut tokens = Vec::new();
    for (name, role) in [
        ("admin", Role::Admin),
        ("analytiker", Role::Analyst),
        ("norrbotten", Role::Region(REGION.parse().expect("a region"))),
        (SPARE_USER, Role::Analyst),
        (TOKEN_USER, Role::Analyst),
    ] {
        users::add(&store, name, role, &hash).await.expect("a user");
        let token = secret::random_token();
        users::add_token(&store, name, &secret::digest(&token), "fuzz", 30)
            .await
            .expect("a token");
        tokens.push((name, token));
    }
    let token_of = |wanted: &str| {
        tokens
            .iter()
            .find(|(n, _)| *n == wanted)
            .map(|(_, t)| Caller::Token(t.clone()))
            .expect("a token per user")
    };
    let app = uppsikt_web::router(AppState::new(store, ServeConfig::new(dir)));
    let anonymous = session(&app, None).await;
    let region = session(&app, Some("norrbotten")).await;
    let analyst = session(&app, Some("analytiker")).await;
    let admin = session(&app, Some("admin")).await;

    let mut targets = Vec::new();
    for e in uppsikt_web::api::endpoints().into_iter().filter(|e| e.method == Method::POST) {
        use uppsikt_web::api::Access;
        let caller = match e.access {
            Access::Public | Access::SurveyToken => Caller::Anonymous,
            Access::Admin => token_of("admin"),
            Access::Analyst => token_of("analytiker"),
            Access::SignedIn => token_of(TOKEN_USER),
            Access::RegionOrAnalyst | Access::RegionOwn => token_of("norrbotten"),
        };
        targets.push(Target {
            name: format!("POST {}", e.path),
            path: concrete(e.path, &survey_token),
            json: true,
            caller,
        });
    }
    // The page forms; the annual report's generation and publication are
    // left out (seconds of typst per input, and a body of one field).
    for (path, caller) in [
        ("/logga-in", anonymous.clone()),
        ("/redovisningar/{agreement}/{region}/svar", region.clone()),
        ("/redovisningar/{agreement}/{region}/insatser", region.clone()),
        ("/redovisningar/{agreement}/{region}/insatser/{n}", region.clone()),
        ("/redovisningar/{agreement}/{region}/insatser/{n}/ta-bort", region.clone()),
        ("/redovisningar/{agreement}/{region}/atgard", region),
        ("/enkat/{token}", anonymous),
        ("/admin/anvandare", admin.clone()),
        ("/admin/anvandare/{name}/status", admin),
        ("/kvalitativt/dokument/{id}/kodningar", analyst.clone()),
        ("/kvalitativt/dokument/{id}/kodningar/ta-bort", analyst),
    ] {
        targets.push(Target {
            name: format!("POST {path}"),
            path: concrete(path, &survey_token),
            json: false,
            caller,
        });
    }
    (app, targets)
}

/// `pattern` with its parameters filled in from the demo data.
fn concrete(pattern: &str, survey_token: &str) -> String {
    pattern
        .split('/')
        .map(|part| match part {
            "{agreement}" => AGREEMENT,
            "{region}" | "{code}" => REGION,
            "{token}" => survey_token,
            "{name}" => SPARE_USER,
            "{n}" => "1",
            "{id}" if pattern.contains("/dokument/") || pattern.contains("/documents/") => DOCUMENT,
            "{id}" if pattern.contains("/surveys/") => SURVEY,
            "{id}" => AGREEMENT,
            other => other,
        })
        .collect::<Vec<_>>()
        .join("/")
}

/// A session from the login page: anonymous, or signed in as `user`
/// through the login form.
async fn session(app: &Router, user: Option<&str>) -> Caller {
    let page = send(app, Request::get("/logga-in"), "").await;
    let mut cookies = cookies_of(&page.0);
    let mut csrf = csrf_of(&page.1);
    if let Some(user) = user {
        let body = format!("csrf={csrf}&username={user}&password={PASSWORD}");
        let login = send(
            app,
            Request::post("/logga-in")
                .header(header::COOKIE, cookies)
                .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded"),
            &body,
        )
        .await;
        assert_eq!(login.0.status(), StatusCode::SEE_OTHER, "signing {user} in");
        cookies = cookies_of(&login.0);
        let page = send(app, Request::get("/oversikt").header(header::COOKIE, &cookies), "").await;
        csrf = csrf_of(&page.1);
    }
    Caller::Session { cookies, csrf }
}

async fn send(
    app: &Router,
    request: axum::http::request::Builder,
    body: &str,
) -> (axum::http::Response<Body>, String) {
    let response = app
        .clone()
        .oneshot(with_peer(request, body.as_bytes().to_vec()))
        .await
        .expect("an answer");
    let (parts, body) = response.into_parts();
    let bytes = axum::body::to_bytes(body, usize::MAX).await.expect("the body");
    (
        axum::http::Response::from_parts(parts, Body::empty()),
        String::from_utf8_lossy(&bytes).into_owned(),
    )
}

/// The request with `body`, as if from a client on loopback (the server
/// reads the peer's address for its sign-in limit and security log).
fn with_peer(request: axum::http::request::Builder, body: Vec<u8>) -> Request<Body> {
    let mut request = request.body(Body::from(body)).expect("a request");
    request
        .extensions_mut()
        .insert(ConnectInfo(SocketAddr::from(([127, 0, 0, 1], 40_000))));
    request
}

fn cookies_of(response: &axum::http::Response<Body>) -> String {
    response
        .headers()
        .get_all(header::SET_COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok()?.split(';').next().map(str::to_string))
        .collect::<Vec<_>>()
        .join("; ")
}

fn csrf_of(html: &str) -> String {
    let at = html.find("name=\"csrf\" value=\"").expect("a form with a csrf field") + 19;
    html[at..at + 64].to_string()
}

fuzz_target!(|bytes: &[u8]| {
    let f = fixture();
    let (first, body) = match bytes.iter().position(|&b| b == b'\n') {
        Some(at) => (&bytes[..at], &bytes[at + 1..]),
        None => (bytes, &[][..]),
    };
    let target = f
        .targets
        .iter()
        .find(|t| t.name.as_bytes() == first)
        .unwrap_or_else(|| &f.targets[usize::from(first.first().copied().unwrap_or(0)) % f.targets.len()]);
    let mut request = Request::post(&target.path).header(
        header::CONTENT_TYPE,
        if target.json {
            "application/json"
        } else {
            "application/x-www-form-urlencoded"
        },
    );
    let mut full = Vec::new();
    match &target.caller {
        Caller::Anonymous => {}
        Caller::Token(t) => request = request.header(header::AUTHORIZATION, format!("Bearer {t}")),
        Caller::Session { cookies, csrf } => {
            request = request.header(header::COOKIE, cookies);
            full.extend_from_slice(format!("csrf={csrf}&").as_bytes());
        }
    }
    full.extend_from_slice(body);
    let status = f
        .runtime
        .block_on(f.app.clone().oneshot(with_peer(request, full)))
        .expect("an answer")
        .status();
    assert!(
        !status.is_server_error() || status == StatusCode::SERVICE_UNAVAILABLE,
        "{} answered {status}",
        target.name
    );
});
