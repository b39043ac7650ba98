//! The role × endpoint matrix over HTTP against the real server: every allowed
//! call works, every other is refused with exactly the status its cell names,
//! and nothing a refused call sent is stored. A refusal is 401 for the
//! public, 403 for a signed-in caller whose role or region may not (another
//! region's report or document included), and 404 for a survey token that
//! opens nothing: never one of them where another is due.

mod common;

use common::{Server, TestUser, fingerprint};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use uppsikt_domain::access::Role;
use uppsikt_store::users;
use uppsikt_web::auth::password;

use TestUser::*;

const SIGNED_IN: &[TestUser] = &[Admin, Analyst, Region25, Region01];
const EVERYONE: &[TestUser] = &[Public, Admin, Analyst, Region25, Region01];

/// One API call and who may make it. `{caller}` in a body is replaced by the caller's name.
struct Call {
    method: Method,
    path: &'static str,
    body: Option<Value>,
    allowed: &'static [TestUser],
    /// Callers whose outcome depends on the report's state (the admin may do
    /// every workflow step): neither required to succeed nor to be refused.
    skip: &'static [TestUser],
}

impl Call {
    /// The exact status that refuses `caller` this call.
    fn refusal(&self, caller: TestUser) -> StatusCode {
        refusal(self.allowed, caller)
    }
}

/// The exact status that refuses `caller` what only `allowed` may do.
fn refusal(allowed: &[TestUser], caller: TestUser) -> StatusCode {
    if allowed.is_empty() {
        StatusCode::NOT_FOUND
    } else if caller == Public {
        StatusCode::UNAUTHORIZED
    } else {
        StatusCode::FORBIDDEN
    }
}

fn get(path: &str, allowed: &'static [TestUser]) -> Call {
    Call {
        method: Method::GET,
        path: leak(path.to_string()),
        body: None,
        allowed,
        skip: &[],
    }
}

fn post(path: &str, body: Value, allowed: &'static [TestUser]) -> Call {
    Call {
        method: Method::POST,
        path: leak(path.to_string()),
        body: Some(body),
        allowed,
        skip: &[],
    }
}

fn api_calls(token: &str) -> Vec<Call> {
    let survey = |rest: &str| format!("/api/v1/survey/{token}{rest}");
    vec![
        get("/api/openapi.json", EVERYONE),
        get("/api/v1/public/summary", EVERYONE),
        get("/api/v1/indicators", EVERYONE),
        get("/api/v1/indicators/definitions", EVERYONE),
        // Releases: only analysts publish; everyone reads what was published.
        post(
            "/api/v1/indicators/releases",
            json!({"source": "Vårdbarometern {caller}",
                   "csv": "indicator,region,period,sex,numerator,denominator,value,suppressed\n\
                           fortroende_vard,01,2021,alla,,,61.5,false\n"}),
            &[Analyst],
        ),
        get("/api/v1/indicators/releases", EVERYONE),
        get("/api/v1/indicators/releases/1", EVERYONE),
        get("/api/v1/indicators/revisions", EVERYONE),
        get("/api/v1/me", SIGNED_IN),
        get("/api/v1/agreements", SIGNED_IN),
        get("/api/v1/agreements/professionsmiljarden-2017/allocation", SIGNED_IN),
        get("/api/v1/agreements/professionsmiljarden-2017/findings", SIGNED_IN),
        get("/api/v1/regions/25/measures", &[Admin, Analyst, Region25]),
        get("/api/v1/users", &[Admin]),
        post(
            "/api/v1/users",
            json!({"username": "ny-{caller}", "role": "analyst", "password": "ett-langt-losenord"}),
            &[Admin],
        ),
        post("/api/v1/users/offer/disable", json!({}), &[Admin]),
        post("/api/v1/tokens", json!({"label": "matris-{caller}"}), SIGNED_IN),
        get("/api/v1/tokens", SIGNED_IN),
        post("/api/v1/tokens/revoke", json!({"label": "matris-{caller}"}), SIGNED_IN),
        // A region report through its workflow: write, submit, return, fix, resubmit, approve.
        post(
            &(REPORT.to_string() + "/content"),
            measure_body("Digitala vårdbesök"),
            &[Region25],
        ),
        get(REPORT, &[Admin, Analyst, Region25]),
        get("/api/v1/reports/god-och-nara-vard-2019", SIGNED_IN),
        get("/api/v1/reports/god-och-nara-vard-2019/rates", &[Admin, Analyst]),
        action("submit", "", &[Region25]),
        action("return", "Ange även målgrupp.", &[Analyst]),
        post(
            &(REPORT.to_string() + "/content"),
            measure_body("Digitala vårdbesök för äldre"),
            &[Region25],
        ),
        action("submit", "", &[Region25]),
        action("approve", "", &[Analyst]),
        get(&(REPORT.to_string() + "/audit"), &[Admin, Analyst, Region25]),
        // The survey: the token is the credential, whoever holds it; a wrong token opens nothing.
        get(&survey(""), EVERYONE),
        get("/api/v1/survey/fel-token", &[]),
        post(
            &survey("/save"),
            json!({"answers": {"q2": "nej", "q2a": "ja"}}),
            EVERYONE,
        ),
        post("/api/v1/survey/fel-token/save", json!({"answers": {"q2": "ja"}}), &[]),
        post(
            "/api/v1/survey/fel-token/submit",
            json!({"answers": complete_answers()}),
            &[],
        ),
        Call {
            skip: &[Admin, Analyst, Region25, Region01],
            ..post(&survey("/submit"), json!({"answers": complete_answers()}), &[Public])
        },
        // The qualitative half: analysts read and code everything; a region its own reports'
        // narratives (region 25's approved demo report); nobody else anything.
        get("/api/v1/qual/documents", &[Admin, Analyst, Region25, Region01]),
        get("/api/v1/qual/documents/nulage-vgr-mobila-team", &[Admin, Analyst]),
        get(
            "/api/v1/qual/documents/redovisning-professionsmiljarden-2017-25",
            &[Admin, Analyst, Region25],
        ),
        get("/api/v1/qual/search?q=team", &[Admin, Analyst, Region25, Region01]),
        get("/api/v1/qual/codebook", &[Admin, Analyst, Region25, Region01]),
        get("/api/v1/qual/matrix", &[Admin, Analyst]),
        post(
            "/api/v1/qual/documents/nulage-vgr-mobila-team/codings",
            json!({"code_id": "hinder", "start": 0, "end": 5, "memo": "{caller}"}),
            &[Admin, Analyst],
        ),
        get("/api/v1/surveys/kommunenkat-2019/status", &[Admin, Analyst]),
        get("/api/v1/surveys/kommunenkat-2019/results", &[Admin, Analyst]),
    ]
}

const REPORT: &str = "/api/v1/reports/god-och-nara-vard-2019/25";

fn measure_body(title: &str) -> Value {
    json!({"answers": {"decisions": "Beslut i regionfullmäktige {caller}"},
           "measures": [{"title": title, "area": "tillganglighet", "status": "pilot", "cost": "250 000",
                         "period": "2019"}]})
}

/// A complete response to the 2019 questionnaire (every required item answered).
pub fn complete_answers() -> Value {
    let q = uppsikt_store::survey::builtin_questionnaires().unwrap().remove(0).0;
    let mut m = serde_json::Map::new();
    for item in q.items() {
        if let (Some(c), None) = (item.choices(), &item.show_if) {
            m.insert(item.id.clone(), json!(c.last().unwrap().code));
        }
    }
    m.insert("q2".into(), json!("nej"));
    m.insert("q2a".into(), json!("ja"));
    Value::Object(m)
}

fn action(name: &str, text: &str, allowed: &'static [TestUser]) -> Call {
    Call {
        method: Method::POST,
        path: leak(REPORT.to_string() + "/actions"),
        body: Some(json!({"action": name, "text": text})),
        allowed,
        skip: &[Admin],
    }
}

fn leak(s: String) -> &'static str {
    Box::leak(s.into_boxed_str())
}

/// Whether an axum path pattern (`/a/{id}/b`) matches a concrete path.
fn matches(pattern: &str, path: &str) -> bool {
    let path = path.split('?').next().unwrap_or(path);
    let (p, c): (Vec<&str>, Vec<&str>) = (pattern.split('/').collect(), path.split('/').collect());
    p.len() == c.len() && p.iter().zip(&c).all(|(a, b)| a.starts_with('{') || a == b)
}

fn ok(s: StatusCode) -> bool {
    s.is_success()
}

async fn call(server: &Server, caller: TestUser, c: &Call) -> (StatusCode, String) {
    let client = server.client();
    let mut req = client.request(c.method.clone(), server.url(c.path));
    if let Some(token) = server.tokens.get(&caller) {
        req = req.bearer_auth(token);
    }
    if let Some(body) = &c.body {
        let name = format!("{caller:?}").to_lowercase();
        let text = body.to_string().replace("{caller}", &name);
        req = req.header("content-type", "application/json").body(text);
    }
    let r = req.send().await.unwrap();
    let status = r.status();
    (status, r.text().await.unwrap_or_default())
}

#[tokio::test]
async fn every_api_endpoint_is_in_the_matrix() {
    let calls = api_calls("x");
    for e in uppsikt_web::api::endpoints() {
        assert!(
            calls
                .iter()
                .any(|c| c.method.as_str() == e.method.as_str() && matches(e.path, c.path)),
            "{} {} has no row in the role matrix",
            e.method,
            e.path
        );
    }
}

#[tokio::test]
async fn api_role_matrix() {
    for server in common::servers().await {
        let hash = password::hash(common::PASSWORD).unwrap();
        users::add(&server.store, "offer", Role::Analyst, &hash).await.unwrap();
        let token = common::open_survey(&server.store).await;
        for c in api_calls(&token) {
            // Refused callers first, so the allowed call's effect does not mask theirs.
            for caller in EVERYONE
                .iter()
                .filter(|x| !c.allowed.contains(x) && !c.skip.contains(x))
            {
                let before = fingerprint(&server.store).await;
                let (status, body) = call(&server, *caller, &c).await;
                assert_eq!(status, c.refusal(*caller), "{caller:?} {} {}: {body}", c.method, c.path);
                assert_eq!(
                    before,
                    fingerprint(&server.store).await,
                    "{caller:?} {} {} stored something",
                    c.method,
                    c.path
                );
            }
            for caller in c.allowed {
                let (status, body) = call(&server, *caller, &c).await;
                assert!(ok(status), "{caller:?} {} {}: {status} {body}", c.method, c.path);
            }
        }
        // The allowed calls had their effect.
        assert!(users::get(&server.store, "ny-admin").await.unwrap().is_some());
        assert!(users::get(&server.store, "offer").await.unwrap().unwrap().disabled);
        let a = uppsikt_store::agreements::get(&server.store, "god-och-nara-vard-2019")
            .await
            .unwrap();
        let report = uppsikt_store::reports::get(&server.store, &a.id, "25".parse().unwrap())
            .await
            .unwrap()
            .unwrap();
        assert_eq!(report.state, uppsikt_domain::report::ReportState::Approved);
        assert_eq!(report.content.measures[0].title, "Digitala vårdbesök för äldre");
        let status = uppsikt_store::survey::status(&server.store, "kommunenkat-2019")
            .await
            .unwrap();
        assert_eq!(status.responded, 1);
        server.finish().await;
    }
}

#[tokio::test]
async fn a_region_sees_only_its_own_findings_and_measures() {
    for server in common::servers().await {
        let c = server.client();
        let findings: Vec<Value> = c
            .get(server.url("/api/v1/agreements/professionsmiljarden-2017/findings"))
            .bearer_auth(&server.tokens[&Region25])
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        assert!(findings.iter().all(|f| f["region"] == "25"), "{findings:?}");
        let all: Vec<Value> = c
            .get(server.url("/api/v1/agreements/professionsmiljarden-2017/findings"))
            .bearer_auth(&server.tokens[&Analyst])
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        assert!(all.len() > findings.len());
        let measures: Vec<Value> = c
            .get(server.url("/api/v1/regions/25/measures"))
            .bearer_auth(&server.tokens[&Region25])
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        assert!(!measures.is_empty() && measures.iter().all(|m| m["region"] == "25"));
        server.finish().await;
    }
}

/// Pages by role (signed in through the login form, with cookies).
#[tokio::test]
async fn page_role_matrix() {
    let pages: &[(&str, &[TestUser])] = &[
        ("/", EVERYONE),
        ("/indikatorer", EVERYONE),
        ("/indikatorer/utgavor", EVERYONE),
        ("/oppna-data", EVERYONE),
        ("/oppna-data/dcat.jsonld", EVERYONE),
        ("/rapport", &[Admin, Analyst]),
        ("/handelselogg", &[Admin, Analyst]),
        ("/oversikt", SIGNED_IN),
        ("/overenskommelser", SIGNED_IN),
        ("/overenskommelser/professionsmiljarden-2017", SIGNED_IN),
        ("/granskning", SIGNED_IN),
        ("/regioner/25", &[Admin, Analyst, Region25]),
        ("/admin/anvandare", &[Admin]),
        ("/redovisningar", SIGNED_IN),
        ("/redovisningar/god-och-nara-vard-2019/25", &[Admin, Analyst, Region25]),
        ("/kvalitativt", SIGNED_IN),
        ("/kvalitativt?q=samverkan", SIGNED_IN),
        ("/kvalitativt/dokument/nulage-vgr-mobila-team", &[Admin, Analyst]),
        (
            "/kvalitativt/dokument/redovisning-professionsmiljarden-2017-25",
            &[Admin, Analyst, Region25],
        ),
        ("/kvalitativt/teman/mobila-team", SIGNED_IN),
        ("/kvalitativt/analys?a=demo&b=analytiker", &[Admin, Analyst]),
    ];
    for server in common::servers().await {
        let token = common::open_survey(&server.store).await;
        let survey_page = format!("/enkat/{token}");
        let mut pages: Vec<(&str, &[TestUser])> = pages.to_vec();
        pages.push((&survey_page, EVERYONE));
        pages.push(("/enkat/fel-token", &[]));
        for caller in EVERYONE {
            let (client, csrf) = match caller {
                Public => (server.client(), None),
                c => {
                    let (cl, csrf) = server.login(*c).await;
                    (cl, Some(csrf))
                }
            };
            for (path, allowed) in &pages {
                let s = client.get(server.url(path)).send().await.unwrap().status();
                if allowed.contains(caller) {
                    assert_eq!(s, StatusCode::OK, "{caller:?} GET {path}");
                } else {
                    assert_eq!(s, refusal(allowed, *caller), "{caller:?} GET {path}");
                }
            }
            // The add-user form: only the admin's post is stored.
            let name = format!("form-{caller:?}").to_lowercase();
            let before = fingerprint(&server.store).await;
            let r = server
                .post_form(
                    &client,
                    "/admin/anvandare",
                    &[
                        ("csrf", csrf.as_deref().unwrap_or("")),
                        ("username", &name),
                        ("role", "analytiker"),
                        ("region", ""),
                        ("password", "ett-langt-losenord"),
                    ],
                )
                .await;
            if *caller == Admin {
                assert_eq!(r.status(), StatusCode::SEE_OTHER);
                assert!(users::get(&server.store, &name).await.unwrap().is_some());
            } else {
                // The public has no form code to send: the CSRF check refuses it first.
                assert_eq!(r.status(), StatusCode::FORBIDDEN, "{caller:?}");
                assert_eq!(before, fingerprint(&server.store).await, "{caller:?} stored a user");
            }
        }
        server.finish().await;
    }
}
