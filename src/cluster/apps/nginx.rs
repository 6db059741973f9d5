//! nginx (and the tutorials' nginx-slim): serves files from `/usr/share/nginx/html`. An empty volume mounted
//! there gives `403 Forbidden` for `/`, which is what the StatefulSet tutorial shows before it writes
//! `index.html`.

use super::{civil, AppEnv, Faults, Reply, Request, MONTHS};

const WELCOME: &str =
    "<!DOCTYPE html>\n<html>\n<head>\n<title>Welcome to nginx!</title>\n<style>\nhtml { color-scheme: \
                       light dark; }\nbody { width: 35em; margin: 0 auto;\nfont-family: Tahoma, Verdana, Arial, \
                       sans-serif; }\n</style>\n</head>\n<body>\n<h1>Welcome to nginx!</h1>\n<p>If you see this page, \
                       the nginx web server is successfully installed and\nworking. Further configuration is \
                       required.</p>\n\n<p>For online documentation and support please refer to\n<a \
                       href=\"http://nginx.org/\">nginx.org</a>.<br/>\nCommercial support is available at\n<a \
                       href=\"http://nginx.com/\">nginx.com</a>.</p>\n\n<p><em>Thank you for using \
                       nginx.</em></p>\n</body>\n</html>\n";

pub const FILES: &[(&str, &str)] = &[
    ("/usr/share/nginx/html/index.html", WELCOME),
    ("/usr/share/nginx/html/50x.html", "<!DOCTYPE html>\n<html>\n<head>\n<title>Error</title>\n</head>\n</html>\n"),
    ("/etc/nginx/nginx.conf", "user  nginx;\nworker_processes  auto;\n"),
];

const DOCROOT: &str = "/usr/share/nginx/html";

/// nginx's error-log timestamp (`2025/03/15 17:03:40`).
fn error_stamp(now: u64) -> String {
    let (y, mo, d, h, mi, s) = civil(now, 0);
    format!("{y:04}/{mo:02}/{d:02} {h:02}:{mi:02}:{s:02}")
}

pub fn startup_logs(now: u64) -> Vec<String> {
    let t = error_stamp(now);
    vec![
        "/docker-entrypoint.sh: /docker-entrypoint.d/ is not empty, will attempt to perform configuration".into(),
        "/docker-entrypoint.sh: Looking for shell scripts in /docker-entrypoint.d/".into(),
        "/docker-entrypoint.sh: Launching /docker-entrypoint.d/10-listen-on-ipv6-by-default.sh".into(),
        "10-listen-on-ipv6-by-default.sh: info: Getting the checksum of /etc/nginx/conf.d/default.conf".into(),
        "10-listen-on-ipv6-by-default.sh: info: Enabled listen on IPv6 in /etc/nginx/conf.d/default.conf".into(),
        "/docker-entrypoint.sh: Configuration complete; ready for start up".into(),
        format!("{t} [notice] 1#1: using the \"epoll\" event method"),
        format!("{t} [notice] 1#1: start worker processes"),
    ]
}

pub fn shutdown_logs(now: u64) -> Vec<String> {
    let t = error_stamp(now);
    vec![format!("{t} [notice] 1#1: signal 15 (SIGTERM) received, exiting"), format!("{t} [notice] 1#1: exit")]
}

fn status_page(status: u16, text: &str) -> String {
    format!(
        "<html>\r\n<head><title>{status} {text}</title></head>\r\n<body>\r\n<center><h1>{status} \
         {text}</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n"
    )
}

pub fn serve(env: &mut AppEnv<'_>, faults: &Faults, req: &Request<'_>) -> Reply {
    let path = req.path.split('?').next().unwrap_or("/");
    let (status, body) = if faults.unready {
        (503, status_page(503, "Service Temporarily Unavailable"))
    } else {
        let file = if path.ends_with('/') { format!("{DOCROOT}{path}index.html") } else { format!("{DOCROOT}{path}") };
        match env.fs.read(env.store, &file) {
            Ok(c) => (200, c),
            // An existing directory without index.html: autoindex is off, so 403.
            Err(_)
                if path.ends_with('/') && env.fs.is_dir(env.store, &env.fs.absolute(&format!("{DOCROOT}{path}"))) =>
            {
                (403, status_page(403, "Forbidden"))
            }
            Err(_) => (404, status_page(404, "Not Found")),
        }
    };
    let (y, mo, d, h, mi, s) = civil(env.now, 0);
    env.log.push((
        env.now,
        format!(
            "{} - - [{d:02}/{}/{y}:{h:02}:{mi:02}:{s:02} +0000] \"GET {} HTTP/1.1\" {status} {} \"-\" \"{}\" \"-\"",
            req.client_ip,
            MONTHS[mo as usize - 1],
            req.path,
            body.len(),
            req.user_agent
        ),
    ));
    Reply::Response { status, body }
}
