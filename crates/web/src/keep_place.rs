//! A form sent with a mistake comes back as the page it was sent from, never as a bare error
//! page: the page (rendered by its own handler, with its navigation and everything around the
//! form) gets the message beside the field the message names, a summary above the form that
//! links to it, and what the person typed put back into the form.
//!
//! Handlers keep saying what is wrong the one way they always have: a
//! `WebError::BadRequest("field: message")` (422) or a `WebError::Conflict` (409). This layer,
//! around every route, sees such an error answer a form (a `POST` outside `/api/`), asks the
//! router for the page the browser sent the form from (its `Referer`, which the service's
//! `Referrer-Policy: same-origin` keeps; else the form's own address), and marks that page.
//! The status stays 422 or 409, so scripts and tests still read a refusal. When there is no
//! such page (none, not HTML, not 200), the error page is shown as before.
//!
//! Why a layer rather than each handler rendering its own page again: there are well over a
//! hundred refusals across the handlers, each form's page is already one handler's job, and a
//! handler that forgot would send people to a dead end. The typed values come from the posted
//! form itself, so no handler has to carry them.

use std::cell::{Cell, RefCell};
use std::collections::{BTreeSet, HashMap};
use std::rc::Rc;

use axum::Router;
use axum::body::{Body, to_bytes};
use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, Uri, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use lol_html::html_content::ContentType;
use lol_html::{RewriteStrSettings, element, rewrite_str};
use tower::ServiceExt;

pub use crate::error::split_field;
use crate::error::{WebError, mistake_of};

/// The largest form body read here to keep what was typed; larger ones pass untouched.
const FORM_LIMIT: usize = 256 * 1024;
/// The largest page marked.
const PAGE_LIMIT: usize = 8 * 1024 * 1024;
/// The id given to the summary above the form, and to a named field that has none.
const SUMMARY_ID: &str = "mistake";
const FIELD_ID: &str = "mistake-field";
const ERROR_ID: &str = "mistake-error";

/// The middleware: `pages` is the router itself (built a second time, without this layer, so
/// it holds no reference to itself).
pub async fn keep_place(State(pages): State<Router>, request: Request, next: Next) -> Response {
    if request.method() != Method::POST || request.uri().path().starts_with("/api/") {
        return next.run(request).await;
    }
    let (parts, body) = request.into_parts();
    let url_encoded = parts
        .headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/x-www-form-urlencoded"));
    // A form says its length (browsers always do); one without is read up to the limit.
    let small = parts
        .headers
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<usize>().ok())
        .is_none_or(|n| n <= FORM_LIMIT);
    let (body, sent) = if url_encoded && small {
        let Ok(bytes) = to_bytes(body, FORM_LIMIT).await else {
            return WebError::BadRequest(
                "The form could not be read to the end, or is too long; please send it again."
                    .to_string(),
            )
            .into_response();
        };
        let sent: Vec<(String, String)> = serde_urlencoded::from_bytes(&bytes).unwrap_or_default();
        (Body::from(bytes), sent)
    } else {
        (body, Vec::new())
    };
    let action = parts.uri.path().to_string();
    let origin = origin_of(&parts.headers, &action);
    let mut headers = parts.headers.clone();
    for name in [
        header::CONTENT_TYPE,
        header::CONTENT_LENGTH,
        header::TRANSFER_ENCODING,
    ] {
        headers.remove(name);
    }
    // Only what says who is asking from where: the route's own extensions (its path
    // parameters) would be read by the page's route as its own.
    let mut extensions = axum::http::Extensions::new();
    if let Some(connected) = parts
        .extensions
        .get::<axum::extract::ConnectInfo<std::net::SocketAddr>>()
    {
        extensions.insert(*connected);
    }
    if let Some(id) = parts.extensions.get::<tower_http::request_id::RequestId>() {
        extensions.insert(id.clone());
    }
    let response = next.run(Request::from_parts(parts, body)).await;
    let Some(message) = mistake_of(&response) else {
        return response;
    };
    let mut found = None;
    let mut origin = std::collections::VecDeque::from(origin);
    let mut followed = false;
    while let Some(candidate) = origin.pop_front() {
        let Ok(uri) = candidate.parse::<Uri>() else {
            continue;
        };
        let mut get = Request::new(Body::empty());
        *get.method_mut() = Method::GET;
        *get.headers_mut() = headers.clone();
        *get.extensions_mut() = extensions.clone();
        *get.uri_mut() = uri;
        let Ok(page) = pages.clone().oneshot(get).await;
        let html = page
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.starts_with("text/html"));
        // A page that only sends on (a credential's address to its verification page) is
        // followed once, within the site.
        if page.status().is_redirection()
            && !followed
            && let Some(next) = page
                .headers()
                .get(header::LOCATION)
                .and_then(|v| v.to_str().ok())
                .filter(|l| l.starts_with('/') && !l.starts_with("//"))
        {
            followed = true;
            origin.push_front(next.to_string());
            continue;
        }
        if page.status() == StatusCode::OK && html {
            found = Some(page);
            break;
        }
    }
    let Some(page) = found else {
        return response;
    };
    let (mut page_parts, page_body) = page.into_parts();
    let Ok(bytes) = to_bytes(page_body, PAGE_LIMIT).await else {
        return response;
    };
    let Ok(text) = String::from_utf8(bytes.to_vec()) else {
        return response;
    };
    let Some(marked) = mark(&text, &action, &message, &sent) else {
        return response;
    };
    page_parts.status = response.status();
    page_parts.headers.remove(header::CONTENT_LENGTH);
    page_parts
        .headers
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    Response::from_parts(page_parts, Body::from(marked))
}

/// The pages a form may have been sent from, to try in order: the path (and query) of its
/// `Referer` when that is this site; without one (a script, a browser told to send none), the
/// form's own address and the addresses above it (`/applications/7/events`, then
/// `/applications/7`), since a form mostly posts below its page. Words said once after a
/// change (`done`, `sent`) are left out, so the page does not say again what was done before.
fn origin_of(headers: &HeaderMap, action: &str) -> Vec<String> {
    let host = headers.get(header::HOST).and_then(|v| v.to_str().ok());
    let referer = headers
        .get(header::REFERER)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<Uri>().ok())
        .filter(|uri| match uri.authority() {
            Some(authority) => Some(authority.as_str()) == host,
            None => uri.path().starts_with('/'),
        });
    let Some(referer) = referer else {
        let mut tried = vec![action.to_string()];
        let mut path = action;
        while let Some((parent, _)) = path.rsplit_once('/') {
            if parent.is_empty() || tried.len() >= 3 {
                break;
            }
            tried.push(parent.to_string());
            path = parent;
        }
        // Last, the dashboard, where the forms without a page of their own live (a
        // transfer, a membership request): the message then opens the page.
        tried.push("/dashboard".to_string());
        return tried;
    };
    let kept: Vec<(String, String)> = referer
        .query()
        .map(|q| serde_urlencoded::from_str::<Vec<(String, String)>>(q).unwrap_or_default())
        .unwrap_or_default()
        .into_iter()
        .filter(|(k, _)| k != "done" && k != "sent")
        .collect();
    if kept.is_empty() {
        vec![referer.path().to_string()]
    } else {
        vec![format!(
            "{}?{}",
            referer.path(),
            serde_urlencoded::to_string(&kept).unwrap_or_default()
        )]
    }
}

/// The words of a `field: message` refusal, for pages that list their problems themselves.
pub fn words(message: &str) -> String {
    split_field(message).1
}

/// What one form on the page holds: its controls' names and the id of each (when it has one),
/// and which names are hidden inputs.
#[derive(Default, Debug)]
struct FormSeen {
    names: BTreeSet<String>,
    ids: HashMap<String, String>,
    hidden: BTreeSet<String>,
    /// The hidden inputs other than the CSRF token, which tell apart forms that post to one
    /// address (each button of the workflow sends its own `event`).
    hidden_values: Vec<(String, String)>,
    /// The `<details>` elements around the form, by their order in the page: opened when the
    /// form gets the message, or the message would sit folded away.
    details: Vec<usize>,
}

/// Marks the page: the message beside the named control of the form that posts to `action`
/// (or above that form, or at the top of the page's main content), and the sent values back
/// in that form's controls. `None` when the page could not be read as HTML.
pub fn mark(html: &str, action: &str, message: &str, sent: &[(String, String)]) -> Option<String> {
    let (field, words) = split_field(message);
    let forms = survey(html, action)?;
    // The form that holds the named field, else the first that posts to the address.
    let target = forms
        .iter()
        .position(|f| field.is_some_and(|n| f.names.contains(n) && !f.hidden.contains(n)))
        .or_else(|| {
            forms.iter().position(|f| {
                !f.hidden_values.is_empty()
                    && f.hidden_values.iter().all(|pair| sent.contains(pair))
            })
        })
        .or_else(|| (!forms.is_empty()).then_some(0));
    let beside = target
        .and_then(|t| {
            field.filter(|n| forms[t].names.contains(*n) && !forms[t].hidden.contains(*n))
        })
        .map(str::to_string);
    let anchor = beside.as_ref().map(|name| {
        target
            .and_then(|t| forms[t].ids.get(name).cloned())
            .unwrap_or_else(|| FIELD_ID.to_string())
    });

    let summary = summary_html(&words, anchor.as_deref());
    let to_open: Vec<usize> = target.map(|t| forms[t].details.clone()).unwrap_or_default();
    let details_counted = Cell::new(0usize);
    let mut values: HashMap<&str, Vec<&str>> = HashMap::new();
    for (k, v) in sent {
        values.entry(k.as_str()).or_default().push(v.as_str());
    }
    let refill = !sent.is_empty();
    let matching = Rc::new(Cell::new(0usize));
    let inside = Rc::new(Cell::new(false));
    let select = Rc::new(RefCell::new(String::new()));
    let used: RefCell<HashMap<String, usize>> = RefCell::new(HashMap::new());
    let marked = Cell::new(false);
    let labels = Rc::new(Cell::new(0usize));
    let pending: Rc<RefCell<Option<String>>> = Rc::new(RefCell::new(None));

    let mark_control = |el: &mut lol_html::html_content::Element<'_, '_>| {
        let Some(name) = el.get_attribute("name") else {
            return;
        };
        if marked.get() || beside.as_deref() != Some(name.as_str()) {
            return;
        }
        marked.set(true);
        if el.get_attribute("id").is_none() {
            let _ = el.set_attribute("id", FIELD_ID);
        }
        let _ = el.set_attribute("aria-invalid", "true");
        let described = match el.get_attribute("aria-describedby") {
            Some(ids) if !ids.trim().is_empty() => format!("{ERROR_ID} {ids}"),
            _ => ERROR_ID.to_string(),
        };
        let _ = el.set_attribute("aria-describedby", &described);
        let paragraph = format!(
            "<p class=\"error\" id=\"{ERROR_ID}\">{}</p>",
            escape(&words)
        );
        // A box inside its label: the paragraph goes after the label (a label holds no
        // paragraph, and the message would become part of the box's name).
        if labels.get() > 0 {
            *pending.borrow_mut() = Some(paragraph);
        } else {
            el.after(&paragraph, ContentType::Html);
        }
    };

    let rewritten = rewrite_str(
        html,
        settings(vec![
            element!("form", |el| {
                if el.get_attribute("action").as_deref() != Some(action) {
                    return Ok(());
                }
                let index = matching.get();
                matching.set(index + 1);
                if Some(index) == target {
                    el.before(&summary, ContentType::Html);
                    inside.set(true);
                    let inside = Rc::clone(&inside);
                    if let Some(handlers) = el.end_tag_handlers() {
                        let handler: lol_html::EndTagHandler<'static> = Box::new(move |_end| {
                            inside.set(false);
                            Ok(())
                        });
                        handlers.push(handler);
                    }
                }
                Ok(())
            }),
            element!("label", |el| {
                labels.set(labels.get() + 1);
                let labels = Rc::clone(&labels);
                let pending = Rc::clone(&pending);
                if let Some(handlers) = el.end_tag_handlers() {
                    let handler: lol_html::EndTagHandler<'static> = Box::new(move |end| {
                        labels.set(labels.get().saturating_sub(1));
                        if labels.get() == 0
                            && let Some(paragraph) = pending.borrow_mut().take()
                        {
                            end.after(&paragraph, ContentType::Html);
                        }
                        Ok(())
                    });
                    handlers.push(handler);
                }
                Ok(())
            }),
            element!("details", |el| {
                let index = details_counted.get();
                details_counted.set(index + 1);
                if to_open.contains(&index) {
                    let _ = el.set_attribute("open", "");
                }
                Ok(())
            }),
            element!("main", |el| {
                if target.is_none() {
                    el.prepend(&summary, ContentType::Html);
                }
                Ok(())
            }),
            element!("input[name]", |el| {
                if !inside.get() {
                    return Ok(());
                }
                let kind = el
                    .get_attribute("type")
                    .unwrap_or_default()
                    .to_ascii_lowercase();
                if kind == "hidden" {
                    return Ok(());
                }
                mark_control(el);
                let name = el.get_attribute("name").unwrap_or_default();
                if !refill
                    || matches!(
                        kind.as_str(),
                        "password" | "file" | "submit" | "button" | "image" | "reset"
                    )
                {
                    return Ok(());
                }
                let given = values.get(name.as_str());
                if kind == "checkbox" || kind == "radio" {
                    let value = el.get_attribute("value").unwrap_or_else(|| "on".into());
                    if given.is_some_and(|g| g.contains(&value.as_str())) {
                        let _ = el.set_attribute("checked", "");
                    } else {
                        el.remove_attribute("checked");
                    }
                } else {
                    let mut used = used.borrow_mut();
                    let n = used.entry(name.clone()).or_default();
                    let value = given.and_then(|g| g.get(*n)).copied().unwrap_or("");
                    *n += 1;
                    let _ = el.set_attribute("value", value);
                }
                Ok(())
            }),
            element!("textarea[name]", |el| {
                if !inside.get() {
                    return Ok(());
                }
                mark_control(el);
                if refill {
                    let name = el.get_attribute("name").unwrap_or_default();
                    let value = values
                        .get(name.as_str())
                        .and_then(|g| g.first())
                        .copied()
                        .unwrap_or("");
                    el.set_inner_content(value, ContentType::Text);
                }
                Ok(())
            }),
            element!("select", |el| {
                if !inside.get() {
                    return Ok(());
                }
                mark_control(el);
                *select.borrow_mut() = el.get_attribute("name").unwrap_or_default();
                Ok(())
            }),
            element!("option", |el| {
                if !inside.get() || !refill {
                    return Ok(());
                }
                let current = select.borrow();
                let Some(given) = values.get(current.as_str()) else {
                    return Ok(());
                };
                let value = el.get_attribute("value").unwrap_or_default();
                if given.contains(&value.as_str()) {
                    let _ = el.set_attribute("selected", "");
                } else {
                    el.remove_attribute("selected");
                }
                Ok(())
            }),
        ]),
    )
    .ok()?;
    Some(rewritten)
}

/// Settings with these element handlers.
fn settings<'h>(
    handlers: Vec<(
        std::borrow::Cow<'static, lol_html::Selector>,
        lol_html::ElementContentHandlers<'h>,
    )>,
) -> RewriteStrSettings<'h, 'static> {
    handlers
        .into_iter()
        .fold(RewriteStrSettings::new(), |settings, handler| {
            settings.append_element_content_handler(handler)
        })
}

/// The forms of the page that post to `action`, in order, with what each holds.
fn survey(html: &str, action: &str) -> Option<Vec<FormSeen>> {
    let forms: Rc<RefCell<Vec<FormSeen>>> = Rc::new(RefCell::new(Vec::new()));
    let inside = Rc::new(Cell::new(false));
    let record = |el: &mut lol_html::html_content::Element<'_, '_>| {
        if !inside.get() {
            return;
        }
        let Some(name) = el.get_attribute("name") else {
            return;
        };
        let mut forms = forms.borrow_mut();
        let Some(form) = forms.last_mut() else {
            return;
        };
        if el.tag_name() == "input"
            && el
                .get_attribute("type")
                .is_some_and(|t| t.eq_ignore_ascii_case("hidden"))
        {
            form.hidden.insert(name.clone());
            if name != "csrf" {
                let value = el.get_attribute("value").unwrap_or_default();
                form.hidden_values.push((name.clone(), value));
            }
        } else {
            form.hidden.remove(&name);
        }
        if let Some(id) = el.get_attribute("id") {
            form.ids.entry(name.clone()).or_insert(id);
        }
        form.names.insert(name);
    };
    let details_seen = Cell::new(0usize);
    let open_details: Rc<RefCell<Vec<usize>>> = Rc::new(RefCell::new(Vec::new()));
    rewrite_str(
        html,
        settings(vec![
            element!("details", |el| {
                let index = details_seen.get();
                details_seen.set(index + 1);
                open_details.borrow_mut().push(index);
                let open_details = Rc::clone(&open_details);
                if let Some(handlers) = el.end_tag_handlers() {
                    let handler: lol_html::EndTagHandler<'static> = Box::new(move |_end| {
                        open_details.borrow_mut().pop();
                        Ok(())
                    });
                    handlers.push(handler);
                }
                Ok(())
            }),
            element!("form", |el| {
                if el.get_attribute("action").as_deref() != Some(action) {
                    return Ok(());
                }
                forms.borrow_mut().push(FormSeen {
                    details: open_details.borrow().clone(),
                    ..FormSeen::default()
                });
                inside.set(true);
                let inside = Rc::clone(&inside);
                if let Some(handlers) = el.end_tag_handlers() {
                    let handler: lol_html::EndTagHandler<'static> = Box::new(move |_end| {
                        inside.set(false);
                        Ok(())
                    });
                    handlers.push(handler);
                }
                Ok(())
            }),
            element!("input[name], select[name], textarea[name]", |el| {
                record(el);
                Ok(())
            }),
        ]),
    )
    .ok()?;
    Rc::try_unwrap(forms).ok().map(RefCell::into_inner)
}

/// The summary above the form: the message, linked to the field when it names one. It takes
/// focus when the page opens, so a keyboard or screen reader user starts at the problem.
fn summary_html(words: &str, anchor: Option<&str>) -> String {
    let words = escape(words);
    match anchor {
        Some(id) => format!(
            "<div class=\"alert\" role=\"alert\" id=\"{SUMMARY_ID}\" tabindex=\"-1\" autofocus>\
             <p>Please fix the field marked below; what you typed is kept.</p>\
             <ul><li><a href=\"#{}\">{words}</a></li></ul></div>",
            escape(id)
        ),
        None => format!(
            "<div class=\"alert\" role=\"alert\" id=\"{SUMMARY_ID}\" tabindex=\"-1\" autofocus>\
             <p>{words}</p></div>"
        ),
    }
}

/// Text for HTML content or a quoted attribute.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const PAGE: &str = r#"<html><body><nav><a href="/dashboard">Dashboard</a></nav><main id="main">
<form method="post" action="/other"><input name="email" value=""></form>
<form method="post" action="/portfolio/references/request">
<input type="hidden" name="csrf" value="T">
<label for="rater-name">Name</label><input id="rater-name" name="name">
<label for="rater-email">Email</label><input id="rater-email" name="email" type="email">
<select id="rater-role" name="role"><option value="colleague" selected>Colleague</option><option value="parent">Parent</option></select>
<label><input type="checkbox" name="waived" value="yes"> Waive</label>
<textarea name="note"></textarea>
<input type="password" name="password">
</form></main></body></html>"#;

    fn sent(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs
            .iter()
            .map(|(k, v)| ((*k).to_string(), (*v).to_string()))
            .collect()
    }

    #[test]
    fn the_message_sits_beside_its_field_and_the_typed_values_come_back() {
        let typed = sent(&[
            ("csrf", "T"),
            ("name", "Ana \"Q\" <Ruiz>"),
            ("email", "not-an-email"),
            ("role", "parent"),
            ("waived", "yes"),
            ("note", "</textarea><b>x</b>"),
            ("password", "secret"),
        ]);
        let page = mark(
            PAGE,
            "/portfolio/references/request",
            "email: give the rater's email address, like name@example.org",
            &typed,
        )
        .expect("marked");
        assert!(
            page.contains(
                r#"<input id="rater-email" name="email" type="email" aria-invalid="true" aria-describedby="mistake-error" value="not-an-email"><p class="error" id="mistake-error">Give the rater&#39;s email address, like name@example.org</p>"#
            ),
            "{page}"
        );
        assert!(
            page.contains(r##"<a href="#rater-email">Give the rater&#39;s email address"##),
            "{page}"
        );
        // The other form's field of the same name is left alone.
        assert!(page.contains(
            r#"<form method="post" action="/other"><input name="email" value=""></form>"#
        ));
        assert!(
            page.contains(r#"value="Ana &quot;Q&quot; <Ruiz>""#),
            "{page}"
        );
        assert!(
            page.contains(
                r#"<option value="colleague">Colleague</option><option value="parent" selected="">"#
            ),
            "{page}"
        );
        assert!(
            page.contains(r#"name="waived" value="yes" checked="""#),
            "{page}"
        );
        assert!(
            page.contains("&lt;/textarea&gt;&lt;b&gt;x&lt;/b&gt;</textarea>"),
            "{page}"
        );
        assert!(!page.contains("secret"));
        assert!(page.contains(r#"<input type="hidden" name="csrf" value="T">"#));
    }

    #[test]
    fn a_message_naming_no_field_of_the_form_goes_above_it() {
        let page = mark(
            PAGE,
            "/portfolio/references/request",
            "event: the fee is not paid yet",
            &[],
        )
        .expect("marked");
        let summary = r#"<div class="alert" role="alert" id="mistake" tabindex="-1" autofocus><p>The fee is not paid yet</p></div><form method="post" action="/portfolio/references/request">"#;
        assert!(page.contains(summary), "{page}");
        assert!(!page.contains("aria-invalid"));
    }

    #[test]
    fn of_forms_posting_to_one_address_the_one_sent_gets_the_message() {
        let page = r#"<main><form method="post" action="/e"><input type="hidden" name="event" value="submit"><button>Submit</button></form>
<form method="post" action="/e"><input type="hidden" name="event" value="confirm"><button>Confirm</button></form></main>"#;
        let marked = mark(
            page,
            "/e",
            "event: the fee is not marked paid",
            &sent(&[("csrf", "T"), ("event", "confirm")]),
        )
        .expect("marked");
        assert!(
            marked.contains(r#"<p>The fee is not marked paid</p></div><form method="post" action="/e"><input type="hidden" name="event" value="confirm">"#),
            "{marked}"
        );
    }

    #[test]
    fn a_box_inside_its_label_has_the_message_after_the_label() {
        let page = r#"<main><form method="post" action="/r"><fieldset><legend>Recommendation</legend>
<label><input type="radio" name="recommendation" value="endorse"> Endorse</label>
<label><input type="radio" name="recommendation" value="more-work"> More work</label></fieldset></form></main>"#;
        let marked = mark(
            page,
            "/r",
            "recommendation: choose one of the recommendations",
            &sent(&[("csrf", "T")]),
        )
        .expect("marked");
        assert!(
            marked.contains(r#"> Endorse</label><p class="error" id="mistake-error">Choose one of the recommendations</p>"#),
            "{marked}"
        );
        assert!(marked.contains(r#"aria-invalid="true""#), "{marked}");
        assert_eq!(
            marked.matches("id=\"mistake-error\"").count(),
            1,
            "{marked}"
        );
    }

    #[test]
    fn a_form_folded_in_details_is_opened() {
        let page = r#"<main><details><summary>Other</summary></details><details><summary>Change</summary><form method="post" action="/s"><select name="status"><option value="active">Active</option><option value="revoked">Revoked</option></select><input type="checkbox" name="confirmed" value="yes"></form></details></main>"#;
        let marked = mark(
            page,
            "/s",
            "confirmed: tick the box",
            &sent(&[("csrf", "T"), ("status", "revoked")]),
        )
        .expect("marked");
        assert!(
            marked.contains(r#"<details><summary>Other</summary></details><details open=""><summary>Change</summary>"#),
            "{marked}"
        );
        assert!(
            marked.contains(r#"<option value="revoked" selected="">"#),
            "{marked}"
        );
    }

    #[test]
    fn without_the_form_the_message_opens_the_main_content() {
        let page = mark(PAGE, "/elsewhere", "Already recorded", &[]).expect("marked");
        assert!(page.contains(r#"<main id="main"><div class="alert" role="alert" id="mistake" tabindex="-1" autofocus><p>Already recorded</p></div>"#), "{page}");
    }

    #[test]
    fn field_names_are_told_from_words() {
        assert_eq!(
            split_field("file: too big"),
            (Some("file"), "Too big".to_string())
        );
        assert_eq!(
            split_field("provider.name: needed"),
            (Some("provider.name"), "Needed".to_string())
        );
        assert_eq!(
            split_field("dues:student: whole dollars"),
            (Some("dues:student"), "Whole dollars".to_string())
        );
        assert_eq!(
            split_field("Note: the fee is due"),
            (None, "Note: the fee is due".to_string())
        );
        assert_eq!(
            split_field("the rule says: no"),
            (None, "The rule says: no".to_string())
        );
    }

    #[test]
    fn the_origin_is_this_site_only_and_forgets_what_was_done() {
        let mut headers = HeaderMap::new();
        headers.insert(header::HOST, HeaderValue::from_static("lattice.test"));
        headers.insert(
            header::REFERER,
            HeaderValue::from_static("http://lattice.test/portfolio/trainings?done=added&x=1"),
        );
        assert_eq!(origin_of(&headers, "/p"), ["/portfolio/trainings?x=1"]);
        headers.insert(
            header::REFERER,
            HeaderValue::from_static("http://evil.test/portfolio/trainings"),
        );
        assert_eq!(origin_of(&headers, "/p"), ["/p", "/dashboard"]);
        headers.remove(header::REFERER);
        assert_eq!(
            origin_of(&headers, "/applications/7/review/decide"),
            [
                "/applications/7/review/decide",
                "/applications/7/review",
                "/applications/7",
                "/dashboard"
            ]
        );
    }
}
