//! One list of setup steps: the setup page is the source, and the README's "shortest path" says
//! the same, word for word (its URIs for the default `APP_BASE_URL`).

use crate::helpers::{config, serve};

/// Tags out, the entities Askama writes back to text, runs of white space to one space.
fn text_of(html: &str) -> String {
    let mut text = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            c if !in_tag => text.push(c),
            _ => {}
        }
    }
    let text = text
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&#x27;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&");
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The setup page's steps: each step's text, and the lines of the `.env` block.
async fn setup_page_steps() -> (Vec<String>, Vec<String>) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("a port");
    let addr = listener.local_addr().expect("an address");
    let _server = serve(
        listener,
        config(&[
            ("APP_BASE_URL", "http://localhost:3000"),
            ("SESSION_STORE", "memory"),
        ]),
    )
    .await;
    let page = reqwest::get(format!("http://{addr}/"))
        .await
        .expect("the setup page")
        .text()
        .await
        .expect("a page");
    let list = page
        .split("<ol class=\"steps\">")
        .nth(1)
        .and_then(|rest| rest.split("</ol>").next())
        .expect("the steps");
    let mut steps = Vec::new();
    let mut env_lines = Vec::new();
    for item in list.split("<li>").skip(1) {
        let item = item.split("</li>").next().unwrap_or_default();
        match item.split_once("<pre") {
            Some((before, pre)) => {
                steps.push(text_of(before));
                let pre = pre.split_once('>').map_or("", |(_, body)| body);
                let pre = pre.split("</pre>").next().unwrap_or_default();
                env_lines = pre.lines().map(text_of).collect();
            }
            None => steps.push(text_of(item)),
        }
    }
    (steps, env_lines)
}

/// The README's steps between its markers: each numbered item's text (code spans unquoted), and
/// the lines of its code block.
fn readme_steps() -> (Vec<String>, Vec<String>) {
    let readme = include_str!("../../README.md");
    let section = readme
        .split("<!-- setup-steps")
        .nth(1)
        .and_then(|rest| rest.split("<!-- /setup-steps -->").next())
        .expect("the README marks the setup steps");
    let mut steps = Vec::new();
    let mut env_lines = Vec::new();
    let mut in_code = false;
    for line in section.lines().skip(1) {
        let trimmed = line.trim();
        if trimmed.starts_with("```") {
            in_code = !in_code;
        } else if in_code {
            env_lines.push(trimmed.to_string());
        } else if let Some((number, text)) = trimmed.split_once(". ")
            && number.chars().all(|c| c.is_ascii_digit())
        {
            steps.push(markdown_text(text));
        }
    }
    (steps, env_lines)
}

/// Markdown to its text: code spans unquoted, links to their words.
fn markdown_text(markdown: &str) -> String {
    let mut text = String::new();
    let mut rest = markdown.replace('`', "");
    while let Some(open) = rest.find('[') {
        let Some(close) = rest[open..].find("](").map(|i| open + i) else {
            break;
        };
        let Some(end) = rest[close..].find(')').map(|i| close + i) else {
            break;
        };
        text.push_str(&rest[..open]);
        text.push_str(&rest[open + 1..close]);
        rest = rest[end + 1..].to_string();
    }
    text.push_str(&rest);
    text
}

#[tokio::test]
async fn the_readme_lists_the_setup_pages_steps_word_for_word() {
    let (page_steps, page_env) = setup_page_steps().await;
    let (readme_steps, readme_env) = readme_steps();
    assert_eq!(page_steps.len(), 7, "{page_steps:#?}");
    assert_eq!(readme_steps, page_steps);
    assert_eq!(readme_env, page_env);
    assert!(
        page_steps
            .iter()
            .any(|s| s.contains("http://localhost:3001")),
        "a self-hosted endpoint is shown"
    );
    assert!(
        page_steps
            .iter()
            .any(|s| s.contains("username and a password")),
        "the password way in is named"
    );
}
