//! Typed values stored in native byte order, as the original stores the
//! integers services put in the database.

use crate::types::ValueType;

/// A Rust type that maps onto one `objdb_value_types_t`.
pub trait TypedValue: Copy {
    const VALUE_TYPE: ValueType;
    const SIZE: usize;
    fn to_native_bytes(self) -> Vec<u8>;
    /// `None` unless `bytes` is exactly `SIZE` long.
    fn from_native_bytes(bytes: &[u8]) -> Option<Self>;
}

macro_rules! typed_value {
    ($t:ty, $vt:expr) => {
        impl TypedValue for $t {
            const VALUE_TYPE: ValueType = $vt;
            const SIZE: usize = std::mem::size_of::<$t>();
            fn to_native_bytes(self) -> Vec<u8> {
                self.to_ne_bytes().to_vec()
            }
            fn from_native_bytes(bytes: &[u8]) -> Option<Self> {
                Some(<$t>::from_ne_bytes(bytes.try_into().ok()?))
            }
        }
    };
}

typed_value!(i16, ValueType::Int16);
typed_value!(u16, ValueType::UInt16);
typed_value!(i32, ValueType::Int32);
typed_value!(u32, ValueType::UInt32);
typed_value!(i64, ValueType::Int64);
typed_value!(u64, ValueType::UInt64);
typed_value!(f32, ValueType::Float);
typed_value!(f64, ValueType::Double);

/// Add a signed step with wrap-around (increment/decrement).
pub trait WrappingStep {
    fn wrapping_step(self, step: i64) -> Self;
}

macro_rules! wrapping_step {
    ($($t:ty),*) => {$(
        impl WrappingStep for $t {
            fn wrapping_step(self, step: i64) -> Self {
                // Truncating the step is the point: +1 or -1 at this width.
                self.wrapping_add(step as $t)
            }
        }
    )*};
}

wrapping_step!(i16, u16, i32, u32, i64, u64);
