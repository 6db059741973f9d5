//! The node's disk: files per volume. A PersistentVolume's files (keyed by the PV name) outlive every pod
//! that mounts them; an emptyDir lives as long as its pod; a container's own filesystem (its writable layer)
//! lives as long as that container instance, so a restart starts from the image again.

use std::collections::{BTreeMap, BTreeSet};

/// Every volume's files: volume key → (path inside the volume, no leading slash → content).
#[derive(Clone, Debug, Default)]
pub struct VolumeStore {
    volumes: BTreeMap<String, BTreeMap<String, String>>,
}

/// Key of a PersistentVolume's data; the PV name (`pvc-<uid>`) so that a re-created pod re-attaches it.
pub fn pv_key(pv_name: &str) -> String {
    format!("pv/{pv_name}")
}

pub fn empty_dir_key(pod_uid: &str, volume: &str) -> String {
    format!("emptydir/{pod_uid}/{volume}")
}

/// A container instance's writable layer; `instance` changes on every restart.
pub fn rootfs_key(pod_uid: &str, container: &str, instance: u32) -> String {
    format!("rootfs/{pod_uid}/{container}/{instance}")
}

impl VolumeStore {
    pub fn read(&self, volume: &str, path: &str) -> Option<&str> {
        self.volumes.get(volume)?.get(path).map(String::as_str)
    }

    pub fn write(&mut self, volume: &str, path: &str, content: String) {
        self.volumes.entry(volume.to_string()).or_default().insert(path.to_string(), content);
    }

    pub fn remove(&mut self, volume: &str, path: &str) -> bool {
        self.volumes.get_mut(volume).map(|v| v.remove(path).is_some()).unwrap_or(false)
    }

    /// Drops a whole volume (emptyDir of a deleted pod, a deleted PV, a restarted container's layer).
    pub fn drop_volume(&mut self, volume: &str) {
        self.volumes.remove(volume);
    }

    /// Drops every volume whose key starts with `prefix` (all of a pod's emptyDirs and layers).
    pub fn drop_prefix(&mut self, prefix: &str) {
        // Keys with a prefix are one range of the ordered map: a pod's volumes go without visiting every other
        // pod's (this runs three times for every pod that leaves).
        let gone: Vec<String> = self
            .volumes
            .range::<str, _>((std::ops::Bound::Included(prefix), std::ops::Bound::Unbounded))
            .map(|(k, _)| k)
            .take_while(|k| k.starts_with(prefix))
            .cloned()
            .collect();
        for k in gone {
            self.volumes.remove(&k);
        }
    }

    /// Direct children of `dir` (no leading or trailing slash; "" is the volume root): name and is-directory.
    pub fn children(&self, volume: &str, dir: &str) -> Vec<(String, bool)> {
        let mut out = BTreeMap::new();
        let prefix = if dir.is_empty() { String::new() } else { format!("{dir}/") };
        for path in self.volumes.get(volume).into_iter().flat_map(|v| v.keys()) {
            if let Some(rest) = path.strip_prefix(&prefix) {
                match rest.split_once('/') {
                    Some((d, _)) => {
                        out.insert(d.to_string(), true);
                    }
                    None => {
                        out.entry(rest.to_string()).or_insert(false);
                    }
                }
            }
        }
        out.into_iter().collect()
    }

    pub fn is_dir(&self, volume: &str, dir: &str) -> bool {
        dir.is_empty() || {
            let prefix = format!("{dir}/");
            self.volumes.get(volume).is_some_and(|v| v.keys().any(|k| k.starts_with(&prefix)))
        }
    }
}

/// How one container sees the disk: its mounts (longest mount path wins), its own layer, the files its image
/// ships, and its working directory.
#[derive(Clone, Debug)]
pub struct ContainerFs {
    /// (absolute mount path without trailing slash, volume key).
    pub mounts: Vec<(String, String)>,
    /// Mount paths mounted `readOnly` (the service account token volume, for one).
    pub read_only: Vec<String>,
    pub rootfs: String,
    pub image_files: BTreeMap<String, String>,
    /// The image's top directories (`apps::Profile::root_dirs`).
    pub image_dirs: &'static [&'static str],
    pub workdir: String,
}

/// Where a path lives.
pub enum Location<'a> {
    Volume { key: &'a str, rel: String },
}

impl ContainerFs {
    /// Normalises `path` against the working directory (`data/visits` → `/app/data/visits`).
    pub fn absolute(&self, path: &str) -> String {
        let joined = if path.starts_with('/') { path.to_string() } else { format!("{}/{}", self.workdir, path) };
        let mut parts: Vec<&str> = Vec::new();
        for p in joined.split('/') {
            match p {
                "" | "." => {}
                ".." => {
                    parts.pop();
                }
                p => parts.push(p),
            }
        }
        format!("/{}", parts.join("/"))
    }

    fn locate(&self, abs: &str) -> Location<'_> {
        let mut best: Option<&(String, String)> = None;
        for m in &self.mounts {
            let inside = abs == m.0 || abs.starts_with(&format!("{}/", m.0)) || m.0 == "/";
            if inside && best.is_none_or(|b| m.0.len() > b.0.len()) {
                best = Some(m);
            }
        }
        match best {
            Some((mp, key)) => {
                let rel = abs.strip_prefix(mp.as_str()).unwrap_or("").trim_start_matches('/').to_string();
                Location::Volume { key, rel }
            }
            None => Location::Volume { key: &self.rootfs, rel: abs.trim_start_matches('/').to_string() },
        }
    }

    fn on_rootfs(&self, abs: &str) -> bool {
        let Location::Volume { key, .. } = self.locate(abs);
        key == self.rootfs
    }

    pub fn read(&self, store: &VolumeStore, path: &str) -> Result<String, FsError> {
        let abs = self.absolute(path);
        let Location::Volume { key, rel } = self.locate(&abs);
        if let Some(c) = store.read(key, &rel) {
            return Ok(c.to_string());
        }
        if self.on_rootfs(&abs) {
            if let Some(c) = self.image_files.get(&abs) {
                return Ok(c.clone());
            }
        }
        if self.is_dir(store, &abs) {
            Err(FsError::IsDir)
        } else {
            Err(FsError::NotFound)
        }
    }

    pub fn write(&self, store: &mut VolumeStore, path: &str, content: String) -> Result<(), FsError> {
        let abs = self.absolute(path);
        let parent = abs.rsplit_once('/').map(|(p, _)| if p.is_empty() { "/" } else { p }).unwrap_or("/");
        if !self.is_dir(store, parent) {
            return Err(FsError::NotFound);
        }
        if self.is_dir(store, &abs) {
            return Err(FsError::IsDir);
        }
        let mount = self
            .mounts
            .iter()
            .filter(|(mp, _)| abs.starts_with(&format!("{mp}/")) || mp == "/")
            .max_by_key(|m| m.0.len());
        if mount.is_some_and(|(mp, _)| self.read_only.contains(mp)) {
            return Err(FsError::ReadOnly);
        }
        let Location::Volume { key, rel } = self.locate(&abs);
        store.write(key, &rel, content);
        Ok(())
    }

    pub fn is_dir(&self, store: &VolumeStore, abs: &str) -> bool {
        if abs == "/" || self.mounts.iter().any(|(mp, _)| mp == abs || mp.starts_with(&format!("{abs}/"))) {
            return true;
        }
        let prefix = format!("{abs}/");
        if self.on_rootfs(abs)
            && (self.image_dirs.contains(&abs) || self.image_files.keys().any(|k| k.starts_with(&prefix)))
        {
            return true;
        }
        let Location::Volume { key, rel } = self.locate(abs);
        store.is_dir(key, &rel)
    }

    /// `ls DIR`: names sorted as `ls` sorts them in the C locale, directories included.
    pub fn list(&self, store: &VolumeStore, path: &str) -> Result<Vec<String>, FsError> {
        let abs = self.absolute(path);
        if !self.is_dir(store, &abs) {
            return match self.read(store, path) {
                Ok(_) => Ok(vec![path.to_string()]),
                Err(e) => Err(e),
            };
        }
        let mut names = BTreeSet::new();
        let Location::Volume { key, rel } = self.locate(&abs);
        for (n, _) in store.children(key, &rel) {
            names.insert(n);
        }
        let prefix = if abs == "/" { "/".to_string() } else { format!("{abs}/") };
        if self.on_rootfs(&abs) {
            for k in self.image_files.keys().map(String::as_str).chain(self.image_dirs.iter().copied()) {
                if let Some(rest) = k.strip_prefix(&prefix) {
                    names.insert(rest.split('/').next().unwrap_or(rest).to_string());
                }
            }
        }
        for (mp, _) in &self.mounts {
            if let Some(rest) = mp.strip_prefix(&prefix) {
                names.insert(rest.split('/').next().unwrap_or(rest).to_string());
            }
        }
        Ok(names.into_iter().filter(|n| !n.is_empty()).collect())
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FsError {
    NotFound,
    IsDir,
    /// EROFS: a write under a read-only mount.
    ReadOnly,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fs(instance: u32) -> ContainerFs {
        ContainerFs {
            mounts: vec![("/app/data".into(), pv_key("pvc-1")), ("/ro".into(), "cm/uid/ro".into())],
            read_only: vec!["/ro".into()],
            rootfs: rootfs_key("uid", "app", instance),
            image_files: [("/app/app.py".to_string(), "print()\n".to_string())].into_iter().collect(),
            image_dirs: &["/tmp"],
            workdir: "/app".into(),
        }
    }

    #[test]
    fn volume_files_outlive_the_container_layer() {
        let mut store = VolumeStore::default();
        fs(0).write(&mut store, "data/visits", "61".into()).unwrap();
        fs(0).write(&mut store, "/tmp-note", "x".into()).unwrap();
        // The restarted container (instance 1) sees the volume's file but not the old layer's.
        assert_eq!(fs(1).read(&store, "/app/data/visits"), Ok("61".into()));
        assert_eq!(fs(1).read(&store, "/tmp-note"), Err(FsError::NotFound));
        assert_eq!(fs(1).list(&store, ".").unwrap(), vec!["app.py", "data"]);
        assert_eq!(fs(1).read(&store, "data"), Err(FsError::IsDir));
        assert_eq!(fs(1).write(&mut store, "nodir/x", "1".into()), Err(FsError::NotFound));
        assert_eq!(fs(1).write(&mut store, "/ro/token", "1".into()), Err(FsError::ReadOnly));
    }
}
