//! The security suite of issue #7, in one place: every route of the router tried by people
//! who have no business there; CSRF; stored XSS; SQL metacharacters; uploads with lying
//! names; single-use, expiring rater links; the sign-in rate limit; security headers.
//! Some properties are also tested beside their feature (pages.rs, isolation.rs,
//! review_rights.rs, portfolio.rs); here they are tried across every route or field at once.

use std::collections::BTreeMap;

use axum::http::{Method, StatusCode};
use chrono::{Duration, Utc};
use lattice_domain::ids::{ApplicationId, AssociationId, PersonId};
use lattice_domain::rights::StaffRole;
use lattice_store::{
    NewAudit, NewMail, NewPerson, NewRaterRequest, NewRenewal, NewSitting, Section, SharedStore,
    token,
};
use lattice_web::demo::DEMO_PASSWORD;

use crate::support::{Client, Page, TestApp};

/// The router's source: axum cannot list its routes, so the suite reads them from here.
const ROUTER_SOURCE: &str = include_str!("../../src/app.rs");

/// A route as written in the router: its path pattern and the methods it answers.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Route {
    path: String,
    methods: Vec<Method>,
}

/// The text of the call that starts right after an opening parenthesis, up to the matching
/// closing one (parentheses inside string literals do not count).
fn call_text(rest: &str) -> Option<&str> {
    let mut depth = 1;
    let mut in_string = false;
    for (i, c) in rest.char_indices() {
        match c {
            '"' => in_string = !in_string,
            '(' if !in_string => depth += 1,
            ')' if !in_string => {
                depth -= 1;
                if depth == 0 {
                    return Some(&rest[..i]);
                }
            }
            _ => {}
        }
    }
    None
}

/// Every `.route("PATH", get(..).post(..))` of the router source, over any number of lines.
/// A call that cannot be read is left out, which the guard in the test then reports.
fn routes_in(source: &str) -> Vec<Route> {
    let mut routes = Vec::new();
    for (at, marker) in source.match_indices(".route(") {
        let Some(call) = call_text(&source[at + marker.len()..]) else {
            continue;
        };
        let mut parts = call.splitn(3, '"');
        let (Some(before), Some(path), Some(handlers)) = (parts.next(), parts.next(), parts.next())
        else {
            continue;
        };
        if !before.trim().is_empty() {
            continue;
        }
        let mut methods = Vec::new();
        for (name, method) in [
            ("get(", Method::GET),
            ("post(", Method::POST),
            ("put(", Method::PUT),
            ("patch(", Method::PATCH),
            ("delete(", Method::DELETE),
        ] {
            for (i, _) in handlers.match_indices(name) {
                // `get(` as a method router, not the tail of `foo_get(` or `module::get(`.
                let previous = handlers[..i].chars().next_back();
                if !previous.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == ':') {
                    methods.push(method.clone());
                }
            }
        }
        if !methods.is_empty() {
            routes.push(Route {
                path: path.to_string(),
                methods,
            });
        }
    }
    routes
}

/// Who may reach a route.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Access {
    /// Anyone, signed in or not (public pages, sign-in forms, the registry, keys).
    Public,
    /// Any signed-in person, about themselves only: the path names nothing of anyone else.
    SignedIn,
    /// The victim (the applicant the ids belong to), and their association's staff.
    Owner,
    /// Coordinators of the victim's association (MassAIMH).
    Staff,
    /// Staff of the association: a reviewer gets a list of only what they are assigned.
    StaffList,
    /// The reviewers assigned to the victim's application, and its coordinator.
    Reviewer,
    /// The scorers of the victim's exam sitting.
    Scorer,
    /// Whoever holds the emailed rating link (the suite uses one nobody was given).
    RaterToken,
    /// The Alliance administrator alone (the service's own pages, such as failed mail).
    Admin,
}

/// Whether a form goes as urlencoded fields or as a multipart upload.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Body {
    Form(&'static [(&'static str, &'static str)]),
    /// A file in the `file` part: its name and content.
    File(&'static str, &'static str),
}

/// One expectation row: the route as written in the router, the method, who may reach it,
/// the path filled with the victim's ids (`{app}`, `{number}`, … see [`Victim`]), the form
/// sent, and a rightful person whose GET must succeed (so a refusal is not a bad id).
struct Row {
    route: &'static str,
    method: Method,
    access: Access,
    path: &'static str,
    body: Body,
    rightful: Option<&'static str>,
}

const NO_FORM: Body = Body::Form(&[]);
const JACK: &str = "jack.osei@example.org";
const MASS_COORDINATOR: &str = "coordinator@massaimh.test";
const ALLIANCE_ADMIN: &str = "admin@alliance.test";
/// The victim of the exam routes (Jack's category has no exam).
const GEORGE: &str = "george.ito@example.org";
const REVIEWER1: &str = "reviewer1@massaimh.test";
/// A MassAIMH reviewer assigned to nothing, made by the suite.
const UNASSIGNED_REVIEWER: &str = "reviewer3@massaimh.test";
const UNASSIGNED_LABEL: &str = "a MassAIMH reviewer not assigned";

fn row(
    route: &'static str,
    method: Method,
    access: Access,
    path: &'static str,
    body: Body,
    rightful: Option<&'static str>,
) -> Row {
    Row {
        route,
        method,
        access,
        path,
        body,
        rightful,
    }
}

/// The expectation table: one row per route and method of the router.
fn expectations() -> Vec<Row> {
    use Access::*;
    let get = Method::GET;
    let post = Method::POST;
    vec![
        row("/", get.clone(), Public, "/", NO_FORM, None),
        row("/health", get.clone(), Public, "/health", NO_FORM, None),
        row("/ready", get.clone(), Public, "/ready", NO_FORM, None),
        row(
            "/static/app.css",
            get.clone(),
            Public,
            "/static/app.css",
            NO_FORM,
            None,
        ),
        row(
            "/static/app.js",
            get.clone(),
            Public,
            "/static/app.js",
            NO_FORM,
            None,
        ),
        row(
            "/a/{slug}",
            get.clone(),
            Public,
            "/a/massaimh",
            NO_FORM,
            None,
        ),
        row(
            "/.well-known/jwks.json",
            get.clone(),
            Public,
            "/.well-known/jwks.json",
            NO_FORM,
            None,
        ),
        row(
            "/a/{slug}/jwks.json",
            get.clone(),
            Public,
            "/a/massaimh/jwks.json",
            NO_FORM,
            None,
        ),
        row(
            "/a/{slug}/keys/{thumbprint}",
            get.clone(),
            Public,
            "/a/massaimh/keys/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
            NO_FORM,
            None,
        ),
        row(
            "/a/{slug}/status/{purpose}",
            get.clone(),
            Public,
            "/a/massaimh/status/revocation",
            NO_FORM,
            None,
        ),
        row(
            "/a/{slug}/achievements/{category}",
            get.clone(),
            Public,
            "/a/massaimh/achievements/IFS",
            NO_FORM,
            None,
        ),
        row(
            "/a/{slug}/achievements/{category}/badge.svg",
            get.clone(),
            Public,
            "/a/massaimh/achievements/IFS/badge.svg",
            NO_FORM,
            None,
        ),
        row(
            "/credentials/{number}/credential.jwt",
            get.clone(),
            Owner,
            "/credentials/{number}/credential.jwt",
            NO_FORM,
            Some(JACK),
        ),
        row(
            "/credentials/{number}/credential.json",
            get.clone(),
            Owner,
            "/credentials/{number}/credential.json",
            NO_FORM,
            Some(JACK),
        ),
        row("/sign-in", get.clone(), Public, "/sign-in", NO_FORM, None),
        row(
            "/sign-in",
            post.clone(),
            Public,
            "/sign-in",
            Body::Form(&[
                ("email", "nobody@example.invalid"),
                ("password", "x"),
                ("next", ""),
            ]),
            None,
        ),
        row(
            "/sign-in/code",
            get.clone(),
            Public,
            "/sign-in/code",
            NO_FORM,
            None,
        ),
        row(
            "/sign-in/code",
            post.clone(),
            Public,
            "/sign-in/code",
            Body::Form(&[("code", "123456"), ("next", "")]),
            None,
        ),
        row(
            "/sign-in/enrol",
            get.clone(),
            Public,
            "/sign-in/enrol",
            NO_FORM,
            None,
        ),
        row(
            "/sign-in/enrol",
            post.clone(),
            Public,
            "/sign-in/enrol",
            Body::Form(&[("code", "123456"), ("next", "")]),
            None,
        ),
        row(
            "/sign-out",
            post.clone(),
            SignedIn,
            "/sign-out",
            NO_FORM,
            None,
        ),
        // The language switch: signed out, this browser's cookie; signed in, the account.
        row(
            "/language",
            get.clone(),
            Public,
            "/language?language=es",
            NO_FORM,
            None,
        ),
        row(
            "/language",
            post.clone(),
            SignedIn,
            "/language",
            Body::Form(&[("language", "es")]),
            None,
        ),
        row(
            "/forgot-password",
            get.clone(),
            Public,
            "/forgot-password",
            NO_FORM,
            None,
        ),
        row(
            "/forgot-password",
            post.clone(),
            Public,
            "/forgot-password",
            Body::Form(&[("email", "nobody@example.invalid")]),
            None,
        ),
        row(
            "/reset-password",
            get.clone(),
            Public,
            "/reset-password?token=nope",
            NO_FORM,
            None,
        ),
        row(
            "/reset-password",
            post.clone(),
            Public,
            "/reset-password",
            Body::Form(&[("token", "nope"), ("password", "a-long-new-password")]),
            None,
        ),
        row("/sign-up", get.clone(), Public, "/sign-up", NO_FORM, None),
        row(
            "/verify-email",
            get.clone(),
            Public,
            "/verify-email?token=nope",
            NO_FORM,
            None,
        ),
        row(
            "/sign-up",
            post.clone(),
            Public,
            "/sign-up",
            Body::Form(&[("name", ""), ("email", ""), ("password", "")]),
            None,
        ),
        row(
            "/dashboard",
            get.clone(),
            SignedIn,
            "/dashboard",
            NO_FORM,
            None,
        ),
        row(
            "/staff/{slug}",
            get.clone(),
            StaffList,
            "/staff/massaimh",
            NO_FORM,
            Some(MASS_COORDINATOR),
        ),
        row(
            "/applications/{id}",
            get.clone(),
            Owner,
            "/applications/{app}",
            NO_FORM,
            Some(JACK),
        ),
        row(
            "/applications/{id}/events",
            post.clone(),
            Owner,
            "/applications/{app}/events",
            Body::Form(&[("event", "withdraw"), ("reason", "forged")]),
            None,
        ),
        row(
            "/applications/{id}/review",
            get.clone(),
            Reviewer,
            "/applications/{app}/review",
            NO_FORM,
            Some(REVIEWER1),
        ),
        row(
            "/applications/{id}/messages",
            post.clone(),
            Owner,
            "/applications/{app}/messages",
            Body::Form(&[("body", "forged")]),
            None,
        ),
        row(
            "/applications/{id}/evidence",
            get.clone(),
            Reviewer,
            "/applications/{app}/evidence",
            NO_FORM,
            Some(REVIEWER1),
        ),
        row(
            "/applications/{id}/review/submit",
            post.clone(),
            Reviewer,
            "/applications/{app}/review/submit",
            Body::Form(&[("recommendation", "endorse"), ("comments", "forged")]),
            None,
        ),
        row(
            "/applications/{id}/review/decide",
            post.clone(),
            Staff,
            "/applications/{app}/review/decide",
            Body::Form(&[("recommendation", "endorse"), ("reason", "forged")]),
            None,
        ),
        row(
            "/applications/{id}/review/assign",
            post.clone(),
            Staff,
            "/applications/{app}/review/assign",
            Body::Form(&[("reviewer", "{unassigned}"), ("due_on", "")]),
            None,
        ),
        row(
            "/applications/{id}/review/conflicts",
            post.clone(),
            Reviewer,
            "/applications/{app}/review/conflicts",
            Body::Form(&[("reviewer", "{reviewer1}"), ("reason", "forged")]),
            None,
        ),
        row(
            "/applications/{id}/review/rules",
            post.clone(),
            Staff,
            "/applications/{app}/review/rules",
            Body::Form(&[("rules_date", "2024-01-01"), ("reason", "forged")]),
            None,
        ),
        row(
            "/applications/{id}/review/cycle",
            post.clone(),
            Staff,
            "/applications/{app}/review/cycle",
            Body::Form(&[("cycle", "")]),
            None,
        ),
        row(
            "/applications/{id}/exam",
            get.clone(),
            Staff,
            "/applications/{exam_app}/exam",
            NO_FORM,
            Some(MASS_COORDINATOR),
        ),
        row(
            "/applications/{id}/exam/sittings",
            post.clone(),
            Staff,
            "/applications/{exam_app}/exam/sittings",
            Body::Form(&[
                ("sat_on", "2030-01-01"),
                ("first_scorer", "{reviewer1}"),
                ("second_scorer", "{unassigned}"),
            ]),
            None,
        ),
        row(
            "/applications/{id}/exam/sittings/{sitting}/part1",
            post.clone(),
            Staff,
            "/applications/{exam_app}/exam/sittings/{sitting}/part1",
            Body::Form(&[("wrong", "1"), ("answers", "")]),
            None,
        ),
        row(
            "/applications/{id}/exam/sittings/{sitting}/result",
            post.clone(),
            Staff,
            "/applications/{exam_app}/exam/sittings/{sitting}/result",
            NO_FORM,
            None,
        ),
        row(
            "/applications/{id}/exam/sittings/{sitting}/reschedule",
            post.clone(),
            Staff,
            "/applications/{exam_app}/exam/sittings/{sitting}/reschedule",
            Body::Form(&[
                ("sat_on", "2030-01-01"),
                ("starts_at", "09:00"),
                ("place", "forged"),
            ]),
            None,
        ),
        row(
            "/applications/{id}/exam/sittings/{sitting}/scores/{scorer}/reopen",
            post.clone(),
            Staff,
            "/applications/{exam_app}/exam/sittings/{sitting}/scores/{reviewer1}/reopen",
            Body::Form(&[("reason", "forged")]),
            None,
        ),
        // The applicant's own request: nobody else may make it for her.
        row(
            "/applications/{id}/exam/accommodations",
            post.clone(),
            Owner,
            "/applications/{exam_app}/exam/accommodations",
            Body::Form(&[("request", "forged")]),
            None,
        ),
        row(
            "/applications/{id}/exam/accommodations/{accommodation}/decision",
            post.clone(),
            Staff,
            "/applications/{exam_app}/exam/accommodations/1/decision",
            Body::Form(&[("decision", "grant"), ("note", "forged")]),
            None,
        ),
        row("/scoring", get.clone(), SignedIn, "/scoring", NO_FORM, None),
        row(
            "/scoring/{sitting}",
            post.clone(),
            Scorer,
            "/scoring/{sitting}",
            Body::Form(&[("first", "3"), ("second", "3")]),
            None,
        ),
        row(
            "/staff/{slug}/assign",
            get.clone(),
            Staff,
            "/staff/massaimh/assign",
            NO_FORM,
            Some(MASS_COORDINATOR),
        ),
        row(
            "/staff/{slug}/assign",
            post.clone(),
            Staff,
            "/staff/massaimh/assign",
            Body::Form(&[("due_on", "")]),
            None,
        ),
        row(
            "/staff/{slug}/assign/csv",
            post.clone(),
            Staff,
            "/staff/massaimh/assign/csv",
            Body::File("assign.csv", "application,reviewer\n1,1\n"),
            None,
        ),
        row(
            "/staff/{slug}/applicants",
            get.clone(),
            Staff,
            "/staff/massaimh/applicants",
            NO_FORM,
            Some(MASS_COORDINATOR),
        ),
        row(
            "/staff/{slug}/applicants/template.csv",
            get.clone(),
            Staff,
            "/staff/massaimh/applicants/template.csv",
            NO_FORM,
            Some(MASS_COORDINATOR),
        ),
        row(
            "/staff/{slug}/applicants/dry-run",
            post.clone(),
            Staff,
            "/staff/massaimh/applicants/dry-run",
            Body::File(
                "applicants.csv",
                "name,email,category,intended_submission,portfolio\nForged Person,forged@example.org,IFS,,forged.json\n",
            ),
            None,
        ),
        row(
            "/staff/{slug}/applicants/apply",
            post.clone(),
            Staff,
            "/staff/massaimh/applicants/apply",
            Body::Form(&[
                (
                    "files",
                    "eyJjc3YiOiJuYW1lLGVtYWlsLGNhdGVnb3J5LGludGVuZGVkX3N1Ym1pc3Npb24scG9ydGZvbGlvXG5Gb3JnZWQgUGVyc29uLGZvcmdlZEBleGFtcGxlLm9yZyxJRlMsLGZvcmdlZC5qc29uXG4iLCJjc3ZfbmFtZSI6ImFwcGxpY2FudHMuY3N2IiwicG9ydGZvbGlvcyI6eyJmb3JnZWQuanNvbiI6IntcImZvcm1hdFwiOlwibGF0dGljZS1wb3J0Zm9saW8vMVwiLFwicGVyc29uXCI6e1wibmFtZVwiOlwiRm9yZ2VkIFBlcnNvblwiLFwiZW1haWxcIjpcImZvcmdlZEBleGFtcGxlLm9yZ1wifX0ifX0=",
                ),
                ("digest", "forged"),
            ]),
            None,
        ),
        row(
            "/staff/{slug}/endorsees",
            get.clone(),
            Staff,
            "/staff/massaimh/endorsees",
            NO_FORM,
            Some(MASS_COORDINATOR),
        ),
        row(
            "/staff/{slug}/rules",
            get.clone(),
            Staff,
            "/staff/massaimh/rules",
            NO_FORM,
            Some(MASS_COORDINATOR),
        ),
        row(
            "/staff/{slug}/rules/preview",
            post.clone(),
            Staff,
            "/staff/massaimh/rules/preview",
            Body::Form(&[("text", "[[edition]]\neffective = \"2099-01-01\"\n")]),
            None,
        ),
        row(
            "/staff/{slug}/rules/schedule",
            post.clone(),
            Staff,
            "/staff/massaimh/rules/schedule",
            Body::Form(&[("text", "[[edition]]\neffective = \"2099-01-01\"\n")]),
            None,
        ),
        row(
            "/staff/{slug}/endorsees/template.csv",
            get.clone(),
            Staff,
            "/staff/massaimh/endorsees/template.csv",
            NO_FORM,
            Some(MASS_COORDINATOR),
        ),
        row(
            "/staff/{slug}/endorsees/dry-run",
            post.clone(),
            Staff,
            "/staff/massaimh/endorsees/dry-run",
            Body::File(
                "endorsees.csv",
                "name,email,category,first_endorsed_on,valid_through,renewals,status,credential_number\nForged Person,forged@example.org,IFS,2020-01-01,2099-06-30,,active,F-1\n",
            ),
            None,
        ),
        row(
            "/staff/{slug}/endorsees/apply",
            post.clone(),
            Staff,
            "/staff/massaimh/endorsees/apply",
            Body::Form(&[
                (
                    "file",
                    "bmFtZSxlbWFpbCxjYXRlZ29yeSxmaXJzdF9lbmRvcnNlZF9vbix2YWxpZF90aHJvdWdoLHJlbmV3YWxzLHN0YXR1cyxjcmVkZW50aWFsX251bWJlcgpGb3JnZWQgUGVyc29uLGZvcmdlZEBleGFtcGxlLm9yZyxJRlMsMjAyMC0wMS0wMSwyMDk5LTA2LTMwLCxhY3RpdmUsRi0xCg==",
                ),
                ("digest", "forged"),
            ]),
            None,
        ),
        row(
            "/staff/{slug}/members",
            get.clone(),
            Staff,
            "/staff/massaimh/members",
            NO_FORM,
            Some(MASS_COORDINATOR),
        ),
        row(
            "/staff/{slug}/members/template.csv",
            get.clone(),
            Staff,
            "/staff/massaimh/members/template.csv",
            NO_FORM,
            Some(MASS_COORDINATOR),
        ),
        row(
            "/staff/{slug}/members/record",
            post.clone(),
            Staff,
            "/staff/massaimh/members/record",
            Body::Form(&[
                ("email", "ana@example.org"),
                ("member_number", "FORGED-2"),
                ("kind", "individual"),
                ("starts_on", "2026-01-01"),
                ("ends_on", "2099-12-31"),
            ]),
            None,
        ),
        row(
            "/staff/{slug}/members/{id}/end",
            post.clone(),
            Staff,
            "/staff/massaimh/members/1/end",
            Body::Form(&[("last_day", "2026-01-01"), ("reason", "forged")]),
            None,
        ),
        row(
            "/staff/{slug}/members/requests/{id}/verify",
            post.clone(),
            Staff,
            "/staff/massaimh/members/requests/1/verify",
            Body::Form(&[]),
            None,
        ),
        row(
            "/staff/{slug}/members/dues",
            post.clone(),
            Staff,
            "/staff/massaimh/members/dues",
            Body::Form(&[("dues:individual", "1")]),
            None,
        ),
        row(
            "/staff/{slug}/members/requests/{id}/dues-paid",
            post.clone(),
            Staff,
            "/staff/massaimh/members/requests/1/dues-paid",
            Body::Form(&[]),
            None,
        ),
        row(
            "/membership/other",
            post.clone(),
            SignedIn,
            "/membership/other",
            Body::File("proof.pdf", "%PDF-1.4 forged"),
            None,
        ),
        row(
            "/membership/request",
            post.clone(),
            SignedIn,
            "/membership/request",
            Body::Form(&[("association", "massaimh"), ("kind", "individual")]),
            None,
        ),
        row(
            "/staff/{slug}/members/import",
            post.clone(),
            Staff,
            "/staff/massaimh/members/import",
            Body::File(
                "roster.csv",
                "member_number,name,email,kind,starts_on,ends_on\nF-1,Forged,forged@example.org,individual,2026-01-01,2099-12-31\n",
            ),
            None,
        ),
        row(
            "/staff/{slug}/reports",
            get.clone(),
            Staff,
            "/staff/massaimh/reports",
            NO_FORM,
            Some(MASS_COORDINATOR),
        ),
        row(
            "/staff/{slug}/reports/{kind}",
            get.clone(),
            Staff,
            "/staff/massaimh/reports/applications.csv",
            NO_FORM,
            Some(MASS_COORDINATOR),
        ),
        row(
            "/staff/{slug}/cycles",
            post.clone(),
            Staff,
            "/staff/massaimh/cycles",
            Body::Form(&[
                ("name", "forged"),
                ("submission_deadline", "2030-01-01"),
                ("review_due", "2030-02-01"),
            ]),
            None,
        ),
        row(
            "/staff/{slug}/exam-scorers",
            post.clone(),
            Staff,
            "/staff/massaimh/exam-scorers",
            Body::Form(&[("policy", "warn")]),
            None,
        ),
        row(
            "/staff/{slug}/exam-windows",
            post.clone(),
            Staff,
            "/staff/massaimh/exam-windows",
            Body::Form(&[
                ("opens", "2030-01-01"),
                ("closes", "2030-02-01"),
                ("place", "forged"),
            ]),
            None,
        ),
        row(
            "/staff/{slug}/accounts",
            get.clone(),
            Staff,
            "/staff/massaimh/accounts",
            NO_FORM,
            Some(MASS_COORDINATOR),
        ),
        row(
            "/staff/{slug}/accounts/invite",
            post.clone(),
            Staff,
            "/staff/massaimh/accounts/invite",
            Body::Form(&[
                ("name", "Forged Reviewer"),
                ("email", "forged@example.org"),
                ("role", "coordinator"),
            ]),
            None,
        ),
        row(
            "/staff/{slug}/accounts/outside-reviewers",
            post.clone(),
            Staff,
            "/staff/massaimh/accounts/outside-reviewers",
            Body::Form(&[("on", "yes")]),
            None,
        ),
        row(
            "/staff/{slug}/accounts/{person}/status",
            post.clone(),
            Staff,
            "/staff/massaimh/accounts/{reviewer1}/status",
            Body::Form(&[("role", "reviewer"), ("status", "removed")]),
            None,
        ),
        row(
            "/staff/{slug}/accounts/{person}/profile",
            post.clone(),
            Staff,
            "/staff/massaimh/accounts/{reviewer1}/profile",
            Body::Form(&[("employer", "forged"), ("endorsed:IV-C", "on")]),
            None,
        ),
        row(
            "/staff-invitation",
            get.clone(),
            Public,
            "/staff-invitation?token=nope",
            NO_FORM,
            None,
        ),
        row(
            "/staff-invitation",
            post.clone(),
            Public,
            "/staff-invitation",
            Body::Form(&[("token", "nope"), ("password", "a-long-new-password")]),
            None,
        ),
        row(
            "/admin/mail",
            get.clone(),
            Admin,
            "/admin/mail",
            NO_FORM,
            Some(ALLIANCE_ADMIN),
        ),
        row(
            "/admin/mail/{id}/resend",
            post.clone(),
            Admin,
            "/admin/mail/1/resend",
            Body::Form(&[]),
            None,
        ),
        row(
            "/admin/keys",
            get.clone(),
            Admin,
            "/admin/keys",
            NO_FORM,
            Some(ALLIANCE_ADMIN),
        ),
        row(
            "/admin/keys/{slug}/rotate",
            post.clone(),
            Admin,
            "/admin/keys/massaimh/rotate",
            Body::Form(&[]),
            None,
        ),
        row(
            "/account/recovery-codes",
            post.clone(),
            SignedIn,
            "/account/recovery-codes",
            Body::Form(&[("code", "123456")]),
            None,
        ),
        row(
            "/account/reviewing",
            get.clone(),
            SignedIn,
            "/account/reviewing",
            NO_FORM,
            None,
        ),
        row(
            "/account/reviewing",
            post.clone(),
            SignedIn,
            "/account/reviewing",
            Body::Form(&[("consent", "yes")]),
            None,
        ),
        row(
            "/applications/{id}/reviewers/why",
            get.clone(),
            Staff,
            "/applications/{app}/reviewers/why",
            NO_FORM,
            Some(MASS_COORDINATOR),
        ),
        row(
            "/applications/{id}/declared-conflicts/{conflict}",
            post.clone(),
            Staff,
            "/applications/{app}/declared-conflicts/{declared}",
            Body::Form(&[("decision", "override"), ("reason", "forged")]),
            None,
        ),
        row(
            "/staff/{slug}/reviewers/{person}",
            post.clone(),
            Staff,
            "/staff/massaimh/reviewers/{reviewer1}",
            Body::Form(&[("employer", "forged"), ("endorsed", "IV-C")]),
            None,
        ),
        row(
            "/staff/{slug}/renewals/{id}/paid",
            post.clone(),
            Staff,
            "/staff/massaimh/renewals/{renewal}/paid",
            NO_FORM,
            None,
        ),
        row(
            "/staff/{slug}/transfers/{id}/accept",
            post.clone(),
            Staff,
            "/staff/massaimh/transfers/{transfer}/accept",
            NO_FORM,
            None,
        ),
        row(
            "/staff/{slug}/transfers/{id}/decline",
            post.clone(),
            Staff,
            "/staff/massaimh/transfers/{transfer}/decline",
            NO_FORM,
            None,
        ),
        row(
            "/registry",
            get.clone(),
            Public,
            "/registry?name=Osei",
            NO_FORM,
            None,
        ),
        row(
            "/a/{slug}/registry",
            get.clone(),
            Public,
            "/a/massaimh/registry",
            NO_FORM,
            None,
        ),
        row(
            "/api/registry",
            get.clone(),
            Public,
            "/api/registry?name=Osei",
            NO_FORM,
            None,
        ),
        row(
            "/api/openapi.json",
            get.clone(),
            Public,
            "/api/openapi.json",
            NO_FORM,
            None,
        ),
        row("/verify", get.clone(), Public, "/verify", NO_FORM, None),
        row(
            "/verify/{number}",
            get.clone(),
            Public,
            "/verify/{number}",
            NO_FORM,
            None,
        ),
        row(
            "/credentials/{number}",
            get.clone(),
            Public,
            "/credentials/{number}",
            NO_FORM,
            None,
        ),
        row(
            "/credentials/{number}/status",
            post.clone(),
            Staff,
            "/credentials/{number}/status",
            Body::Form(&[("status", "revoked"), ("reason", "forged")]),
            None,
        ),
        row(
            "/credentials/{number}/reinstate",
            get.clone(),
            Staff,
            "/credentials/{number}/reinstate",
            NO_FORM,
            None,
        ),
        row(
            "/credentials/{number}/reinstate",
            post.clone(),
            Staff,
            "/credentials/{number}/reinstate",
            NO_FORM,
            None,
        ),
        row(
            "/credentials/{number}/certificate.pdf",
            get.clone(),
            Owner,
            "/credentials/{number}/certificate.pdf",
            NO_FORM,
            Some(JACK),
        ),
        row(
            "/credentials/{number}/listing",
            post.clone(),
            Owner,
            "/credentials/{number}/listing",
            Body::Form(&[("city", "Forged City"), ("region", "XX")]),
            None,
        ),
        row(
            "/credentials/{number}/transfer",
            post.clone(),
            Owner,
            "/credentials/{number}/transfer",
            Body::Form(&[("association", "ct-aimh"), ("reason", "forged")]),
            None,
        ),
        row("/renewal", get.clone(), SignedIn, "/renewal", NO_FORM, None),
        row(
            "/renewal/{slug}/{year}",
            post.clone(),
            SignedIn,
            "/renewal/massaimh/2026",
            NO_FORM,
            None,
        ),
        row(
            "/applications/{id}/conflicts",
            post.clone(),
            Owner,
            "/applications/{app}/conflicts",
            Body::Form(&[("person", "{reviewer1}"), ("reason", "forged")]),
            None,
        ),
        row(
            "/applications/{id}/conflicts/{conflict}/remove",
            post.clone(),
            Owner,
            "/applications/{app}/conflicts/{conflict}/remove",
            NO_FORM,
            None,
        ),
        row(
            "/applications/{id}/education/{entry}/check",
            post.clone(),
            Staff,
            "/applications/{app}/education/1/check",
            Body::Form(&[("decision", "verified"), ("note", "")]),
            None,
        ),
        row(
            "/applications/{id}/paper-rating",
            post.clone(),
            Staff,
            "/applications/{app}/paper-rating",
            Body::Form(&[
                ("name", "Forged Rater"),
                ("email", "forged@example.org"),
                ("role", "colleague"),
                ("completed_on", "2026-11-01"),
                ("not_enough_info", "0"),
                ("attest", "yes"),
            ]),
            None,
        ),
        row(
            "/applications/{id}/membership",
            post.clone(),
            Staff,
            "/applications/{app}/membership",
            Body::Form(&[
                ("member_number", "FORGED-1"),
                ("kind", "individual"),
                ("starts_on", "2026-01-01"),
                ("ends_on", "2099-12-31"),
            ]),
            None,
        ),
        row(
            "/applications/{id}/invoices/{invoice}/paid",
            post.clone(),
            Staff,
            "/applications/{app}/invoices/{invoice}/paid",
            NO_FORM,
            None,
        ),
        row(
            "/portfolio",
            get.clone(),
            SignedIn,
            "/portfolio",
            NO_FORM,
            None,
        ),
        row(
            "/portfolio/export.json",
            get.clone(),
            SignedIn,
            "/portfolio/export.json",
            NO_FORM,
            None,
        ),
        row(
            "/portfolio/import",
            post.clone(),
            SignedIn,
            "/portfolio/import",
            Body::File("portfolio.json", "{}"),
            None,
        ),
        row(
            "/portfolio/agreements",
            get.clone(),
            SignedIn,
            "/portfolio/agreements",
            NO_FORM,
            None,
        ),
        row(
            "/portfolio/agreements",
            post.clone(),
            SignedIn,
            "/portfolio/agreements",
            Body::Form(&[("agreement", "code_of_ethics"), ("signature", "x")]),
            None,
        ),
        row(
            "/portfolio/trainings/template.csv",
            get.clone(),
            Public,
            "/portfolio/trainings/template.csv",
            NO_FORM,
            None,
        ),
        row(
            "/portfolio/trainings/import",
            post.clone(),
            SignedIn,
            "/portfolio/trainings/import",
            Body::File("trainings.csv", "title\n"),
            None,
        ),
        row(
            "/portfolio/references/request",
            post.clone(),
            SignedIn,
            "/portfolio/references/request",
            Body::Form(&[
                ("name", "R"),
                ("email", "r@example.org"),
                ("role", "colleague"),
            ]),
            None,
        ),
        row(
            "/portfolio/references/requests/{id}/resend",
            post.clone(),
            Owner,
            "/portfolio/references/requests/{request}/resend",
            NO_FORM,
            None,
        ),
        row(
            "/portfolio/references/requests/{id}/cancel",
            post.clone(),
            Owner,
            "/portfolio/references/requests/{request}/cancel",
            NO_FORM,
            None,
        ),
        row(
            "/rate/{token}",
            get.clone(),
            RaterToken,
            "/rate/{bogus_token}",
            NO_FORM,
            None,
        ),
        row(
            "/rate/{token}",
            post.clone(),
            RaterToken,
            "/rate/{bogus_token}",
            Body::Form(&[("known_since", "2020-01-01"), ("comments", "forged")]),
            None,
        ),
        row(
            "/register",
            get.clone(),
            SignedIn,
            "/register",
            NO_FORM,
            None,
        ),
        row(
            "/register",
            post.clone(),
            SignedIn,
            "/register",
            Body::Form(&[
                ("association", "massaimh"),
                ("category", "IFA"),
                ("intended_submission", ""),
            ]),
            None,
        ),
        row(
            "/portfolio/education/transcripts",
            post.clone(),
            SignedIn,
            "/portfolio/education/transcripts",
            Body::File("t.pdf", "%PDF-1.4\n"),
            None,
        ),
        row(
            "/portfolio/trainings/certificates",
            post.clone(),
            SignedIn,
            "/portfolio/trainings/certificates",
            Body::File("c.pdf", "%PDF-1.4\n"),
            None,
        ),
        row(
            "/uploads/{id}",
            get.clone(),
            Owner,
            "/uploads/{upload}",
            NO_FORM,
            Some(JACK),
        ),
        row(
            "/portfolio/coverage",
            get.clone(),
            SignedIn,
            "/portfolio/coverage",
            NO_FORM,
            None,
        ),
        row(
            "/portfolio/summary",
            get.clone(),
            SignedIn,
            "/portfolio/summary",
            NO_FORM,
            None,
        ),
        row(
            "/portfolio/{section}",
            get.clone(),
            SignedIn,
            "/portfolio/trainings",
            NO_FORM,
            None,
        ),
        row(
            "/portfolio/{section}",
            post.clone(),
            SignedIn,
            "/portfolio/trainings",
            Body::Form(&[("title", "x")]),
            None,
        ),
        row(
            "/portfolio/{section}/messages",
            post.clone(),
            SignedIn,
            "/portfolio/trainings/messages",
            Body::Form(&[("kind", "comment"), ("body", "x")]),
            None,
        ),
        row(
            "/portfolio/{section}/{id}",
            get.clone(),
            Owner,
            "/portfolio/{entry_section}/{entry}",
            NO_FORM,
            Some(JACK),
        ),
        row(
            "/portfolio/{section}/{id}",
            post.clone(),
            Owner,
            "/portfolio/{entry_section}/{entry}",
            // A valid education entry (Jack's first entry is one): an invalid form is answered
            // with the sender's own form page before the entry is looked up, which shows
            // nothing of Jack's but would not test the refusal.
            Body::Form(&[("level", "masters"), ("degree", "forged")]),
            None,
        ),
        row(
            "/portfolio/{section}/{id}/delete",
            post.clone(),
            Owner,
            "/portfolio/{entry_section}/{entry}/delete",
            NO_FORM,
            None,
        ),
        row("/api/me", get.clone(), SignedIn, "/api/me", NO_FORM, None),
        row(
            "/api/applications/{id}",
            get.clone(),
            Owner,
            "/api/applications/{app}",
            NO_FORM,
            Some(JACK),
        ),
        row(
            "/api/associations/{slug}/applications",
            get.clone(),
            StaffList,
            "/api/associations/massaimh/applications",
            NO_FORM,
            Some(MASS_COORDINATOR),
        ),
        // An association's settings and branding (issue #21 item 2).
        row(
            "/staff/{slug}/settings",
            get.clone(),
            Staff,
            "/staff/massaimh/settings",
            NO_FORM,
            Some(MASS_COORDINATOR),
        ),
        row(
            "/staff/{slug}/settings",
            post.clone(),
            Staff,
            "/staff/massaimh/settings",
            Body::File("logo.png", "not a picture"),
            None,
        ),
        row(
            "/associations/{slug}/logo",
            get.clone(),
            Public,
            "/associations/massaimh/logo",
            NO_FORM,
            None,
        ),
        row(
            "/associations/{slug}/brand.css",
            get.clone(),
            Public,
            "/associations/massaimh/brand.css",
            NO_FORM,
            None,
        ),
        // Fees and renewal settings (#21 item 2).
        row(
            "/staff/{slug}/settings/fees",
            get.clone(),
            Staff,
            "/staff/massaimh/settings/fees",
            NO_FORM,
            Some(MASS_COORDINATOR),
        ),
        row(
            "/staff/{slug}/settings/fees",
            post.clone(),
            Staff,
            "/staff/massaimh/settings/fees",
            Body::Form(&[("late_fee", "1"), ("effective", "2099-01-01")]),
            None,
        ),
        row(
            "/staff/{slug}/settings/fees/preview",
            post.clone(),
            Staff,
            "/staff/massaimh/settings/fees/preview",
            Body::Form(&[("late_fee", "1"), ("effective", "2099-01-01")]),
            None,
        ),
        // Agreement texts and mail templates (#21 item 2).
        row(
            "/staff/{slug}/settings/agreements",
            get.clone(),
            Staff,
            "/staff/massaimh/settings/agreements",
            NO_FORM,
            Some(MASS_COORDINATOR),
        ),
        row(
            "/staff/{slug}/settings/agreements",
            post.clone(),
            Staff,
            "/staff/massaimh/settings/agreements",
            Body::Form(&[
                ("kind", "code_of_ethics"),
                ("title", "Forged"),
                ("body", "Forged text."),
            ]),
            None,
        ),
        row(
            "/a/{slug}/agreements/{kind}/{version}",
            get.clone(),
            Public,
            "/a/massaimh/agreements/code_of_ethics/1",
            NO_FORM,
            None,
        ),
        row(
            "/staff/{slug}/settings/mail",
            get.clone(),
            Staff,
            "/staff/massaimh/settings/mail",
            NO_FORM,
            Some(MASS_COORDINATOR),
        ),
        row(
            "/staff/{slug}/settings/mail",
            post.clone(),
            Staff,
            "/staff/massaimh/settings/mail",
            Body::Form(&[
                ("kind", "rating-request"),
                ("action", "save"),
                ("subject", "Forged"),
                ("body", "Forged, without its link"),
            ]),
            None,
        ),
        // preview2 (#21 item 3 follow-ups)
        row(
            "/staff/{slug}/rules/withdraw",
            post.clone(),
            Staff,
            "/staff/massaimh/rules/withdraw",
            Body::Form(&[("edition", "1")]),
            None,
        ),
    ]
}

async fn person_id(store: &SharedStore, email: &str) -> PersonId {
    store.person_by_email(email).await.expect("person").0.id
}

async fn association(store: &SharedStore, slug: &str) -> AssociationId {
    store
        .association_by_slug(slug)
        .await
        .expect("association")
        .id
}

/// Makes a signed-in person with the demo password (the harness signs in with it).
async fn add_person(store: &SharedStore, email: &str, name: &str) -> PersonId {
    let hash = lattice_web::auth::hash_password(DEMO_PASSWORD.to_string())
        .await
        .expect("hash");
    store
        .create_person(&NewPerson {
            email: email.to_string(),
            name: name.to_string(),
            password_hash: Some(hash),
            admin: false,
        })
        .await
        .expect("person")
}

/// Jack Osei, an endorsed MassAIMH applicant, with one object of every kind a route names:
/// the values that fill the placeholders of the expectation table.
struct Victim {
    name: String,
    email: String,
    person: PersonId,
    application: ApplicationId,
    exam_application: ApplicationId,
    values: BTreeMap<&'static str, String>,
}

impl Victim {
    async fn make(app: &TestApp) -> Victim {
        let store = app.state.store();
        let now = Utc::now();
        let person = person_id(store, JACK).await;
        let name = store.person(person).await.expect("jack").name;
        let application = ApplicationId(app.application_of(JACK).await);
        let massaimh = association(store, "massaimh").await;
        let nmaimh = association(store, "nmaimh").await;
        let coordinator = person_id(store, MASS_COORDINATOR).await;
        let reviewer1 = person_id(store, REVIEWER1).await;
        let reviewer2 = person_id(store, "reviewer2@massaimh.test").await;
        let unassigned = add_person(store, UNASSIGNED_REVIEWER, "Uma Unassigned").await;
        store
            .grant_staff(unassigned, massaimh, StaffRole::Reviewer, None)
            .await
            .expect("reviewer role");
        let endorsement = store
            .endorsements_of_person(person)
            .await
            .expect("endorsements")
            .into_iter()
            .next()
            .expect("the demo endorses Jack");
        let entry = store
            .entries(person)
            .await
            .expect("entries")
            .into_iter()
            .find(|e| e.section == Section::Education)
            .expect("Jack has an education entry");
        // An upload through the page, as Jack would (and his GET of it is the control).
        let mut jack = app.client();
        jack.sign_in(JACK).await;
        jack.get("/portfolio/education").await;
        let uploaded = jack
            .post_file(
                "/portfolio/education/transcripts",
                "file",
                "transcript.pdf",
                "%PDF-1.4\nJack's transcript\n%%EOF\n",
            )
            .await;
        assert_eq!(uploaded.status, StatusCode::SEE_OTHER, "{}", uploaded.body);
        let upload = store.uploads_of(person).await.expect("uploads")[0].id;
        let request = store
            .create_rater_request(
                &NewRaterRequest {
                    application,
                    entry: None,
                    waived: false,
                    rater_name: "Rita Rater".into(),
                    rater_email: "rita@example.org".into(),
                    role: "colleague".into(),
                    token_hash: token::hash_token("jacks-real-rating-link"),
                    created_at: now,
                    expires_at: now + Duration::days(30),
                    language: lattice_domain::language::Language::English,
                },
                &NewMail {
                    recipient: "rita@example.org".into(),
                    subject: "rating".into(),
                    body: "link".into(),
                    created_at: now,
                },
            )
            .await
            .expect("rater request");
        // Jack's own declaration, as typed: the applicant's remove route and the
        // coordinator's decision route act on it.
        let conflict = store
            .declare_applicant_conflict(
                application,
                "Dr. Lee Chen",
                "a former colleague",
                &NewAudit {
                    at: now,
                    actor: Some(person),
                    association: Some(massaimh),
                    subject: format!("application:{}", application.0),
                    action: "declare-conflict".into(),
                    reason: "Dr. Lee Chen".into(),
                },
            )
            .await
            .expect("declared conflict");
        let renewal = store
            .submit_renewal(&NewRenewal {
                person,
                association: massaimh,
                year: 2026,
                fee_usd: 25,
                valid_through: (now + Duration::days(400)).date_naive(),
                at: now,
                mails: Vec::new(),
            })
            .await
            .expect("renewal");
        let transfer = store
            .request_transfer(endorsement.id, nmaimh, person, "moving to Santa Fe", now)
            .await
            .expect("transfer");
        // Jack's category has no exam: the exam routes use George Ito's application, another
        // MassAIMH applicant's, approved for the exam.
        let exam_application = ApplicationId(app.application_of(GEORGE).await);
        let sitting = store
            .create_sitting(&NewSitting {
                application: exam_application,
                association: massaimh,
                sat_on: now.date_naive(),
                blind_code: "SEC-1".into(),
                scorers: [reviewer1, reviewer2],
                by: coordinator,
                at: now,
            })
            .await
            .expect("sitting");
        let invoice = match store.invoices(application).await.expect("invoices").first() {
            Some(invoice) => invoice.id.to_string(),
            // No invoice of Jack's: any id fills the path; the refusal comes before the lookup.
            None => "1".to_string(),
        };
        let values = BTreeMap::from([
            ("{app}", application.0.to_string()),
            ("{exam_app}", exam_application.0.to_string()),
            ("{number}", endorsement.credential_number.clone()),
            ("{entry}", entry.id.to_string()),
            ("{entry_section}", entry.section.key().to_string()),
            ("{upload}", upload.to_string()),
            ("{request}", request.to_string()),
            ("{conflict}", conflict.to_string()),
            ("{declared}", conflict.to_string()),
            ("{renewal}", renewal.to_string()),
            ("{transfer}", transfer.to_string()),
            ("{sitting}", sitting.to_string()),
            ("{invoice}", invoice),
            ("{reviewer1}", reviewer1.0.to_string()),
            ("{unassigned}", unassigned.0.to_string()),
            ("{bogus_token}", "not-a-link-anyone-was-sent".to_string()),
        ]);
        Victim {
            name,
            email: JACK.to_string(),
            person,
            application,
            exam_application,
            values,
        }
    }

    fn fill(&self, text: &str) -> String {
        let mut filled = text.to_string();
        for (placeholder, value) in &self.values {
            filled = filled.replace(placeholder, value);
        }
        assert!(!filled.contains('{'), "unfilled placeholder in {filled}");
        filled
    }

    /// Everything of Jack's and of MassAIMH the routes could change, as one text to compare.
    async fn fingerprint(&self, store: &SharedStore) -> String {
        let massaimh = association(store, "massaimh").await;
        let endorsements = store.endorsements_of_person(self.person).await.expect("e");
        let mut transfers = Vec::new();
        for e in &endorsements {
            transfers.push(store.transfers_of(e.id).await.expect("transfers"));
        }
        format!(
            "{:?}\n{:?}\n{:?}\n{:?}\n{:?}\n{:?}\n{:?}\n{:?}\n{:?}\n{:?}\n{:?}\n{:?}\n{:?}\n{:?}\n{:?}\n{:?}\n{:?}\n{:?}\n{:?}",
            store
                .application(self.application)
                .await
                .expect("application"),
            store
                .audit_of_subject(&format!("application:{}", self.application.0))
                .await
                .expect("audit")
                .len(),
            store.entries(self.person).await.expect("entries"),
            store.portfolio_meta(self.person).await.expect("meta"),
            endorsements,
            transfers,
            store.uploads_of(self.person).await.expect("uploads"),
            store
                .rater_requests_of(self.application)
                .await
                .expect("requests"),
            store.conflicts_of(self.person).await.expect("conflicts"),
            store
                .renewals_of_person(self.person)
                .await
                .expect("renewals"),
            store
                .sittings(self.exam_application)
                .await
                .expect("sittings"),
            store
                .application(self.exam_application)
                .await
                .expect("exam application"),
            store.invoices(self.application).await.expect("invoices"),
            store.reviewers(self.application).await.expect("reviewers"),
            store.cycles(massaimh).await.expect("cycles"),
            store.exam_windows(massaimh).await.expect("windows"),
            store
                .reviewers_of(massaimh)
                .await
                .expect("reviewer profiles"),
            store
                .declared_conflicts(self.application)
                .await
                .expect("declared conflicts"),
            store
                .staff_accounts(massaimh)
                .await
                .expect("staff accounts"),
        )
    }
}

/// The people who must be refused: who they are, and their session's CSRF token (read once,
/// so that a page showing an anonymous form cannot swap it for another).
struct Actor<'a> {
    label: &'static str,
    client: Client<'a>,
    csrf: String,
    signed_in: bool,
}

async fn actors(app: &TestApp) -> Vec<Actor<'_>> {
    let mut all = Vec::new();
    let mut anonymous = app.client();
    anonymous.get("/sign-in").await;
    let csrf = anonymous.csrf.clone().expect("anonymous form token");
    all.push(Actor {
        label: "anonymous",
        client: anonymous,
        csrf,
        signed_in: false,
    });
    for (label, email) in [
        ("an applicant of the same association", "ana@example.org"),
        (
            "an applicant of another association",
            "mei.wong@example.org",
        ),
        ("the CT-AIMH coordinator", "coordinator@ct-aimh.test"),
        ("the NMAIMH coordinator", "coordinator@nmaimh.test"),
        (UNASSIGNED_LABEL, UNASSIGNED_REVIEWER),
    ] {
        let mut client = app.client();
        client.sign_in(email).await;
        let csrf = client.csrf.clone().expect("session token on the dashboard");
        all.push(Actor {
            label,
            client,
            csrf,
            signed_in: true,
        });
    }
    all
}

/// Sends one request of the table as `actor`, with the actor's own valid CSRF token.
async fn send(actor: &mut Actor<'_>, victim: &Victim, row: &Row) -> Page {
    let path = victim.fill(row.path);
    actor.client.csrf = Some(actor.csrf.clone());
    if row.method == Method::GET {
        return actor.client.get(&path).await;
    }
    match row.body {
        Body::Form(fields) => {
            let filled: Vec<(String, String)> = fields
                .iter()
                .map(|(k, v)| ((*k).to_string(), victim.fill(v)))
                .collect();
            let pairs: Vec<(&str, &str)> = filled
                .iter()
                .map(|(k, v)| (k.as_str(), v.as_str()))
                .collect();
            actor.client.post(&path, &pairs).await
        }
        Body::File(name, content) => actor.client.post_file(&path, "file", name, content).await,
    }
}

/// The main part of a page, for failure messages.
fn main_text(page: &Page) -> &str {
    let body = page.body.as_str();
    match body.find("<main") {
        Some(at) => &body[at..body.len().min(at + 600)],
        None => &body[..body.len().min(600)],
    }
}

fn sent_to_sign_in(page: &Page) -> bool {
    page.status == StatusCode::SEE_OTHER
        && page
            .location
            .as_deref()
            .is_some_and(|l| l.starts_with("/sign-in?next="))
}

async fn route_matrix(app: TestApp) {
    let routes = routes_in(ROUTER_SOURCE);
    // The guard: a `.route(` the reader could not take apart would otherwise go untested.
    assert_eq!(
        routes.len(),
        ROUTER_SOURCE.matches(".route(").count(),
        "every .route( of app.rs is read: {routes:#?}"
    );
    let table = expectations();
    for route in &routes {
        for method in &route.methods {
            assert!(
                table
                    .iter()
                    .any(|r| r.route == route.path && r.method == *method),
                "{method} {} has no expectation row in security.rs: say who may reach it",
                route.path
            );
        }
    }
    for row in &table {
        assert!(
            routes
                .iter()
                .any(|r| r.path == row.route && r.methods.contains(&row.method)),
            "the row for {} {} names no route of app.rs",
            row.method,
            row.route
        );
    }

    let victim = Victim::make(&app).await;
    let store = app.state.store();
    let before = victim.fingerprint(store).await;
    // Controls: the rightful person reaches each object, so the refusals below are refusals
    // of the person, not of a wrong id.
    for row in table.iter().filter(|r| r.method == Method::GET) {
        if let Some(email) = row.rightful {
            let mut client = app.client();
            client.sign_in(email).await;
            let page = client.get(&victim.fill(row.path)).await;
            assert_eq!(
                page.status,
                StatusCode::OK,
                "{email} on {}: {}",
                row.path,
                main_text(&page)
            );
        }
    }
    let mut actors = actors(&app).await;
    let mut tried = 0;
    let mut failures = Vec::new();
    for row in &table {
        for actor in actors.iter_mut() {
            let signed_in_self_post =
                row.access == Access::SignedIn && row.method == Method::POST && actor.signed_in;
            let public_post = row.access == Access::Public && row.method == Method::POST;
            if signed_in_self_post || (public_post && actor.signed_in) {
                // Acting on one's own account (or signing in again) is not a refusal to test;
                // anonymous requests to these routes are.
                continue;
            }
            let page = send(actor, &victim, row).await;
            tried += 1;
            let what = format!(
                "{} {} as {}",
                row.method,
                victim.fill(row.path),
                actor.label
            );
            let is_api = row.path.starts_with("/api/");
            let (fine, expected) = match row.access {
                Access::Public => (!page.status.is_server_error(), "anything but a 5xx"),
                Access::SignedIn if actor.signed_in => (
                    page.status.is_success() || page.status.is_redirection(),
                    "their own page",
                ),
                Access::StaffList if actor.label == UNASSIGNED_LABEL => {
                    // Staff of the association get a list of only what they are assigned.
                    (page.status == StatusCode::OK, "their own (empty) list")
                }
                Access::RaterToken => (page.status == StatusCode::NOT_FOUND, "404"),
                _ if !actor.signed_in && is_api => (page.status == StatusCode::UNAUTHORIZED, "401"),
                _ if !actor.signed_in => (sent_to_sign_in(&page), "a redirect to sign in"),
                _ => (page.status == StatusCode::NOT_FOUND, "404"),
            };
            if !fine {
                failures.push(format!(
                    "{what}: {} {:?}, expected {expected}: {}",
                    page.status,
                    page.location,
                    main_text(&page)
                ));
            }
            let public = row.access == Access::Public;
            if !public && (page.body.contains(&victim.name) || page.body.contains(&victim.email)) {
                failures.push(format!("{what} shows the victim's data"));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
    assert!(tried > 300, "only {tried} requests were tried");
    assert_eq!(
        victim.fingerprint(store).await,
        before,
        "a refused request changed the victim's data"
    );
}

#[tokio::test]
async fn every_route_refuses_people_it_is_not_for_on_sqlite() {
    route_matrix(TestApp::sqlite().await).await;
}

#[tokio::test]
async fn every_route_refuses_people_it_is_not_for_on_postgres() {
    let Some(app) = TestApp::postgres().await else {
        return;
    };
    route_matrix(app).await;
}

#[test]
fn the_router_reader_finds_multi_line_and_chained_routes() {
    let source = r#"
        .route("/a", get(x::a).post(x::b))
        .route(
            "/b/{id}",
            post(files::up).layer(axum::extract::DefaultBodyLimit::max(files::MAX + 64 * 1024)),
        )
        .route("/c", get(|| async { ([(header::CONTENT_TYPE, "text/css; charset=utf-8")], CSS) }))
    "#;
    assert_eq!(
        routes_in(source),
        vec![
            Route {
                path: "/a".into(),
                methods: vec![Method::GET, Method::POST]
            },
            Route {
                path: "/b/{id}".into(),
                methods: vec![Method::POST]
            },
            Route {
                path: "/c".into(),
                methods: vec![Method::GET]
            },
        ]
    );
}

/// The actor whose POST would otherwise go through, for the CSRF test: so a 403 can only be
/// the missing or wrong token.
fn poster_for(row: &Row) -> Option<&'static str> {
    match row.access {
        Access::Public | Access::RaterToken => None,
        Access::SignedIn => Some("ana@example.org"),
        Access::Owner => Some(JACK),
        Access::Staff | Access::StaffList => Some(MASS_COORDINATOR),
        Access::Reviewer | Access::Scorer => Some(REVIEWER1),
        Access::Admin => Some(ALLIANCE_ADMIN),
    }
}

async fn csrf_on_every_post(app: TestApp) {
    let victim = Victim::make(&app).await;
    let store = app.state.store();
    let before = victim.fingerprint(store).await;
    // A token that is real, but another session's (and, before sign-in, another browser's).
    let mut other = app.client();
    other.sign_in("grace.okafor@example.org").await;
    let other_session = other.csrf.clone().expect("token");
    let mut other_browser = app.client();
    other_browser.get("/sign-in").await;
    let other_anonymous = other_browser.csrf.clone().expect("token");
    let mut clients: BTreeMap<&str, Client<'_>> = BTreeMap::new();
    let mut failures = Vec::new();
    let mut tried = 0;
    for row in expectations().iter().filter(|r| r.method == Method::POST) {
        let who = poster_for(row);
        let key = who.unwrap_or("anonymous");
        if !clients.contains_key(key) {
            let mut client = app.client();
            match who {
                Some(email) => {
                    client.sign_in(email).await;
                }
                None => {
                    client.get("/sign-in").await;
                }
            }
            clients.insert(key, client);
        }
        let client = clients.get_mut(key).expect("client");
        let stolen = if who.is_some() {
            &other_session
        } else {
            &other_anonymous
        };
        let path = victim.fill(row.path);
        for (label, token) in [
            ("no token", None),
            ("another session's token", Some(stolen)),
        ] {
            let page = match row.body {
                Body::Form(fields) => {
                    let mut pairs: Vec<(String, String)> = fields
                        .iter()
                        .map(|(k, v)| ((*k).to_string(), victim.fill(v)))
                        .collect();
                    if let Some(token) = token {
                        pairs.push(("csrf".to_string(), token.clone()));
                    }
                    let pairs: Vec<(&str, &str)> = pairs
                        .iter()
                        .map(|(k, v)| (k.as_str(), v.as_str()))
                        .collect();
                    client.post_raw(&path, &pairs).await
                }
                Body::File(name, content) => {
                    // A multipart form always carries the harness's csrf part: empty stands
                    // for none.
                    client.csrf = Some(token.cloned().unwrap_or_default());
                    client.post_file(&path, "file", name, content).await
                }
            };
            tried += 1;
            if page.status != StatusCode::FORBIDDEN {
                failures.push(format!(
                    "POST {path} by {key} with {label}: {} {}",
                    page.status,
                    main_text(&page)
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
    let posts = expectations()
        .iter()
        .filter(|r| r.method == Method::POST)
        .count();
    assert_eq!(tried, 2 * posts, "each POST route was forged twice");
    assert_eq!(victim.fingerprint(store).await, before);
}

#[tokio::test]
async fn every_post_refuses_a_missing_or_foreign_csrf_token() {
    csrf_on_every_post(TestApp::sqlite().await).await;
}

const XSS_TAIL: &str = "<script>alert(1)</script>\"'><img src=x onerror=alert(1)>";

/// The payload, marked with where it was typed so each page can be checked for each source.
fn payload(tag: &str) -> String {
    format!("{tag}{XSS_TAIL}")
}

/// The payload as askama's HTML escaping writes it.
fn escaped(tag: &str) -> String {
    format!(
        "{tag}{}",
        XSS_TAIL
            .replace('&', "&#38;")
            .replace('<', "&#60;")
            .replace('>', "&#62;")
            .replace('"', "&#34;")
            .replace('\'', "&#39;")
    )
}

/// A form for a portfolio section with the payload in every text field and valid values
/// elsewhere, built from the same field list that draws the form.
fn entry_form(section: Section, tag: &str) -> Vec<(String, String)> {
    use lattice_web::forms::Kind;
    lattice_web::forms::fields(section)
        .into_iter()
        .filter_map(|field| {
            let value = match field.kind {
                Kind::Text => payload(tag),
                Kind::Email => "someone@example.org".to_string(),
                // A training's optional last day stays empty (a one-day training).
                Kind::Date if field.name == "end_date" => return None,
                Kind::Date if field.name == "end" => "2021-06-30".to_string(),
                Kind::Date => "2020-01-15".to_string(),
                Kind::Number => "6".to_string(),
                Kind::Count => "1".to_string(),
                Kind::Select(options) => options
                    .items
                    .iter()
                    .map(|(value, _)| *value)
                    .find(|v| !v.is_empty())
                    .unwrap_or_default()
                    .to_string(),
                Kind::Check | Kind::Multi(_) | Kind::Competencies => return None,
            };
            Some((field.name.to_string(), value))
        })
        .collect()
}

fn pairs(fields: &[(String, String)]) -> Vec<(&str, &str)> {
    fields
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect()
}

fn see_other(page: &Page, what: &str) {
    // The field messages of a refused form, to say which field was wrong.
    let problems: Vec<&str> = page
        .body
        .match_indices("-error\"")
        .map(|(at, _)| &page.body[at..page.body.len().min(at + 160)])
        .collect();
    assert_eq!(
        page.status,
        StatusCode::SEE_OTHER,
        "{what}: {problems:#?} {}",
        main_text(page)
    );
}

/// The sections whose entries the applicant types.
const TYPED_SECTIONS: [Section; 4] = [
    Section::Education,
    Section::Trainings,
    Section::Work,
    Section::Rsc,
];

#[tokio::test]
async fn stored_script_in_every_text_field_renders_inert() {
    let app = TestApp::sqlite().await;
    let store = app.state.store();
    // The applicant's name at sign-up.
    let mut applicant = app.client();
    let name = payload("xss-name");
    applicant
        .sign_up(&name, "mallory@example.org", "a-long-password-1")
        .await;
    applicant.get("/register").await;
    let intended = (Utc::now() + Duration::days(90)).date_naive().to_string();
    let registered = applicant
        .post(
            "/register",
            &[
                ("association", "massaimh"),
                ("category", "IFS"),
                ("intended_submission", intended.as_str()),
            ],
        )
        .await;
    see_other(&registered, "register");
    let id = app.application_of("mallory@example.org").await;
    // Every text field of every section the applicant types (references are only asked for,
    // below: a rating is the rater's).
    for section in TYPED_SECTIONS {
        let tag = format!("xss-{}", section.key());
        applicant
            .get(&format!("/portfolio/{}", section.key()))
            .await;
        let form = entry_form(section, &tag);
        let added = applicant
            .post(&format!("/portfolio/{}", section.key()), &pairs(&form))
            .await;
        see_other(&added, section.key());
    }
    // A rater named with the payload, whose comments carry it too.
    applicant.get("/portfolio/references").await;
    let rater = payload("xss-rater");
    let asked = applicant
        .post(
            "/portfolio/references/request",
            &[
                ("name", rater.as_str()),
                ("email", "rater@example.org"),
                ("role", "colleague"),
            ],
        )
        .await;
    see_other(&asked, "rating request");
    let mail = store.mails_to("rater@example.org").await.expect("mail");
    let body = &mail.last().expect("the rating mail").body;
    let link = body[body.find("/rate/").expect("link")..]
        .split_whitespace()
        .next()
        .expect("link")
        .to_string();
    let mut rater_client = app.client();
    let form = rater_client.get(&link).await;
    assert_eq!(form.status, StatusCode::OK);
    // The rater's form names the applicant.
    assert!(
        form.body.contains(&escaped("xss-name")),
        "{}",
        main_text(&form)
    );
    assert!(!form.body.contains("<script>alert(1)"));
    let mut answers: Vec<(String, String)> = lattice_domain::competency::CompetencyArea::all()
        .map(|a| (format!("area:{}", a.id()), "consistently".to_string()))
        .collect();
    answers.push(("comments".to_string(), payload("xss-comments")));
    let rated = rater_client.post(&link, &pairs(&answers)).await;
    assert_eq!(rated.status, StatusCode::OK, "{}", main_text(&rated));
    // A message to the coordinator, and a conflict named by the applicant.
    applicant.get("/portfolio/trainings").await;
    let message = payload("xss-message");
    see_other(
        &applicant
            .post(
                "/portfolio/trainings/messages",
                &[("kind", "comment"), ("body", message.as_str())],
            )
            .await,
        "message",
    );
    applicant.get(&format!("/applications/{id}")).await;
    let conflict = payload("xss-conflict");
    see_other(
        &applicant
            .post(
                &format!("/applications/{id}/conflicts"),
                &[("person", "Dr. Lee Chen"), ("reason", conflict.as_str())],
            )
            .await,
        "applicant's conflict",
    );
    // A coordinator's reason, kept in the record the applicant reads.
    let mut coordinator = app.client();
    coordinator.sign_in(MASS_COORDINATOR).await;
    coordinator.get(&format!("/applications/{id}/review")).await;
    let reason = payload("xss-coordinator");
    see_other(
        &coordinator
            .post(
                &format!("/applications/{id}/review/rules"),
                &[("rules_date", "2024-06-01"), ("reason", reason.as_str())],
            )
            .await,
        "coordinator's reason",
    );
    let reviewer_id = person_id(store, "reviewer2@massaimh.test").await;
    let coordinator_id = person_id(store, MASS_COORDINATOR).await;
    store
        .assign_reviewer(ApplicationId(id), reviewer_id, coordinator_id)
        .await
        .expect("assign");
    let mut reviewer = app.client();
    reviewer.sign_in("reviewer2@massaimh.test").await;

    // Where each payload must show, escaped.
    let sections: Vec<String> = TYPED_SECTIONS
        .iter()
        .map(|s| format!("xss-{}", s.key()))
        .collect();
    let section_tags: Vec<&str> = sections.iter().map(String::as_str).collect();
    let mut checks: Vec<(&str, String, Vec<&str>)> = vec![
        ("applicant", "/dashboard".into(), vec!["xss-name"]),
        ("applicant", "/portfolio".into(), vec!["xss-name"]),
        ("applicant", "/portfolio/summary".into(), {
            let mut all = section_tags.clone();
            all.push("xss-name");
            all
        }),
        ("applicant", "/portfolio/coverage".into(), vec![]),
        (
            "applicant",
            format!("/applications/{id}"),
            vec!["xss-name", "xss-coordinator", "xss-conflict"],
        ),
        (
            "coordinator",
            "/staff/massaimh".into(),
            vec!["xss-name", "xss-message"],
        ),
        (
            "coordinator",
            format!("/applications/{id}"),
            vec!["xss-name"],
        ),
        (
            "coordinator",
            format!("/applications/{id}/review"),
            vec!["xss-name"],
        ),
        // The applicant's declared conflict, for the coordinator to decide.
        (
            "coordinator",
            format!("/applications/{id}/reviewers/why"),
            vec!["xss-name", "xss-conflict"],
        ),
        ("reviewer", format!("/applications/{id}"), vec!["xss-name"]),
        (
            "reviewer",
            format!("/applications/{id}/review"),
            vec!["xss-name"],
        ),
    ];
    for (section, tag) in TYPED_SECTIONS.iter().zip(&section_tags) {
        checks.push((
            "applicant",
            format!("/portfolio/{}", section.key()),
            vec![*tag],
        ));
    }
    // The rater's name becomes the references entry's.
    checks.push((
        "applicant",
        "/portfolio/references".into(),
        vec!["xss-rater"],
    ));
    // The rating with the payload in its comments was accepted; no page shows a rater's
    // comments today (they go to the store only), so there is nowhere to render them.
    assert_eq!(
        store
            .ratings_of(ApplicationId(id))
            .await
            .expect("ratings")
            .len(),
        1
    );
    let mut failures = Vec::new();
    let mut shown: Vec<&str> = Vec::new();
    for (who, path, tags) in &checks {
        let client = match *who {
            "applicant" => &mut applicant,
            "coordinator" => &mut coordinator,
            _ => &mut reviewer,
        };
        let page = client.get(path).await;
        if page.status != StatusCode::OK {
            failures.push(format!("{who} {path}: {}", page.status));
            continue;
        }
        for raw in ["<script>alert(1)", "<img src=x", "\"'><img"] {
            if page.body.contains(raw) {
                failures.push(format!("{who} {path}: raw {raw:?} reached the page"));
            }
        }
        for tag in tags {
            if page.body.contains(&escaped(tag)) {
                shown.push(tag);
            } else {
                failures.push(format!("{who} {path}: {tag} not shown escaped"));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    for tag in [
        "xss-name",
        "xss-message",
        "xss-conflict",
        "xss-coordinator",
        "xss-rater",
    ] {
        assert!(shown.contains(&tag), "{tag} was checked nowhere");
    }
}

const SQL_METACHARACTERS: [&str; 6] = [
    "' OR 1=1 --",
    "%",
    "_",
    "\\",
    "\"; DROP TABLE people; --",
    "O'Brien",
];

#[tokio::test]
async fn sql_metacharacters_are_only_text() {
    let app = TestApp::sqlite().await;
    let store = app.state.store();
    let massaimh = association(store, "massaimh").await;
    let applications = store
        .applications_of_association(massaimh)
        .await
        .expect("applications")
        .len();
    let mut anonymous = app.client();
    let total = |page: &Page| page.json()["total"].as_i64().expect("total");
    // The endorsee is found by name, so a search that finds nothing is not a broken search.
    let found = anonymous.get("/api/registry?name=Osei").await;
    assert_eq!(total(&found), 1, "{}", found.body);
    for text in SQL_METACHARACTERS {
        for field in ["name", "city", "given", "region"] {
            let query = serde_urlencoded::to_string([(field, text)]).expect("query");
            let api = anonymous.get(&format!("/api/registry?{query}")).await;
            assert_eq!(api.status, StatusCode::OK, "{query}: {}", api.body);
            // `%` and `_` are letters to look for, not wildcards; no name holds them.
            assert_eq!(total(&api), 0, "{query} matched: {}", api.body);
            let page = anonymous.get(&format!("/registry?{query}")).await;
            assert_eq!(page.status, StatusCode::OK, "{query}");
        }
    }
    for pattern in ["Os_i", "O%i", "%sei", "Ose_"] {
        let api = anonymous
            .get(&format!(
                "/api/registry?name={}",
                pattern.replace('%', "%25")
            ))
            .await;
        assert_eq!(
            total(&api),
            0,
            "{pattern} acted as a wildcard: {}",
            api.body
        );
    }
    // The staff queue's filters.
    let mut coordinator = app.client();
    coordinator.sign_in(MASS_COORDINATOR).await;
    for text in SQL_METACHARACTERS {
        for field in ["state", "category", "cycle"] {
            let query = serde_urlencoded::to_string([(field, text)]).expect("query");
            let page = coordinator.get(&format!("/staff/massaimh?{query}")).await;
            assert!(
                page.status.is_success() || page.status.is_client_error(),
                "{query}: {}",
                page.status
            );
            // An unknown filter value may be ignored, but never reaches past the association.
            assert!(
                !page.body.contains("Grace Okafor") && !page.body.contains("Mei Wong"),
                "{query} reached another association's applicants"
            );
        }
    }
    // Sign-in emails.
    let mut visitor = app.client();
    visitor.get("/sign-in").await;
    for text in SQL_METACHARACTERS {
        let page = visitor
            .post(
                "/sign-in",
                &[("email", text), ("password", "whatever"), ("next", "")],
            )
            .await;
        assert!(
            page.status == StatusCode::UNAUTHORIZED
                || page.status == StatusCode::UNPROCESSABLE_ENTITY,
            "sign-in as {text:?}: {}",
            page.status
        );
    }
    // Form fields keep them as typed.
    let mut ana = app.client();
    ana.sign_in("ana@example.org").await;
    let ana_id = person_id(store, "ana@example.org").await;
    for text in SQL_METACHARACTERS {
        ana.get("/portfolio/work").await;
        let page = ana
            .post(
                "/portfolio/work",
                &[("employer", text), ("role", text), ("start", "2020-01-01")],
            )
            .await;
        see_other(&page, text);
        let stored = store.entries(ana_id).await.expect("entries");
        assert!(
            stored
                .iter()
                .any(|e| e.data["employer"] == text && e.data["role"] == text),
            "{text:?} was not stored as typed"
        );
    }
    assert_eq!(
        store
            .applications_of_association(massaimh)
            .await
            .expect("applications")
            .len(),
        applications,
        "the data is intact"
    );
    // Accounts still sign in.
    app.client().sign_in("grace.okafor@example.org").await;
}

#[tokio::test]
async fn uploads_whose_name_lies_about_their_content_are_refused() {
    let app = TestApp::sqlite().await;
    let store = app.state.store();
    let mut ana = app.client();
    ana.sign_in("ana@example.org").await;
    let ana_id = person_id(store, "ana@example.org").await;
    let pdf = "%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n";
    let html = "<!doctype html><script>alert(1)</script>";
    let exe = "MZ\u{0}\u{0}This program cannot be run in DOS mode.";
    for (path, page_path) in [
        ("/portfolio/education/transcripts", "/portfolio/education"),
        ("/portfolio/trainings/certificates", "/portfolio/trainings"),
    ] {
        for (name, content, says) in [
            ("transcript.pdf", html, "Only PDF, PNG or JPEG"),
            ("transcript.pdf", exe, "Only PDF, PNG or JPEG"),
            ("transcript.PDF.html", html, "Only PDF, PNG or JPEG"),
            (
                "setup.exe",
                pdf,
                "The name ends in .exe but the file is a PDF",
            ),
            (
                "page.html",
                pdf,
                "The name ends in .html but the file is a PDF",
            ),
            (
                "scan.png",
                pdf,
                "The name ends in .png but the file is a PDF",
            ),
        ] {
            ana.get(page_path).await;
            let page = ana.post_file(path, "file", name, content).await;
            assert_eq!(
                page.status,
                StatusCode::UNPROCESSABLE_ENTITY,
                "{name} to {path}"
            );
            assert!(
                crate::mistakes::field_of(&page).as_deref() == Some("file")
                    && crate::mistakes::message_of(&page).is_some_and(|m| m.starts_with(says)),
                "{name} to {path}: the message sits beside the file field and says why: {}",
                main_text(&page)
            );
        }
        ana.get(page_path).await;
        let honest = ana.post_file(path, "file", "Transcript.PDF", pdf).await;
        see_other(&honest, "a PDF named .PDF");
    }
    assert_eq!(store.uploads_of(ana_id).await.expect("uploads").len(), 2);
}

#[tokio::test]
async fn rater_links_work_once_and_expire() {
    let app = TestApp::sqlite().await;
    let store = app.state.store();
    let mut ana = app.client();
    ana.sign_in("ana@example.org").await;
    ana.get("/portfolio/references").await;
    let asked = ana
        .post(
            "/portfolio/references/request",
            &[
                ("name", "Rita Rater"),
                ("email", "rita@example.org"),
                ("role", "colleague"),
            ],
        )
        .await;
    see_other(&asked, "rating request");
    let mail = store.mails_to("rita@example.org").await.expect("mail");
    let body = &mail.last().expect("the rating mail").body;
    let link = body[body.find("/rate/").expect("link")..]
        .split_whitespace()
        .next()
        .expect("link")
        .to_string();
    let answers: Vec<(String, String)> = lattice_domain::competency::CompetencyArea::all()
        .map(|a| (format!("area:{}", a.id()), "consistently".to_string()))
        .collect();
    let mut rater = app.client();
    assert_eq!(rater.get(&link).await.status, StatusCode::OK);
    let rated = rater.post(&link, &pairs(&answers)).await;
    assert_eq!(rated.status, StatusCode::OK, "{}", main_text(&rated));
    // Spent: neither the form nor a second submission works, from any browser.
    assert_eq!(rater.get(&link).await.status, StatusCode::NOT_FOUND);
    let again = rater.post(&link, &pairs(&answers)).await;
    assert_eq!(again.status, StatusCode::NOT_FOUND);
    assert!(again.body.contains("no longer works"));
    let mut someone = app.client();
    assert_eq!(someone.get(&link).await.status, StatusCode::NOT_FOUND);
    let application = ApplicationId(app.application_of("ana@example.org").await);
    let ratings = store.ratings_of(application).await.expect("ratings");
    assert_eq!(
        ratings
            .iter()
            .filter(|(name, _)| name == "Rita Rater")
            .count(),
        1,
        "one rating from the one link"
    );

    // A link past its expiry: made through the store with an end in the past.
    let now = Utc::now();
    store
        .create_rater_request(
            &NewRaterRequest {
                application,
                entry: None,
                waived: false,
                rater_name: "Late Larry".into(),
                rater_email: "larry@example.org".into(),
                role: "colleague".into(),
                token_hash: token::hash_token("an-expired-rating-link"),
                created_at: now - Duration::days(31),
                expires_at: now - Duration::minutes(1),
                language: lattice_domain::language::Language::English,
            },
            &NewMail {
                recipient: "larry@example.org".into(),
                subject: "rating".into(),
                body: "link".into(),
                created_at: now - Duration::days(31),
            },
        )
        .await
        .expect("request");
    let mut late = app.client();
    let form = late.get("/rate/an-expired-rating-link").await;
    assert_eq!(form.status, StatusCode::NOT_FOUND);
    assert!(form.body.contains("expired"));
    // The form of a live link gives the anonymous token; the expired link still refuses.
    late.get(&link).await;
    late.get("/sign-in").await;
    let post = late
        .post("/rate/an-expired-rating-link", &pairs(&answers))
        .await;
    assert_eq!(post.status, StatusCode::NOT_FOUND);
    let after = store.ratings_of(application).await.expect("ratings");
    assert_eq!(after, ratings, "the expired link added no rating");
}

/// Five failures per email in 15 minutes, counted in the database: two app instances on one
/// database share the count.
async fn rate_limit_across_instances(url: String) {
    let first = TestApp::start(url.clone(), tempfile::tempdir().expect("dir"), &[]).await;
    let second = TestApp::start(url, tempfile::tempdir().expect("dir"), &[]).await;
    let wrong = [
        ("email", "ana@example.org"),
        ("password", "wrong password"),
        ("next", ""),
    ];
    let mut a = first.client();
    a.get("/sign-in").await;
    let mut b = second.client();
    b.get("/sign-in").await;
    for (client, times) in [(&mut a, 3), (&mut b, 2)] {
        for _ in 0..times {
            assert_eq!(
                client.post("/sign-in", &wrong).await.status,
                StatusCode::UNAUTHORIZED
            );
        }
    }
    let right = [
        ("email", "Ana@Example.org"),
        ("password", DEMO_PASSWORD),
        ("next", ""),
    ];
    for client in [&mut a, &mut b] {
        let page = client.post("/sign-in", &right).await;
        assert_eq!(page.status, StatusCode::TOO_MANY_REQUESTS, "{}", page.body);
    }
    // Failures older than the window no longer count.
    let store = first.state.store();
    let old = Utc::now() - Duration::minutes(16);
    for _ in 0..5 {
        store
            .record_login_failure("email:grace.okafor@example.org", old)
            .await
            .expect("failure");
    }
    b.sign_in("grace.okafor@example.org").await;
}

#[tokio::test]
async fn the_sign_in_limit_holds_across_instances_on_sqlite() {
    let dir = tempfile::tempdir().expect("dir");
    let url = lattice_store::testing::sqlite_url_in(dir.path());
    rate_limit_across_instances(url).await;
}

#[tokio::test]
async fn the_sign_in_limit_holds_across_instances_on_postgres() {
    let Some(url) = lattice_store::testing::postgres_url().await else {
        return;
    };
    rate_limit_across_instances(url).await;
}

/// An HTML page, a JSON answer, an error page, a JSON error, static files and a redirect.
const HEADER_PATHS: [&str; 7] = [
    "/",
    "/api/registry",
    "/no/such/page",
    "/api/me",
    "/static/app.css",
    "/static/app.js",
    "/dashboard",
];

async fn check_headers(app: &TestApp, hsts: bool) {
    let mut client = app.client();
    for path in HEADER_PATHS {
        let page = client.get(path).await;
        let header = |name: &str| {
            page.headers
                .get(name)
                .map(|v| v.to_str().expect("text").to_string())
        };
        let csp = header("content-security-policy").unwrap_or_default();
        assert!(
            csp.contains("frame-ancestors 'none'"),
            "{path}: CSP {csp:?}"
        );
        assert!(csp.contains("default-src 'self'"), "{path}: CSP {csp:?}");
        assert_eq!(
            header("x-content-type-options").as_deref(),
            Some("nosniff"),
            "{path}"
        );
        assert_eq!(
            header("referrer-policy").as_deref(),
            Some("same-origin"),
            "{path}"
        );
        let sts = header("strict-transport-security");
        if hsts {
            let sts = sts.unwrap_or_else(|| panic!("{path}: no HSTS over https"));
            assert!(sts.contains("max-age=31536000"), "{path}: {sts}");
        } else {
            assert_eq!(sts, None, "{path}: HSTS on plain http");
        }
    }
}

#[tokio::test]
async fn security_headers_on_every_kind_of_response_and_hsts_only_over_tls() {
    let plain = TestApp::sqlite().await;
    check_headers(&plain, false).await;
    // The same database served at an https address.
    let url = lattice_store::testing::sqlite_url_in(plain.dir.path());
    let tls = TestApp::start(
        url,
        tempfile::tempdir().expect("dir"),
        &[("LATTICE_BASE_URL", "https://lattice.test".to_string())],
    )
    .await;
    check_headers(&tls, true).await;
}
