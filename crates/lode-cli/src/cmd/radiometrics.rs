//! `lode radiometrics --k K.tif --th TH.tif --u U.tif --out DIR`: band ratios, F-parameter,
//! potassium anomaly and the K–eTh–eU ternary image.

use std::path::PathBuf;

use lode_core::{Error, Result};
use lode_geophys::radiometrics::products;

#[derive(clap::Args)]
pub struct Args {
    /// Potassium grid, %.
    #[arg(long)]
    pub k: PathBuf,
    /// Equivalent thorium grid, ppm.
    #[arg(long)]
    pub th: PathBuf,
    /// Equivalent uranium grid, ppm.
    #[arg(long)]
    pub u: PathBuf,
    /// Output directory (created if missing).
    #[arg(long)]
    pub out: PathBuf,
}

pub fn run(a: Args) -> Result<()> {
    let k = lode_io::read_grid(&a.k)?;
    let th = lode_io::read_grid(&a.th)?;
    let u = lode_io::read_grid(&a.u)?;
    for (g, p) in [(&th, &a.th), (&u, &a.u)] {
        if !k.geometry.same_as(&g.geometry) {
            return Err(Error::input(
                p,
                format!("does not share the geometry of {}", a.k.display()),
            ));
        }
    }
    let p = products(&k, &th, &u)?;
    std::fs::create_dir_all(&a.out).map_err(|e| Error::write_io(&a.out, e))?;
    for (name, g) in [
        ("k_th.tif", &p.k_th),
        ("u_th.tif", &p.u_th),
        ("u_k.tif", &p.u_k),
        ("f_parameter.tif", &p.f_parameter),
        ("k_anomaly.tif", &p.k_anomaly),
    ] {
        lode_io::write_grid(&a.out.join(name), g, None)?;
    }
    let [r, g, b] = &p.ternary;
    lode_io::geotiff::rgb::write_rgb(
        &a.out.join("ternary_kthu.tif"),
        &k.geometry,
        k.crs.as_ref(),
        [r, g, b],
    )?;
    println!(
        "{}: 6 products ({} × {} cells)",
        a.out.display(),
        k.cols(),
        k.rows()
    );
    Ok(())
}
