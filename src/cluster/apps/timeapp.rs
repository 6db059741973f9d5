//! The lab's time apps. `GET /` shows the current Moscow time and counts the visit in `data/visits`
//! (read, add one, write — so kubelet probes on `/` count too, which the transcript makes visible);
//! `GET /visits` returns the count. Python is Flask's development server (Werkzeug access log on stderr);
//! Scala is a JVM server with its own log format.

use super::{civil, AppEnv, AppKind, Faults, Reply, Request, MONTHS};

pub const PYTHON_FILES: &[(&str, &str)] = &[
    (
        "/app/app.py",
        "import datetime\nimport os\n\nimport pytz\nfrom flask import Flask\n\napp = Flask(__name__)\nVISITS = \
         os.path.join(\"data\", \"visits\")\n\n\ndef bump():\n    count = 0\n    if os.path.exists(VISITS):\n        \
         with open(VISITS) as f:\n            count = int(f.read() or 0)\n    count += 1\n    with open(VISITS, \"w\") \
         as f:\n        f.write(f\"{count}\\n\")\n\n\n@app.route(\"/\")\ndef index():\n    bump()\n    now = \
         datetime.datetime.now(pytz.timezone(\"Europe/Moscow\"))\n    return f\"Current time in Moscow: \
         {now:%Y-%m-%d %H:%M:%S}\\n\"\n\n\n@app.route(\"/visits\")\ndef visits():\n    if not \
         os.path.exists(VISITS):\n        return \"0\\n\"\n    with open(VISITS) as f:\n        return f.read()\n\n\nif \
         __name__ == \"__main__\":\n    app.run(host=\"0.0.0.0\", port=int(os.environ.get(\"PORT\", 5000)))\n",
    ),
    ("/app/requirements.txt", "Flask==3.1.0\npytz==2025.1\n"),
    ("/app/data/.keep", ""),
];

pub const SCALA_FILES: &[(&str, &str)] = &[("/app/scala-time-app.jar", "PK\u{3}\u{4}"), ("/app/data/.keep", "")];

const VISITS: &str = "data/visits";

fn moscow(now: u64) -> String {
    let (y, mo, d, h, mi, s) = civil(now, 3);
    format!("{y:04}-{mo:02}-{d:02} {h:02}:{mi:02}:{s:02}")
}

/// Werkzeug's request-log timestamp (`15/Mar/2025 17:03:40`, the container's UTC clock).
fn werkzeug_stamp(now: u64) -> String {
    let (y, mo, d, h, mi, s) = civil(now, 0);
    format!("{d:02}/{}/{y} {h:02}:{mi:02}:{s:02}", MONTHS[mo as usize - 1])
}

/// Logback's default pattern date (`2025-03-15 17:03:59.120`).
pub fn jvm_stamp(now: u64) -> String {
    let (y, mo, d, h, mi, s) = civil(now, 0);
    format!("{y:04}-{mo:02}-{d:02} {h:02}:{mi:02}:{s:02}.{:03}", now % 1000)
}

pub fn startup_logs(kind: AppKind, env: &mut AppEnv<'_>, port: u16) -> Vec<String> {
    match kind {
        AppKind::PythonTime => vec![
            " * Serving Flask app 'app'".into(),
            " * Debug mode: off".into(),
            "WARNING: This is a development server. Do not use it in a production deployment. Use a production WSGI \
             server instead."
                .into(),
            " * Running on all addresses (0.0.0.0)".into(),
            format!(" * Running on http://127.0.0.1:{port}"),
            format!(" * Running on http://{}:{port}", env.pod_ip),
            "Press CTRL+C to quit".into(),
        ],
        _ => vec![
            format!("{} INFO  TimeServer - Starting scala-time-app", jvm_stamp(env.now)),
            format!("{} INFO  TimeServer - Server online at http://0.0.0.0:{port}/", jvm_stamp(env.now)),
        ],
    }
}

fn read_count(env: &AppEnv<'_>) -> u64 {
    env.fs.read(env.store, VISITS).ok().and_then(|s| s.trim().parse().ok()).unwrap_or(0)
}

pub fn serve(kind: AppKind, env: &mut AppEnv<'_>, faults: &Faults, req: &Request<'_>) -> Reply {
    let (status, body) = if faults.unready {
        (503, "Service Unavailable\n".to_string())
    } else {
        match req.path.split('?').next().unwrap_or("/") {
            "/" => {
                let count = read_count(env) + 1;
                match env.fs.write(env.store, VISITS, format!("{count}\n")) {
                    Ok(()) => (200, format!("Current time in Moscow: {}\n", moscow(env.now))),
                    // No data directory: the handler raises, Flask answers 500.
                    Err(_) => (500, internal_error(kind)),
                }
            }
            "/visits" => (200, format!("{}\n", read_count(env))),
            _ => (404, not_found(kind)),
        }
    };
    let line = match kind {
        AppKind::PythonTime => {
            format!("{} - - [{}] \"GET {} HTTP/1.1\" {status} -", req.client_ip, werkzeug_stamp(env.now), req.path)
        }
        _ => format!("{} INFO  TimeServer - {} GET {} {status}", jvm_stamp(env.now), req.client_ip, req.path),
    };
    env.log.push((env.now, line));
    Reply::Response { status, body }
}

fn not_found(kind: AppKind) -> String {
    match kind {
        AppKind::PythonTime => {
            "<!doctype html>\n<html lang=en>\n<title>404 Not Found</title>\n<h1>Not Found</h1>\n<p>The \
                                requested URL was not found on the server. If you entered the URL manually please \
                                check your spelling and try again.</p>\n"
                .into()
        }
        _ => "The requested resource could not be found.\n".into(),
    }
}

fn internal_error(kind: AppKind) -> String {
    match kind {
        AppKind::PythonTime => {
            "<!doctype html>\n<html lang=en>\n<title>500 Internal Server Error</title>\n<h1>Internal \
                                Server Error</h1>\n<p>The server encountered an internal error and was unable to \
                                complete your request. Either the server is overloaded or there is an error in the \
                                application.</p>\n"
                .into()
        }
        _ => "There was an internal server error.\n".into(),
    }
}
