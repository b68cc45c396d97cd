//! lode-geophys: the geophysics of potential fields and radiometrics.
pub mod euler;
pub mod fft;
pub mod gravity;
pub mod gridding;
pub mod igrf;
pub mod levelling;
pub mod lineaments;
pub mod prism;
pub mod radiometrics;
pub mod spectral_depth;
pub mod transforms;
