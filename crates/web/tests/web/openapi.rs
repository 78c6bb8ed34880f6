//! The API contract (`crates/web/openapi.json`) cannot drift silently from the router: every
//! `/api/` route of `app.rs` is in it with its methods, every path in it is a route, its
//! references resolve, and the service serves exactly the file. Whether the answers match the
//! schemas is checked by schemathesis against a running server (`scripts/api-contract`).

use std::collections::{BTreeMap, BTreeSet};

use axum::http::{StatusCode, header};
use serde_json::Value;

use crate::support::TestApp;

const DOCUMENT: &str = include_str!("../../openapi.json");
const APP_RS: &str = include_str!("../../src/app.rs");

fn document() -> Value {
    serde_json::from_str(DOCUMENT).expect("openapi.json is JSON")
}

/// The routes declared in `app.rs`: each `.route("PATH", …)` call with the HTTP methods its
/// method router names (`get(…)`, `.post(…)`), read from the call's text up to the next one.
fn routes_in_app_rs() -> BTreeMap<String, BTreeSet<String>> {
    let mut routes: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let calls: Vec<&str> = APP_RS.split(".route(").skip(1).collect();
    for call in calls {
        let call = call.trim_start();
        let Some(rest) = call.strip_prefix('"') else {
            panic!("a .route( call whose path is not a string literal: {call:.60}");
        };
        let (path, handler) = rest
            .split_once('"')
            .expect("closing quote of the route path");
        // Stop at the end of the router chain's next link so `.fallback`/`.layer` text is out.
        let handler = handler.split("\n        .").next().unwrap_or(handler);
        let methods = routes.entry(path.to_string()).or_default();
        for method in ["get", "post", "put", "patch", "delete"] {
            let called = handler.match_indices(&format!("{method}(")).any(|(at, _)| {
                // `get(` itself, not the tail of another name such as `target(`.
                at == 0
                    || !handler[..at]
                        .chars()
                        .next_back()
                        .is_some_and(|c| c.is_alphanumeric() || c == '_')
            });
            if called {
                methods.insert(method.to_string());
            }
        }
    }
    routes
}

fn spec_operations(doc: &Value) -> BTreeMap<String, BTreeSet<String>> {
    doc["paths"]
        .as_object()
        .expect("paths is an object")
        .iter()
        .map(|(path, item)| {
            let methods = item
                .as_object()
                .expect("path item is an object")
                .keys()
                .filter(|k| ["get", "post", "put", "patch", "delete"].contains(&k.as_str()))
                .cloned()
                .collect();
            (path.clone(), methods)
        })
        .collect()
}

#[test]
fn every_api_route_is_in_the_document_with_its_methods() {
    let doc = document();
    assert!(
        doc["openapi"].as_str().is_some_and(|v| v.starts_with("3.")),
        "an OpenAPI 3 document"
    );
    let routes = routes_in_app_rs();
    let api: BTreeMap<_, _> = routes
        .iter()
        .filter(|(path, _)| path.starts_with("/api/"))
        .collect();
    // The reading of app.rs must find the API, or this test would pass on nothing.
    for known in ["/api/me", "/api/registry", "/api/openapi.json"] {
        assert!(
            api.contains_key(&known.to_string()),
            "{known} not read from app.rs"
        );
    }
    let spec = spec_operations(&doc);
    let mut missing = Vec::new();
    for (path, methods) in &api {
        assert!(!methods.is_empty(), "no method read for {path}");
        for method in *methods {
            if !spec.get(*path).is_some_and(|m| m.contains(method)) {
                missing.push(format!("{} {path}", method.to_uppercase()));
            }
        }
    }
    assert!(
        missing.is_empty(),
        "routes of app.rs missing from crates/web/openapi.json: {missing:?}"
    );
}

#[test]
fn every_operation_in_the_document_is_a_route() {
    let routes = routes_in_app_rs();
    let mut unknown = Vec::new();
    for (path, methods) in spec_operations(&document()) {
        for method in methods {
            if !routes.get(&path).is_some_and(|m| m.contains(&method)) {
                unknown.push(format!("{} {path}", method.to_uppercase()));
            }
        }
    }
    assert!(
        unknown.is_empty(),
        "operations in openapi.json that app.rs does not route: {unknown:?}"
    );
}

#[test]
fn every_reference_resolves_and_every_operation_answers_something() {
    fn walk<'a>(value: &'a Value, refs: &mut Vec<&'a str>) {
        match value {
            Value::Object(map) => {
                if let Some(Value::String(target)) = map.get("$ref") {
                    refs.push(target);
                }
                map.values().for_each(|v| walk(v, refs));
            }
            Value::Array(items) => items.iter().for_each(|v| walk(v, refs)),
            _ => {}
        }
    }
    let doc = document();
    let mut refs = Vec::new();
    walk(&doc, &mut refs);
    assert!(!refs.is_empty(), "the document uses its shared schemas");
    for target in refs {
        let pointer = target
            .strip_prefix('#')
            .unwrap_or_else(|| panic!("only local references: {target}"));
        assert!(doc.pointer(pointer).is_some(), "{target} does not resolve");
    }
    for (path, item) in doc["paths"].as_object().expect("paths") {
        for (method, operation) in item.as_object().expect("path item") {
            let responses = operation["responses"].as_object();
            assert!(
                responses.is_some_and(|r| !r.is_empty()),
                "{method} {path} documents no response"
            );
            assert!(
                operation["operationId"].is_string(),
                "{method} {path} has no operationId"
            );
        }
    }
}

/// The registry's `association` parameter lists the slugs it accepts; they are the profiles
/// built into the binary, so a new association's profile must be added to the contract too.
#[test]
fn the_registry_accepts_exactly_the_built_in_associations() {
    let doc = document();
    let parameters = doc["paths"]["/api/registry"]["get"]["parameters"]
        .as_array()
        .expect("registry parameters");
    let association = parameters
        .iter()
        .find(|p| p["name"] == "association")
        .expect("an association parameter");
    let documented: BTreeSet<&str> = association["schema"]["enum"]
        .as_array()
        .expect("an enum of slugs")
        .iter()
        .map(|v| v.as_str().expect("a slug"))
        // Empty is "any association", as the registry form sends it.
        .filter(|slug| !slug.is_empty())
        .collect();
    let built_in: BTreeSet<String> = lattice_profiles::embedded_sources()
        .into_iter()
        .map(|(file, _)| file.trim_end_matches(".toml").to_string())
        .collect();
    assert_eq!(
        documented,
        built_in.iter().map(String::as_str).collect::<BTreeSet<_>>()
    );
}

#[tokio::test]
async fn the_service_serves_the_file() {
    let app = TestApp::sqlite().await;
    let page = app.client().get("/api/openapi.json").await;
    assert_eq!(page.status, StatusCode::OK);
    assert_eq!(
        page.headers
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok()),
        Some("application/json")
    );
    assert_eq!(page.body, DOCUMENT);
}

/// Found by schemathesis: a query parameter given twice was axum's plain-text 400, outside the
/// contract; it is bad input like any other, answered with the one error body.
#[tokio::test]
async fn a_registry_parameter_given_twice_is_a_422_with_the_error_body() {
    let app = TestApp::sqlite().await;
    let mut client = app.client();
    let page = client.get("/api/registry?skip=1&skip=2").await;
    assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY);
    let body = page.json();
    assert!(
        body["error"].as_str().is_some_and(|e| e.contains("skip")),
        "the message names the parameter: {body}"
    );
    assert!(body["request_id"].as_str().is_some_and(|id| !id.is_empty()));
    let page = client.get("/registry?name=a&name=b").await;
    assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.body.contains("name"), "{}", page.body);
}
