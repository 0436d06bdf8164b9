//! What several test files share (a folder's `mod.rs`, so Cargo does not build it as a
//! test of its own).

/// A fixed-seed xorshift64 generator (Marsaglia, "Xorshift RNGs", 2003: shifts 13, 7,
/// 17): the same seed gives the same inputs on every machine, so a failure names the
/// seed and round that reproduce it. Written here rather than taken from `rand`: seven
/// lines, and the sequences the tests were written against stay exactly as they are.
pub struct XorShift(pub u64);

impl XorShift {
    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    /// A number below `bound` (0 when `bound` is 0).
    pub fn below(&mut self, bound: usize) -> usize {
        (self.next() % bound.max(1) as u64) as usize
    }
}
