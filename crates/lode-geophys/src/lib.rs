//! lode-geophys: the geophysics of potential fields and radiometrics.
pub mod gridding;
pub mod igrf;
pub mod levelling;
pub mod prism;
pub mod fft;
pub mod transforms;
pub mod euler;
pub mod spectral_depth;
pub mod gravity;
pub mod radiometrics;
