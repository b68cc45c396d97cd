//! The merged prism sums ([`prism_sum_gz`], [`prism_sum_tensor`]) for [`LANES`] observation points
//! at once: each is written as branch-free scalar code looped over the points, which the compiler
//! turns into SIMD (4 × f64 with AVX2, chosen at run time), with their own logarithm and
//! arctangent.
//!
//! - ln: the reduction x = 2ᵉ·m, m ∈ [√2/2, √2), ln m = 2 artanh s with s = (m − 1)/(m + 1) and the
//!   degree-14 minimax polynomial of fdlibm's `e_log.c` (Sun Microsystems 1993); error < 1 ulp.
//! - arctan: reduction to t = min/max ∈ [0, 1], then t ↦ (t − 1)/(t + 1) + π/4 above 0.66, and the
//!   rational (4, 5) approximation of Cephes `atan.c` (Moshier 1989, *Methods and Programs for
//!   Mathematical Functions*, §6); error ≤ 2 ulp.
//!
//! Only + − × ÷ and √ are used (no fused multiply-add), so every lane gives bit-identical
//! results on every x86-64 CPU whether or not the compiled code is vectorised. A lane whose
//! shifted coordinates include an exact zero (the point on a face plane of the prism) or whose
//! logarithm/arctangent argument leaves the normal range is recomputed by the scalar kernel.

use std::f64::consts::{FRAC_PI_2, FRAC_PI_4, PI, SQRT_2};

use super::kernels::{
    kernel_gz, kernel_tensor, log_products, prism_sum_gz, prism_sum_tensor, Shifted,
};
use super::Prism;

/// Observation points evaluated together.
pub const LANES: usize = 4;
/// One value per lane.
pub type V = [f64; LANES];

const LG: [f64; 7] = [
    6.666_666_666_666_735e-1,
    3.999_999_999_940_942e-1,
    2.857_142_874_366_239e-1,
    2.222_219_843_214_978_4e-1,
    1.818_357_216_161_805e-1,
    1.531_383_769_920_937_3e-1,
    1.479_819_860_511_658_6e-1,
];
const LN2_HI: f64 = 6.931_471_803_691_238e-1;
const LN2_LO: f64 = 1.908_214_929_270_587_7e-10;

/// Natural logarithm of one lane, branch-free; `ok` is cleared unless `x` is a positive normal
/// number (the value is then meaningless).
#[inline(always)]
// `contains` short-circuits, and a branch stops the loops from vectorising
#[allow(clippy::manual_range_contains)]
pub fn ln(x: f64, ok: &mut bool) -> f64 {
    *ok &= (x >= f64::MIN_POSITIVE) & (x <= f64::MAX);
    let bits = x.to_bits();
    // biased exponent as an exact double: (2⁵² + e) − (2⁵² + 1023)
    let e =
        f64::from_bits(0x4330_0000_0000_0000 | ((bits >> 52) & 0x7ff)) - 4_503_599_627_371_519.0;
    let m = f64::from_bits((bits & 0x000f_ffff_ffff_ffff) | 0x3ff0_0000_0000_0000);
    let big = m > SQRT_2;
    let m = if big { m * 0.5 } else { m };
    let k = if big { e + 1.0 } else { e };
    let f = m - 1.0;
    let s = f / (2.0 + f);
    let z = s * s;
    let w = z * z;
    let r =
        w * (LG[1] + w * (LG[3] + w * LG[5])) + z * (LG[0] + w * (LG[2] + w * (LG[4] + w * LG[6])));
    let hfsq = 0.5 * f * f;
    k * LN2_HI - ((hfsq - (s * (hfsq + r) + k * LN2_LO)) - f)
}

const AP: [f64; 5] = [
    -8.750_608_600_031_904e-1,
    -1.615_753_718_733_365e1,
    -7.500_855_792_314_705e1,
    -1.228_866_684_490_136_2e2,
    -6.485_021_904_942_025e1,
];
const AQ: [f64; 5] = [
    2.485_846_490_142_306_3e1,
    1.650_270_098_316_988_6e2,
    4.328_810_604_912_903e2,
    4.853_903_996_359_137e2,
    1.945_506_571_482_614e2,
];
/// π/2 − fl(π/2) (and half of π − fl(π)).
const PIO2_LO: f64 = 6.123_233_995_736_766e-17;

/// atan2(y, x) of one lane, branch-free; `ok` is cleared unless both are finite and not both zero.
#[inline(always)]
pub fn atan2(y: f64, x: f64, ok: &mut bool) -> f64 {
    let (ax, ay) = (x.abs(), y.abs());
    *ok &= (ax <= f64::MAX) & (ay <= f64::MAX) & ((ax > 0.0) | (ay > 0.0));
    let swap = ay > ax;
    let (lo, hi) = if swap { (ax, ay) } else { (ay, ax) };
    let mid = lo > 0.66 * hi;
    let (n, d) = if mid { (lo - hi, lo + hi) } else { (lo, hi) };
    let t = n / d;
    let z = t * t;
    let p = (((AP[0] * z + AP[1]) * z + AP[2]) * z + AP[3]) * z + AP[4];
    let q = ((((z + AQ[0]) * z + AQ[1]) * z + AQ[2]) * z + AQ[3]) * z + AQ[4];
    let poly = t + t * (z * p / q);
    let a = if mid {
        FRAC_PI_4 + (poly + 0.5 * PIO2_LO)
    } else {
        poly
    };
    let a = if swap { FRAC_PI_2 - a + PIO2_LO } else { a };
    let a = if x.is_sign_negative() {
        PI - a + 2.0 * PIO2_LO
    } else {
        a
    };
    if y.is_sign_negative() {
        -a
    } else {
        a
    }
}

/// Shifted bounds of `p` from (px, py, pz), and whether none of them is exactly zero.
#[inline(always)]
fn shift(p: &Prism, px: f64, py: f64, pz: f64) -> (Shifted, bool) {
    let s = (
        [p.east - px, p.west - px],
        [p.north - py, p.south - py],
        [p.top - pz, p.bottom - pz],
    );
    let (x, y, z) = s;
    let off = (x[0] != 0.0)
        & (x[1] != 0.0)
        & (y[0] != 0.0)
        & (y[1] != 0.0)
        & (z[0] != 0.0)
        & (z[1] != 0.0);
    (s, off)
}

/// Distances to the eight vertices, r[i][j][k].
#[inline(always)]
fn radii((x, y, z): &Shifted) -> [[[f64; 2]; 2]; 2] {
    let r = |i: usize, j: usize, k: usize| (x[i] * x[i] + y[j] * y[j] + z[k] * z[k]).sqrt();
    [
        [[r(0, 0, 0), r(0, 0, 1)], [r(0, 1, 0), r(0, 1, 1)]],
        [[r(1, 0, 0), r(1, 0, 1)], [r(1, 1, 0), r(1, 1, 1)]],
    ]
}

/// The argument of [`kernels::safe_log`](super::kernels::safe_log)`(a, b, c, r)` as (numerator,
/// denominator), for non-zero a, b, c.
#[inline(always)]
fn log_arg(a: f64, b: f64, c: f64, r: f64) -> (f64, f64) {
    if a < 0.0 {
        (b * b + c * c, r - a)
    } else {
        (a + r, 1.0)
    }
}

/// arctan(na/da) − arctan(nb/db) for non-zero da·db as one atan2 (see `kernels::atan_diff`).
#[inline(always)]
fn atan_diff(na: f64, da: f64, nb: f64, db: f64, ok: &mut bool) -> f64 {
    let dd = da * db;
    let s = if dd > 0.0 { 1.0 } else { -1.0 };
    atan2(s * (na * db - nb * da), s * (dd + na * nb), ok)
}

/// ln(n00·n11·d10·d01 / (d00·d11·n10·n01)) of four log arguments.
#[inline(always)]
fn log4(q00: (f64, f64), q11: (f64, f64), q10: (f64, f64), q01: (f64, f64), ok: &mut bool) -> f64 {
    ln(
        (q00.0 * q11.0 * q10.1 * q01.1) / (q00.1 * q11.1 * q10.0 * q01.0),
        ok,
    )
}

/// [`prism_sum_gz`] of one lane, branch-free, and whether it is valid.
#[inline(always)]
fn gz_lane(p: &Prism, px: f64, py: f64, pz: f64) -> (f64, bool) {
    let (s, mut ok) = shift(p, px, py, pz);
    let (x, y, z) = s;
    let r = radii(&s);
    let mut sum = 0.0;
    for i in 0..2 {
        let q = |j: usize, k: usize| log_arg(y[j], x[i], z[k], r[i][j][k]);
        let sg = if i == 0 { 1.0 } else { -1.0 };
        sum += sg * x[i] * log4(q(0, 0), q(1, 1), q(1, 0), q(0, 1), &mut ok);
    }
    for j in 0..2 {
        let q = |i: usize, k: usize| log_arg(x[i], y[j], z[k], r[i][j][k]);
        let sg = if j == 0 { 1.0 } else { -1.0 };
        sum += sg * y[j] * log4(q(0, 0), q(1, 1), q(1, 0), q(0, 1), &mut ok);
    }
    for k in 0..2 {
        let a = atan_diff(
            x[0] * y[0],
            z[k] * r[0][0][k],
            x[1] * y[0],
            z[k] * r[1][0][k],
            &mut ok,
        );
        let b = atan_diff(
            x[1] * y[1],
            z[k] * r[1][1][k],
            x[0] * y[1],
            z[k] * r[0][1][k],
            &mut ok,
        );
        let sg = if k == 0 { 1.0 } else { -1.0 };
        sum -= sg * z[k] * (a + b);
    }
    (sum, ok)
}

/// The arguments of the twelve arctangents (as atan2 (y, x) pairs, sign included) and of the three
/// logarithms of [`prism_sum_tensor`] for one lane, and whether the lane is off the face planes.
#[inline(always)]
fn tensor_args(p: &Prism, px: f64, py: f64, pz: f64) -> ([(f64, f64); 12], [f64; 3], bool) {
    let (s, ok) = shift(p, px, py, pz);
    let (x, y, z) = s;
    let r = radii(&s);
    let sign = |i: usize, j: usize, k: usize| if (i + j + k) & 1 == 0 { 1.0 } else { -1.0 };
    // arctan(na/da) − arctan(nb/db) = atan2(s(na·db − nb·da), s(da·db + na·nb)), s = sign(da·db);
    // the vertex sign is folded into y
    let pair = |sg: f64, na: f64, da: f64, nb: f64, db: f64| {
        let dd = da * db;
        let s = if dd > 0.0 { 1.0 } else { -1.0 };
        (sg * s * (na * db - nb * da), s * (dd + na * nb))
    };
    let mut at = [(0.0, 0.0); 12];
    for j in 0..2 {
        for k in 0..2 {
            let n = y[j] * z[k];
            at[2 * j + k] = pair(sign(0, j, k), n, x[0] * r[0][j][k], n, x[1] * r[1][j][k]);
        }
    }
    for i in 0..2 {
        for k in 0..2 {
            let n = x[i] * z[k];
            at[4 + 2 * i + k] = pair(sign(i, 0, k), n, y[0] * r[i][0][k], n, y[1] * r[i][1][k]);
        }
    }
    for i in 0..2 {
        for j in 0..2 {
            let n = x[i] * y[j];
            at[8 + 2 * i + j] = pair(sign(i, j, 0), n, z[0] * r[i][j][0], n, z[1] * r[i][j][1]);
        }
    }
    let acc = log_products(s, &r, log_arg);
    let lg = [
        acc[0][0] / acc[0][1],
        acc[1][0] / acc[1][1],
        acc[2][0] / acc[2][1],
    ];
    (at, lg, ok)
}

/// Scalar shifted bounds for the fallback.
#[inline(always)]
fn shifted(p: &Prism, px: f64, py: f64, pz: f64) -> Shifted {
    shift(p, px, py, pz).0
}

/// Σ ρ·[`prism_sum_gz`] over prisms with densities (kg/m³) at [`LANES`] points.
#[inline(always)]
fn sum_gz_body(prisms: &[Prism], density: &[f64], px: &V, py: &V, pz: &V) -> V {
    let mut sum = [0.0; LANES];
    for (q, &d) in prisms.iter().zip(density) {
        let mut g = [0.0; LANES];
        let mut ok = [false; LANES];
        for l in 0..LANES {
            (g[l], ok[l]) = gz_lane(q, px[l], py[l], pz[l]);
        }
        if !ok.iter().all(|&o| o) {
            for l in 0..LANES {
                if !ok[l] {
                    g[l] = prism_sum_gz(shifted(q, px[l], py[l], pz[l]));
                }
            }
        }
        for l in 0..LANES {
            sum[l] += d * g[l];
        }
    }
    sum
}

/// Σ M·S over prisms with magnetisations (A/m) at [`LANES`] points: [east, north, up] lanes.
/// Evaluated in stages (arguments, then all arctangents, then all logarithms) so each stage is a
/// short loop the compiler vectorises.
#[inline(always)]
fn sum_field_body(prisms: &[Prism], mags: &[[f64; 3]], px: &V, py: &V, pz: &V) -> [V; 3] {
    let mut b = [[0.0; LANES]; 3];
    let field = |t: [f64; 6], m: &[f64; 3]| {
        let [see, snn, suu, sen, seu, snu] = t;
        [
            m[0] * see + m[1] * sen + m[2] * seu,
            m[0] * sen + m[1] * snn + m[2] * snu,
            m[0] * seu + m[1] * snu + m[2] * suu,
        ]
    };
    for (q, m) in prisms.iter().zip(mags) {
        let mut ay = [0.0; 12 * LANES];
        let mut ax = [0.0; 12 * LANES];
        let mut lx = [0.0; 3 * LANES];
        let mut ok = [false; LANES];
        for l in 0..LANES {
            let (at, lg, o) = tensor_args(q, px[l], py[l], pz[l]);
            for c in 0..12 {
                (ay[c * LANES + l], ax[c * LANES + l]) = at[c];
            }
            for c in 0..3 {
                lx[c * LANES + l] = lg[c];
            }
            ok[l] = o;
        }
        let mut aok = [true; 12 * LANES];
        let mut av = [0.0; 12 * LANES];
        for i in 0..12 * LANES {
            av[i] = atan2(ay[i], ax[i], &mut aok[i]);
        }
        let mut lok = [true; 3 * LANES];
        let mut lv = [0.0; 3 * LANES];
        for i in 0..3 * LANES {
            lv[i] = ln(lx[i], &mut lok[i]);
        }
        let mut db = [[0.0; LANES]; 3];
        for l in 0..LANES {
            let a = |c: usize| av[c * LANES + l];
            let ee = -(a(0) + a(1) + a(2) + a(3));
            let nn = -(a(4) + a(5) + a(6) + a(7));
            let uu = -(a(8) + a(9) + a(10) + a(11));
            let t = [ee, nn, uu, lv[l], lv[LANES + l], lv[2 * LANES + l]];
            let f = field(t, m);
            (db[0][l], db[1][l], db[2][l]) = (f[0], f[1], f[2]);
        }
        for l in 0..LANES {
            for c in 0..12 {
                ok[l] &= aok[c * LANES + l];
            }
            for c in 0..3 {
                ok[l] &= lok[c * LANES + l];
            }
        }
        if !ok.iter().all(|&o| o) {
            for l in 0..LANES {
                if !ok[l] {
                    let f = field(prism_sum_tensor(shifted(q, px[l], py[l], pz[l])), m);
                    (db[0][l], db[1][l], db[2][l]) = (f[0], f[1], f[2]);
                }
            }
        }
        for c in 0..3 {
            for l in 0..LANES {
                b[c][l] += db[c][l];
            }
        }
    }
    b
}

/// arctan(n/d) for d ≠ 0 as an atan2 argument pair (the quadrant of atan2 folded back).
#[inline(always)]
fn atan_pair(n: f64, d: f64) -> (f64, f64) {
    if d < 0.0 {
        (-n, -d)
    } else {
        (n, d)
    }
}

/// Σ w·k_gz over merged vertices (x, y, z; weights w) at [`LANES`] points, as
/// [`kernel_gz`](super::kernels::kernel_gz) vertex by vertex.
#[inline(always)]
fn vertices_gz_body(v: &Vertices, w: &[f64], px: &V, py: &V, pz: &V) -> V {
    let mut sum = [0.0; LANES];
    for (j, &wj) in w.iter().enumerate() {
        let mut g = [0.0; LANES];
        let mut ok = [false; LANES];
        for l in 0..LANES {
            let (x, y, z) = (v.x[j] - px[l], v.y[j] - py[l], v.z[j] - pz[l]);
            let r = (x * x + y * y + z * z).sqrt();
            let mut o = (x != 0.0) & (y != 0.0) & (z != 0.0);
            let (n1, d1) = log_arg(y, x, z, r);
            let (n2, d2) = log_arg(x, y, z, r);
            let (ay, ax) = atan_pair(x * y, z * r);
            g[l] = x * ln(n1 / d1, &mut o) + y * ln(n2 / d2, &mut o) - z * atan2(ay, ax, &mut o);
            ok[l] = o;
        }
        if !ok.iter().all(|&o| o) {
            for l in 0..LANES {
                if !ok[l] {
                    let (x, y, z) = (v.x[j] - px[l], v.y[j] - py[l], v.z[j] - pz[l]);
                    g[l] = kernel_gz(x, y, z, (x * x + y * y + z * z).sqrt());
                }
            }
        }
        for l in 0..LANES {
            sum[l] += wj * g[l];
        }
    }
    sum
}

/// Σ W·K over merged vertices with weight vectors W (A/m) at [`LANES`] points: [east, north, up]
/// lanes, as [`kernel_tensor`](super::kernels::kernel_tensor) vertex by vertex.
#[inline(always)]
fn vertices_field_body(v: &Vertices, w: &[[f64; 3]], px: &V, py: &V, pz: &V) -> [V; 3] {
    let mut b = [[0.0; LANES]; 3];
    for (j, &m) in w.iter().enumerate() {
        let mut ay = [0.0; 3 * LANES];
        let mut ax = [0.0; 3 * LANES];
        let mut lx = [0.0; 3 * LANES];
        let mut ok = [false; LANES];
        for l in 0..LANES {
            let (x, y, z) = (v.x[j] - px[l], v.y[j] - py[l], v.z[j] - pz[l]);
            let r = (x * x + y * y + z * z).sqrt();
            ok[l] = (x != 0.0) & (y != 0.0) & (z != 0.0);
            (ay[l], ax[l]) = atan_pair(y * z, x * r);
            (ay[LANES + l], ax[LANES + l]) = atan_pair(x * z, y * r);
            (ay[2 * LANES + l], ax[2 * LANES + l]) = atan_pair(x * y, z * r);
            let q = [
                log_arg(z, x, y, r),
                log_arg(y, x, z, r),
                log_arg(x, y, z, r),
            ];
            for c in 0..3 {
                lx[c * LANES + l] = q[c].0 / q[c].1;
            }
        }
        let mut fok = [true; 6 * LANES];
        let mut av = [0.0; 3 * LANES];
        let mut lv = [0.0; 3 * LANES];
        for i in 0..3 * LANES {
            av[i] = atan2(ay[i], ax[i], &mut fok[i]);
        }
        for i in 0..3 * LANES {
            lv[i] = ln(lx[i], &mut fok[3 * LANES + i]);
        }
        let mut db = [[0.0; LANES]; 3];
        for l in 0..LANES {
            let [kee, knn, kuu] = [-av[l], -av[LANES + l], -av[2 * LANES + l]];
            let [ken, keu, knu] = [lv[l], lv[LANES + l], lv[2 * LANES + l]];
            db[0][l] = m[0] * kee + m[1] * ken + m[2] * keu;
            db[1][l] = m[0] * ken + m[1] * knn + m[2] * knu;
            db[2][l] = m[0] * keu + m[1] * knu + m[2] * kuu;
        }
        for l in 0..LANES {
            for c in 0..6 {
                ok[l] &= fok[c * LANES + l];
            }
        }
        if !ok.iter().all(|&o| o) {
            for l in 0..LANES {
                if !ok[l] {
                    let (x, y, z) = (v.x[j] - px[l], v.y[j] - py[l], v.z[j] - pz[l]);
                    let [kee, knn, kuu, ken, keu, knu] =
                        kernel_tensor(x, y, z, (x * x + y * y + z * z).sqrt());
                    db[0][l] = m[0] * kee + m[1] * ken + m[2] * keu;
                    db[1][l] = m[0] * ken + m[1] * knn + m[2] * knu;
                    db[2][l] = m[0] * keu + m[1] * knu + m[2] * kuu;
                }
            }
        }
        for c in 0..3 {
            for l in 0..LANES {
                b[c][l] += db[c][l];
            }
        }
    }
    b
}

/// Coordinates of merged vertices (easting, northing, upward; m), one vector per axis.
#[derive(Debug, Clone, Copy)]
pub struct Vertices<'a> {
    pub x: &'a [f64],
    pub y: &'a [f64],
    pub z: &'a [f64],
}

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2")]
unsafe fn vertices_gz_avx2(v: &Vertices, w: &[f64], px: &V, py: &V, pz: &V) -> V {
    vertices_gz_body(v, w, px, py, pz)
}

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2")]
unsafe fn vertices_field_avx2(v: &Vertices, w: &[[f64; 3]], px: &V, py: &V, pz: &V) -> [V; 3] {
    vertices_field_body(v, w, px, py, pz)
}

/// Σ w·k_gz (kg/m, multiply by G) over merged vertices at four points; AVX2 when the CPU has it.
pub fn vertices_gz(v: &Vertices, w: &[f64], px: &V, py: &V, pz: &V) -> V {
    #[cfg(target_arch = "x86_64")]
    if wide() {
        // SAFETY: the CPU supports AVX2 (checked at run time).
        return unsafe { vertices_gz_avx2(v, w, px, py, pz) };
    }
    vertices_gz_body(v, w, px, py, pz)
}

/// [`vertices_gz`] without SIMD dispatch (the portable build; same bits).
pub fn vertices_gz_portable(v: &Vertices, w: &[f64], px: &V, py: &V, pz: &V) -> V {
    vertices_gz_body(v, w, px, py, pz)
}

/// Σ W·K (A/m; multiply by μ0/4π) over merged vertices at four points; AVX2 when available.
pub fn vertices_field(v: &Vertices, w: &[[f64; 3]], px: &V, py: &V, pz: &V) -> [V; 3] {
    #[cfg(target_arch = "x86_64")]
    if wide() {
        // SAFETY: the CPU supports AVX2 (checked at run time).
        return unsafe { vertices_field_avx2(v, w, px, py, pz) };
    }
    vertices_field_body(v, w, px, py, pz)
}

/// [`vertices_field`] without SIMD dispatch (the portable build; same bits).
pub fn vertices_field_portable(v: &Vertices, w: &[[f64; 3]], px: &V, py: &V, pz: &V) -> [V; 3] {
    vertices_field_body(v, w, px, py, pz)
}

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2")]
unsafe fn sum_gz_avx2(prisms: &[Prism], density: &[f64], px: &V, py: &V, pz: &V) -> V {
    sum_gz_body(prisms, density, px, py, pz)
}

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2")]
unsafe fn sum_field_avx2(prisms: &[Prism], mags: &[[f64; 3]], px: &V, py: &V, pz: &V) -> [V; 3] {
    sum_field_body(prisms, mags, px, py, pz)
}

/// Whether the 4-wide (AVX2) build of the sums runs on this CPU; both builds give identical bits.
pub fn wide() -> bool {
    #[cfg(target_arch = "x86_64")]
    {
        std::is_x86_feature_detected!("avx2")
    }
    #[cfg(not(target_arch = "x86_64"))]
    {
        false
    }
}

/// Σ ρ·Σ±k_gz (kg/m, multiply by G) over `prisms` at four points; AVX2 when the CPU has it.
pub fn sum_gz(prisms: &[Prism], density: &[f64], px: &V, py: &V, pz: &V) -> V {
    #[cfg(target_arch = "x86_64")]
    if wide() {
        // SAFETY: the CPU supports AVX2 (checked at run time).
        return unsafe { sum_gz_avx2(prisms, density, px, py, pz) };
    }
    sum_gz_body(prisms, density, px, py, pz)
}

/// [`sum_gz`] without SIMD dispatch (the portable build; same bits).
pub fn sum_gz_portable(prisms: &[Prism], density: &[f64], px: &V, py: &V, pz: &V) -> V {
    sum_gz_body(prisms, density, px, py, pz)
}

/// Σ M·S (A/m; multiply by μ0/4π) over `prisms` at four points; AVX2 when the CPU has it.
pub fn sum_field(prisms: &[Prism], mags: &[[f64; 3]], px: &V, py: &V, pz: &V) -> [V; 3] {
    #[cfg(target_arch = "x86_64")]
    if wide() {
        // SAFETY: the CPU supports AVX2 (checked at run time).
        return unsafe { sum_field_avx2(prisms, mags, px, py, pz) };
    }
    sum_field_body(prisms, mags, px, py, pz)
}

/// [`sum_field`] without SIMD dispatch (the portable build; same bits).
pub fn sum_field_portable(prisms: &[Prism], mags: &[[f64; 3]], px: &V, py: &V, pz: &V) -> [V; 3] {
    sum_field_body(prisms, mags, px, py, pz)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ulps(a: f64, b: f64) -> u64 {
        (a.to_bits() as i64 - b.to_bits() as i64).unsigned_abs()
    }

    /// xorshift64* in [0, 1).
    fn uniform(state: &mut u64) -> f64 {
        *state ^= *state >> 12;
        *state ^= *state << 25;
        *state ^= *state >> 27;
        (state.wrapping_mul(0x2545_f491_4f6c_dd1d) >> 11) as f64 / (1u64 << 53) as f64
    }

    #[test]
    fn ln_within_one_ulp_of_libm() {
        let mut st = 0x9e37_79b9_7f4a_7c15;
        let mut worst = 0;
        for _ in 0..800_000 {
            let x = 10f64.powf(uniform(&mut st) * 600.0 - 300.0);
            let mut ok = true;
            let v = ln(x, &mut ok);
            assert!(ok);
            worst = worst.max(ulps(v, x.ln()));
        }
        assert!(worst <= 1, "worst {worst} ulp");
        for (x, valid) in [
            (1.0, true),
            (0.0, false),
            (-1.0, false),
            (f64::INFINITY, false),
            (f64::NAN, false),
            (1e-310, false),
        ] {
            let mut ok = true;
            let v = ln(x, &mut ok);
            assert_eq!(ok, valid, "{x}");
            if valid {
                assert_eq!(v, x.ln());
            }
        }
    }

    #[test]
    fn atan2_within_two_ulp_of_libm() {
        let mut st = 0x1234_5678_9abc_def1;
        let mut worst = 0;
        for _ in 0..800_000 {
            let y = (uniform(&mut st) - 0.5) * 10f64.powf(uniform(&mut st) * 8.0 - 4.0);
            let x = (uniform(&mut st) - 0.5) * 10f64.powf(uniform(&mut st) * 8.0 - 4.0);
            let mut ok = true;
            let v = atan2(y, x, &mut ok);
            assert!(ok);
            worst = worst.max(ulps(v, y.atan2(x)));
        }
        assert!(worst <= 2, "worst {worst} ulp");
        for (y, x, want) in [
            (1.0, 0.0, Some(FRAC_PI_2)),
            (-1.0, 0.0, Some(-FRAC_PI_2)),
            (0.0, -1.0, Some(PI)),
            (-0.0, -1.0, Some(-PI)),
            (0.0, 1.0, Some(0.0)),
            (1.0, 1.0, Some(FRAC_PI_4)),
            (0.0, 0.0, None),
            (f64::NAN, 1.0, None),
        ] {
            let mut ok = true;
            let v = atan2(y, x, &mut ok);
            assert_eq!(ok, want.is_some(), "{y} {x}");
            if let Some(w) = want {
                assert_eq!(v, w, "{y} {x}");
            }
        }
    }

    /// The AVX2 and portable builds give the same bits (no fused multiply-add anywhere).
    #[test]
    fn wide_and_portable_builds_agree_bitwise() {
        let mut st = 7;
        let prisms: Vec<Prism> = (0..300)
            .map(|_| {
                let (w, s, b) = (
                    uniform(&mut st) * 4000.0,
                    uniform(&mut st) * 4000.0,
                    -uniform(&mut st) * 2000.0 - 50.0,
                );
                Prism::new(
                    w,
                    w + 10.0 + uniform(&mut st) * 300.0,
                    s,
                    s + 10.0 + uniform(&mut st) * 300.0,
                    b - 10.0 - uniform(&mut st) * 500.0,
                    b,
                )
                .unwrap()
            })
            .collect();
        let rho: Vec<f64> = prisms
            .iter()
            .map(|_| uniform(&mut st) * 600.0 - 300.0)
            .collect();
        let mags: Vec<[f64; 3]> = prisms
            .iter()
            .map(|_| std::array::from_fn(|_| uniform(&mut st) - 0.5))
            .collect();
        for _ in 0..50 {
            let px: V = std::array::from_fn(|_| uniform(&mut st) * 4000.0);
            let py: V = std::array::from_fn(|_| uniform(&mut st) * 4000.0);
            let pz: V = std::array::from_fn(|_| uniform(&mut st) * 200.0);
            let (a, b) = (
                sum_gz(&prisms, &rho, &px, &py, &pz),
                sum_gz_portable(&prisms, &rho, &px, &py, &pz),
            );
            assert_eq!(a.map(f64::to_bits), b.map(f64::to_bits));
            let (a, b) = (
                sum_field(&prisms, &mags, &px, &py, &pz),
                sum_field_portable(&prisms, &mags, &px, &py, &pz),
            );
            assert_eq!(
                a.map(|v| v.map(f64::to_bits)),
                b.map(|v| v.map(f64::to_bits))
            );
        }
    }

    /// Merged-vertex sums: lanes against the scalar kernels (points on vertex planes included),
    /// and the AVX2 build against the portable one, bit for bit.
    #[test]
    fn vertex_lanes_match_the_scalar_kernels() {
        let mut st = 99;
        let n = 400;
        let xs: Vec<f64> = (0..n)
            .map(|_| (uniform(&mut st) * 40.0).round() * 50.0)
            .collect();
        let ys: Vec<f64> = (0..n)
            .map(|_| (uniform(&mut st) * 40.0).round() * 50.0)
            .collect();
        let zs: Vec<f64> = (0..n)
            .map(|_| -(uniform(&mut st) * 20.0).round() * 50.0 - 50.0)
            .collect();
        let w: Vec<f64> = (0..n).map(|_| uniform(&mut st) - 0.5).collect();
        let wm: Vec<[f64; 3]> = (0..n)
            .map(|_| std::array::from_fn(|_| uniform(&mut st) - 0.5))
            .collect();
        let v = Vertices {
            x: &xs,
            y: &ys,
            z: &zs,
        };
        let mut worst: f64 = 0.0;
        for case in 0..40 {
            let mut px: V = std::array::from_fn(|_| uniform(&mut st) * 2000.0);
            let py: V = std::array::from_fn(|_| uniform(&mut st) * 2000.0);
            let pz: V = std::array::from_fn(|_| uniform(&mut st) * 300.0 + 1.0);
            if case % 3 == 0 {
                px[2] = 500.0; // on a vertex plane: scalar fallback for that lane
            }
            let g = vertices_gz(&v, &w, &px, &py, &pz);
            let b = vertices_field(&v, &wm, &px, &py, &pz);
            assert_eq!(
                g.map(f64::to_bits),
                vertices_gz_portable(&v, &w, &px, &py, &pz).map(f64::to_bits)
            );
            assert_eq!(
                b.map(|c| c.map(f64::to_bits)),
                vertices_field_portable(&v, &wm, &px, &py, &pz).map(|c| c.map(f64::to_bits))
            );
            for l in 0..LANES {
                let (mut gs, mut bs, mut scale) = (0.0, [0.0; 3], 0.0f64);
                for j in 0..n {
                    let (x, y, z) = (xs[j] - px[l], ys[j] - py[l], zs[j] - pz[l]);
                    let r = (x * x + y * y + z * z).sqrt();
                    let k = kernel_gz(x, y, z, r);
                    gs += w[j] * k;
                    scale = scale.max((w[j] * k).abs());
                    let [kee, knn, kuu, ken, keu, knu] = kernel_tensor(x, y, z, r);
                    let m = wm[j];
                    bs[0] += m[0] * kee + m[1] * ken + m[2] * keu;
                    bs[1] += m[0] * ken + m[1] * knn + m[2] * knu;
                    bs[2] += m[0] * keu + m[1] * knu + m[2] * kuu;
                }
                worst = worst.max((g[l] - gs).abs() / scale);
                for c in 0..3 {
                    worst = worst.max(
                        (b[c][l] - bs[c]).abs() / bs.iter().map(|v| v.abs()).fold(1e-9, f64::max),
                    );
                }
            }
        }
        assert!(worst < 1e-12, "worst relative difference {worst:e}");
    }

    #[test]
    fn lanes_match_the_scalar_sums() {
        let prism = Prism::new(-120.0, 80.0, -40.0, 260.0, -300.0, -20.0).unwrap();
        let mut st = 42;
        let mut worst: f64 = 0.0;
        for n in 0..2_000 {
            let mut px: V = std::array::from_fn(|_| (uniform(&mut st) - 0.5) * 2000.0);
            let py: V = std::array::from_fn(|_| (uniform(&mut st) - 0.5) * 2000.0);
            let mut pz: V = std::array::from_fn(|_| uniform(&mut st) * 500.0 - 100.0);
            if n % 7 == 0 {
                px[1] = 80.0; // on the east face plane: scalar fallback
                pz[2] = -20.0;
            }
            let g = sum_gz_portable(&[prism], &[1.0], &px, &py, &pz);
            let t = sum_field_portable(
                &[prism; 3],
                &[[1.0, 0.0, 0.0], [0.0, 1.0, 0.0], [0.0, 0.0, 1.0]],
                &px,
                &py,
                &pz,
            );
            for l in 0..LANES {
                let q = [px[l], py[l], pz[l]];
                let sh: Shifted = (
                    [prism.east - q[0], prism.west - q[0]],
                    [prism.north - q[1], prism.south - q[1]],
                    [prism.top - q[2], prism.bottom - q[2]],
                );
                if prism.contains_closed(q) {
                    continue;
                }
                let gs = prism_sum_gz(sh);
                worst = worst.max((g[l] - gs).abs() / gs.abs().max(1e-3));
                let [see, snn, suu, sen, seu, snu] = prism_sum_tensor(sh);
                let want = [see + sen + seu, sen + snn + snu, seu + snu + suu];
                let sc = want.iter().map(|v| v.abs()).fold(1e-9, f64::max);
                for c in 0..3 {
                    worst = worst.max((t[c][l] - want[c]).abs() / sc);
                }
            }
        }
        assert!(worst < 1e-12, "worst relative difference {worst:e}");
    }
}
