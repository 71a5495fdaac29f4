//! A small deterministic generator and byte mutator for the stable tests.
//! Not for anything but test input.

/// xorshift64* with a fixed, never-zero state.
#[derive(Clone, Debug)]
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }

    pub fn next_u64(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    pub fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next_u64() % n as u64) as usize
        }
    }

    pub fn chance(&mut self, one_in: usize) -> bool {
        self.below(one_in) == 0
    }

    pub fn bytes(&mut self, n: usize) -> Vec<u8> {
        (0..n).map(|_| self.next_u64() as u8).collect()
    }

    /// Applies one to eight random edits, libFuzzer style: bit flips,
    /// boundary integers at aligned offsets, inserts, erases, truncation,
    /// duplication of a chunk and splicing with `other`.
    pub fn mutate(&mut self, data: &mut Vec<u8>, other: &[u8], max_len: usize) {
        const INTERESTING: [u32; 14] = [
            0,
            1,
            7,
            16,
            24,
            128,
            129,
            384,
            385,
            0xffff,
            0x7fff_ffff,
            0x8000_0000,
            0xffff_fffe,
            0xffff_ffff,
        ];
        let edits = 1 + self.below(8);
        for _ in 0..edits {
            match self.below(9) {
                0 if !data.is_empty() => {
                    let i = self.below(data.len());
                    data[i] ^= 1 << self.below(8);
                }
                1 if !data.is_empty() => {
                    let i = self.below(data.len());
                    data[i] = [0u8, 0xff, 0x7f, 0x80, 1][self.below(5)];
                }
                2 if data.len() >= 4 => {
                    let i = self.below(data.len() / 4) * 4;
                    let v = INTERESTING[self.below(INTERESTING.len())];
                    let v = if self.chance(2) { v.swap_bytes() } else { v };
                    data[i..i + 4].copy_from_slice(&v.to_ne_bytes());
                }
                3 => {
                    let i = self.below(data.len() + 1);
                    let n = 1 + self.below(16);
                    let ins = self.bytes(n);
                    data.splice(i..i, ins);
                }
                4 if !data.is_empty() => {
                    let i = self.below(data.len());
                    let n = 1 + self.below(data.len() - i);
                    data.drain(i..i + n.min(64));
                }
                5 => {
                    let n = self.below(data.len() + 1);
                    data.truncate(n);
                }
                6 if !data.is_empty() => {
                    let i = self.below(data.len());
                    let n = 1 + self.below((data.len() - i).min(256));
                    let chunk = data[i..i + n].to_vec();
                    let at = self.below(data.len() + 1);
                    data.splice(at..at, chunk);
                }
                7 if !other.is_empty() => {
                    let cut = self.below(data.len() + 1);
                    let from = self.below(other.len());
                    data.truncate(cut);
                    data.extend_from_slice(&other[from..]);
                }
                _ => {
                    let n = self.below(32);
                    let tail = self.bytes(n);
                    data.extend_from_slice(&tail);
                }
            }
        }
        data.truncate(max_len);
    }
}
