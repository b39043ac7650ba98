#!/usr/bin/env python3
"""Where the release binary's bytes are: machine code per crate.

Reads the symbols of a binary built with symbols kept
(CARGO_PROFILE_RELEASE_STRIP=false) and adds up their sizes by the first crate
each symbol names, skipping the standard library's modules, so that
`core::ptr::drop_in_place<sqlparser::ast::Statement>` counts for sqlparser:
that is where generic code comes from. Also prints the bytes of functions
that appear more than once with the same name and size (copies of generic
and `#[inline]` code, one per codegen unit), which identical-code folding or
LTO could merge.

    python3 bench/binary_size.py TARGET/release/uppsikt [TOP]
"""
import collections
import re
import subprocess
import sys

STD = set(
    "core alloc std impl _ ptr vec slice iter fmt ops collections hash sync option result boxed rc str "
    "string cell mem convert cmp any array future task pin borrow marker num char io thread panicking rt "
    "error clone default intrinsics hint btree map set raw_vec adapters drop_in_place into_iter sort "
    "stable unstable node navigate append mod traits function range index iterator internal_macros "
    "macros v1 arc weak once lazy lock mpsc mpmc poll ready spec_from_iter spec_from_iter_nested spec_extend "
    "in_place_collect to_vec_in quicksort smallsort FnOnce FnMut Fn".split()
)
NAME = re.compile(r"([A-Za-z_][A-Za-z0-9_]*)::")


def main() -> None:
    binary = sys.argv[1]
    top = int(sys.argv[2]) if len(sys.argv) > 2 else 30
    out = subprocess.run(
        ["nm", "--demangle=rust", "--print-size", "--size-sort", binary],
        capture_output=True, text=True, check=True,
    ).stdout
    by_crate: collections.Counter = collections.Counter()
    copies = collections.defaultdict(set)
    for line in out.splitlines():
        parts = line.split(" ", 3)
        if len(parts) < 4 or parts[2] not in "tTrRdD":
            continue
        address, size, name = parts[0], int(parts[1], 16), parts[3]
        crates = [c for c in NAME.findall(name) if c not in STD]
        by_crate[crates[0] if crates else "(std or unnamed)"] += size
        if parts[2] in "tT":
            copies[(name, size)].add(address)
    total = sum(by_crate.values())
    repeated = sum(size * (len(a) - 1) for (_, size), a in copies.items() if len(a) > 1)
    print(f"symbols: {total / 1e6:.1f} MB; repeated functions (same name and size, distinct addresses): {repeated / 1e6:.1f} MB")
    for crate, size in by_crate.most_common(top):
        print(f"{size / 1e6:8.2f} MB  {crate}")


if __name__ == "__main__":
    main()
