//! Work that must finish once begun. hyper drops a handler's future when the client closes its
//! connection, and the frame drops it after its timeout: a handler can stop at any `.await`. Where
//! stopping halfway would lose something (a refresh token Logto has already rotated, sessions a
//! logout token named), the work runs in a task of its own, which the handler waits for: cut off,
//! the handler stops waiting, and the task still runs to its end.

use std::future::Future;

use tracing::Instrument;

use crate::error::Error;

/// Runs `work` to its end whether or not the request that started it is still there, and
/// returns what it gave; its log lines are in the request's span.
pub async fn to_the_end<T: Send + 'static>(
    work: impl Future<Output = T> + Send + 'static,
) -> Result<T, Error> {
    tokio::spawn(work.instrument(tracing::Span::current()))
        .await
        .map_err(|err| Error::Internal(format!("work that had to finish failed: {err}")))
}

#[cfg(test)]
mod tests {
    use std::{
        sync::{
            Arc,
            atomic::{AtomicBool, Ordering},
        },
        time::Duration,
    };

    use super::*;

    #[tokio::test]
    async fn work_goes_on_to_its_end_when_the_request_waiting_for_it_is_dropped() {
        let done = Arc::new(AtomicBool::new(false));
        let flag = done.clone();
        let request = to_the_end(async move {
            tokio::time::sleep(Duration::from_millis(50)).await;
            flag.store(true, Ordering::SeqCst);
        });
        // The client goes away after 10 ms: the request's future is dropped.
        let cut = tokio::time::timeout(Duration::from_millis(10), request).await;
        assert!(cut.is_err(), "the request was cut off");
        tokio::time::sleep(Duration::from_millis(200)).await;
        assert!(
            done.load(Ordering::SeqCst),
            "the work finished all the same"
        );
    }

    #[tokio::test]
    async fn work_that_panics_is_an_internal_error_not_a_crash() {
        let outcome = to_the_end(async { panic!("boom") }).await;
        assert!(matches!(outcome, Err(Error::Internal(_))));
    }
}
