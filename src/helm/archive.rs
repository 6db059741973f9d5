//! Packaged charts (`.tgz`): not read yet.

use super::chart::Chart;

pub fn load_archive(_data: &[u8]) -> Result<Chart, String> {
    Err("packaged (.tgz) charts are not supported by the playground yet".into())
}
