//! The HTTP server: hyper's HTTP/1 connections with a timer, so slow or idle clients cannot hold a
//! connection (or a shutdown) forever.
//!
//! `axum::serve` gives hyper no timer, so it has no header-read timeout: a client that sends its
//! headers slowly, or never finishes them, keeps its connection for as long as it likes, and
//! graceful shutdown waits for it (`docker stop` then kills the process after 10 s). Here:
//! - the request head must arrive within [`Timeouts::header_read`] of the connection becoming
//!   ready for it, which bounds both a slow client and an idle keep-alive connection (hyper
//!   restarts that timer while waiting for the next request);
//! - shutdown stops accepting, closes at once every connection with no request being handled
//!   (idle, or still sending its head: nothing was asked yet, so nothing is lost), asks the others
//!   to finish their current request and close, waits at most [`Timeouts::shutdown_grace`], then
//!   closes whatever is still open.
//!
//! Each request is also bounded by the app's own 30 s timeout layer (see `app()`).

use std::{
    future::Future,
    io,
    pin::Pin,
    sync::{
        Arc,
        atomic::{AtomicUsize, Ordering},
    },
    time::Duration,
};

use axum::Router;
use hyper::server::conn::http1;
use hyper_util::{
    rt::{TokioIo, TokioTimer},
    service::TowerToHyperService,
};
use tokio::{net::TcpListener, sync::watch, task::JoinSet};

/// How long the server waits for clients, and for itself when stopping.
#[derive(Clone, Copy, Debug)]
pub struct Timeouts {
    /// The whole request head (request line and headers) must arrive within this time; an idle
    /// keep-alive connection is closed after it too.
    pub header_read: Duration,
    /// After the shutdown signal, how long requests in flight may take before their connections
    /// are closed.
    pub shutdown_grace: Duration,
}

impl Default for Timeouts {
    /// 10 s for a request head: generous for a real browser or proxy, short for a slow-loris.
    /// 8 s of grace: `docker stop` (and `docker-compose stop`) sends SIGKILL 10 s after SIGTERM,
    /// so 8 s leaves time to close the remaining connections and the session store, and to exit
    /// 0, before the kill. Kubernetes waits 30 s by default, so 8 s fits there as well.
    fn default() -> Self {
        Self {
            header_read: Duration::from_secs(10),
            shutdown_grace: Duration::from_secs(8),
        }
    }
}

/// Serves `app` on `listener` with the default [`Timeouts`] until `shutdown` resolves, then drains.
pub async fn serve(
    listener: TcpListener,
    app: Router,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> io::Result<()> {
    serve_with(listener, app, shutdown, Timeouts::default()).await
}

/// [`serve`] with explicit timeouts (the tests use short ones).
pub async fn serve_with(
    listener: TcpListener,
    app: Router,
    shutdown: impl Future<Output = ()> + Send + 'static,
    timeouts: Timeouts,
) -> io::Result<()> {
    let mut http = http1::Builder::new();
    http.timer(TokioTimer::new())
        .header_read_timeout(timeouts.header_read)
        .keep_alive(true);

    // `true` once shutdown has begun; every connection task watches it.
    let (stopping_tx, stopping_rx) = watch::channel(false);
    let mut connections = JoinSet::new();
    let mut shutdown = std::pin::pin!(shutdown);

    loop {
        tokio::select! {
            () = &mut shutdown => break,
            // Reap finished connections so the set does not grow with every client.
            Some(_) = connections.join_next(), if !connections.is_empty() => {}
            accepted = listener.accept() => {
                let stream = match accepted {
                    Ok((stream, _peer)) => stream,
                    Err(err) if is_connection_error(&err) => continue,
                    Err(err) => {
                        // Out of file descriptors and the like: back off instead of spinning.
                        tracing::error!(error = %err, "accepting a connection failed");
                        tokio::time::sleep(Duration::from_secs(1)).await;
                        continue;
                    }
                };
                let _ = stream.set_nodelay(true);
                let in_flight = Arc::new(AtomicUsize::new(0));
                let service = Counted {
                    inner: TowerToHyperService::new(app.clone()),
                    in_flight: in_flight.clone(),
                };
                let connection = http.serve_connection(TokioIo::new(stream), service);
                let mut stopping = stopping_rx.clone();
                connections.spawn(async move {
                    let mut connection = std::pin::pin!(connection);
                    tokio::select! {
                        result = connection.as_mut() => return log_connection_end(result),
                        // Changed, or the sender is gone: either way the server is stopping.
                        _ = stopping.wait_for(|stop| *stop) => {}
                    }
                    // No request being handled (idle, or a head still arriving): close now.
                    // Waiting would hold the shutdown for the whole grace period.
                    if in_flight.load(Ordering::Acquire) == 0 {
                        return;
                    }
                    // Finish the request in flight (if any), then close.
                    connection.as_mut().graceful_shutdown();
                    log_connection_end(connection.await);
                });
            }
        }
    }

    // No new connections from here on.
    drop(listener);
    let open = connections.len();
    let _ = stopping_tx.send(true);
    let drained = tokio::time::timeout(timeouts.shutdown_grace, async {
        while connections.join_next().await.is_some() {}
    })
    .await;
    if drained.is_err() {
        tracing::warn!(
            still_open = connections.len(),
            grace_secs = timeouts.shutdown_grace.as_secs_f64(),
            "connections still open after the shutdown grace period; closing them"
        );
        connections.shutdown().await;
    } else if open > 0 {
        tracing::debug!(open, "all connections drained");
    }
    Ok(())
}

/// The app as a connection's service, counting the requests it is handling.
struct Counted<S> {
    inner: S,
    in_flight: Arc<AtomicUsize>,
}

/// One request being handled; counted down when its answer is made, or when it is dropped.
struct InFlight(Arc<AtomicUsize>);

impl Drop for InFlight {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::AcqRel);
    }
}

impl<S, R> hyper::service::Service<R> for Counted<S>
where
    S: hyper::service::Service<R>,
    S::Future: Send + 'static,
{
    type Response = S::Response;
    type Error = S::Error;
    type Future = Pin<Box<dyn Future<Output = Result<S::Response, S::Error>> + Send>>;

    fn call(&self, request: R) -> Self::Future {
        self.in_flight.fetch_add(1, Ordering::AcqRel);
        let counted = InFlight(self.in_flight.clone());
        let answer = self.inner.call(request);
        Box::pin(async move {
            let _counted = counted;
            answer.await
        })
    }
}

fn log_connection_end(result: Result<(), hyper::Error>) {
    if let Err(err) = result {
        // Timeouts and clients that go away are routine; they are not the app's errors.
        tracing::debug!(error = %err, "connection closed with an error");
    }
}

/// Errors of one connection that the listener reports; the next accept may well succeed.
fn is_connection_error(err: &io::Error) -> bool {
    matches!(
        err.kind(),
        io::ErrorKind::ConnectionRefused
            | io::ErrorKind::ConnectionAborted
            | io::ErrorKind::ConnectionReset
    )
}
