//! Caches for pure functions of text, so the page's re-render on every keystroke only redoes the work its
//! edit invalidated: parsing templates whose text did not change, reading an unchanged values.yaml, and
//! reading the head of an unchanged manifest are lookups. Each cache is per thread (the page has one),
//! keyed by the full input text, and emptied when it grows past its bound, so an edited text costs one
//! entry at most until the next clear.

use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::thread::LocalKey;

/// A cache and the generation its entries belong to.
pub type Cache<V> = RefCell<(u64, HashMap<String, V>)>;

thread_local! {
    static GENERATION: Cell<u64> = const { Cell::new(0) };
}

/// Forgets every cached result (benchmarks measure a first render with it).
pub fn clear_all() {
    GENERATION.with(|g| g.set(g.get() + 1));
}

/// `f(key)`, remembered: the same key gives a clone of the first result.
pub fn get<V: Clone>(cache: &'static LocalKey<Cache<V>>, cap: usize, key: &str, f: impl FnOnce() -> V) -> V {
    let generation = GENERATION.with(Cell::get);
    let hit = cache.with(|c| {
        let mut c = c.borrow_mut();
        if c.0 != generation {
            *c = (generation, HashMap::new());
        }
        c.1.get(key).cloned()
    });
    if let Some(v) = hit {
        return v;
    }
    let v = f();
    cache.with(|c| {
        let mut c = c.borrow_mut();
        if c.1.len() >= cap {
            c.1.clear();
        }
        c.1.insert(key.to_string(), v.clone());
    });
    v
}
