//! Membership in a contract's small set of codes, checked once per record of
//! tens of millions: codes of up to eight bytes are looked up as integers in
//! a small open-addressing table (one multiply and usually one comparison),
//! not compared as strings one code after the other.

/// Slots of the table: a power of two, at least twice the longest code list.
const SLOTS: usize = 64;
const EMPTY: u8 = u8::MAX;

/// The allowed codes of one column.
pub struct CodeSet {
    /// (length, bytes zero-padded into an integer) of the codes of up to eight bytes; length `EMPTY` = free slot.
    short: [(u8, u64); SLOTS],
    /// Longer codes, compared as bytes.
    long: Vec<&'static str>,
}

impl CodeSet {
    pub fn new(codes: &[&'static str]) -> CodeSet {
        assert!(
            codes.len() * 2 <= SLOTS,
            "a code list of {} is too long for CodeSet",
            codes.len()
        );
        let mut set = CodeSet {
            short: [(EMPTY, 0); SLOTS],
            long: Vec::new(),
        };
        for code in codes {
            let b = code.as_bytes();
            if b.len() > 8 {
                set.long.push(code);
                continue;
            }
            let (len, key) = (b.len() as u8, pack(b));
            let mut i = slot(len, key);
            while set.short[i].0 != EMPTY && set.short[i] != (len, key) {
                i = (i + 1) % SLOTS;
            }
            set.short[i] = (len, key);
        }
        set
    }

    #[cfg(test)]
    fn contains(&self, value: &str) -> bool {
        self.contains_at(value.as_bytes(), 0, value.len())
    }

    /// Whether `data[start..start + len]` is one of the codes. Reading the
    /// bytes from the whole buffer lets a short code be loaded as one integer
    /// (no copy of a variable number of bytes) when eight bytes follow it.
    pub fn contains_at(&self, data: &[u8], start: usize, len: usize) -> bool {
        let b = &data[start..start + len];
        if len > 8 {
            return self.long.iter().any(|c| c.as_bytes() == b);
        }
        let key = match data.get(start..start + 8) {
            Some(eight) => {
                let raw = u64::from_le_bytes(eight.try_into().expect("eight bytes"));
                if len == 8 { raw } else { raw & ((1u64 << (8 * len)) - 1) }
            }
            None => pack(b),
        };
        let len = len as u8;
        let mut i = slot(len, key);
        loop {
            match self.short[i] {
                (l, _) if l == EMPTY => return false,
                entry if entry == (len, key) => return true,
                _ => i = (i + 1) % SLOTS,
            }
        }
    }
}

fn pack(b: &[u8]) -> u64 {
    let mut x = [0u8; 8];
    x[..b.len()].copy_from_slice(b);
    u64::from_le_bytes(x)
}

fn slot(len: u8, key: u64) -> usize {
    // Fibonacci hashing: the top six bits of the product.
    ((key ^ u64::from(len)).wrapping_mul(0x9E37_79B9_7F4A_7C15) >> (64 - SLOTS.trailing_zeros())) as usize
}

#[cfg(test)]
mod tests {
    use super::CodeSet;
    use crate::schema::Table;

    #[test]
    fn exact_membership_short_and_long() {
        let set = CodeSet::new(&["01", "K", "distriktskoterska", "video"]);
        for yes in ["01", "K", "distriktskoterska", "video"] {
            assert!(set.contains(yes), "{yes}");
        }
        let buffer = b"xx01Kvideo01K";
        assert!(set.contains_at(buffer, 2, 2) && set.contains_at(buffer, 4, 1) && set.contains_at(buffer, 5, 5));
        assert!(
            set.contains_at(buffer, 10, 2) && set.contains_at(buffer, 12, 1),
            "at the end of the buffer"
        );
        assert!(!set.contains_at(buffer, 0, 2) && !set.contains_at(buffer, 2, 3) && !set.contains_at(buffer, 9, 2));
        for no in [
            "0",
            "1",
            "010",
            "01\0",
            "k",
            "",
            "distriktskoterskan",
            "distriktskoterskA",
            "vide",
            "video ",
        ] {
            assert!(!set.contains(no), "{no:?}");
        }
    }

    #[test]
    fn every_contract_code_list_is_found_exactly() {
        for table in Table::ALL {
            for col in table.columns() {
                if let crate::schema::Kind::Code(codes) = col.kind {
                    let set = CodeSet::new(codes);
                    for c in codes {
                        assert!(set.contains(c), "{}.{}: {c}", table.name(), col.name);
                        assert!(!set.contains(&format!("{c}x")), "{}.{}: {c}x", table.name(), col.name);
                    }
                }
            }
        }
    }
}
