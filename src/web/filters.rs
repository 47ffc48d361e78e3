//! French formatting for the askama views (fr-FR, Europe/Paris): `{{ at|date_fr }}`,
//! `{{ at|datetime_fr }}`, `{{ score|nombre_fr(1) }}`, `{{ bytes|taille_fr }}`. A view module
//! brings them into scope with `use crate::web::filters;`.
//!
//! Timestamps may be given as `i64` or `Option<i64>` (nothing is printed for `None`), numbers
//! as any integer or float.

use super::fr;

/// A unix timestamp, or none.
pub trait Timestamp {
    fn timestamp(&self) -> Option<i64>;
}

impl Timestamp for i64 {
    fn timestamp(&self) -> Option<i64> {
        Some(*self)
    }
}

impl Timestamp for Option<i64> {
    fn timestamp(&self) -> Option<i64> {
        *self
    }
}

impl<T: Timestamp + ?Sized> Timestamp for &T {
    fn timestamp(&self) -> Option<i64> {
        (**self).timestamp()
    }
}

/// A number printed the French way.
pub trait Number {
    fn as_f64(&self) -> f64;
}

macro_rules! number {
    ($($t:ty),*) => {$(
        impl Number for $t {
            fn as_f64(&self) -> f64 {
                *self as f64
            }
        }
    )*};
}
number!(i32, i64, u32, u64, usize, f32, f64);

impl<T: Number + ?Sized> Number for &T {
    fn as_f64(&self) -> f64 {
        (**self).as_f64()
    }
}

/// `22 novembre 2026`.
#[askama::filter_fn]
pub fn date_fr<T: Timestamp>(at: T, _: &dyn askama::Values) -> askama::Result<String> {
    Ok(at.timestamp().map(fr::date).unwrap_or_default())
}

/// `22 novembre 2026 à 14 h 05`.
#[askama::filter_fn]
pub fn datetime_fr<T: Timestamp>(at: T, _: &dyn askama::Values) -> askama::Result<String> {
    Ok(at.timestamp().map(fr::datetime).unwrap_or_default())
}

/// `1 234,5` with `decimals` digits after the comma (none by default).
#[askama::filter_fn]
pub fn nombre_fr<T: Number>(
    value: T,
    _: &dyn askama::Values,
    #[optional(0)] decimals: usize,
) -> askama::Result<String> {
    Ok(fr::number(value.as_f64(), decimals))
}

/// `850 o`, `12 Ko`, `3,4 Mo`.
#[askama::filter_fn]
pub fn taille_fr<T: Number>(bytes: T, _: &dyn askama::Values) -> askama::Result<String> {
    Ok(fr::file_size(bytes.as_f64().max(0.0) as u64))
}
