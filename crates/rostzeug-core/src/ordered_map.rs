//! An insertion-ordered map with the semantics of a Python `dict`, which the
//! header parsers use to keep Werkzeug's parameter and directive order.

use std::borrow::Borrow;
use std::collections::HashMap;
use std::hash::Hash;

/// An insertion-ordered map with Python `dict` semantics: assigning to an
/// existing key keeps its position, removing and re-adding moves it to the end.
/// Small maps are searched linearly; larger ones get a hash index so that
/// adversarial inputs with many keys stay linear.
pub(crate) struct OrderedMap<K, V> {
    entries: Vec<Option<(K, V)>>,
    index: Option<HashMap<K, usize>>,
}

/// Slots (live or removed) searched without a hash index.
const LINEAR_SEARCH_LIMIT: usize = 8;

impl<K: Eq + Hash + Clone, V> OrderedMap<K, V> {
    pub(crate) fn new() -> Self {
        OrderedMap {
            entries: Vec::new(),
            index: None,
        }
    }

    fn position<Q>(&self, key: &Q) -> Option<usize>
    where
        K: Borrow<Q>,
        Q: Eq + Hash + ?Sized,
    {
        match &self.index {
            Some(index) => index.get(key).copied(),
            None => self
                .entries
                .iter()
                .position(|entry| entry.as_ref().is_some_and(|(k, _)| k.borrow() == key)),
        }
    }

    pub(crate) fn get<Q>(&self, key: &Q) -> Option<&V>
    where
        K: Borrow<Q>,
        Q: Eq + Hash + ?Sized,
    {
        let (_, value) = self.entries.get(self.position(key)?)?.as_ref()?;
        Some(value)
    }

    pub(crate) fn get_mut<Q>(&mut self, key: &Q) -> Option<&mut V>
    where
        K: Borrow<Q>,
        Q: Eq + Hash + ?Sized,
    {
        let position = self.position(key)?;
        let (_, value) = self.entries.get_mut(position)?.as_mut()?;
        Some(value)
    }

    pub(crate) fn insert(&mut self, key: K, value: V) {
        if let Some(slot) = self.get_mut(&key) {
            *slot = value;
            return;
        }
        if let Some(index) = &mut self.index {
            index.insert(key.clone(), self.entries.len());
        } else if self.entries.len() >= LINEAR_SEARCH_LIMIT {
            let mut index: HashMap<K, usize> = self
                .entries
                .iter()
                .enumerate()
                .filter_map(|(i, entry)| entry.as_ref().map(|(k, _)| (k.clone(), i)))
                .collect();
            index.insert(key.clone(), self.entries.len());
            self.index = Some(index);
        }
        self.entries.push(Some((key, value)));
    }

    pub(crate) fn remove<Q>(&mut self, key: &Q) -> Option<V>
    where
        K: Borrow<Q>,
        Q: Eq + Hash + ?Sized,
    {
        let position = self.position(key)?;
        if let Some(index) = &mut self.index {
            index.remove(key);
        }
        let (_, value) = self.entries.get_mut(position)?.take()?;
        Some(value)
    }

    /// The entries in order, in the allocation the map already has.
    pub(crate) fn into_vec(self) -> Vec<(K, V)> {
        // `filter_map` (unlike `flatten`) lets `collect` reuse the allocation.
        #[allow(clippy::filter_map_identity)]
        self.entries.into_iter().filter_map(|entry| entry).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn has_dict_semantics() {
        let mut map = OrderedMap::new();
        for i in 0..20 {
            map.insert(i, i);
        }
        map.insert(3, 30);
        assert_eq!(map.remove(&5), Some(5));
        assert_eq!(map.remove(&5), None);
        map.insert(5, 50);
        assert_eq!(map.get(&19), Some(&19));
        assert_eq!(map.get(&20), None);
        let entries = map.into_vec();
        assert_eq!(entries.len(), 20);
        assert_eq!(entries.first(), Some(&(0, 0)));
        assert_eq!(entries.get(3), Some(&(3, 30)));
        assert_eq!(entries.last(), Some(&(5, 50)));
    }

    #[test]
    fn small_maps_search_linearly() {
        let mut map = OrderedMap::new();
        map.insert("a".to_owned(), 1);
        map.insert("b".to_owned(), 2);
        map.insert("a".to_owned(), 3);
        assert_eq!(map.remove("b"), Some(2));
        map.insert("b".to_owned(), 4);
        let entries = map.into_vec();
        assert_eq!(entries, [("a".to_owned(), 3), ("b".to_owned(), 4)]);
    }
}
