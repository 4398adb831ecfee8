//! What the SDK's integration tests share: just enough of a browser to drive an app over HTTP.
// Each test crate uses its own part of it.
#![allow(dead_code)]

use std::collections::BTreeMap;

use reqwest::header;

/// Just enough of a browser: keeps cookies (by name; removed at `Max-Age=0`), follows nothing.
#[derive(Clone)]
pub struct Browser {
    pub client: reqwest::Client,
    pub jar: BTreeMap<String, String>,
}

impl Browser {
    pub fn new() -> Self {
        Self {
            client: reqwest::Client::builder()
                .redirect(reqwest::redirect::Policy::none())
                .build()
                .expect("a client"),
            jar: BTreeMap::new(),
        }
    }

    pub fn cookie_header(&self) -> String {
        let cookies: Vec<String> = self.jar.iter().map(|(n, v)| format!("{n}={v}")).collect();
        cookies.join("; ")
    }

    pub async fn get(&mut self, url: &str) -> reqwest::Response {
        let request = self.client.get(url);
        self.send(request).await
    }

    pub async fn send(&mut self, request: reqwest::RequestBuilder) -> reqwest::Response {
        let response = request
            .header(header::COOKIE, self.cookie_header())
            .send()
            .await
            .expect("the app answers");
        for set in response.headers().get_all(header::SET_COOKIE) {
            let set = set.to_str().expect("ascii");
            let (pair, attributes) = set.split_once(';').unwrap_or((set, ""));
            let (name, value) = pair.split_once('=').expect("name=value");
            if attributes.contains("Max-Age=0") {
                self.jar.remove(name);
            } else {
                self.jar.insert(name.to_string(), value.to_string());
            }
        }
        response
    }

    pub async fn page(&mut self, url: &str) -> String {
        self.get(url).await.text().await.expect("a page")
    }
}

pub fn location(response: &reqwest::Response) -> String {
    response.headers()[header::LOCATION]
        .to_str()
        .expect("a Location")
        .to_string()
}
