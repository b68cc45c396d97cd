use crate::common;

use lode_report::colormap::{Colormap, ValueRange};
use lode_report::map::{self, Hillshade, MapSpec, Overlay, RasterLayer, Style};
use lode_report::Marker;

fn sample_spec<'a>(
    grid: &'a lode_core::Grid,
    targets: &'a lode_core::VectorLayer,
    faults: &'a [geo_types::Geometry<f64>],
    collars: &'a lode_core::VectorLayer,
) -> MapSpec<'a> {
    MapSpec::new("Total magnetic intensity, reduced to the pole")
        .subtitle("Synthetic survey, 100 m cells, 2–98 % stretch")
        .raster(
            RasterLayer::new(grid)
                .colormap(Colormap::RdBu)
                .reversed()
                .hillshade(Hillshade::default()),
        )
        .layer(Overlay::layer(
            "Targets",
            targets,
            Style::polygon([0, 0, 0], Some([255, 255, 255]), 0.15).labelled("name"),
        ))
        .layer(Overlay::geometries(
            "Faults",
            faults,
            &[],
            Style::line([40, 40, 40], 1.6).dashed(vec![6.0, 3.0]),
        ))
        .layer(Overlay::layer(
            "Planned drill collars",
            collars,
            Style::points(Marker::Circle, [255, 215, 0], 8.0).labelled("id"),
        ))
}

#[test]
fn map_png_has_the_expected_size_and_is_deterministic() {
    let (g, t, f, c) = (
        common::grid(),
        common::targets(),
        common::faults(),
        common::collars(),
    );
    let spec = sample_spec(&g, &t, &f, &c);
    let lay = map::layout(&spec).unwrap();
    let a = map::render_map(&spec).unwrap();
    let b = map::render_map(&spec).unwrap();
    assert_eq!(a, b, "same map, different bytes");
    std::fs::write(common::out_dir().join("map.png"), &a).unwrap();
    let (w, h, spp, px) = common::decode_png(&a);
    assert_eq!((w, h), (lay.width, lay.height));
    assert_eq!(w, 1000);
    assert_eq!(spp, 3);
    // The frame interior shows the grid: many distinct colours.
    let mut colours: Vec<[u8; 3]> = px.chunks(3).map(|p| [p[0], p[1], p[2]]).collect();
    colours.sort();
    colours.dedup();
    assert!(colours.len() > 500, "{} colours", colours.len());
    let svg = map::render_map_svg(&spec).unwrap();
    assert!(svg.contains("data:image/png;base64,"));
    assert_eq!(
        svg,
        map::render_map_svg(&spec).unwrap(),
        "same map, different SVG"
    );
    std::fs::write(common::out_dir().join("map.svg"), &svg).unwrap();
}

#[test]
fn scale_bar_is_a_round_length_at_the_map_scale() {
    let g = common::grid();
    let spec = MapSpec::new("Scale").raster(RasterLayer::new(&g));
    let lay = map::layout(&spec).unwrap();
    let fw = lay.frame[2] as f64;
    // The frame shows at least the grid's 24 km at one scale on both axes.
    assert!(lay.extent[2] - lay.extent[0] >= 24_000.0 - 1e-6);
    assert!((lay.units_per_px * fw - (lay.extent[2] - lay.extent[0])).abs() < 1e-6);
    // 30 % of the width in metres, rounded down to 1-2-5: here 24 km × 0.3 = 7.2 km → 5 km.
    assert_eq!(lay.scale_bar_m, 5000.0);
    assert!((lay.scale_bar_px - 5000.0 / lay.units_per_px).abs() < 1e-9);
    assert_eq!(lay.metres_per_unit, 1.0);
    assert!(lay.crs_label.contains("EPSG:32735"), "{}", lay.crs_label);
    // Ticks are every 5 km and inside the extent.
    assert!(lay
        .x_ticks
        .iter()
        .all(|x| x % 5000.0 == 0.0 && *x >= lay.extent[0] && *x <= lay.extent[2]));
}

#[test]
fn colour_bar_range_follows_the_stretch() {
    let g = common::grid();
    let v: Vec<f64> = g
        .values_f64()
        .iter()
        .copied()
        .filter(|x| x.is_finite())
        .collect();
    let mut s = v.clone();
    let p2 = lode_report::colormap::percentile(&mut s, 2.0);
    let p98 = lode_report::colormap::percentile(&mut s, 98.0);
    let lay = map::layout(&MapSpec::new("r").raster(RasterLayer::new(&g))).unwrap();
    assert_eq!(lay.value_range, Some((p2, p98)));
    let lay = map::layout(
        &MapSpec::new("r").raster(RasterLayer::new(&g).range(ValueRange::Fixed(-100.0, 250.0))),
    )
    .unwrap();
    assert_eq!(lay.value_range, Some((-100.0, 250.0)));
    let lay = map::layout(
        &MapSpec::new("r").raster(RasterLayer::new(&g).range(ValueRange::Symmetric(98.0))),
    )
    .unwrap();
    let (lo, hi) = lay.value_range.unwrap();
    assert_eq!(lo, -hi);
}

#[test]
fn categorical_map_and_vector_only_map_render() {
    let g = common::grid();
    let classes = g
        .with_values_f64(
            g.values_f64()
                .iter()
                .map(|v| {
                    if v.is_nan() {
                        f64::NAN
                    } else if *v > 100.0 {
                        2.0
                    } else if *v > 0.0 {
                        1.0
                    } else {
                        0.0
                    }
                })
                .collect(),
        )
        .unwrap();
    let spec = MapSpec::new("Classes")
        .raster(RasterLayer::new(&classes).classes(vec![
            map::Class {
                value: 0.0,
                label: "background".into(),
                color: None,
            },
            map::Class {
                value: 1.0,
                label: "moderate".into(),
                color: None,
            },
            map::Class {
                value: 2.0,
                label: "high".into(),
                color: None,
            },
        ]))
        .width(700);
    let png = map::render_map(&spec).unwrap();
    std::fs::write(common::out_dir().join("classes.png"), &png).unwrap();
    assert_eq!(common::decode_png(&png).0, 700);
    let t = common::targets();
    let png = map::render_map(&MapSpec::new("Targets only").layer(Overlay::layer(
        "Targets",
        &t,
        Style::polygon([200, 0, 0], None, 1.0),
    )))
    .unwrap();
    std::fs::write(common::out_dir().join("vector.png"), &png).unwrap();
}

#[test]
fn bad_requests_are_errors() {
    let g = common::grid();
    assert!(map::render_map(&MapSpec::new("x").raster(RasterLayer::new(&g)).width(50)).is_err());
    assert!(map::render_map(&MapSpec::new("empty")).is_err());
    let t = common::targets();
    let spec = MapSpec::new("x").layer(Overlay::layer("T", &t, Style::default().labelled("nope")));
    assert!(map::render_map(&spec).is_err());
    let other = MapSpec::new("x")
        .raster(RasterLayer::new(&g))
        .crs(lode_core::Crs::from_epsg(32734).unwrap());
    assert!(map::render_map(&other).is_err());
    let nan = g.with_values_f64(vec![f64::NAN; g.geometry.len()]).unwrap();
    assert!(map::render_map(&MapSpec::new("x").raster(RasterLayer::new(&nan))).is_err());
}

#[test]
fn geographic_and_rotated_grids() {
    use lode_core::{Crs, Grid, GridGeometry};
    // 0.2° × 0.1° at 30° S: the scale bar uses 111.32 km × cos 30° per degree of longitude.
    let g = GridGeometry::new(100, 50, 25.0, -29.95, 0.002, 0.002).unwrap();
    let v: Vec<f64> = (0..g.len())
        .map(|i| ((i % 100) as f64).sin() + (i / 100) as f64 * 0.1)
        .collect();
    let grid = Grid::new_f64(g, v)
        .unwrap()
        .with_crs(Some(Crs::from_epsg(4326).unwrap()));
    let spec =
        MapSpec::new("Geographic").raster(RasterLayer::new(&grid).colormap(Colormap::Viridis));
    let lay = map::layout(&spec).unwrap();
    let m_per_deg = 111_319.490_793 * (-30.0f64).to_radians().cos();
    assert!(
        (lay.metres_per_unit - m_per_deg).abs() < 1e-6,
        "{}",
        lay.metres_per_unit
    );
    // 0.2° ≈ 19.3 km wide → 30 % ≈ 5.8 km → a 5 km bar.
    assert_eq!(lay.scale_bar_m, 5000.0);
    let png = map::render_map(&spec).unwrap();
    std::fs::write(common::out_dir().join("geographic.png"), &png).unwrap();

    // A grid rotated by 30°: cells are sampled through the rotation, corners stay empty.
    let mut g = GridGeometry::new(60, 40, 500_000.0, 7_000_000.0, 50.0, 50.0).unwrap();
    g.rotation_deg = 30.0;
    let v: Vec<f64> = (0..g.len())
        .map(|i| (i % 60) as f64 + (i / 60) as f64)
        .collect();
    let grid = Grid::new_f64(g, v).unwrap();
    let png = map::render_map(
        &MapSpec::new("Rotated")
            .raster(RasterLayer::new(&grid))
            .width(600),
    )
    .unwrap();
    std::fs::write(common::out_dir().join("rotated.png"), &png).unwrap();
    let (w, h, _, px) = common::decode_png(&png);
    assert_eq!(w, 600);
    assert!(h > 100);
    // The rotated grid leaves white triangles in the frame corners: plenty of pure white.
    let white = px.chunks(3).filter(|p| p == &[255, 255, 255]).count();
    assert!(white as f64 > 0.4 * (w * h) as f64, "{white}");
}

#[test]
fn large_grid_renders_quickly() {
    use lode_core::{Grid, GridGeometry};
    let n = 2000;
    let g = GridGeometry::new(n, n, 0.0, 40_000.0, 20.0, 20.0).unwrap();
    let v: Vec<f64> = (0..g.len())
        .map(|i| (((i % n) as f64) / 97.0).sin() * (((i / n) as f64) / 131.0).cos())
        .collect();
    let grid = Grid::new_f64(g, v).unwrap();
    let t = std::time::Instant::now();
    let png = map::render_map(
        &MapSpec::new("4 M cells").raster(RasterLayer::new(&grid).hillshade(Hillshade::default())),
    )
    .unwrap();
    let dt = t.elapsed().as_secs_f64();
    eprintln!(
        "2000 × 2000 grid with hillshade: {dt:.2} s, {} bytes",
        png.len()
    );
    assert_eq!(common::decode_png(&png).0, 1000);
}
