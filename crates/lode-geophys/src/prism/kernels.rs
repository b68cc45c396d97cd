//! Vertex kernels of the right rectangular prism (Nagy, Papp & Benedek 2000, eqs. 8–9;
//! Nagy et al. 2002) with the singularity-safe logarithm and arctangent of Fukushima (2020),
//! in the form used by Harmonica/choclo (Soler & Uieda 2021).
//!
//! All kernels take the *shifted* vertex coordinates (x, y, z) = vertex − observation point
//! (easting, northing, upward; metres) and r = √(x² + y² + z²).

use std::f64::consts::FRAC_PI_2;

/// ln(x + r) evaluated without cancellation (Fukushima 2020, eq. 41): 0 at r = 0,
/// ln((y² + z²)/(r − x)) for x < 0, and −ln(−2x) when the point lies on the x axis behind the vertex.
#[inline(always)]
pub fn safe_log(x: f64, y: f64, z: f64, r: f64) -> f64 {
    if r == 0.0 {
        return 0.0;
    }
    if x < 0.0 {
        if y == 0.0 && z == 0.0 {
            -(-2.0 * x).ln()
        } else {
            ((y * y + z * z) / (r - x)).ln()
        }
    } else {
        (x + r).ln()
    }
}

/// arctan(y/x) with the limits ±π/2 (and 0 for y = 0) when x = 0 (Fukushima 2020).
#[inline(always)]
pub fn safe_atan(y: f64, x: f64) -> f64 {
    if x == 0.0 {
        if y > 0.0 {
            FRAC_PI_2
        } else if y < 0.0 {
            -FRAC_PI_2
        } else {
            0.0
        }
    } else {
        (y / x).atan()
    }
}

/// Kernel of the downward gravitational acceleration (Nagy et al. 2000, eq. 9, z axis flipped to up):
/// x ln(y + r) + y ln(x + r) − z arctan(xy / zr). Multiply the signed vertex sum by Gρ.
#[inline(always)]
pub fn kernel_gz(x: f64, y: f64, z: f64, r: f64) -> f64 {
    x * safe_log(y, x, z, r) + y * safe_log(x, y, z, r) - z * safe_atan(x * y, z * r)
}

/// The six second-derivative kernels [k_ee, k_nn, k_uu, k_en, k_eu, k_nu] of 1/r integrated over
/// the prism (Nagy et al. 2000, eq. 10–12); NaN on a vertex (r = 0).
#[inline(always)]
pub fn kernel_tensor(x: f64, y: f64, z: f64, r: f64) -> [f64; 6] {
    if r == 0.0 {
        return [f64::NAN; 6];
    }
    [
        -safe_atan(y * z, x * r),
        -safe_atan(x * z, y * r),
        -safe_atan(x * y, z * r),
        safe_log(z, x, y, r),
        safe_log(y, x, z, r),
        safe_log(x, y, z, r),
    ]
}

/// The positive number whose logarithm is [`safe_log`]`(x, y, z, r)`, as (numerator, denominator)
/// so that products of many of them need a single division.
#[inline(always)]
fn log_arg(x: f64, y: f64, z: f64, r: f64) -> (f64, f64) {
    if r == 0.0 {
        (1.0, 1.0)
    } else if x < 0.0 {
        if y == 0.0 && z == 0.0 {
            (1.0, -2.0 * x)
        } else {
            (y * y + z * z, r - x)
        }
    } else {
        (x + r, 1.0)
    }
}

/// ln of Π q⁺ / Π q⁻ for (numerator, denominator) pairs: ln((Π n⁺ Π d⁻) / (Π d⁺ Π n⁻)).
#[inline(always)]
fn log_ratio(plus: &[(f64, f64)], minus: &[(f64, f64)]) -> f64 {
    let (mut num, mut den) = (1.0, 1.0);
    for &(n, d) in plus {
        num *= n;
        den *= d;
    }
    for &(n, d) in minus {
        num *= d;
        den *= n;
    }
    (num / den).ln()
}

/// safe_atan(na, da) − safe_atan(nb, db), the arctangents of na/da and nb/db, with one atan2 and no
/// division when both denominators are non-zero: arctan a − arctan b = atan2(a − b, 1 + ab) exactly
/// (the difference lies in (−π, π)); multiplying both arguments by |da·db| keeps the quadrant.
#[inline(always)]
fn atan_diff(na: f64, da: f64, nb: f64, db: f64) -> f64 {
    let dd = da * db;
    if dd != 0.0 {
        let (y, x) = (na * db - nb * da, dd + na * nb);
        if dd > 0.0 {
            y.atan2(x)
        } else {
            (-y).atan2(-x)
        }
    } else {
        safe_atan(na, da) - safe_atan(nb, db)
    }
}

/// Shifted bounds of a prism: `x = [east − e, west − e]`, `y = [north − n, south − n]`,
/// `z = [top − u, bottom − u]` (upper bound first, sign +1; lower bound second, sign −1).
pub type Shifted = ([f64; 2], [f64; 2], [f64; 2]);

/// Σ± [`kernel_gz`] over the 8 vertices of one prism, with the 16 logarithms merged into 4 and
/// the 8 arctangents into 4 (same value as the vertex sum up to rounding).
#[inline]
pub fn prism_sum_gz((x, y, z): Shifted) -> f64 {
    let mut r = [[[0.0; 2]; 2]; 2];
    for i in 0..2 {
        for j in 0..2 {
            for k in 0..2 {
                r[i][j][k] = (x[i] * x[i] + y[j] * y[j] + z[k] * z[k]).sqrt();
            }
        }
    }
    let mut sum = 0.0;
    // x ln(y + r): for each x, the signed product over (y, z) of the log arguments
    for i in 0..2 {
        let q = |j: usize, k: usize| log_arg(y[j], x[i], z[k], r[i][j][k]);
        let s = if i == 0 { 1.0 } else { -1.0 };
        sum += s * x[i] * log_ratio(&[q(0, 0), q(1, 1)], &[q(1, 0), q(0, 1)]);
    }
    for j in 0..2 {
        let q = |i: usize, k: usize| log_arg(x[i], y[j], z[k], r[i][j][k]);
        let s = if j == 0 { 1.0 } else { -1.0 };
        sum += s * y[j] * log_ratio(&[q(0, 0), q(1, 1)], &[q(1, 0), q(0, 1)]);
    }
    // − z arctan(xy / zr): zero when z = 0, otherwise all denominators are non-zero
    for k in 0..2 {
        if z[k] == 0.0 {
            continue;
        }
        let t = atan_diff(
            x[0] * y[0],
            z[k] * r[0][0][k],
            x[1] * y[0],
            z[k] * r[1][0][k],
        ) + atan_diff(
            x[1] * y[1],
            z[k] * r[1][1][k],
            x[0] * y[1],
            z[k] * r[0][1][k],
        );
        let s = if k == 0 { 1.0 } else { -1.0 };
        sum -= s * z[k] * t;
    }
    sum
}

/// Numerators and denominators of Π q⁺ / Π q⁻ for the three logarithmic tensor kernels
/// [S_en, S_eu, S_nu] of one prism: `arg(a, b, c, r)` is the (numerator, denominator) of the
/// argument of ln(a + r); vertices of sign + multiply n/d, of sign − d/n.
#[inline(always)]
pub(crate) fn log_products(
    (x, y, z): Shifted,
    r: &[[[f64; 2]; 2]; 2],
    arg: impl Fn(f64, f64, f64, f64) -> (f64, f64),
) -> [[f64; 2]; 3] {
    let mut acc = [[1.0f64; 2]; 3];
    for i in 0..2 {
        for j in 0..2 {
            for k in 0..2 {
                let rr = r[i][j][k];
                let q = [
                    arg(z[k], x[i], y[j], rr),
                    arg(y[j], x[i], z[k], rr),
                    arg(x[i], y[j], z[k], rr),
                ];
                let plus = (i + j + k) & 1 == 0;
                for (a, (n, d)) in acc.iter_mut().zip(q) {
                    let (u, v) = if plus { (n, d) } else { (d, n) };
                    a[0] *= u;
                    a[1] *= v;
                }
            }
        }
    }
    acc
}

/// Σ± [`kernel_tensor`] over the 8 vertices of one prism, [S_ee, S_nn, S_uu, S_en, S_eu, S_nu],
/// with the 24 logarithms merged into 3 and the 24 arctangents into 12. The point must not be on a
/// vertex (r > 0 everywhere).
#[inline]
pub fn prism_sum_tensor((x, y, z): Shifted) -> [f64; 6] {
    let mut r = [[[0.0; 2]; 2]; 2];
    for i in 0..2 {
        for j in 0..2 {
            for k in 0..2 {
                r[i][j][k] = (x[i] * x[i] + y[j] * y[j] + z[k] * z[k]).sqrt();
            }
        }
    }
    let sign = |i: usize, j: usize, k: usize| (i + j + k) & 1 == 0;
    let (mut ee, mut nn, mut uu) = (0.0, 0.0, 0.0);
    for j in 0..2 {
        for k in 0..2 {
            // pair over x: vertices (0, j, k) and (1, j, k) have opposite signs
            let s = if sign(0, j, k) { 1.0 } else { -1.0 };
            ee -= s * atan_diff(
                y[j] * z[k],
                x[0] * r[0][j][k],
                y[j] * z[k],
                x[1] * r[1][j][k],
            );
        }
    }
    for i in 0..2 {
        for k in 0..2 {
            let s = if sign(i, 0, k) { 1.0 } else { -1.0 };
            nn -= s * atan_diff(
                x[i] * z[k],
                y[0] * r[i][0][k],
                x[i] * z[k],
                y[1] * r[i][1][k],
            );
        }
    }
    for i in 0..2 {
        for j in 0..2 {
            let s = if sign(i, j, 0) { 1.0 } else { -1.0 };
            uu -= s * atan_diff(
                x[i] * y[j],
                z[0] * r[i][j][0],
                x[i] * y[j],
                z[1] * r[i][j][1],
            );
        }
    }
    let acc = log_products((x, y, z), &r, log_arg);
    [
        ee,
        nn,
        uu,
        (acc[0][0] / acc[0][1]).ln(),
        (acc[1][0] / acc[1][1]).ln(),
        (acc[2][0] / acc[2][1]).ln(),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Vertex sums of g_z and the tensor, and Σ|terms| of each (their rounding scales).
    #[allow(clippy::needless_range_loop)]
    fn vertex_sums(s: Shifted) -> (f64, [f64; 6], f64, f64) {
        let (x, y, z) = s;
        let (mut g, mut t, mut scale, mut scale_t) = (0.0, [0.0; 6], 0.0, 0.0);
        for i in 0..2 {
            for j in 0..2 {
                for k in 0..2 {
                    let sg = if (i + j + k) % 2 == 0 { 1.0 } else { -1.0 };
                    let r = (x[i] * x[i] + y[j] * y[j] + z[k] * z[k]).sqrt();
                    g += sg * kernel_gz(x[i], y[j], z[k], r);
                    scale += kernel_gz(x[i], y[j], z[k], r).abs();
                    let kt = kernel_tensor(x[i], y[j], z[k], r);
                    (0..6).for_each(|c| t[c] += sg * kt[c]);
                    scale_t += kt.iter().map(|v| v.abs()).sum::<f64>();
                }
            }
        }
        (g, t, scale, scale_t)
    }

    /// A 10 × 10 × 30 m prism 22 km away: the merged logarithms are more accurate than the vertex
    /// sum (reference: the same vertex sum in 64-bit-mantissa extended precision, numpy longdouble:
    /// 5.3593266073903578e-6; the f64 vertex sum is off by 5e-6 relative).
    #[test]
    fn merged_sum_is_accurate_far_away() {
        let g = prism_sum_gz(([10010.0, 10000.0], [5.0, -5.0], [-20000.0, -20030.0]));
        assert!((g - 5.359_326_607_390_358e-6).abs() < 1e-6 * 5.36e-6, "{g}");
    }

    #[test]
    fn merged_sums_equal_vertex_sums() {
        let cases: [Shifted; 8] = [
            ([30.0, 0.0], [0.0, -40.0], [5.0, -60.0]),
            ([30.0, -20.0], [15.0, -40.0], [-10.0, -60.0]),
            ([0.0, -20.0], [15.0, -40.0], [-10.0, -60.0]),
            ([30.0, 0.0], [0.0, -40.0], [0.0, -60.0]),
            ([500.0, 300.0], [-200.0, -900.0], [1000.0, 20.0]),
            ([30.0, -20.0], [15.0, -40.0], [10.0, -60.0]),
            ([1e4 + 10.0, 1e4], [5.0, -5.0], [-2e4, -2e4 - 30.0]),
            ([-3.0, -7.0], [0.0, -5.0], [2.0, 0.0]),
        ];
        for s in cases {
            let (g, t, scale, scale_t) = vertex_sums(s);
            let gm = prism_sum_gz(s);
            let tm = prism_sum_tensor(s);
            let sc = t.iter().map(|v| v.abs()).fold(1e-12, f64::max);
            assert!(
                (g - gm).abs() <= 1e-10 * g.abs() + 1e-14 * scale,
                "{s:?}: {g} {gm}"
            );
            // the tensor kernels are undefined on a vertex (r = 0)
            if t.iter().any(|v| v.is_nan()) {
                continue;
            }
            for c in 0..6 {
                assert!(
                    (t[c] - tm[c]).abs() <= 1e-10 * sc + 1e-14 * scale_t,
                    "{s:?} {c}: {t:?} {tm:?}"
                );
            }
        }
    }
}
