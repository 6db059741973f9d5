//! The bridge to a real cluster: a lesson as the exact shell script that repeats it on kind or minikube.
//! Everything comes from the lesson's data: its steps' files (written with heredocs) and command lines, the
//! charts and images of its `real` section, and real-cluster forms of the few playground-only commands
//! (`hey` runs inside the cluster on a real one). Comments are labels from `crate::i18n`.

use super::Lesson;

#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Tool {
    Kind,
    Minikube,
}

impl Tool {
    pub fn name(self) -> &'static str {
        match self {
            Tool::Kind => "kind",
            Tool::Minikube => "minikube",
        }
    }

    fn start(self) -> &'static str {
        match self {
            Tool::Kind => "kind create cluster --name stsplay",
            Tool::Minikube => "minikube start",
        }
    }

    fn load(self, image: &str) -> String {
        match self {
            Tool::Kind => format!("kind load docker-image {image} --name stsplay"),
            Tool::Minikube => format!("minikube image load {image}"),
        }
    }

    fn stop(self) -> &'static str {
        match self {
            Tool::Kind => "kind delete cluster --name stsplay",
            Tool::Minikube => "minikube delete",
        }
    }
}

/// A heredoc delimiter the text does not contain as a line.
fn delimiter(text: &str) -> String {
    let mut d = "EOF".to_string();
    while text.lines().any(|l| l == d) {
        d.push('_');
    }
    d
}

/// The lesson as a script for `tool`. `label` turns an i18n key into the page's language.
pub fn script(lesson: &Lesson, tool: Tool, label: &dyn Fn(&str) -> String) -> String {
    let mut out = format!("# {} ({})\n", lesson.title, tool.name());
    out.push_str(&format!("# {}\n{}\n", label("real_start"), tool.start()));
    let version = |chart: &str| {
        crate::charts::files(chart)
            .and_then(|f| f.get("Chart.yaml").cloned())
            .and_then(|b| crate::yaml::load(&String::from_utf8_lossy(&b)).ok())
            .and_then(|m| m.get("version").and_then(|v| v.as_str()).map(str::to_string))
            .unwrap_or_default()
    };
    if !lesson.real.charts.is_empty() {
        out.push_str(&format!("# {}\n", label("real_charts")));
        for c in &lesson.real.charts {
            out.push_str(&format!("tar xzf {c}-{}.tgz\n", version(c)));
        }
    }
    if !lesson.real.images.is_empty() {
        out.push_str(&format!("# {}\n", label("real_images")));
        for image in &lesson.real.images {
            let app = image.split(':').next().unwrap_or(image);
            out.push_str(&format!("docker build -t {image} ./{app}-source\n{}\n", tool.load(image)));
        }
    }
    for (i, step) in lesson.steps.iter().enumerate() {
        out.push_str(&format!("\n# {}. {}\n", i + 1, step.title));
        for (path, text) in &step.files {
            let d = delimiter(text);
            out.push_str(&format!("cat > {path} <<'{d}'\n{text}"));
            if !text.ends_with('\n') {
                out.push('\n');
            }
            out.push_str(&format!("{d}\n"));
        }
        for line in &step.run {
            out.push_str(lesson.real.replace.get(line).unwrap_or(line));
            out.push('\n');
        }
    }
    out.push_str(&format!("\n# {}\n{}\n", label("real_cleanup"), tool.stop()));
    out
}
