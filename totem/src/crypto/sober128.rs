//! SOBER-128 in the flavour of libtomcrypt's `sober128` PRNG, which is what
//! corosync's secauth uses as key generator and stream cipher: the first
//! `add_entropy` loads a key (and saves the register), every later one
//! reloads the saved register and loads an IV; `read` XORs keystream into
//! a buffer, keeping the unused bytes of a partly consumed word for the
//! next call.

use super::tables::{MULTAB, SBOX};

const N: usize = 17;
const INITKONST: u32 = 0x6996_c53a;
const KEYP: usize = 15;
const FOLDP: usize = 4;

#[derive(Clone, Debug)]
pub(crate) struct Sober128 {
    r: [u32; N],
    init_r: [u32; N],
    konst: u32,
    sbuf: u32,
    nbuf: u32,
    key_next: bool,
}

#[inline]
fn off(zero: usize, i: usize) -> usize {
    (zero + i) % N
}

impl Sober128 {
    /// `sober128_start`: the register holds Fibonacci numbers and the next
    /// `add_entropy` is the key.
    pub(crate) fn start() -> Sober128 {
        let mut r = [0u32; N];
        r[0] = 1;
        r[1] = 1;
        for i in 2..N {
            r[i] = r[i - 1].wrapping_add(r[i - 2]);
        }
        Sober128 {
            r,
            init_r: [0; N],
            konst: INITKONST,
            sbuf: 0,
            nbuf: 0,
            key_next: true,
        }
    }

    /// Steps the register in place with `zero` as its logical start.
    #[inline]
    fn step(&mut self, z: usize) {
        let r0 = self.r[off(z, 0)];
        self.r[off(z, 0)] = self.r[off(z, 15)]
            ^ self.r[off(z, 4)]
            ^ (r0 << 8)
            ^ MULTAB[((r0 >> 24) & 0xff) as usize];
    }

    /// Steps the register and shifts it so that the logical start is 0.
    fn cycle(&mut self) {
        self.step(0);
        self.r.rotate_left(1);
    }

    #[inline]
    fn nlfunc(&self, z: usize) -> u32 {
        let mut t = self.r[off(z, 0)].wrapping_add(self.r[off(z, 16)]);
        t ^= SBOX[((t >> 24) & 0xff) as usize];
        t = t.rotate_right(8);
        t = (t.wrapping_add(self.r[off(z, 1)]) ^ self.konst).wrapping_add(self.r[off(z, 6)]);
        t ^= SBOX[((t >> 24) & 0xff) as usize];
        t.wrapping_add(self.r[off(z, 13)])
    }

    fn nltap(&self) -> u32 {
        self.nlfunc(0)
    }

    fn genkonst(&mut self) {
        loop {
            self.cycle();
            let k = self.nltap();
            if k & 0xff00_0000 != 0 {
                self.konst = k;
                break;
            }
        }
    }

    fn diffuse(&mut self) {
        for z in 0..N {
            self.step(z);
            let t = self.nlfunc(z + 1);
            self.r[off(z + 1, FOLDP)] ^= t;
        }
    }

    fn load(&mut self, buf: &[u8]) {
        // The original requires a multiple of 4 bytes; a shorter tail is
        // read as if padded with zeros (what it reads past a short key).
        for chunk in buf.chunks(4) {
            let mut w = [0u8; 4];
            w[..chunk.len()].copy_from_slice(chunk);
            self.r[KEYP] = self.r[KEYP].wrapping_add(u32::from_le_bytes(w));
            self.cycle();
            let t = self.nltap();
            self.r[FOLDP] ^= t;
        }
        self.r[KEYP] = self.r[KEYP].wrapping_add(buf.len() as u32);
        self.diffuse();
    }

    /// `sober128_add_entropy`: key on the first call, IV afterwards.
    pub(crate) fn add_entropy(&mut self, buf: &[u8]) {
        if self.key_next {
            self.load(buf);
            self.genkonst();
            self.init_r = self.r;
            self.nbuf = 0;
            self.key_next = false;
        } else {
            self.r = self.init_r;
            self.load(buf);
            self.nbuf = 0;
        }
    }

    /// `sober128_read`: XORs keystream into `buf`.
    pub(crate) fn read(&mut self, buf: &mut [u8]) {
        let mut pos = 0;
        let len = buf.len();
        while self.nbuf != 0 && pos < len {
            buf[pos] ^= (self.sbuf & 0xff) as u8;
            self.sbuf >>= 8;
            self.nbuf -= 8;
            pos += 1;
        }
        while len - pos >= N * 4 {
            for z in 0..N {
                self.step(z);
                let t = self.nlfunc(z + 1);
                xor_word(t, &mut buf[pos + z * 4..pos + z * 4 + 4]);
            }
            pos += N * 4;
        }
        while len - pos >= 4 {
            self.cycle();
            let t = self.nltap();
            xor_word(t, &mut buf[pos..pos + 4]);
            pos += 4;
        }
        if pos < len {
            self.cycle();
            self.sbuf = self.nltap();
            self.nbuf = 32;
            while self.nbuf != 0 && pos < len {
                buf[pos] ^= (self.sbuf & 0xff) as u8;
                self.sbuf >>= 8;
                self.nbuf -= 8;
                pos += 1;
            }
        }
    }
}

#[inline]
fn xor_word(t: u32, b: &mut [u8]) {
    for (x, k) in b.iter_mut().zip(t.to_le_bytes()) {
        *x ^= k;
    }
}
