//! The log's writer: lines are appended to a buffer in memory, and one background thread writes
//! the buffer out whole.
//!
//! Why not `tracing-appender`'s non-blocking writer: it copies every line into its own
//! allocation, sends it through a channel and wakes the writer thread for it, which at one line
//! per request was a measurable share of a page view's CPU. Here a request appends its line under
//! a mutex and, unless the writer is asleep on an empty buffer, wakes nobody; under load the
//! writer finds many lines at each turn and writes them with one `write`.
//!
//! Nothing is dropped: a request whose line does not fit in [`CAPACITY`] waits for the writer to
//! catch up. A line is out within [`BATCH_WINDOW`] of being logged (the first line into an empty
//! buffer wakes the writer, which waits that long for more), and dropping the [`Guard`] writes
//! what is left before `main` returns.

use std::{
    io::{self, Write},
    sync::{Arc, Condvar, Mutex, MutexGuard},
    thread::JoinHandle,
    time::Duration,
};

use tracing_subscriber::fmt::MakeWriter;

/// Bytes buffered at most before a request waits for the writer (about 2,000 request lines).
pub const CAPACITY: usize = 256 * 1024;

/// How long the writer lets lines gather before writing them: how late a line can be.
const BATCH_WINDOW: Duration = Duration::from_millis(20);

#[derive(Default)]
struct State {
    lines: Vec<u8>,
    /// The writer thread is waiting for lines (so the next line must wake it).
    writer_idle: bool,
    /// Requests are waiting for room.
    waiting_for_room: usize,
    closed: bool,
}

#[derive(Default)]
struct Shared {
    state: Mutex<State>,
    /// Wakes the writer thread.
    lines_ready: Condvar,
    /// Wakes requests waiting for room.
    room: Condvar,
}

impl Shared {
    fn lock(&self) -> MutexGuard<'_, State> {
        // A panic while holding the lock leaves the buffer whole (appends are one call).
        self.state.lock().unwrap_or_else(|p| p.into_inner())
    }
}

/// The [`MakeWriter`] to give the subscriber. Cheap to clone.
#[derive(Clone)]
pub struct Lines {
    shared: Arc<Shared>,
}

/// Writes out what is still buffered, and stops the writer thread, when dropped.
pub struct Guard {
    shared: Arc<Shared>,
    thread: Option<JoinHandle<()>>,
}

/// Starts the writer thread, writing to `out`.
pub fn start<W: Write + Send + 'static>(out: W) -> io::Result<(Lines, Guard)> {
    let shared = Arc::new(Shared::default());
    let thread = {
        let shared = shared.clone();
        std::thread::Builder::new()
            .name("log-writer".into())
            .spawn(move || write_out(&shared, out))?
    };
    Ok((
        Lines {
            shared: shared.clone(),
        },
        Guard {
            shared,
            thread: Some(thread),
        },
    ))
}

fn write_out<W: Write>(shared: &Shared, mut out: W) {
    let mut batch = Vec::with_capacity(CAPACITY);
    loop {
        {
            let mut state = shared.lock();
            while state.lines.is_empty() && !state.closed {
                state.writer_idle = true;
                state = shared
                    .lines_ready
                    .wait(state)
                    .unwrap_or_else(|p| p.into_inner());
            }
            state.writer_idle = false;
        }
        // Let the lines of the next few milliseconds join this one: woken for every line, the
        // writer would make a `write` (and requests a wake-up) per line, as before.
        std::thread::sleep(BATCH_WINDOW);
        let closed = {
            let mut state = shared.lock();
            std::mem::swap(&mut batch, &mut state.lines);
            if state.waiting_for_room > 0 {
                shared.room.notify_all();
            }
            state.closed
        };
        if !batch.is_empty() {
            // Nowhere to report a failed write to but the log itself; carry on with the next.
            let _ = out.write_all(&batch).and_then(|()| out.flush());
            batch.clear();
            // A burst can grow the buffer past its usual size; do not keep that memory.
            batch.shrink_to(CAPACITY);
        }
        if closed && shared.lock().lines.is_empty() {
            return;
        }
    }
}

impl Lines {
    /// Appends one whole line (or several).
    pub fn append(&self, line: &[u8]) {
        let mut state = self.shared.lock();
        if state.closed {
            drop(state);
            // After the guard is gone (the last lines of a shutdown): straight to stdout.
            let _ = io::stdout().write_all(line);
            return;
        }
        // A line longer than the whole buffer goes in alone, once the buffer is empty.
        while !state.lines.is_empty() && state.lines.len() + line.len() > CAPACITY {
            state.waiting_for_room += 1;
            if state.writer_idle {
                self.shared.lines_ready.notify_one();
            }
            state = self
                .shared
                .room
                .wait(state)
                .unwrap_or_else(|p| p.into_inner());
            state.waiting_for_room -= 1;
        }
        let wake = state.lines.is_empty() && state.writer_idle;
        state.lines.extend_from_slice(line);
        drop(state);
        if wake {
            self.shared.lines_ready.notify_one();
        }
    }
}

/// One event's line: the subscriber formats an event and hands it over in one `write`.
pub struct LineWriter<'a>(&'a Lines);

impl Write for LineWriter<'_> {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        self.0.append(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

impl<'a> MakeWriter<'a> for Lines {
    type Writer = LineWriter<'a>;

    fn make_writer(&'a self) -> Self::Writer {
        LineWriter(self)
    }
}

impl Drop for Guard {
    fn drop(&mut self) {
        self.shared.lock().closed = true;
        self.shared.lines_ready.notify_one();
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

#[cfg(test)]
mod tests {
    use std::sync::{Arc, Mutex};

    use super::*;

    #[derive(Clone, Default)]
    struct Sink(Arc<Mutex<Vec<u8>>>);
    impl Write for Sink {
        fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
            // Slow on purpose, so lines pile up and requests have to wait for room.
            std::thread::yield_now();
            self.0.lock().expect("sink").extend_from_slice(bytes);
            Ok(bytes.len())
        }
        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }

    #[test]
    fn every_line_from_many_threads_is_written_whole_and_in_each_threads_order() {
        let sink = Sink::default();
        let (lines, guard) = start(sink.clone()).expect("writer thread");
        let threads: Vec<_> = (0..4)
            .map(|t| {
                let lines = lines.clone();
                std::thread::spawn(move || {
                    for i in 0..20_000 {
                        // Long enough that 20,000 lines overflow the buffer many times.
                        let line = format!("thread {t} line {i} {}\n", "x".repeat(40));
                        lines
                            .make_writer()
                            .write_all(line.as_bytes())
                            .expect("append");
                    }
                })
            })
            .collect();
        for thread in threads {
            thread.join().expect("thread");
        }
        drop(guard);
        let text = String::from_utf8(sink.0.lock().expect("sink").clone()).expect("UTF-8");
        let mut next = [0usize; 4];
        let mut count = 0;
        for line in text.lines() {
            let mut words = line.split(' ');
            assert_eq!(
                words.next(),
                Some("thread"),
                "a line cut or mixed: {line:?}"
            );
            let t: usize = words
                .next()
                .and_then(|w| w.parse().ok())
                .expect("thread no");
            assert_eq!(words.next(), Some("line"), "{line:?}");
            let i: usize = words.next().and_then(|w| w.parse().ok()).expect("line no");
            assert_eq!(i, next[t], "thread {t}'s lines out of order");
            next[t] += 1;
            count += 1;
        }
        assert_eq!(count, 80_000, "no line lost");
    }

    #[test]
    fn a_line_longer_than_the_buffer_is_written_whole() {
        let sink = Sink::default();
        let (lines, guard) = start(sink.clone()).expect("writer thread");
        let long = "y".repeat(CAPACITY * 2) + "\n";
        lines.make_writer().write_all(b"before\n").expect("append");
        lines
            .make_writer()
            .write_all(long.as_bytes())
            .expect("append");
        lines.make_writer().write_all(b"after\n").expect("append");
        drop(guard);
        let text = String::from_utf8(sink.0.lock().expect("sink").clone()).expect("UTF-8");
        assert_eq!(text, format!("before\n{long}after\n"));
    }

    #[test]
    fn a_line_logged_while_the_app_is_idle_is_written_without_waiting_for_more() {
        let sink = Sink::default();
        let (lines, _guard) = start(sink.clone()).expect("writer thread");
        lines.make_writer().write_all(b"alone\n").expect("append");
        // The guard is still alive: only the wake-up can have written it. Bounded, not timed:
        // the loop ends as soon as the line is there.
        for _ in 0..500 {
            if sink.0.lock().expect("sink").as_slice() == b"alone\n" {
                return;
            }
            std::thread::sleep(std::time::Duration::from_millis(10));
        }
        panic!("the line was not written within 5 s");
    }
}
