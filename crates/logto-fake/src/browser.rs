//! [`Browser`]: just enough of a browser to drive an app's sign-in over HTTP in a test, with
//! [`FakeLogto::sign_in`](crate::FakeLogto::sign_in) and
//! [`FakeLogto::sign_out`](crate::FakeLogto::sign_out) standing in for the user at Logto.

use std::collections::BTreeMap;

use reqwest::header;

/// A cookie jar in front of an HTTP client that follows no redirect, so a test sees each 303
/// (and its `Location`) as the app sent it.
///
/// Cookies are kept by name, whatever their `Path` or `Domain`, and dropped at `Max-Age=0`:
/// enough for one app on one origin. [`Browser::jar`] is public so a test can plant, steal or
/// inspect a cookie as an attacker would.
#[derive(Clone, Debug)]
pub struct Browser {
    /// The HTTP client (no redirects followed), to build requests [`Browser::send`] sends.
    pub client: reqwest::Client,
    /// The cookies, by name.
    pub jar: BTreeMap<String, String>,
}

impl Default for Browser {
    fn default() -> Self {
        Self::new()
    }
}

impl Browser {
    /// A browser with no cookies.
    pub fn new() -> Self {
        Self {
            client: reqwest::Client::builder()
                .redirect(reqwest::redirect::Policy::none())
                .build()
                .expect("an HTTP client"),
            jar: BTreeMap::new(),
        }
    }

    /// The `Cookie` header this browser sends.
    pub fn cookie_header(&self) -> String {
        let cookies: Vec<String> = self.jar.iter().map(|(n, v)| format!("{n}={v}")).collect();
        cookies.join("; ")
    }

    /// `GET url`, with the cookies; keeps the cookies the answer sets.
    pub async fn get(&mut self, url: &str) -> reqwest::Response {
        let request = self.client.get(url);
        self.send(request).await
    }

    /// `POST url` with an urlencoded form (a sign-out form and its CSRF token, say).
    pub async fn post_form(&mut self, url: &str, form: &[(&str, &str)]) -> reqwest::Response {
        let request = self.client.post(url).form(form);
        self.send(request).await
    }

    /// Sends `request` (built from [`Browser::client`]) with the cookies; keeps the cookies the
    /// answer sets. Panics when the app cannot be reached.
    pub async fn send(&mut self, request: reqwest::RequestBuilder) -> reqwest::Response {
        let response = request
            .header(header::COOKIE, self.cookie_header())
            .send()
            .await
            .expect("the app answers");
        for set in response.headers().get_all(header::SET_COOKIE) {
            let set = set.to_str().expect("a Set-Cookie in ASCII");
            let (pair, attributes) = set.split_once(';').unwrap_or((set, ""));
            let (name, value) = pair.split_once('=').expect("a Set-Cookie with name=value");
            if attributes.contains("Max-Age=0") {
                self.jar.remove(name);
            } else {
                self.jar.insert(name.to_string(), value.to_string());
            }
        }
        response
    }

    /// `GET url`'s body, whatever the status.
    pub async fn page(&mut self, url: &str) -> String {
        self.get(url).await.text().await.expect("a body")
    }
}

/// The `Location` of a redirect; panics when there is none.
pub fn location(response: &reqwest::Response) -> String {
    response.headers()[header::LOCATION]
        .to_str()
        .expect("a Location in ASCII")
        .to_string()
}
