//! The simulated image registry and the node's image cache, as the kubelet's image manager sees them
//! (pkg/kubelet/images/image_manager.go): which references exist, how long a pull takes, and the error a
//! runtime returns for a missing repository or tag.

/// Repositories the registry serves, with their tags and compressed size in bytes (sizes drive pull time).
const REPOSITORIES: &[(&str, &[&str], u64)] = &[
    ("docker.io/library/python-time-app", &["1.0.0", "1.1.0", "2.0.0", "latest"], 52_431_872),
    ("docker.io/library/scala-time-app", &["1.0.0", "1.1.0", "2.0.0", "latest"], 121_634_816),
    // 1.16.0: the tag `helm create`'s scaffold runs (its appVersion), so a new chart installs as it does for real.
    ("docker.io/library/nginx", &["1.16.0", "1.25", "1.27", "latest"], 71_876_421),
    ("docker.io/library/busybox", &["1.28", "1.36", "latest"], 4_261_550),
    ("docker.io/curlimages/curl", &["8.11.1", "latest"], 11_956_224),
    ("registry.k8s.io/nginx-slim", &["0.8", "0.21", "0.24", "0.26", "0.27"], 27_410_432),
    ("registry.k8s.io/e2e-test-images/jessie-dnsutils", &["1.3", "1.7"], 116_224_000),
];

/// A parsed image reference: `nginx` is `docker.io/library/nginx:latest`, as the runtime normalises it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ImageRef {
    /// Fully qualified repository (`docker.io/library/nginx`).
    pub repository: String,
    pub tag: String,
    /// The reference as kubelet events quote it: the user's text with `:latest` added when no tag was given
    /// (`applyDefaultImageTag`).
    pub display: String,
}

impl ImageRef {
    pub fn parse(image: &str) -> ImageRef {
        let image = image.trim();
        let (name, digest) = match image.split_once('@') {
            Some((n, d)) => (n, Some(d)),
            None => (image, None),
        };
        // A colon after the last slash is a tag; one before it belongs to a registry host:port.
        let last_slash = name.rfind('/').map(|i| i + 1).unwrap_or(0);
        let (repo, tag) = match name[last_slash..].rfind(':') {
            Some(i) => (&name[..last_slash + i], name[last_slash + i + 1..].to_string()),
            None => (name, String::new()),
        };
        let first = repo.split('/').next().unwrap_or("");
        let has_registry = repo.contains('/') && (first.contains('.') || first.contains(':') || first == "localhost");
        let repository = if has_registry {
            repo.to_string()
        } else if repo.contains('/') {
            format!("docker.io/{repo}")
        } else {
            format!("docker.io/library/{repo}")
        };
        let display = if tag.is_empty() && digest.is_none() { format!("{image}:latest") } else { image.to_string() };
        let tag = if tag.is_empty() && digest.is_none() { "latest".to_string() } else { tag };
        ImageRef { repository, tag, display }
    }

    /// Last path element of the repository (`python-time-app`), which selects the app model.
    pub fn short_name(&self) -> &str {
        self.repository.rsplit('/').next().unwrap_or("")
    }

    /// `imagePullPolicy` default (pkg/apis/core/v1/defaults.go): `Always` for `:latest` or no tag, else
    /// `IfNotPresent`.
    pub fn default_pull_policy(&self) -> &'static str {
        if self.tag == "latest" {
            "Always"
        } else {
            "IfNotPresent"
        }
    }
}

/// What the registry answers to a pull.
#[derive(Clone, Debug, PartialEq)]
pub enum PullOutcome {
    /// Size in bytes.
    Found(u64),
    /// The runtime's error text (minikube's default runtime is Docker through cri-dockerd, so these are
    /// dockerd's messages wrapped in the gRPC status the kubelet prints).
    Missing(String),
}

pub fn pull(image: &ImageRef) -> PullOutcome {
    let docker_name = docker_short(&image.repository);
    match REPOSITORIES.iter().find(|(repo, _, _)| *repo == image.repository) {
        Some((_, tags, size)) if tags.contains(&image.tag.as_str()) => PullOutcome::Found(*size),
        Some(_) => PullOutcome::Missing(format!(
            "rpc error: code = Unknown desc = Error response from daemon: manifest for {docker_name}:{} not found: \
             manifest unknown: manifest unknown",
            image.tag
        )),
        None => PullOutcome::Missing(format!(
            "rpc error: code = Unknown desc = Error response from daemon: pull access denied for {docker_name}, \
             repository does not exist or may require 'docker login': denied: requested access to the resource is \
             denied"
        )),
    }
}

/// How dockerd names a repository in its messages (`nginx`, `curlimages/curl`, `registry.k8s.io/x`).
fn docker_short(repository: &str) -> &str {
    repository
        .strip_prefix("docker.io/library/")
        .or_else(|| repository.strip_prefix("docker.io/"))
        .unwrap_or(repository)
}

/// Simulated pull time in ms: about 25 MB/s from a registry plus ~400 ms of manifest round-trips, which is
/// what a minikube node on a home connection typically shows (`Successfully pulled image "nginx:1.25" in
/// 3.4s`). `jitter` in [0, 1) spreads repeated pulls.
pub fn pull_duration_ms(size: u64, jitter: f64) -> u64 {
    let base = 400 + size / 25_000;
    base + (base as f64 * 0.3 * jitter) as u64
}

/// A re-pull of an image already on the node (`Always` policy) only checks the manifest.
pub fn manifest_check_ms(jitter: f64) -> u64 {
    450 + (400.0 * jitter) as u64
}

/// Go's `time.Duration.String()` for a duration already truncated to milliseconds (`612ms`, `3.4s`,
/// `1m2.5s`), as the Pulled event prints it.
pub fn go_duration_ms(ms: u64) -> String {
    if ms == 0 {
        return "0s".into();
    }
    if ms < 1000 {
        return format!("{ms}ms");
    }
    let mut out = String::new();
    let (h, rem) = (ms / 3_600_000, ms % 3_600_000);
    let (m, rem) = (rem / 60_000, rem % 60_000);
    if h > 0 {
        out.push_str(&format!("{h}h"));
    }
    if h > 0 || m > 0 {
        out.push_str(&format!("{m}m"));
    }
    let (s, frac) = (rem / 1000, rem % 1000);
    if frac == 0 {
        out.push_str(&format!("{s}s"));
    } else {
        let f = format!("{frac:03}");
        out.push_str(&format!("{s}.{}s", f.trim_end_matches('0')));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_references_as_docker_normalises_them() {
        let cases = [
            ("nginx", "docker.io/library/nginx", "latest", "nginx:latest"),
            ("nginx:1.25", "docker.io/library/nginx", "1.25", "nginx:1.25"),
            (
                "registry.k8s.io/nginx-slim:0.21",
                "registry.k8s.io/nginx-slim",
                "0.21",
                "registry.k8s.io/nginx-slim:0.21",
            ),
            ("localhost:5000/app:1", "localhost:5000/app", "1", "localhost:5000/app:1"),
            ("gleb/python-time-app:1.0.0", "docker.io/gleb/python-time-app", "1.0.0", "gleb/python-time-app:1.0.0"),
        ];
        for (input, repo, tag, display) in cases {
            let r = ImageRef::parse(input);
            assert_eq!((r.repository.as_str(), r.tag.as_str(), r.display.as_str()), (repo, tag, display), "{input}");
        }
    }

    #[test]
    fn formats_durations_like_go() {
        let cases = [(612, "612ms"), (3400, "3.4s"), (3000, "3s"), (62_500, "1m2.5s"), (3_723_004, "1h2m3.004s")];
        for (ms, want) in cases {
            assert_eq!(go_duration_ms(ms), want);
        }
    }

    #[test]
    fn unknown_tags_and_repositories_fail_with_dockerd_text() {
        assert!(matches!(pull(&ImageRef::parse("nginx:1.25")), PullOutcome::Found(_)));
        let PullOutcome::Missing(m) = pull(&ImageRef::parse("nginx:nope")) else { panic!() };
        assert!(m.contains("manifest for nginx:nope not found"), "{m}");
        let PullOutcome::Missing(m) = pull(&ImageRef::parse("foo/bar")) else { panic!() };
        assert!(m.contains("pull access denied for foo/bar"), "{m}");
    }
}
