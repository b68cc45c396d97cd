//! Grid and vector reprojection, compared with gdalwarp on a real gravity grid
//! (tests/data/crs/README.md), and the analysis grid.

use geo_types::{coord, Geometry, GeometryCollection, LineString, Point, Polygon};
use lode_core::analysis::{intersection_extent, union_extent};
use lode_core::crs::{reproject_grid, reproject_layer, resample_to, Resampling, Transformer};
use lode_core::{AnalysisGrid, Crs, Error, Grid, GridGeometry, VectorLayer};

const DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../tests/data/crs");

/// Minimal ESRI ASCII grid reader for the fixtures (NODATA → NaN, f32 values as GDAL wrote them).
fn read_asc(name: &str, crs: u32) -> Grid {
    let text = std::fs::read_to_string(format!("{DIR}/{name}")).unwrap();
    let mut it = text.split_whitespace();
    let mut hdr = std::collections::HashMap::new();
    for _ in 0..6 {
        let k = it.next().unwrap().to_ascii_lowercase();
        hdr.insert(k, it.next().unwrap().parse::<f64>().unwrap());
    }
    let (cols, rows, cell) = (
        hdr["ncols"] as usize,
        hdr["nrows"] as usize,
        hdr["cellsize"],
    );
    let nd = hdr["nodata_value"];
    let v: Vec<f32> = it
        .map(|t| t.parse::<f32>().unwrap())
        .map(|x| if x as f64 == nd { f32::NAN } else { x })
        .collect();
    let g = GridGeometry::new(
        cols,
        rows,
        hdr["xllcorner"],
        hdr["yllcorner"] + rows as f64 * cell,
        cell,
        cell,
    )
    .unwrap();
    Grid::new_f32(g, v)
        .unwrap()
        .with_crs(Some(Crs::from_epsg(crs).unwrap()))
}

struct Cmp {
    max: f64,
    p99: f64,
    rms: f64,
    both: usize,
    only_one: usize,
}

/// Compare two grids on the same geometry, leaving out `margin` cells along the edges and
/// around no-data cells of `b`.
fn compare(a: &Grid, b: &Grid, margin: usize) -> Cmp {
    assert!(a.geometry.same_as(&b.geometry));
    let (mut max, mut ss, mut both, mut only_one) = (0.0f64, 0.0, 0usize, 0usize);
    let mut diffs = Vec::new();
    let near_nan = |c: usize, r: usize| {
        let m = margin as i64;
        (-m..=m).any(|dr| {
            (-m..=m).any(|dc| {
                let (cc, rr) = (c as i64 + dc, r as i64 + dr);
                cc >= 0
                    && rr >= 0
                    && (cc as usize) < b.cols()
                    && (rr as usize) < b.rows()
                    && b.get(cc as usize, rr as usize).is_nan()
            })
        })
    };
    for r in margin..a.rows() - margin {
        for c in margin..a.cols() - margin {
            if margin > 0 && near_nan(c, r) {
                continue;
            }
            let (x, y) = (a.get(c, r), b.get(c, r));
            match (x.is_nan(), y.is_nan()) {
                (false, false) => {
                    max = max.max((x - y).abs());
                    diffs.push((x - y).abs());
                    ss += (x - y) * (x - y);
                    both += 1;
                }
                (true, true) => {}
                _ => only_one += 1,
            }
        }
    }
    diffs.sort_by(|a, b| a.total_cmp(b));
    let p99 = diffs.get(diffs.len() * 99 / 100).copied().unwrap_or(0.0);
    Cmp {
        max,
        p99,
        rms: (ss / both.max(1) as f64).sqrt(),
        both,
        only_one,
    }
}

/// Values lode and gdalwarp compute at the same output geometry. Both store f32; at ~978 600 mGal
/// one f32 step is 0.0625 mGal, so the tolerance is 2 steps.
#[test]
fn bilinear_and_cubic_match_gdalwarp() {
    let src = read_asc("bushveld_gravity_4326.asc", 4326);
    let utm = Crs::from_epsg(32735).unwrap();
    for (name, m) in [
        ("bilinear", Resampling::Bilinear),
        ("cubic", Resampling::Cubic),
    ] {
        let gdal = read_asc(&format!("bushveld_gravity_32735_{name}.asc"), 32735);
        let lode = resample_to(&src, &gdal.geometry, &utm, m).unwrap();
        let c = compare(&lode, &gdal, 0);
        println!("{name}: {} cells compared, max |Δ| {:.4} mGal, rms {:.4} mGal, validity differs in {} cells", c.both, c.max, c.rms, c.only_one);
        assert!(c.both > 4000);
        assert!(c.max <= 0.125, "{name}: max difference {} mGal", c.max);
        // gdalwarp and lode differ only where a cell centre falls within a hair of a no-data edge
        assert!(
            c.only_one * 200 <= c.both,
            "{name}: {} cells valid in only one result",
            c.only_one
        );
    }
}

/// UTM → geographic → UTM with bilinear: interior cells (3 cells from edges and no-data) agree
/// with the original to 1 mGal rms and 3.5 mGal at the 99th percentile, over a field spanning
/// 228 mGal. The loss is the smoothing of two bilinear passes; the inverse-distance grid has
/// steps where stations leave the search radius, where single cells differ by up to ~16 mGal.
#[test]
fn utm_to_geographic_and_back() {
    let orig = read_asc("bushveld_gravity_32735_bilinear.asc", 32735);
    let geo = reproject_grid(
        &orig,
        Some(&Crs::from_epsg(4326).unwrap()),
        None,
        Resampling::Bilinear,
    )
    .unwrap();
    assert!(geo.crs.as_ref().unwrap().is_geographic());
    let back = resample_to(
        &geo,
        &orig.geometry,
        orig.crs.as_ref().unwrap(),
        Resampling::Bilinear,
    )
    .unwrap();
    let c = compare(&back, &orig, 3);
    let s = orig.stats();
    println!("round trip: range {:.1} mGal, max |Δ| {:.3}, p99 {:.3}, rms {:.3} mGal over {} cells; {} validity changes", s.max - s.min, c.max, c.p99, c.rms, c.both, c.only_one);
    assert!(c.both > 4000);
    assert!(c.rms < 1.0 && c.p99 < 3.5, "rms {} p99 {}", c.rms, c.p99);
    assert_eq!(c.only_one, 0);
}

/// Default cell size: preserve the number of cells along the diagonal, as gdalwarp does
/// (gdalwarp_default_cell.txt, within 1 %); output edges at multiples of the cell size.
#[test]
fn default_geometry_like_gdalwarp() {
    let src = read_asc("bushveld_gravity_4326.asc", 4326);
    let gdal_cell: f64 = std::fs::read_to_string(format!("{DIR}/gdalwarp_default_cell.txt"))
        .unwrap()
        .split_whitespace()
        .next()
        .unwrap()
        .parse()
        .unwrap();
    let out = reproject_grid(
        &src,
        Some(&Crs::from_epsg(32735).unwrap()),
        None,
        Resampling::Nearest,
    )
    .unwrap();
    let g = out.geometry;
    println!("lode cell {} m, gdalwarp {} m", g.dx, gdal_cell);
    assert!((g.dx / gdal_cell - 1.0).abs() < 0.01);
    assert_eq!(g.dx, g.dy);
    assert!((g.x0 / g.dx - (g.x0 / g.dx).round()).abs() < 1e-6);
    assert!((g.y0 / g.dy - (g.y0 / g.dy).round()).abs() < 1e-6);
    // the output covers every source corner
    let t = Transformer::new(src.crs.as_ref().unwrap(), out.crs.as_ref().unwrap()).unwrap();
    let e = g.extent();
    for (x, y) in [(26.5, -24.0), (30.0, -24.0), (26.5, -26.0), (30.0, -26.0)] {
        let (u, v) = t.transform(x, y).unwrap();
        assert!(u >= e[0] && u <= e[2] && v >= e[1] && v <= e[3]);
    }
    // given cell size
    let out = reproject_grid(
        &src,
        Some(&Crs::from_epsg(32735).unwrap()),
        Some(10_000.0),
        Resampling::Bilinear,
    )
    .unwrap();
    assert_eq!(out.geometry.dx, 10_000.0);
    assert_eq!(out.geometry.x0 % 10_000.0, 0.0);
}

#[test]
fn same_crs_resampling_and_nan_handling() {
    // 4 × 4 grid, one NaN: bilinear renormalises over valid neighbours, cubic falls back to
    // bilinear next to it, nearest takes the cell.
    let g = GridGeometry::new(4, 4, 0.0, 4.0, 1.0, 1.0).unwrap();
    let mut v: Vec<f64> = (0..16)
        .map(|i| (i % 4) as f64 + 10.0 * (i / 4) as f64)
        .collect();
    v[5] = f64::NAN; // col 1, row 1
    let grid = Grid::new_f64(g, v)
        .unwrap()
        .with_crs(Some(Crs::from_epsg(32633).unwrap()));
    let crs = Crs::from_epsg(32633).unwrap();
    // centre (2.25, 2.25) = pixel (2.25, 1.75): in cell (2,1) = 12; bilinear neighbours
    // (1,1) NaN w 0.1875, (2,1) = 12 w 0.5625, (1,2) = 21 w 0.0625, (2,2) = 22 w 0.1875
    let target = GridGeometry::new(1, 1, 2.0, 2.5, 0.5, 0.5).unwrap();
    let b = resample_to(&grid, &target, &crs, Resampling::Bilinear).unwrap();
    let expect = (0.5625 * 12.0 + 0.0625 * 21.0 + 0.1875 * 22.0) / 0.8125;
    assert!(
        (b.get(0, 0) - expect).abs() < 1e-12,
        "{} vs {expect}",
        b.get(0, 0)
    );
    let c = resample_to(&grid, &target, &crs, Resampling::Cubic).unwrap();
    assert_eq!(c.get(0, 0), b.get(0, 0));
    let n = resample_to(&grid, &target, &crs, Resampling::Nearest).unwrap();
    assert_eq!(n.get(0, 0), 12.0);
    // a point inside the NaN cell is NaN for every method (as gdalwarp)
    let inside = GridGeometry::new(1, 1, 1.25, 2.75, 0.5, 0.5).unwrap();
    for m in [Resampling::Nearest, Resampling::Bilinear, Resampling::Cubic] {
        assert!(resample_to(&grid, &inside, &crs, m)
            .unwrap()
            .get(0, 0)
            .is_nan());
    }
    // cubic reproduces a linear field away from NaNs
    let lin = Grid::new_f64(
        GridGeometry::new(8, 8, 0.0, 8.0, 1.0, 1.0).unwrap(),
        (0..64)
            .map(|i| 2.0 * (i % 8) as f64 - 3.0 * (i / 8) as f64)
            .collect(),
    )
    .unwrap()
    .with_crs(Some(crs.clone()));
    let out = reproject_grid(&lin, None, Some(0.5), Resampling::Cubic).unwrap();
    let (x, y) = out.geometry.cell_center(7, 7);
    let expect = 2.0 * (x - 0.5) - 3.0 * (8.0 - y - 0.5);
    assert!((out.get(7, 7) - expect).abs() < 1e-9);
    assert_eq!(out.geometry.cols, 16);
    // same CRS and same cell: unchanged
    assert_eq!(
        reproject_grid(&lin, Some(&crs), Some(1.0), Resampling::Cubic).unwrap(),
        lin
    );
}

#[test]
fn errors_are_clear() {
    let g = Grid::filled(GridGeometry::new(2, 2, 0.0, 2.0, 1.0, 1.0).unwrap(), 1.0).unwrap();
    let e = reproject_grid(
        &g,
        Some(&Crs::from_epsg(4326).unwrap()),
        None,
        Resampling::Bilinear,
    )
    .unwrap_err();
    assert!(
        matches!(e, Error::Invalid(_)) && e.to_string().contains("no CRS; give one with --crs-in"),
        "{e}"
    );
    let e = reproject_grid(&g, None, Some(-1.0), Resampling::Bilinear).unwrap_err();
    assert!(e.to_string().contains("must be positive"));
    let mut l = VectorLayer::new("pts", vec![]);
    let e = reproject_layer(&mut l, &Crs::from_epsg(4326).unwrap()).unwrap_err();
    assert!(e.to_string().contains("layer pts has no CRS"), "{e}");
}

#[test]
fn vector_layers_of_every_geometry_type() {
    let src = Crs::from_epsg(28404).unwrap();
    let dst = Crs::from_epsg(4326).unwrap();
    let t = Transformer::new(&src, &dst).unwrap();
    let p = |x: f64, y: f64| coord! { x: 4_500_000.0 + x, y: 5_540_000.0 + y };
    let line = LineString::new(vec![p(0.0, 0.0), p(1000.0, 0.0), p(1000.0, 1000.0)]);
    let poly = Polygon::new(
        LineString::new(vec![
            p(0.0, 0.0),
            p(1000.0, 0.0),
            p(0.0, 1000.0),
            p(0.0, 0.0),
        ]),
        vec![],
    );
    let geoms = vec![
        Geometry::Point(Point(p(0.0, 0.0))),
        Geometry::LineString(line.clone()),
        Geometry::Polygon(poly.clone()),
        Geometry::MultiPoint(vec![Point(p(5.0, 5.0))].into()),
        Geometry::MultiLineString(geo_types::MultiLineString::new(vec![line.clone()])),
        Geometry::MultiPolygon(geo_types::MultiPolygon::new(vec![poly.clone()])),
        Geometry::GeometryCollection(GeometryCollection(vec![
            Geometry::Point(Point(p(7.0, 7.0))),
            Geometry::LineString(line),
        ])),
    ];
    let mut layer = VectorLayer::new("l", vec![]);
    layer.crs = Some(src.clone());
    for g in &geoms {
        layer.push(Some(g.clone()), vec![]).unwrap();
    }
    layer.push(None, vec![]).unwrap();
    reproject_layer(&mut layer, &dst).unwrap();
    assert!(layer.crs.as_ref().unwrap().same_as(&dst));
    use geo::CoordsIter;
    for (f, g) in layer.features.iter().zip(&geoms) {
        let out: Vec<_> = f.geometry.as_ref().unwrap().coords_iter().collect();
        let inp: Vec<_> = g.coords_iter().collect();
        assert_eq!(out.len(), inp.len());
        for (o, i) in out.iter().zip(&inp) {
            assert_eq!(t.transform(i.x, i.y).unwrap(), (o.x, o.y));
        }
    }
    assert!(layer.features[7].geometry.is_none());
}

#[test]
fn analysis_grid_harmonises_layers() {
    let geo = read_asc("bushveld_gravity_4326.asc", 4326);
    let utm = read_asc("bushveld_gravity_32735_bilinear.asc", 32735);
    let crs = Crs::from_epsg(32735).unwrap();
    let ext = intersection_extent(&[geo.clone(), utm.clone()], &crs).unwrap();
    let uni = union_extent(&[geo.clone(), utm.clone()], &crs).unwrap();
    assert!(uni[0] <= ext[0] && uni[2] >= ext[2] && uni[1] <= ext[1] && uni[3] >= ext[3]);
    let ag = AnalysisGrid::from_extent(
        crs.clone(),
        5000.0,
        [512_345.0, 7_160_001.0, 700_000.0, 7_300_000.0],
    )
    .unwrap();
    assert_eq!((ag.geometry.x0, ag.geometry.y0), (510_000.0, 7_300_000.0));
    assert_eq!((ag.geometry.cols, ag.geometry.rows), (38, 28));
    let out = ag.harmonise(&[geo.clone(), utm.clone()]).unwrap();
    assert_eq!(out.len(), 2);
    for g in &out {
        assert!(g.geometry.same_as(&ag.geometry));
        assert!(g.crs.as_ref().unwrap().same_as(&crs));
    }
    // both layers carry the same field (the UTM one is gdalwarp's bilinear warp of the other):
    // on the analysis grid they agree to within the extra bilinear pass
    let c = compare(&out[0], &out[1], 0);
    println!(
        "harmonised layers: rms {:.3} mGal, max {:.3} mGal over {} cells",
        c.rms, c.max, c.both
    );
    assert!(c.both > 900 && c.rms < 1.5, "rms {}", c.rms);
    // per-layer choice: nearest keeps source values (categorical layers)
    let near = ag
        .harmonise_with(
            &[geo.clone(), utm.clone()],
            &[Resampling::Bilinear, Resampling::Nearest],
        )
        .unwrap();
    let src_vals: std::collections::HashSet<u64> =
        utm.values_f64().iter().map(|v| v.to_bits()).collect();
    assert!(near[1]
        .values_f64()
        .iter()
        .filter(|v| !v.is_nan())
        .all(|v| src_vals.contains(&v.to_bits())));
    let bits = |g: &Grid| {
        g.values_f64()
            .iter()
            .map(|v| v.to_bits())
            .collect::<Vec<_>>()
    };
    assert_eq!(bits(&near[0]), bits(&out[0]));
    assert_eq!(ag.harmonise(std::slice::from_ref(&utm)).unwrap().len(), 1);
    let mut nocrs = utm.clone();
    nocrs.crs = None;
    let e = ag.harmonise(&[utm.clone(), nocrs]).unwrap_err();
    assert!(
        e.to_string()
            .contains("layer 2 has no CRS; give one with --crs-in"),
        "{e}"
    );
    let far = AnalysisGrid::from_extent(
        crs,
        5000.0,
        [100_000.0, 1_000_000.0, 200_000.0, 1_100_000.0],
    )
    .unwrap();
    let e = far.harmonise(&[utm]).unwrap_err();
    assert!(
        e.to_string().contains("does not overlap the analysis grid"),
        "{e}"
    );
}
