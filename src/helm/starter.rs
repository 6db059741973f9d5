//! What `helm create NAME` writes: Helm 4.3.1's scaffold chart (pkg/chart/v2/util/create.go), as data in
//! src/helm/starter/, regenerated from the real binary by scripts/helm_starter.sh. Helm fills in the name by
//! replacing every `<CHARTNAME>`; the files are in the order Helm writes them (its overwrite warnings' order).

/// (path in the chart, text with `<CHARTNAME>` for the name).
pub const FILES: &[(&str, &str)] = &[
    ("Chart.yaml", include_str!("starter/Chart.yaml")),
    ("values.yaml", include_str!("starter/values.yaml")),
    (".helmignore", include_str!("starter/.helmignore")),
    ("templates/ingress.yaml", include_str!("starter/templates/ingress.yaml")),
    ("templates/httproute.yaml", include_str!("starter/templates/httproute.yaml")),
    ("templates/deployment.yaml", include_str!("starter/templates/deployment.yaml")),
    ("templates/service.yaml", include_str!("starter/templates/service.yaml")),
    ("templates/serviceaccount.yaml", include_str!("starter/templates/serviceaccount.yaml")),
    ("templates/hpa.yaml", include_str!("starter/templates/hpa.yaml")),
    ("templates/NOTES.txt", include_str!("starter/templates/NOTES.txt")),
    ("templates/_helpers.tpl", include_str!("starter/templates/_helpers.tpl")),
    ("templates/tests/test-connection.yaml", include_str!("starter/templates/tests/test-connection.yaml")),
];

/// The chart's files for `name`, in Helm's order.
pub fn files(name: &str) -> impl Iterator<Item = (&'static str, String)> + '_ {
    FILES.iter().map(move |(p, t)| (*p, t.replace("<CHARTNAME>", name)))
}

#[cfg(test)]
mod tests {
    /// The list above must follow what scripts/helm_starter.sh recorded, so a regenerated scaffold with a new
    /// file (Helm 4 added httproute.yaml) fails here instead of being left out.
    #[test]
    fn files_follow_the_recorded_order() {
        let order: Vec<&str> = include_str!("starter/ORDER").lines().collect();
        let ours: Vec<&str> = super::FILES.iter().map(|(p, _)| *p).collect();
        assert_eq!(ours, order);
    }
}
