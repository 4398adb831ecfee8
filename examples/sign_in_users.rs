//! Signs many users in to a running app, fast, for scripts/bench/sessions.sh: sessions at scale
//! need tens of thousands of signed-in browsers, and the e2e provider's screens sign in about 27
//! a second on a small machine (an hour for 100,000). This starts the fake Logto (`logto-fake`)
//! in this process, writes its endpoint for the app to use, waits for the app, then signs users
//! in through the app's real `/sign-in` and `/callback` (the fake's authorization step is a
//! function call: the user "signs in at once").
//!
//!   cargo run --release --example sign_in_users -- http://127.0.0.1:3000 ENDPOINT_FILE CONTROL_DIR
//!
//! It writes the fake's endpoint to ENDPOINT_FILE, then waits for the app's `/healthz`. Each
//! request is a file CONTROL_DIR/want.N (N = how many sessions in all): it signs in users up to N
//! (user-1, user-2, … each its own `sub`), 16 at a time, appends one `name=value` session cookie
//! per line to CONTROL_DIR/cookies, and writes CONTROL_DIR/have.N with the sign-in rate. It stops
//! when CONTROL_DIR/stop appears (or on a sign-in that fails: the cause is printed).

use std::{
    path::Path,
    process::ExitCode,
    sync::{Arc, Mutex},
    time::{Duration, Instant},
};

use logto_fake::{FakeLogto, TestUser};
use reqwest::{Client, StatusCode, header};
use tokio::{io::AsyncWriteExt, task::JoinSet};

/// Sign-ins in flight at once: enough to keep both of the app's cores busy.
const PARALLEL: usize = 16;

#[tokio::main]
async fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [app, endpoint_file, control] = args.as_slice() else {
        eprintln!("usage: sign_in_users APP_BASE_URL ENDPOINT_FILE CONTROL_DIR");
        return ExitCode::from(2);
    };
    match run(app, Path::new(endpoint_file), Path::new(control)).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("sign_in_users: {err}");
            ExitCode::FAILURE
        }
    }
}

async fn run(app: &str, endpoint_file: &Path, control: &Path) -> Result<(), String> {
    let fake = Arc::new(Mutex::new(FakeLogto::start().await));
    {
        let fake = lock(&fake);
        fake.register_app(app);
        std::fs::write(endpoint_file, fake.endpoint()).map_err(|e| e.to_string())?;
    }
    let http = Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .map_err(|e| e.to_string())?;
    wait_for(&http, &format!("{app}/healthz")).await?;
    let mut cookies = tokio::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(control.join("cookies"))
        .await
        .map_err(|e| e.to_string())?;
    let mut have = 0usize;
    loop {
        if control.join("stop").exists() {
            return Ok(());
        }
        let Some(want) = wanted(control)?.filter(|&want| want > have) else {
            tokio::time::sleep(Duration::from_millis(200)).await;
            continue;
        };
        let started = Instant::now();
        let mut running = JoinSet::new();
        let mut next = have;
        while next < want || !running.is_empty() {
            while next < want && running.len() < PARALLEL {
                next += 1;
                running.spawn(sign_in(http.clone(), app.to_owned(), fake.clone(), next));
            }
            if let Some(done) = running.join_next().await {
                let line = done.map_err(|e| e.to_string())??;
                cookies
                    .write_all(format!("{line}\n").as_bytes())
                    .await
                    .map_err(|e| e.to_string())?;
            }
        }
        cookies.flush().await.map_err(|e| e.to_string())?;
        let rate = (want - have) as f64 / started.elapsed().as_secs_f64();
        have = want;
        std::fs::write(control.join(format!("have.{want}")), format!("{rate:.0}\n"))
            .map_err(|e| e.to_string())?;
    }
}

/// The largest N of the CONTROL_DIR/want.N files.
fn wanted(control: &Path) -> Result<Option<usize>, String> {
    let entries = std::fs::read_dir(control).map_err(|e| e.to_string())?;
    Ok(entries
        .filter_map(|entry| entry.ok())
        .filter_map(|entry| {
            let name = entry.file_name().into_string().ok()?;
            name.strip_prefix("want.")?.parse::<usize>().ok()
        })
        .max())
}

async fn wait_for(http: &Client, url: &str) -> Result<(), String> {
    for _ in 0..600 {
        if let Ok(answer) = http.get(url).send().await
            && answer.status().is_success()
        {
            return Ok(());
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    Err(format!("{url} did not answer in 60 s"))
}

/// One browser: `/sign-in`, the fake's instant sign-in as `user-n`, `/callback`. Returns the
/// session cookie as `name=value`.
async fn sign_in(
    http: Client,
    app: String,
    fake: Arc<Mutex<FakeLogto>>,
    n: usize,
) -> Result<String, String> {
    let answer = http
        .get(format!("{app}/sign-in"))
        .send()
        .await
        .map_err(|e| e.to_string())?;
    let jar = set_cookies(answer.headers());
    let to_logto = location(&answer, "/sign-in")?;
    let callback = {
        let fake = lock(&fake);
        fake.set_user(TestUser::email_user().with_sub(&format!("user-{n}")));
        fake.authorize(&to_logto)
    };
    let answer = http
        .get(callback)
        .header(header::COOKIE, jar.join("; "))
        .send()
        .await
        .map_err(|e| e.to_string())?;
    location(&answer, "/callback")?;
    set_cookies(answer.headers())
        .into_iter()
        .find(|cookie| cookie.contains("logto_app_session=") && !cookie.ends_with('='))
        .ok_or_else(|| "the callback set no session cookie".to_owned())
}

fn location(answer: &reqwest::Response, step: &str) -> Result<String, String> {
    if answer.status() != StatusCode::SEE_OTHER && answer.status() != StatusCode::FOUND {
        return Err(format!("{step} answered {}", answer.status()));
    }
    answer
        .headers()
        .get(header::LOCATION)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned)
        .ok_or_else(|| format!("{step} sent no Location"))
}

/// The `name=value` of each `Set-Cookie`.
fn set_cookies(headers: &header::HeaderMap) -> Vec<String> {
    headers
        .get_all(header::SET_COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .filter_map(|v| v.split(';').next())
        .map(str::to_owned)
        .collect()
}

fn lock(fake: &Mutex<FakeLogto>) -> std::sync::MutexGuard<'_, FakeLogto> {
    fake.lock().unwrap_or_else(|p| p.into_inner())
}
