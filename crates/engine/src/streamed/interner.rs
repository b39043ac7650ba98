//! Byte strings (patient, physician and stay identifiers) numbered densely
//! in the order first seen, so the kernels key their state by a `u32`.

use std::hash::BuildHasher;

use hashbrown::HashTable;

/// The one hash of an identifier: the kernels compute it once per record and
/// use it both to pick a shard and to look the identifier up.
pub fn hash(key: &[u8]) -> u64 {
    foldhash::fast::FixedState::with_seed(0x5550_5053_494b_5400).hash_one(key)
}

/// Numbers distinct byte strings 0, 1, 2, … in the order first seen. The
/// strings are kept back to back in one buffer, so an identifier costs its
/// bytes and sixteen more, not an allocation of its own.
#[derive(Debug, Default)]
pub struct Interner {
    table: HashTable<u32>,
    bytes: Vec<u8>,
    ends: Vec<usize>,
    hashes: Vec<u64>,
}

impl Interner {
    /// The number of `key` (whose [`hash`] is `hash`), numbering it if it is new.
    pub fn intern(&mut self, key: &[u8], hash: u64) -> u32 {
        let Interner {
            table,
            bytes,
            ends,
            hashes,
        } = self;
        let found = table.find(hash, |&id| slice(bytes, ends, id) == key);
        if let Some(&id) = found {
            return id;
        }
        let id = u32::try_from(ends.len()).expect("fewer than 2³² distinct identifiers");
        bytes.extend_from_slice(key);
        ends.push(bytes.len());
        hashes.push(hash);
        table.insert_unique(hash, id, |&id| hashes[id as usize]);
        id
    }

    /// The string numbered `id`, and its hash.
    pub fn get(&self, id: u32) -> (&[u8], u64) {
        (slice(&self.bytes, &self.ends, id), self.hashes[id as usize])
    }

    /// How many strings are numbered.
    pub fn len(&self) -> usize {
        self.ends.len()
    }

    /// Whether no string is numbered yet.
    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }

    /// For each string of `other`, its number here (numbering the new ones).
    pub fn absorb(&mut self, other: &Interner) -> Vec<u32> {
        (0..other.len() as u32)
            .map(|id| {
                let (key, hash) = other.get(id);
                self.intern(key, hash)
            })
            .collect()
    }
}

fn slice<'a>(bytes: &'a [u8], ends: &[usize], id: u32) -> &'a [u8] {
    let id = id as usize;
    let start = if id == 0 { 0 } else { ends[id - 1] };
    &bytes[start..ends[id]]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn equal_strings_get_one_number_and_others_the_next() {
        let mut i = Interner::default();
        let ids: Vec<u32> = ["P1", "P2", "P1", "", "P10", ""]
            .iter()
            .map(|k| i.intern(k.as_bytes(), hash(k.as_bytes())))
            .collect();
        assert_eq!(ids, [0, 1, 0, 2, 3, 2]);
        assert_eq!(i.get(3).0, b"P10");
        let mut j = Interner::default();
        j.intern(b"P10", hash(b"P10"));
        assert_eq!(j.absorb(&i), [1, 2, 3, 0]);
        assert_eq!(j.len(), 4);
    }
}
