# Build:  docker build -t logto-app .
# Try it against a Logto on the same machine (Linux), with the .env that `cargo run` uses:
#         docker run --rm --network host --env-file .env -e APP_BIND_ADDR=127.0.0.1:3000 \
#           -v logto-sessions:/data logto-app
# Deploy, behind a TLS-terminating proxy (see the README's "Running with Docker"):
#         docker run -d -p 127.0.0.1:3000:3000 -e LOGTO_ENDPOINT=... -e LOGTO_APP_ID=... \
#           -e LOGTO_APP_SECRET=... -e APP_BASE_URL=https://app.example.com \
#           -v logto-sessions:/data logto-app

# --- Build stage: dependencies first, so source edits do not rebuild them ---------------------
FROM rust:1.95-slim-bookworm AS build
WORKDIR /app
COPY Cargo.toml Cargo.lock ./
# The workspace also lists the browser-test crate; a stub satisfies cargo without its sources.
COPY e2e/browser/Cargo.toml e2e/browser/Cargo.toml
# The SDK crates the app is built on: their sources change less often than the app's.
COPY crates crates
RUN mkdir -p src e2e/browser/src \
    && echo 'fn main() {}' > src/main.rs \
    && touch src/lib.rs e2e/browser/src/lib.rs \
    && cargo build --release --locked --bin logto-app \
    && rm -rf src
COPY src src
COPY templates templates
COPY static static
# Translations are compiled into the binary too.
COPY locales locales
# Touch so cargo sees the real sources as newer than the stub build.
RUN touch src/main.rs src/lib.rs && cargo build --release --locked --bin logto-app

# --- Runtime stage: a slim Debian with just the binary, running as a non-root user ----------
FROM debian:bookworm-slim
# rustls carries its own root certificates, so no ca-certificates package is needed.
# User and group 10001 (named app), owning the /data volume.
RUN groupadd --system --gid 10001 app \
    && useradd --system --uid 10001 --gid 10001 --home-dir /nonexistent --shell /usr/sbin/nologin app \
    && mkdir -p /data && chown 10001:10001 /data
WORKDIR /app
COPY --from=build /app/target/release/logto-app /app/logto-app
ENV APP_BIND_ADDR=0.0.0.0:3000 \
    SESSION_STORE=sqlite:///data/sessions.db \
    LOG_FORMAT=json \
    RUST_LOG=info
# SQLite sessions live here; mount a volume so they survive container restarts.
VOLUME ["/data"]
EXPOSE 3000
# Numeric, so Kubernetes' runAsNonRoot can verify that the user is not root.
USER 10001:10001
# The binary checks itself (GET /healthz), so the image needs no curl.
HEALTHCHECK --interval=30s --timeout=3s --start-period=5s --retries=3 \
    CMD ["/app/logto-app", "healthcheck"]
ENTRYPOINT ["/app/logto-app"]
