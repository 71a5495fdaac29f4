//! What every C-ABI shell of this project shares: one macro that exports a
//! function (no mangling, panics caught and turned into the original's
//! error value) and the table of 64-bit checked handles the original
//! libraries hand out.
#![forbid(unsafe_code)]

mod handle;

pub use handle::{Handle, HandleDb};

/// Runs `body`, turning a panic into `on_panic`. No panic may unwind into
/// C code.
pub fn guard<R>(on_panic: R, body: impl FnOnce() -> R) -> R {
    match std::panic::catch_unwind(std::panic::AssertUnwindSafe(body)) {
        Ok(r) => r,
        Err(_) => on_panic,
    }
}

/// Exports a C function with the original's name.
///
/// ```ignore
/// capi::export! {
///     /// doc
///     fn cpg_fd_get(handle: u64, fd: *mut i32) -> CsError [CsError::LIBRARY] {
///         ...
///     }
/// }
/// ```
///
/// The value in brackets is returned if the body panics.
#[macro_export]
macro_rules! export {
    (@on_panic $e:expr) => { $e };
    (@on_panic) => { () };
    ($(
        $(#[$meta:meta])*
        fn $name:ident ( $( $arg:ident : $ty:ty ),* $(,)? ) $( -> $ret:ty [ $on_panic:expr ] )? $body:block
    )*) => {$(
        $(#[$meta])*
        #[unsafe(no_mangle)]
        pub unsafe extern "C" fn $name( $( $arg : $ty ),* ) $( -> $ret )? {
            $crate::guard($crate::export!(@on_panic $($on_panic)?), move || $body)
        }
    )*};
}
