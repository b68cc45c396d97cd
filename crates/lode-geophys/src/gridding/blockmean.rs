//! Block-mean pre-processing (as GMT `blockmean`): one mean position and value per grid cell,
//! so that the gridder sees at most one datum per node and dense line data do not alias.

use std::collections::BTreeMap;

/// Node layout of a node-registered grid: x_i = x0 + i·h (i < nx), y_j = y0 + j·h (j < ny).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Nodes {
    pub x0: f64,
    pub y0: f64,
    pub h: f64,
    pub nx: usize,
    pub ny: usize,
}

impl Nodes {
    /// The grid whose cell centres are these nodes, from node values stored row-major from the
    /// south (row 0 of the grid is the northern node row).
    pub fn to_grid(&self, u: &[f64]) -> lode_core::Result<lode_core::Grid> {
        let (nx, ny, h) = (self.nx, self.ny, self.h);
        let geom = lode_core::GridGeometry::new(
            nx,
            ny,
            self.x0 - h / 2.0,
            self.y0 + (ny as f64 - 1.0) * h + h / 2.0,
            h,
            h,
        )?;
        let mut out = Vec::with_capacity(nx * ny);
        for r in 0..ny {
            let j = ny - 1 - r;
            out.extend_from_slice(&u[j * nx..(j + 1) * nx]);
        }
        lode_core::Grid::new_f64(geom, out)
    }

    /// The node nearest to (x, y), if within half a spacing of the grid.
    pub fn nearest(&self, x: f64, y: f64) -> Option<(usize, usize)> {
        let i = ((x - self.x0) / self.h).round();
        let j = ((y - self.y0) / self.h).round();
        if i < 0.0
            || j < 0.0
            || i >= self.nx as f64
            || j >= self.ny as f64
            || !i.is_finite()
            || !j.is_finite()
        {
            return None;
        }
        Some((i as usize, j as usize))
    }
}

/// Mean x, y and z of the finite data falling in each node's cell (±h/2); sorted by node
/// (row-major from the south-west), so the output is deterministic.
pub fn block_mean(xs: &[f64], ys: &[f64], zs: &[f64], nodes: &Nodes) -> Vec<(f64, f64, f64)> {
    let mut acc: BTreeMap<usize, (f64, f64, f64, usize)> = BTreeMap::new();
    for ((&x, &y), &z) in xs.iter().zip(ys).zip(zs) {
        if !(x.is_finite() && y.is_finite() && z.is_finite()) {
            continue;
        }
        if let Some((i, j)) = nodes.nearest(x, y) {
            let e = acc.entry(j * nodes.nx + i).or_insert((0.0, 0.0, 0.0, 0));
            e.0 += x;
            e.1 += y;
            e.2 += z;
            e.3 += 1;
        }
    }
    acc.into_values()
        .map(|(x, y, z, n)| {
            let n = n as f64;
            (x / n, y / n, z / n)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn averages_per_cell() {
        let nodes = Nodes {
            x0: 0.0,
            y0: 0.0,
            h: 10.0,
            nx: 3,
            ny: 3,
        };
        let xs = [0.0, 2.0, 11.0, 100.0, f64::NAN];
        let ys = [0.0, 2.0, 9.0, 0.0, 0.0];
        let zs = [1.0, 3.0, 5.0, 7.0, 9.0];
        let b = block_mean(&xs, &ys, &zs, &nodes);
        assert_eq!(b, vec![(1.0, 1.0, 2.0), (11.0, 9.0, 5.0)]);
    }
}
