//! `lode igrf`: the IGRF-14 main field at a place and date.

use lode_core::Result;
use lode_geophys::igrf::igrf_at_date;

#[derive(clap::Args)]
pub struct Args {
    /// Geodetic latitude, degrees (WGS84), −90…90.
    #[arg(long, allow_hyphen_values = true)]
    lat: f64,
    /// Longitude, degrees east.
    #[arg(long, allow_hyphen_values = true)]
    lon: f64,
    /// Height above the WGS84 ellipsoid, km.
    #[arg(long = "height-km", default_value_t = 0.0, allow_hyphen_values = true)]
    height_km: f64,
    /// Date, YYYY-MM-DD (1900-01-01 … 2030-12-31).
    #[arg(long)]
    date: String,
    /// Print a JSON object instead of a table.
    #[arg(long)]
    json: bool,
}

pub fn run(a: Args) -> Result<()> {
    let b = igrf_at_date(&a.date, a.lat, a.lon, a.height_km)?;
    if a.json {
        let v = serde_json::json!({
            "north_nt": b.north_nt,
            "east_nt": b.east_nt,
            "down_nt": b.down_nt,
            "total_nt": b.total_nt,
            "inclination_deg": b.inclination_deg,
            "declination_deg": b.declination_deg,
            "horizontal_nt": b.horizontal_nt,
            "model": "IGRF-14",
            "date": a.date.trim(),
            "lat": a.lat,
            "lon": a.lon,
            "height_km": a.height_km,
        });
        println!("{v}");
    } else {
        println!(
            "IGRF-14 at {} (lat {:.5}°, lon {:.5}°, height {} km above WGS84)",
            a.date.trim(),
            a.lat,
            a.lon,
            a.height_km
        );
        for (name, v, unit) in [
            ("north (X)", b.north_nt, "nT"),
            ("east (Y)", b.east_nt, "nT"),
            ("down (Z)", b.down_nt, "nT"),
            ("horizontal (H)", b.horizontal_nt, "nT"),
            ("total (F)", b.total_nt, "nT"),
            ("inclination (I)", b.inclination_deg, "deg"),
            ("declination (D)", b.declination_deg, "deg"),
        ] {
            let prec = if unit == "nT" { 1 } else { 3 };
            println!("  {name:<16} {v:>12.prec$} {unit}");
        }
    }
    Ok(())
}
