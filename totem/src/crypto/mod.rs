//! secauth: authentication and encryption of every datagram, bit-exact with
//! corosync 1.4.10: mode 0 (libtomcrypt SOBER-128 + HMAC-SHA1, the default)
//! and mode 1 (`crypto_type: nss` with `crypto_accept: new`: AES-256-CBC +
//! HMAC-SHA1, see [`aescbc`]).
//!
//! Datagram layout: `hash_digest[20]`, `salt[16]`, ciphertext, and one
//! trailing byte naming the crypto type. Per datagram a key generator is
//! keyed with the private key and the salt; its first 48 bytes of output are
//! the stream IV, the stream key and the HMAC key. The HMAC covers salt and
//! ciphertext.

mod aescbc;
mod sha1;
mod sober128;
mod tables;

use crate::config::{CryptoAccept, CryptoType};
use crate::rng::Rng;

pub(crate) use sha1::hmac_sha1;
pub(crate) use sober128::Sober128;

/// `sizeof (struct security_header)`.
pub const SECURITY_HEADER_LEN: usize = 36;
/// Length of the HMAC-SHA1 digest at the start of a datagram.
pub const HMAC_HASH_SIZE: usize = 20;
/// Length of the salt following the digest.
pub const SALT_LEN: usize = 16;

/// Why a datagram was refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CryptoError {
    /// Shorter than the security header.
    TooShort(usize),
    /// The digest does not match: forged, corrupted or another key.
    BadDigest,
}

impl std::fmt::Display for CryptoError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            CryptoError::TooShort(n) => write!(f, "message too short ({n} bytes)"),
            CryptoError::BadDigest => f.write_str("invalid digest"),
        }
    }
}

impl std::error::Error for CryptoError {}

/// Per-instance secauth state.
#[derive(Clone, Debug)]
pub struct SecAuth {
    private_key: Vec<u8>,
    salt_prng: Sober128,
    trailer: u8,
    /// Mode 1, when `crypto_accept: new` was configured: datagrams with
    /// type byte 1 are opened with it, and with `crypto_type: nss` every
    /// datagram is sealed with it.
    aes: Option<aescbc::AesCbc>,
}

/// Keys derived from the private key and a salt: stream IV, stream key and
/// HMAC key, in that order.
fn derive_keys(private_key: &[u8], salt: &[u8]) -> [u8; 48] {
    let mut keygen = Sober128::start();
    keygen.add_entropy(private_key);
    keygen.add_entropy(salt);
    let mut keys = [0u8; 48];
    keygen.read(&mut keys);
    keys
}

fn stream_for(keys: &[u8; 48]) -> Sober128 {
    let mut stream = Sober128::start();
    stream.add_entropy(&keys[16..32]);
    stream.add_entropy(&keys[0..16]);
    stream
}

fn digest_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

impl SecAuth {
    /// `private_key` as read from the key file or configuration;
    /// `salt_seed` seeds the salt generator (the original seeds it from
    /// /dev/urandom, so the host should pass OS randomness).
    pub fn new(
        private_key: &[u8],
        crypto_type: CryptoType,
        accept: CryptoAccept,
        salt_seed: u64,
    ) -> SecAuth {
        let mut rng = Rng::new(salt_seed);
        let mut entropy = [0u8; 32];
        rng.fill(&mut entropy);
        let mut salt_prng = Sober128::start();
        salt_prng.add_entropy(&entropy);
        let aes = match accept {
            CryptoAccept::New => Some(aescbc::AesCbc::new(private_key)),
            CryptoAccept::Old => None,
        };
        let trailer = match (accept, crypto_type) {
            (CryptoAccept::New, CryptoType::Nss) => 1,
            _ => 0,
        };
        SecAuth {
            private_key: private_key.to_vec(),
            salt_prng,
            trailer,
            aes,
        }
    }

    /// Encrypts and signs `plain` into `out` (cleared first): security
    /// header, ciphertext, trailing type byte.
    pub fn encrypt(&mut self, plain: &[u8], out: &mut Vec<u8>) {
        let mut salt = [0u8; SALT_LEN];
        self.salt_prng.read(&mut salt);
        match &self.aes {
            Some(aes) if self.trailer == 1 => aes.seal(plain, &salt, out),
            _ => self.encrypt_with_salt(plain, &salt, out),
        }
        out.push(self.trailer);
    }

    /// The SOBER encryption with a given salt, without the trailing byte.
    pub fn encrypt_with_salt(&self, plain: &[u8], salt: &[u8; SALT_LEN], out: &mut Vec<u8>) {
        let keys = derive_keys(&self.private_key, salt);
        let mut stream = stream_for(&keys);
        out.clear();
        out.reserve(SECURITY_HEADER_LEN + plain.len() + 1);
        out.extend_from_slice(&[0u8; HMAC_HASH_SIZE]);
        out.extend_from_slice(salt);
        out.extend_from_slice(plain);
        stream.read(&mut out[SECURITY_HEADER_LEN..]);
        let digest = hmac_sha1(&keys[32..48], &[&out[HMAC_HASH_SIZE..]]);
        out[..HMAC_HASH_SIZE].copy_from_slice(&digest);
    }

    fn verify_and_decrypt_sober(&self, buf: &mut [u8]) -> Result<(), CryptoError> {
        if buf.len() < SECURITY_HEADER_LEN {
            return Err(CryptoError::BadDigest);
        }
        let keys = derive_keys(&self.private_key, &buf[HMAC_HASH_SIZE..SECURITY_HEADER_LEN]);
        let digest = hmac_sha1(&keys[32..48], &[&buf[HMAC_HASH_SIZE..]]);
        if !digest_eq(&digest, &buf[..HMAC_HASH_SIZE]) {
            return Err(CryptoError::BadDigest);
        }
        let mut stream = stream_for(&keys);
        stream.read(&mut buf[SECURITY_HEADER_LEN..]);
        Ok(())
    }

    /// `authenticate_and_decrypt`: checks and decrypts `buf` in place. The
    /// trailing type byte is taken off for the check (type 1 only when
    /// `crypto_accept: new` was configured); when that fails the whole
    /// datagram is tried as mode 0 (senders that append no type byte).
    /// On success the totem message is `buf[36..end]` for the returned
    /// `end`; after a mode 0 check it, like the original's, still ends with
    /// the type byte when there was one.
    pub fn decrypt_in_place(&self, buf: &mut [u8]) -> Result<usize, CryptoError> {
        if buf.len() < SECURITY_HEADER_LEN {
            return Err(CryptoError::TooShort(buf.len()));
        }
        let len = buf.len();
        let kind = buf[len - 1];
        if kind == 0 && self.verify_and_decrypt_sober(&mut buf[..len - 1]).is_ok() {
            return Ok(len);
        }
        if kind == 1
            && let Some(end) = self.aes.as_ref().and_then(|a| a.open(&mut buf[..len - 1]))
        {
            return Ok(end);
        }
        self.verify_and_decrypt_sober(buf).map(|()| len)
    }
}

#[cfg(test)]
mod tests;
