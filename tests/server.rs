//! The server's timeouts and shutdown, on raw TCP sockets: a client that never finishes its
//! request head, an idle keep-alive connection, and shutdown with such clients still connected.
//!
//! Every bound here is generous (20 s for something configured to take 1 s): the tests prove that
//! a connection or a shutdown ends, not how fast.

use std::{collections::HashMap, io, net::SocketAddr, sync::Arc, time::Duration};

use axum::{Router, routing::get};
use logto_app::{
    AppState, Config, app,
    server::{Timeouts, serve_with},
};
use tokio::{
    io::{AsyncReadExt, AsyncWriteExt},
    net::{TcpListener, TcpStream},
    sync::{Notify, oneshot},
    task::JoinHandle,
};

/// What the tests wait at most for something configured to happen within about a second.
const BOUND: Duration = Duration::from_secs(20);

/// The real app, with a memory store and no Logto (the setup page; `/healthz` answers).
async fn real_app() -> Router {
    let pairs: HashMap<String, String> = [
        ("APP_BASE_URL", "http://127.0.0.1:3000"),
        ("SESSION_STORE", "memory"),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v.to_string()))
    .collect();
    let config = Config::from_lookup(|name| pairs.get(name).cloned()).expect("a valid config");
    app(AppState::build(config).await.expect("the app state builds"))
}

struct Server {
    addr: SocketAddr,
    stop: Option<oneshot::Sender<()>>,
    task: JoinHandle<io::Result<()>>,
}

async fn start(router: Router, timeouts: Timeouts) -> Server {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let addr = listener.local_addr().expect("local address");
    let (stop, stopped) = oneshot::channel::<()>();
    let shutdown = async {
        let _ = stopped.await;
    };
    let task = tokio::spawn(serve_with(listener, router, shutdown, timeouts));
    Server {
        addr,
        stop: Some(stop),
        task,
    }
}

impl Server {
    /// Sends the shutdown signal and waits (at most [`BOUND`]) for `serve_with` to return.
    async fn shut_down(mut self) {
        let _ = self.stop.take().expect("not yet stopped").send(());
        let result = tokio::time::timeout(BOUND, &mut self.task)
            .await
            .expect("shutdown completes with a client still connected")
            .expect("the server task did not panic");
        result.expect("serve returns Ok");
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.task.abort();
    }
}

fn timeouts(header_read_secs: u64, grace_secs: u64) -> Timeouts {
    Timeouts {
        header_read: Duration::from_secs(header_read_secs),
        shutdown_grace: Duration::from_secs(grace_secs),
    }
}

/// Reads until the server closes the connection (EOF or reset); panics if it stays open past
/// [`BOUND`]. Returns what was received.
async fn read_until_closed(stream: &mut TcpStream) -> Vec<u8> {
    let mut received = Vec::new();
    let outcome = tokio::time::timeout(BOUND, async {
        let mut chunk = [0u8; 4096];
        loop {
            match stream.read(&mut chunk).await {
                Ok(0) | Err(_) => break,
                Ok(n) => received.extend_from_slice(&chunk[..n]),
            }
        }
    })
    .await;
    assert!(
        outcome.is_ok(),
        "the server kept the connection open for {BOUND:?}; received so far: {:?}",
        String::from_utf8_lossy(&received)
    );
    received
}

/// A connection that has sent a request line and one header, but not the blank line ending them.
async fn half_sent_request(addr: SocketAddr) -> TcpStream {
    let mut stream = TcpStream::connect(addr).await.expect("connect");
    stream
        .write_all(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n")
        .await
        .expect("write the partial head");
    stream
}

#[tokio::test]
async fn a_request_head_that_never_finishes_is_closed_after_the_header_timeout() {
    let server = start(real_app().await, timeouts(1, 1)).await;
    let mut slow = half_sent_request(server.addr).await;

    let received = read_until_closed(&mut slow).await;
    assert!(
        !String::from_utf8_lossy(&received).contains("200 OK"),
        "an unfinished request is never answered as if complete"
    );

    // The server is still serving others.
    let mut other = TcpStream::connect(server.addr).await.expect("connect");
    other
        .write_all(b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
        .await
        .expect("write");
    let answer = read_until_closed(&mut other).await;
    assert!(answer.starts_with(b"HTTP/1.1 200"), "{answer:?}");
    server.shut_down().await;
}

#[tokio::test]
async fn an_idle_keep_alive_connection_is_closed_after_the_header_timeout() {
    let server = start(real_app().await, timeouts(1, 1)).await;
    let mut stream = TcpStream::connect(server.addr).await.expect("connect");
    stream
        .write_all(b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
        .await
        .expect("write");

    // One answer, then the connection is closed while it waits for a next request.
    let received = read_until_closed(&mut stream).await;
    let text = String::from_utf8_lossy(&received);
    assert!(text.starts_with("HTTP/1.1 200"), "{text}");
    assert_eq!(text.matches("HTTP/1.1 ").count(), 1, "{text}");
    server.shut_down().await;
}

#[tokio::test]
async fn shutdown_completes_with_a_half_sent_request_open() {
    // A header timeout far beyond the bound: only shutdown can close this connection.
    let server = start(real_app().await, timeouts(600, 1)).await;
    let mut slow = half_sent_request(server.addr).await;
    // Make sure the server has accepted it (a full request on another connection is answered
    // only after the accept loop has moved past the first one).
    let mut probe = TcpStream::connect(server.addr).await.expect("connect");
    probe
        .write_all(b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
        .await
        .expect("write");
    read_until_closed(&mut probe).await;

    server.shut_down().await;
    read_until_closed(&mut slow).await;
}

#[tokio::test]
async fn shutdown_closes_a_half_sent_request_at_once_without_waiting_the_grace_period() {
    // A grace period far beyond the bound: waiting it out would fail the test.
    let server = start(real_app().await, timeouts(600, 600)).await;
    let mut slow = half_sent_request(server.addr).await;
    let mut probe = TcpStream::connect(server.addr).await.expect("connect");
    probe
        .write_all(b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
        .await
        .expect("write");
    read_until_closed(&mut probe).await;

    server.shut_down().await;
    let received = read_until_closed(&mut slow).await;
    assert!(
        received.is_empty(),
        "nothing was asked, nothing is answered"
    );
}

#[tokio::test]
async fn shutdown_lets_a_request_in_flight_finish_within_the_grace_period() {
    let entered = Arc::new(Notify::new());
    let router = {
        let entered = entered.clone();
        Router::new().route(
            "/slow",
            get(move || async move {
                entered.notify_one();
                tokio::time::sleep(Duration::from_millis(500)).await;
                "done"
            }),
        )
    };
    let server = start(router, timeouts(600, 15)).await;
    let mut client = TcpStream::connect(server.addr).await.expect("connect");
    client
        .write_all(b"GET /slow HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
        .await
        .expect("write");
    tokio::time::timeout(BOUND, entered.notified())
        .await
        .expect("the handler starts");

    let stopping = tokio::spawn(server.shut_down());
    let received = read_until_closed(&mut client).await;
    let text = String::from_utf8_lossy(&received);
    assert!(text.starts_with("HTTP/1.1 200"), "{text}");
    assert!(text.ends_with("done"), "{text}");
    stopping.await.expect("shutdown finished");
}

#[tokio::test]
async fn shutdown_closes_a_request_still_in_flight_after_the_grace_period() {
    let entered = Arc::new(Notify::new());
    let router = {
        let entered = entered.clone();
        Router::new().route(
            "/stuck",
            get(move || async move {
                entered.notify_one();
                std::future::pending::<&'static str>().await
            }),
        )
    };
    let server = start(router, timeouts(600, 1)).await;
    let mut client = TcpStream::connect(server.addr).await.expect("connect");
    client
        .write_all(b"GET /stuck HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
        .await
        .expect("write");
    tokio::time::timeout(BOUND, entered.notified())
        .await
        .expect("the handler starts");

    server.shut_down().await;
    let received = read_until_closed(&mut client).await;
    assert!(
        received.is_empty(),
        "no answer for a request that never ended"
    );
}
