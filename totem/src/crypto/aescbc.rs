//! The second secauth mode (`crypto_type: nss` with `crypto_accept: new`,
//! type byte 1): AES-256 in CBC mode with PKCS#7 padding, then HMAC-SHA1.
//!
//! Both keys are the first 32 bytes of the private key. Per datagram a
//! fresh 16-byte IV goes into the salt field of the security header; the
//! ciphertext follows the header, and the digest covers salt and
//! ciphertext. The ciphertext is up to 16 bytes longer than the message.

use aes::Aes256;
use aes::cipher::{BlockDecrypt, BlockEncrypt, KeyInit, generic_array::GenericArray};

use super::{HMAC_HASH_SIZE, SALT_LEN, SECURITY_HEADER_LEN, digest_eq, hmac_sha1};

/// Key length taken from the private key.
pub const KEY_LEN: usize = 32;
const BLOCK: usize = 16;

#[derive(Clone)]
pub(crate) struct AesCbc {
    cipher: Aes256,
    mac_key: [u8; KEY_LEN],
}

impl std::fmt::Debug for AesCbc {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("AesCbc { .. }")
    }
}

impl AesCbc {
    /// A private key shorter than 32 bytes is padded with zeros (the
    /// original keeps keys in a zeroed 128-byte array).
    pub(crate) fn new(private_key: &[u8]) -> AesCbc {
        let mut key = [0u8; KEY_LEN];
        let n = private_key.len().min(KEY_LEN);
        key[..n].copy_from_slice(&private_key[..n]);
        AesCbc {
            cipher: Aes256::new(GenericArray::from_slice(&key)),
            mac_key: key,
        }
    }

    /// Writes header, ciphertext of `plain` under `iv` into `out` (cleared
    /// first); no type byte.
    pub(crate) fn seal(&self, plain: &[u8], iv: &[u8; SALT_LEN], out: &mut Vec<u8>) {
        let pad = BLOCK - plain.len() % BLOCK;
        out.clear();
        out.reserve(SECURITY_HEADER_LEN + plain.len() + pad + 1);
        out.extend_from_slice(&[0u8; HMAC_HASH_SIZE]);
        out.extend_from_slice(iv);
        out.extend_from_slice(plain);
        out.resize(out.len() + pad, pad as u8);
        let mut prev = *iv;
        for chunk in out[SECURITY_HEADER_LEN..].chunks_exact_mut(BLOCK) {
            for (b, p) in chunk.iter_mut().zip(prev.iter()) {
                *b ^= p;
            }
            let block = GenericArray::from_mut_slice(chunk);
            self.cipher.encrypt_block(block);
            prev.copy_from_slice(chunk);
        }
        let digest = hmac_sha1(&self.mac_key, &[&out[HMAC_HASH_SIZE..]]);
        out[..HMAC_HASH_SIZE].copy_from_slice(&digest);
    }

    /// Checks the digest and decrypts `buf` (header and ciphertext, no type
    /// byte) in place; returns the end of the message, which starts at
    /// [`SECURITY_HEADER_LEN`].
    pub(crate) fn open(&self, buf: &mut [u8]) -> Option<usize> {
        let body = buf.len().checked_sub(SECURITY_HEADER_LEN)?;
        if body == 0 || body % BLOCK != 0 {
            return None;
        }
        let digest = hmac_sha1(&self.mac_key, &[&buf[HMAC_HASH_SIZE..]]);
        if !digest_eq(&digest, &buf[..HMAC_HASH_SIZE]) {
            return None;
        }
        let mut prev = [0u8; BLOCK];
        prev.copy_from_slice(&buf[HMAC_HASH_SIZE..SECURITY_HEADER_LEN]);
        for chunk in buf[SECURITY_HEADER_LEN..].chunks_exact_mut(BLOCK) {
            let mut this = [0u8; BLOCK];
            this.copy_from_slice(chunk);
            self.cipher
                .decrypt_block(GenericArray::from_mut_slice(chunk));
            for (b, p) in chunk.iter_mut().zip(prev.iter()) {
                *b ^= p;
            }
            prev = this;
        }
        let pad = usize::from(*buf.last()?);
        if pad == 0
            || pad > BLOCK
            || buf[buf.len() - pad..]
                .iter()
                .any(|&b| usize::from(b) != pad)
        {
            return None;
        }
        Some(buf.len() - pad)
    }
}
