//! The grid as an image at the frame's pixel size: colours, relief shading, resampling.

use lode_core::{Error, Grid, Result};
use rayon::prelude::*;
use resvg::tiny_skia;

use super::{Hillshade, MapLayout, RasterLayer};
use crate::colormap::{self, percentile, Colormap};
use crate::draw::{self, Color};

/// Most distinct values a categorical grid may have without explicit classes.
const MAX_AUTO_CLASSES: usize = 24;

/// The classes of a categorical layer: (value, label, colour), explicit or one per distinct value.
pub(crate) fn classes(r: &RasterLayer) -> Result<Vec<(f64, String, Color)>> {
    if !r.classes.is_empty() {
        return Ok(r
            .classes
            .iter()
            .enumerate()
            .map(|(i, c)| {
                (
                    c.value,
                    c.label.clone(),
                    c.color.unwrap_or(colormap::category(i)),
                )
            })
            .collect());
    }
    let mut v: Vec<f64> = r
        .grid
        .values_f64()
        .iter()
        .copied()
        .filter(|x| x.is_finite())
        .collect();
    v.sort_by(f64::total_cmp);
    v.dedup();
    if v.len() > MAX_AUTO_CLASSES {
        return Err(Error::invalid(format!(
            "categorical grid has {} distinct values (at most {MAX_AUTO_CLASSES} without explicit classes)",
            v.len()
        )));
    }
    Ok(v.into_iter()
        .enumerate()
        .map(|(i, x)| {
            (
                x,
                crate::ticks::group(&format!("{x}")),
                colormap::category(i),
            )
        })
        .collect())
}

/// Relief shading of a grid, 0 (dark) – 1 (lit), NaN where the cell has no data.
/// Horn (1981) 3 × 3 gradient; missing neighbours take the centre value.
pub fn hillshade(grid: &Grid, h: &Hillshade) -> Vec<f64> {
    let g = &grid.geometry;
    let (nc, nr) = (g.cols, g.rows);
    let v = grid.values_f64();
    let grad = |c: usize, r: usize| -> Option<(f64, f64)> {
        let z0 = v[r * nc + c];
        if z0.is_nan() {
            return None;
        }
        let at = |dc: isize, dr: isize| -> f64 {
            let cc = c as isize + dc;
            let rr = r as isize + dr;
            if cc < 0 || rr < 0 || cc >= nc as isize || rr >= nr as isize {
                return z0;
            }
            let z = v[rr as usize * nc + cc as usize];
            if z.is_nan() {
                z0
            } else {
                z
            }
        };
        let (a, b, cc) = (at(-1, -1), at(0, -1), at(1, -1));
        let (d, f) = (at(-1, 0), at(1, 0));
        let (gg, hh, i) = (at(-1, 1), at(0, 1), at(1, 1));
        let p = ((cc + 2.0 * f + i) - (a + 2.0 * d + gg)) / (8.0 * g.dx);
        let q = ((a + 2.0 * b + cc) - (gg + 2.0 * hh + i)) / (8.0 * g.dy);
        Some((p, q))
    };
    let grads: Vec<Option<(f64, f64)>> = (0..nc * nr)
        .into_par_iter()
        .map(|k| grad(k % nc, k / nc))
        .collect();
    let z = h.z_factor.unwrap_or_else(|| {
        let mut m: Vec<f64> = grads
            .iter()
            .flatten()
            .map(|(p, q)| p.hypot(*q))
            .filter(|m| *m > 0.0)
            .collect();
        let p90 = percentile(&mut m, 90.0);
        if p90.is_finite() && p90 > 0.0 {
            1.0 / p90
        } else {
            1.0
        }
    });
    let (az, alt) = (h.azimuth_deg.to_radians(), h.altitude_deg.to_radians());
    let light = [az.sin() * alt.cos(), az.cos() * alt.cos(), alt.sin()];
    grads
        .par_iter()
        .map(|g| match g {
            None => f64::NAN,
            Some((p, q)) => {
                let (nx, ny, nz) = (-z * p, -z * q, 1.0);
                let norm = (nx * nx + ny * ny + nz * nz).sqrt();
                ((nx * light[0] + ny * light[1] + nz * light[2]) / norm).max(0.0)
            }
        })
        .collect()
}

/// Per-cell RGBA (straight alpha) of the layer.
fn cell_colors(r: &RasterLayer, lay: &MapLayout) -> Result<Vec<[u8; 4]>> {
    let v = r.grid.values_f64();
    let shade = r.hillshade.as_ref().map(|h| (hillshade(r.grid, h), *h));
    let flat = r
        .hillshade
        .as_ref()
        .map(|h| h.altitude_deg.to_radians().sin())
        .unwrap_or(1.0);
    let lookup: Option<Vec<(f64, Color)>> = if r.colormap == Colormap::Categorical {
        Some(classes(r)?.into_iter().map(|(x, _, c)| (x, c)).collect())
    } else {
        None
    };
    let (lo, hi) = lay.value_range.unwrap_or((0.0, 1.0));
    let out = (0..v.len())
        .into_par_iter()
        .map(|k| {
            let x = v[k];
            if x.is_nan() {
                return [0; 4];
            }
            let c = match &lookup {
                Some(t) => match t
                    .iter()
                    .find(|(val, _)| (val - x).abs() <= 1e-9 * val.abs().max(1.0))
                {
                    Some((_, c)) => *c,
                    None => return [0; 4],
                },
                None => {
                    let t = (x - lo) / (hi - lo);
                    r.colormap.sample(if r.reverse { 1.0 - t } else { t })
                }
            };
            let c = match &shade {
                Some((s, h)) if s[k].is_finite() => {
                    let f = 1.0 + h.strength * (s[k] - flat) / flat.max(1e-3);
                    c.map(|u| (u as f64 * f.clamp(0.0, 1.6)).round().clamp(0.0, 255.0) as u8)
                }
                _ => c,
            };
            [c[0], c[1], c[2], 255]
        })
        .collect();
    Ok(out)
}

/// The layer resampled onto the frame's pixels (premultiplied, as tiny-skia stores it):
/// box average when a pixel covers several cells of a north-up grid, nearest cell otherwise.
pub(crate) fn render(r: &RasterLayer, lay: &MapLayout) -> Result<tiny_skia::Pixmap> {
    let cells = cell_colors(r, lay)?;
    let g = &r.grid.geometry;
    let [_, _, fw, fh] = lay.frame;
    let (fw, fh) = (fw as usize, fh as usize);
    let upp = lay.units_per_px;
    let box_avg = g.is_north_up() && upp > 1.5 * g.dx.min(g.dy);
    let smooth = r.colormap != Colormap::Categorical;
    let mut data = vec![0u8; fw * fh * 4];
    data.par_chunks_mut(fw * 4)
        .enumerate()
        .for_each(|(j, row)| {
            let y = lay.extent[3] - (j as f64 + 0.5) * upp;
            for i in 0..fw {
                let x = lay.extent[0] + (i as f64 + 0.5) * upp;
                let px = if box_avg {
                    let (c0, r0) = g.xy_to_pixel(x - 0.5 * upp, y + 0.5 * upp);
                    let (c1, r1) = g.xy_to_pixel(x + 0.5 * upp, y - 0.5 * upp);
                    let c0 = c0.round().max(0.0) as usize;
                    let r0 = r0.round().max(0.0) as usize;
                    let c1 = (c1.round().max(0.0) as usize).min(g.cols);
                    let r1 = (r1.round().max(0.0) as usize).min(g.rows);
                    let (mut acc, mut nv, mut nt) = ([0u32; 3], 0u32, 0u32);
                    for rr in r0..r1 {
                        for cc in c0..c1 {
                            let p = cells[rr * g.cols + cc];
                            nt += 1;
                            if p[3] > 0 {
                                nv += 1;
                                for k in 0..3 {
                                    acc[k] += p[k] as u32;
                                }
                            }
                        }
                    }
                    if nv == 0 {
                        [0; 4]
                    } else {
                        let a = (255 * nv + nt / 2) / nt;
                        let m = |s: u32| ((s + nv / 2) / nv) as u8;
                        [m(acc[0]), m(acc[1]), m(acc[2]), a as u8]
                    }
                } else {
                    match g.cell_of(x, y) {
                        Some((c, rr)) if smooth => {
                            bilinear(&cells, g, x, y).unwrap_or(cells[rr * g.cols + c])
                        }
                        Some((c, rr)) => cells[rr * g.cols + c],
                        None => [0; 4],
                    }
                };
                let a = px[3] as u32;
                let pm = |u: u8| ((u as u32 * a + 127) / 255) as u8;
                row[i * 4..i * 4 + 4].copy_from_slice(&[pm(px[0]), pm(px[1]), pm(px[2]), px[3]]);
            }
        });
    let size = tiny_skia::IntSize::from_wh(fw as u32, fh as u32)
        .ok_or_else(|| Error::internal("empty map frame"))?;
    tiny_skia::Pixmap::from_vec(data, size).ok_or_else(|| Error::internal("map image allocation"))
}

/// Colour interpolated between the four nearest cell centres; None when one of them has no data.
fn bilinear(cells: &[[u8; 4]], g: &lode_core::GridGeometry, x: f64, y: f64) -> Option<[u8; 4]> {
    let (c, r) = g.xy_to_pixel(x, y);
    let (u, v) = ((c - 0.5).max(0.0), (r - 0.5).max(0.0));
    let c0 = (u.floor() as usize).min(g.cols - 1);
    let r0 = (v.floor() as usize).min(g.rows - 1);
    let c1 = (c0 + 1).min(g.cols - 1);
    let r1 = (r0 + 1).min(g.rows - 1);
    let (fu, fv) = (
        (u - c0 as f64).clamp(0.0, 1.0),
        (v - r0 as f64).clamp(0.0, 1.0),
    );
    let p = [
        cells[r0 * g.cols + c0],
        cells[r0 * g.cols + c1],
        cells[r1 * g.cols + c0],
        cells[r1 * g.cols + c1],
    ];
    if p.iter().any(|q| q[3] == 0) {
        return None;
    }
    let w = [
        (1.0 - fu) * (1.0 - fv),
        fu * (1.0 - fv),
        (1.0 - fu) * fv,
        fu * fv,
    ];
    let mut o = [0u8, 0, 0, 255];
    for k in 0..3 {
        let s: f64 = (0..4).map(|i| w[i] * p[i][k] as f64).sum();
        o[k] = s.round().clamp(0.0, 255.0) as u8;
    }
    Some(o)
}

/// PNG (RGBA, straight alpha) of a premultiplied pixmap.
pub(crate) fn encode_rgba(p: &tiny_skia::Pixmap) -> Result<Vec<u8>> {
    let data: Vec<u8> = p
        .pixels()
        .iter()
        .flat_map(|c| {
            let d = c.demultiply();
            [d.red(), d.green(), d.blue(), d.alpha()]
        })
        .collect();
    draw::encode_rgb(&data, p.width(), p.height(), true)
}
