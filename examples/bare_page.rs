//! The baseline for scripts/bench.sh: a bare axum server that replays responses the app gave,
//! byte for byte, without doing any of the app's work (no session, no template, no Logto).
//!
//!   cargo run --release --example bare_page -- 127.0.0.1:4000 /=page.http /sign-in=sign-in.http
//!
//! Each `PATH=FILE` serves, at PATH, the response saved in FILE by `curl -sS -i` (status line,
//! headers, blank line, body): the same status, the same headers (less those hyper writes itself:
//! Date, Content-Length, Connection, Transfer-Encoding, Keep-Alive) and the same body. It uses the
//! app's allocator and the app's server (`logto_app::server`), so the difference the benchmark
//! measures is the app's own work per request. Stops on SIGTERM or Ctrl-C.

use std::{net::SocketAddr, process::ExitCode};

use axum::{
    Router,
    body::Bytes,
    http::{HeaderMap, HeaderName, HeaderValue, StatusCode},
    routing::get,
};

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// One saved response.
#[derive(Clone)]
struct Saved {
    status: StatusCode,
    headers: HeaderMap,
    body: Bytes,
}

fn parse(raw: &[u8]) -> Result<Saved, String> {
    let split = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .ok_or("no blank line after the headers (save the response with curl -i)")?;
    let head = std::str::from_utf8(&raw[..split]).map_err(|_| "the head is not UTF-8")?;
    let body = Bytes::copy_from_slice(&raw[split + 4..]);
    let mut lines = head.split("\r\n");
    let status_line = lines.next().unwrap_or_default();
    let status = status_line
        .split(' ')
        .nth(1)
        .and_then(|code| code.parse::<u16>().ok())
        .and_then(|code| StatusCode::from_u16(code).ok())
        .ok_or_else(|| format!("no status in {status_line:?}"))?;
    let mut headers = HeaderMap::new();
    for line in lines {
        let (name, value) = line
            .split_once(':')
            .ok_or_else(|| format!("not a header: {line:?}"))?;
        let name = HeaderName::try_from(name.trim()).map_err(|e| format!("{name}: {e}"))?;
        let skip = [
            "date",
            "content-length",
            "connection",
            "transfer-encoding",
            "keep-alive",
        ];
        if skip.contains(&name.as_str()) {
            continue;
        }
        let value = HeaderValue::try_from(value.trim()).map_err(|e| format!("{name}: {e}"))?;
        headers.append(name, value);
    }
    Ok(Saved {
        status,
        headers,
        body,
    })
}

fn router(routes: &[String]) -> Result<Router, String> {
    let mut router = Router::new();
    for route in routes {
        let (path, file) = route
            .split_once('=')
            .ok_or_else(|| format!("expected PATH=FILE, got {route:?}"))?;
        let raw = std::fs::read(file).map_err(|e| format!("{file}: {e}"))?;
        let saved = parse(&raw).map_err(|e| format!("{file}: {e}"))?;
        router = router.route(
            path,
            get(move || {
                let saved = saved.clone();
                async move { (saved.status, saved.headers, saved.body) }
            }),
        );
    }
    Ok(router)
}

#[tokio::main]
async fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some((addr, routes)) = args.split_first() else {
        eprintln!("usage: bare_page ADDR PATH=FILE...");
        return ExitCode::from(2);
    };
    let addr: SocketAddr = match addr.parse() {
        Ok(addr) => addr,
        Err(err) => {
            eprintln!("bare_page: {addr}: {err}");
            return ExitCode::from(2);
        }
    };
    let router = match router(routes) {
        Ok(router) => router,
        Err(err) => {
            eprintln!("bare_page: {err}");
            return ExitCode::from(2);
        }
    };
    let listener = match tokio::net::TcpListener::bind(addr).await {
        Ok(listener) => listener,
        Err(err) => {
            eprintln!("bare_page: cannot listen on {addr}: {err}");
            return ExitCode::FAILURE;
        }
    };
    eprintln!("bare_page: listening on {addr}");
    let stop = async {
        let mut term = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
            .expect("a SIGTERM handler can be installed");
        tokio::select! {
            _ = tokio::signal::ctrl_c() => {},
            _ = term.recv() => {},
        }
    };
    match logto_app::server::serve(listener, router, stop).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("bare_page: {err}");
            ExitCode::FAILURE
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_a_response_saved_by_curl() {
        let saved = parse(
            b"HTTP/1.1 303 See Other\r\nlocation: /x\r\ncontent-length: 2\r\nset-cookie: a=1\r\nset-cookie: b=2\r\n\r\nhi",
        )
        .expect("parses");
        assert_eq!(saved.status, StatusCode::SEE_OTHER);
        assert_eq!(saved.headers.get("location").expect("location"), "/x");
        assert_eq!(saved.headers.get_all("set-cookie").iter().count(), 2);
        assert!(saved.headers.get("content-length").is_none());
        assert_eq!(&saved.body[..], b"hi");
    }
}
