//! Starts Redis, two app processes and nginx, and stops them when dropped.

use std::{
    net::TcpListener,
    path::{Path, PathBuf},
    process::{Child, Command, Stdio},
    sync::Arc,
    time::{Duration, Instant},
};

use crate::support::{browser::Browser, fake_logto::FakeLogto};

pub struct Replicas {
    pub logto: Arc<FakeLogto>,
    /// The proxy's origin, which is also the app's public `APP_BASE_URL`.
    pub proxy: String,
    /// Each replica's own origin, for requests that bypass the proxy.
    pub direct: Vec<String>,
    pub redis_url: String,
    apps: Vec<Option<Child>>,
    redis: Child,
    nginx: Child,
    dir: tempfile::TempDir,
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("a free port")
        .port()
}

/// The path of a program from Debian's packages, or a message saying what to install.
fn program(name: &str, package: &str) -> PathBuf {
    for dir in ["/usr/sbin", "/usr/bin", "/usr/local/sbin", "/usr/local/bin"] {
        let path = Path::new(dir).join(name);
        if path.exists() {
            return path;
        }
    }
    panic!("{name} is missing: install Debian's {package} package (.ci/run does)");
}

/// Whether the redis-server `child` runs and answers PING on `port`, within 10 s.
async fn redis_answers(child: &mut Child, port: u16) -> bool {
    use std::io::{Read, Write};
    let deadline = Instant::now() + Duration::from_secs(10);
    while Instant::now() < deadline {
        if child.try_wait().ok().flatten().is_some() {
            return false;
        }
        if let Ok(mut stream) = std::net::TcpStream::connect(("127.0.0.1", port)) {
            let _ = stream.set_read_timeout(Some(Duration::from_secs(1)));
            let mut answer = [0u8; 7];
            if stream.write_all(b"PING\r\n").is_ok()
                && stream.read_exact(&mut answer).is_ok()
                && &answer == b"+PONG\r\n"
            {
                return child.try_wait().ok().flatten().is_none();
            }
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    false
}

async fn wait_until_up(url: &str, what: &str, log: &Path) {
    let client = reqwest::Client::new();
    let deadline = Instant::now() + Duration::from_secs(30);
    while Instant::now() < deadline {
        if client
            .get(url)
            .send()
            .await
            .is_ok_and(|r| r.status().is_success())
        {
            return;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let log = std::fs::read_to_string(log).unwrap_or_default();
    panic!("{what} did not come up at {url}; its log:\n{log}");
}

impl Replicas {
    pub async fn start() -> Self {
        let logto = Arc::new(FakeLogto::start().await);
        let dir = tempfile::tempdir().expect("temp dir");
        let log = |name: &str| std::fs::File::create(dir.path().join(name)).expect("a log file");

        // A port found free can be taken by another test's server before redis-server binds it:
        // then redis-server exits, and whatever took the port answers instead. So the server
        // must be running and answer PING itself; else another port is tried.
        let (redis, redis_port) = {
            let mut attempt = 0;
            loop {
                attempt += 1;
                let port = free_port();
                let mut child = Command::new(program("redis-server", "redis-server"))
                    .args(["--bind", "127.0.0.1", "--port", &port.to_string()])
                    .args([
                        "--save",
                        "",
                        "--appendonly",
                        "no",
                        "--protected-mode",
                        "yes",
                    ])
                    .arg("--dir")
                    .arg(dir.path())
                    .stdout(log("redis.log"))
                    .stderr(Stdio::null())
                    .spawn()
                    .expect("start redis-server");
                if redis_answers(&mut child, port).await {
                    break (child, port);
                }
                let _ = child.kill();
                let _ = child.wait();
                assert!(
                    attempt < 5,
                    "redis-server did not start on 5 ports in a row"
                );
            }
        };
        let redis_url = format!("redis://127.0.0.1:{redis_port}");

        let proxy_port = free_port();
        let proxy = format!("http://127.0.0.1:{proxy_port}");
        // The public origin is the proxy's: that is the app Logto knows.
        logto.register_app(&proxy);
        let mut replicas = Self {
            logto,
            proxy,
            direct: Vec::new(),
            redis_url,
            apps: Vec::new(),
            redis,
            // Replaced below, once the replicas' ports are known.
            nginx: Command::new("true").spawn().expect("a placeholder process"),
            dir,
        };
        for index in 0..2 {
            replicas.start_app(index).await;
        }
        let _ = replicas.nginx.wait();
        replicas.nginx = replicas.start_nginx(proxy_port).await;
        replicas
    }

    async fn start_app(&mut self, index: usize) {
        let port = free_port();
        let log_name = format!("app{index}.log");
        let log = std::fs::File::create(self.dir.path().join(&log_name)).expect("a log file");
        let child = Command::new(env!("CARGO_BIN_EXE_logto-app"))
            .env_clear()
            .env("LOGTO_ENDPOINT", self.logto.endpoint())
            .env("LOGTO_APP_ID", FakeLogto::CLIENT_ID)
            .env("LOGTO_APP_SECRET", FakeLogto::CLIENT_SECRET)
            .env("APP_BASE_URL", &self.proxy)
            .env("APP_BIND_ADDR", format!("127.0.0.1:{port}"))
            .env("SESSION_STORE", &self.redis_url)
            .env("RUST_LOG", "info")
            .env("LOG_FORMAT", "json")
            .stdout(log.try_clone().expect("log"))
            .stderr(log)
            .spawn()
            .expect("start the app");
        let origin = format!("http://127.0.0.1:{port}");
        wait_until_up(
            &format!("{origin}/healthz"),
            "a replica",
            &self.dir.path().join(&log_name),
        )
        .await;
        if index < self.direct.len() {
            self.direct[index] = origin;
            self.apps[index] = Some(child);
        } else {
            self.direct.push(origin);
            self.apps.push(Some(child));
        }
    }

    async fn start_nginx(&self, port: u16) -> Child {
        let dir = self.dir.path().join("nginx");
        std::fs::create_dir_all(&dir).expect("nginx dir");
        let servers: String = self
            .direct
            .iter()
            .map(|origin| format!("server {};", origin.trim_start_matches("http://")))
            .collect::<Vec<_>>()
            .join(" ");
        let d = dir.display();
        let config = format!(
            "daemon off;\nmaster_process off;\nworker_processes 1;\npid {d}/nginx.pid;\nerror_log {d}/error.log warn;\n\
             events {{ worker_connections 256; }}\n\
             http {{\n  access_log off;\n  client_body_temp_path {d}/body;\n  proxy_temp_path {d}/proxy;\n\
               fastcgi_temp_path {d}/fastcgi;\n  uwsgi_temp_path {d}/uwsgi;\n  scgi_temp_path {d}/scgi;\n\
               upstream replicas {{ {servers} }}\n\
               server {{\n    listen 127.0.0.1:{port};\n    location / {{\n      proxy_pass http://replicas;\n\
                 proxy_set_header Host $http_host;\n      proxy_http_version 1.1;\n    }}\n  }}\n}}\n"
        );
        let path = dir.join("nginx.conf");
        std::fs::write(&path, config).expect("nginx.conf");
        let child = Command::new(program("nginx", "nginx-light"))
            .arg("-c")
            .arg(&path)
            .arg("-p")
            .arg(&dir)
            .stdout(Stdio::null())
            .stderr(std::fs::File::create(dir.join("stderr.log")).expect("log"))
            .spawn()
            .expect("start nginx");
        wait_until_up(
            &format!("http://127.0.0.1:{port}/healthz"),
            "nginx",
            &dir.join("error.log"),
        )
        .await;
        child
    }

    /// A URL on the proxy.
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.proxy)
    }

    /// A URL on replica `index` itself, bypassing the proxy.
    pub fn direct_url(&self, index: usize, path: &str) -> String {
        format!("{}{path}", self.direct[index])
    }

    /// Signs `browser` in through the proxy.
    pub async fn sign_in(&self, browser: &Browser) {
        let response = browser.get(&self.url("/sign-in")).await;
        assert_eq!(
            response.status(),
            303,
            "/sign-in sends the browser to Logto"
        );
        let authorize = crate::support::browser::location(&response);
        let callback = self.logto.authorize(&authorize);
        assert!(
            callback.starts_with(&self.proxy),
            "Logto sends the browser back to the proxy"
        );
        let response = browser.get(&callback).await;
        assert_eq!(response.status(), 303, "the callback succeeds");
    }

    /// Whether `url` shows the signed-in page to `browser`.
    pub async fn signed_in_at(&self, browser: &Browser, url: &str) -> bool {
        let response = browser.get(url).await;
        assert_eq!(response.status(), 200, "{url}");
        response
            .text()
            .await
            .expect("a page")
            .contains("id=\"sign-out-link\"")
    }

    /// Ends replica `index` with SIGKILL, as a crash or an OOM kill would.
    pub fn kill(&mut self, index: usize) {
        if let Some(mut child) = self.apps[index].take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }

    /// Stops replica `index` with SIGSTOP, as a long garbage-collection pause, a VM migration or
    /// a stalled disk would; [`Replicas::resume`] lets it go on where it was.
    pub fn pause(&self, index: usize) {
        self.signal(index, "-STOP");
    }

    pub fn resume(&self, index: usize) {
        self.signal(index, "-CONT");
    }

    fn signal(&self, index: usize, signal: &str) {
        let child = self.apps[index].as_ref().expect("the replica runs");
        let status = Command::new("kill")
            .args([signal, &child.id().to_string()])
            .status()
            .expect("kill runs");
        assert!(status.success(), "kill {signal} replica {index}");
    }

    /// The lines replica `index` logged.
    pub fn log(&self, index: usize) -> String {
        std::fs::read_to_string(self.dir.path().join(format!("app{index}.log"))).unwrap_or_default()
    }

    /// Whether replica `index` logs a line containing `text`. The app writes its log from a
    /// writer thread, so a line may come a moment after the response; this waits for it, 5 s at
    /// most.
    pub async fn logged(&self, index: usize, text: &str) -> bool {
        let deadline = Instant::now() + Duration::from_secs(5);
        loop {
            if self.log(index).contains(text) {
                return true;
            }
            if Instant::now() >= deadline {
                return false;
            }
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
    }

    /// The names of the keys in Redis that match `pattern` (`KEYS`).
    pub fn redis_keys(&self, pattern: &str) -> Vec<String> {
        let client = program("redis-cli", "redis-tools");
        let port = self.redis_url.rsplit(':').next().expect("a port");
        let keys = Command::new(&client)
            .args(["-p", port, "--raw", "keys", pattern])
            .output()
            .expect("redis-cli keys");
        String::from_utf8_lossy(&keys.stdout)
            .lines()
            .filter(|line| !line.is_empty())
            .map(str::to_owned)
            .collect()
    }

    /// How many times Redis has run `command` since it started (`INFO commandstats`).
    pub fn redis_calls(&self, command: &str) -> u64 {
        let client = program("redis-cli", "redis-tools");
        let port = self.redis_url.rsplit(':').next().expect("a port");
        let stats = Command::new(&client)
            .args(["-p", port, "info", "commandstats"])
            .output()
            .expect("redis-cli info");
        let prefix = format!("cmdstat_{command}:calls=");
        String::from_utf8_lossy(&stats.stdout)
            .lines()
            .find_map(|line| line.strip_prefix(prefix.as_str()))
            .and_then(|rest| rest.split(',').next())
            .and_then(|calls| calls.parse().ok())
            .unwrap_or(0)
    }

    /// Stops Redis, as an outage would (the replicas stay up).
    pub fn stop_redis(&mut self) {
        let _ = self.redis.kill();
        let _ = self.redis.wait();
    }

    /// Every key in Redis with its value (strings only), for searching a dump.
    pub fn redis_dump(&self) -> Vec<u8> {
        let client = program("redis-cli", "redis-tools");
        let port = self.redis_url.rsplit(':').next().expect("a port");
        let keys = Command::new(&client)
            .args(["-p", port, "--raw", "keys", "*"])
            .output()
            .expect("redis-cli keys");
        let mut dump = keys.stdout.clone();
        for key in String::from_utf8_lossy(&keys.stdout).lines() {
            let value = Command::new(&client)
                .args(["-p", port, "--raw", "dump", key])
                .output()
                .expect("redis-cli dump");
            dump.extend(value.stdout);
        }
        dump
    }
}

impl Drop for Replicas {
    fn drop(&mut self) {
        let _ = self.nginx.kill();
        let _ = self.nginx.wait();
        for index in 0..self.apps.len() {
            self.kill(index);
        }
        let _ = self.redis.kill();
        let _ = self.redis.wait();
    }
}
