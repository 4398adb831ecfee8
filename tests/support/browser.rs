//! A browser as far as cookies go: it keeps every cookie the app sets, with its path, sends each
//! where its path matches (RFC 6265), forgets removed ones, and never follows redirects.

use std::{
    collections::BTreeMap,
    sync::{Mutex, MutexGuard},
};

use reqwest::{Response, header};

/// The session cookie over plain http.
pub const SESSION_COOKIE: &str = "logto_app_session";

#[derive(Default)]
pub struct Browser {
    client: reqwest::Client,
    /// name -> (value, path)
    jar: Mutex<BTreeMap<String, (String, String)>>,
}

impl Browser {
    pub fn new() -> Self {
        Self {
            client: reqwest::Client::builder()
                .redirect(reqwest::redirect::Policy::none())
                .build()
                .expect("test client"),
            jar: Mutex::default(),
        }
    }

    pub fn client(&self) -> &reqwest::Client {
        &self.client
    }

    fn jar(&self) -> MutexGuard<'_, BTreeMap<String, (String, String)>> {
        self.jar.lock().expect("cookie jar")
    }

    pub fn cookie(&self, name: &str) -> Option<String> {
        self.jar().get(name).map(|(value, _)| value.clone())
    }

    pub fn set_cookie(&self, name: &str, value: Option<String>, path: &str) {
        let mut jar = self.jar();
        match value {
            Some(value) => jar.insert(name.to_string(), (value, path.to_string())),
            None => jar.remove(name),
        };
    }

    /// Every cookie: `(name, value, path)`.
    pub fn cookies(&self) -> Vec<(String, String, String)> {
        self.jar()
            .iter()
            .map(|(n, (v, p))| (n.clone(), v.clone(), p.clone()))
            .collect()
    }

    /// Forgets every cookie: a new browser.
    pub fn clear(&self) {
        self.jar().clear();
    }

    /// Sends `request` with the cookies for its path; the answer's cookies update the jar.
    pub async fn send(&self, request: reqwest::RequestBuilder) -> Response {
        let mut request = request.build().expect("a valid request");
        let path = request.url().path().to_string();
        let header_value = self
            .jar()
            .iter()
            .filter(|(_, (_, cookie_path))| path_matches(&path, cookie_path))
            .map(|(name, (value, _))| format!("{name}={value}"))
            .collect::<Vec<_>>()
            .join("; ");
        if !header_value.is_empty() {
            request
                .headers_mut()
                .insert(header::COOKIE, header_value.parse().expect("cookie header"));
        }
        let response = self.client.execute(request).await.expect("the app answers");
        for set_cookie in response.headers().get_all(header::SET_COOKIE) {
            let text = set_cookie.to_str().unwrap_or_default();
            let mut parts = text.split(';');
            let Some((name, value)) = parts.next().and_then(|p| p.split_once('=')) else {
                continue;
            };
            let mut cookie_path = "/".to_string();
            let mut removed = value.is_empty();
            for attribute in parts {
                let attribute = attribute.trim();
                if let Some(p) = attribute.strip_prefix("Path=") {
                    cookie_path = p.to_string();
                }
                if attribute == "Max-Age=0" {
                    removed = true;
                }
            }
            self.set_cookie(
                name.trim(),
                (!removed).then(|| value.to_string()),
                &cookie_path,
            );
        }
        response
    }

    pub async fn get(&self, url: &str) -> Response {
        self.send(self.client.get(url)).await
    }

    pub async fn post_form(&self, url: &str, form: &[(&str, &str)]) -> Response {
        self.send(self.client.post(url).form(form)).await
    }
}

/// RFC 6265's path match: `/callback` matches `/callback` and `/callback/x`, not `/callbackx`.
fn path_matches(request_path: &str, cookie_path: &str) -> bool {
    request_path == cookie_path
        || (request_path.starts_with(cookie_path)
            && (cookie_path.ends_with('/')
                || request_path.as_bytes().get(cookie_path.len()) == Some(&b'/')))
}

/// `POST {url}` (`/refresh`) with the session cookie `session` and the form's `csrf`, from a
/// client of its own, so it can run in a task of its own while a test goes on, or be cut off
/// after `timeout`. The status, or the client's error.
pub async fn post_refresh(
    url: String,
    session: String,
    csrf: String,
    timeout: Option<std::time::Duration>,
) -> reqwest::Result<reqwest::StatusCode> {
    let mut request = reqwest::Client::new()
        .post(url)
        .header(header::COOKIE, format!("{SESSION_COOKIE}={session}"))
        .form(&[("csrf", csrf)]);
    if let Some(timeout) = timeout {
        request = request.timeout(timeout);
    }
    Ok(request.send().await?.status())
}

pub fn location(response: &Response) -> String {
    response
        .headers()
        .get(header::LOCATION)
        .expect("a Location header")
        .to_str()
        .expect("ASCII Location")
        .to_string()
}

/// The CSRF token of the first form on a page (the session's token).
pub fn csrf_field(page: &str) -> String {
    const FIELD: &str = "name=\"csrf\" value=\"";
    let start = page.find(FIELD).expect("a CSRF field on the page") + FIELD.len();
    page[start..]
        .split('"')
        .next()
        .expect("the CSRF value")
        .to_string()
}
