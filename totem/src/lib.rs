//! Totem: the Single Ring Ordering and Membership protocol, its wire format
//! and totempg packing, as a sans-IO core.
#![forbid(unsafe_code)]

pub mod config;
