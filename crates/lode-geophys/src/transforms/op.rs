//! Operation names of `lode filter` and their parameters.

use lode_core::{Error, Result};

/// One grid transform. Lengths are in CRS units (metres for projected grids).
#[derive(Debug, Clone, PartialEq)]
pub enum Op {
    /// Reduction to the pole (needs the field and magnetisation directions).
    Rtp,
    /// Low-latitude RTP with amplitude-correction inclination (degrees, default 20).
    RtpLowLat { amp_inc: f64 },
    /// Reduction to the equator.
    Rte,
    /// Upward continuation by `h`.
    Upcont { h: f64 },
    /// Regularised downward continuation by `h`; `gain` is the largest amplification.
    Downcont { h: f64, gain: f64 },
    /// Vertical derivative (z down) of order `n` (may be fractional).
    Dz { n: f64 },
    /// Eastward derivative (along the grid's columns).
    Dx,
    /// Northward derivative (along the grid's rows, towards row 0).
    Dy,
    /// Total horizontal gradient.
    Thg,
    /// Analytic-signal amplitude (total gradient).
    As,
    /// Tilt angle, radians.
    Tilt,
    /// Theta map (cos θ), dimensionless.
    Theta,
    /// TDX, radians.
    Tdx,
    /// Total horizontal derivative of the tilt angle, rad per CRS unit.
    ThdrTilt,
    /// Automatic gain control; window side in cells or CRS units.
    Agc { window: f64, in_cells: bool },
    /// Pseudo-gravity; `ratio` = density contrast / magnetisation, kg·m⁻³ per A·m⁻¹.
    Psg { ratio: f64 },
    /// Vertical integration.
    Vi,
    /// Gaussian low-pass, cut-off wavelength.
    GaussLp { wavelength: f64 },
    /// Gaussian high-pass, cut-off wavelength.
    GaussHp { wavelength: f64 },
    /// Butterworth band-pass between wavelengths `lo` < `hi` (0 = open), of `order`.
    Butter { lo: f64, hi: f64, order: f64 },
    /// Cosine roll-off band-pass between wavelengths `lo` < `hi` (0 = open).
    Cosine { lo: f64, hi: f64 },
    /// Residual after removing a least-squares polynomial trend of `order`.
    Trend { order: usize },
}

fn num(op: &str, s: &str) -> Result<f64> {
    let x: f64 = s
        .trim()
        .parse()
        .map_err(|_| Error::invalid(format!("op '{op}': '{s}' is not a number")))?;
    if !x.is_finite() {
        return Err(Error::invalid(format!("op '{op}': '{s}' is not finite")));
    }
    Ok(x)
}

fn positive(op: &str, s: &str) -> Result<f64> {
    let x = num(op, s)?;
    if x <= 0.0 {
        return Err(Error::invalid(format!("op '{op}': {s} must be positive")));
    }
    Ok(x)
}

impl Op {
    /// Parse one op, e.g. `rtp`, `upcont:500`, `butter:200,5000,4`, `agc:11`, `agc:500m`.
    pub fn parse(s: &str) -> Result<Op> {
        let s = s.trim();
        let (name, arg) = match s.split_once(':') {
            Some((n, a)) => (n.trim().to_ascii_lowercase(), Some(a.trim())),
            None => (s.to_ascii_lowercase(), None),
        };
        let args: Vec<&str> = arg.map(|a| a.split(',').collect()).unwrap_or_default();
        let need = |k: usize, usage: &str| -> Result<()> {
            if args.len() < k {
                return Err(Error::invalid(format!(
                    "op '{s}' needs parameters: {usage}"
                )));
            }
            Ok(())
        };
        let none = |op: Op| -> Result<Op> {
            if arg.is_some() {
                return Err(Error::invalid(format!("op '{name}' takes no parameter")));
            }
            Ok(op)
        };
        let op = match name.as_str() {
            "rtp" => none(Op::Rtp)?,
            "rte" => none(Op::Rte)?,
            "rtp-lowlat" => Op::RtpLowLat {
                amp_inc: match args.first() {
                    Some(a) => num(s, a)?,
                    None => 20.0,
                },
            },
            "upcont" => {
                need(1, "upcont:HEIGHT")?;
                Op::Upcont { h: positive(s, args[0])? }
            }
            "downcont" => {
                need(1, "downcont:DEPTH[,MAXGAIN]")?;
                let gain = match args.get(1) {
                    Some(g) => positive(s, g)?,
                    None => 100.0,
                };
                if gain <= 1.0 {
                    return Err(Error::invalid(format!("op '{s}': the gain must exceed 1")));
                }
                Op::Downcont { h: positive(s, args[0])?, gain }
            }
            "dz" => Op::Dz {
                n: match args.first() {
                    Some(a) => positive(s, a)?,
                    None => 1.0,
                },
            },
            "dx" => none(Op::Dx)?,
            "dy" => none(Op::Dy)?,
            "thg" | "thd" => none(Op::Thg)?,
            "as" | "tga" => none(Op::As)?,
            "tilt" => none(Op::Tilt)?,
            "theta" => none(Op::Theta)?,
            "tdx" => none(Op::Tdx)?,
            "thdr-tilt" => none(Op::ThdrTilt)?,
            "agc" => {
                need(1, "agc:CELLS or agc:LENGTHm")?;
                let a = args[0];
                let (v, in_cells) = match a.strip_suffix('m') {
                    Some(m) => (positive(s, m)?, false),
                    None => (positive(s, a)?, true),
                };
                Op::Agc { window: v, in_cells }
            }
            "psg" => Op::Psg {
                ratio: match args.first() {
                    Some(a) => positive(s, a)?,
                    None => 1.0,
                },
            },
            "vi" => none(Op::Vi)?,
            "gauss-lp" => {
                need(1, "gauss-lp:WAVELENGTH")?;
                Op::GaussLp { wavelength: positive(s, args[0])? }
            }
            "gauss-hp" => {
                need(1, "gauss-hp:WAVELENGTH")?;
                Op::GaussHp { wavelength: positive(s, args[0])? }
            }
            "butter" | "cosine" => {
                need(2, &format!("{name}:LO,HI wavelengths"))?;
                let (lo, hi) = (num(s, args[0])?, num(s, args[1])?);
                if lo < 0.0 || hi < 0.0 || (hi > 0.0 && lo >= hi) || (lo == 0.0 && hi == 0.0) {
                    return Err(Error::invalid(format!(
                        "op '{s}': need wavelengths 0 ≤ LO < HI (0 = open end)"
                    )));
                }
                if name == "butter" {
                    let order = match args.get(2) {
                        Some(o) => positive(s, o)?,
                        None => 8.0,
                    };
                    Op::Butter { lo, hi, order }
                } else {
                    Op::Cosine { lo, hi }
                }
            }
            "trend" => {
                need(1, "trend:ORDER")?;
                let o = num(s, args[0])?;
                if o < 0.0 || o.fract() != 0.0 || o > crate::fft::trend::MAX_ORDER as f64 {
                    return Err(Error::invalid(format!(
                        "op '{s}': the order must be an integer 0..=4"
                    )));
                }
                Op::Trend { order: o as usize }
            }
            _ => {
                return Err(Error::invalid(format!(
                    "unknown op '{name}' (known: rtp, rtp-lowlat, rte, upcont, downcont, dz, dx, dy, \
                     thg, as, tilt, theta, tdx, thdr-tilt, agc, psg, vi, gauss-lp, gauss-hp, butter, \
                     cosine, trend)"
                )))
            }
        };
        Ok(op)
    }

    /// Parse a comma-separated chain; a token starting with a digit, a sign or a dot continues
    /// the previous op's parameters (`butter:200,5000,4,tilt`).
    pub fn parse_chain(s: &str) -> Result<Vec<Op>> {
        let mut items: Vec<String> = Vec::new();
        for tok in s.split(',') {
            let t = tok.trim();
            let cont = t
                .chars()
                .next()
                .is_some_and(|c| c.is_ascii_digit() || c == '.' || c == '-' || c == '+');
            match items.last_mut() {
                Some(last) if cont => {
                    last.push(',');
                    last.push_str(t);
                }
                _ => items.push(t.to_string()),
            }
        }
        if items.iter().all(|i| i.is_empty()) {
            return Err(Error::invalid("no op given"));
        }
        items.iter().map(|i| Op::parse(i)).collect()
    }

    /// The op's name as written on the command line.
    pub fn name(&self) -> &'static str {
        match self {
            Op::Rtp => "rtp",
            Op::RtpLowLat { .. } => "rtp-lowlat",
            Op::Rte => "rte",
            Op::Upcont { .. } => "upcont",
            Op::Downcont { .. } => "downcont",
            Op::Dz { .. } => "dz",
            Op::Dx => "dx",
            Op::Dy => "dy",
            Op::Thg => "thg",
            Op::As => "as",
            Op::Tilt => "tilt",
            Op::Theta => "theta",
            Op::Tdx => "tdx",
            Op::ThdrTilt => "thdr-tilt",
            Op::Agc { .. } => "agc",
            Op::Psg { .. } => "psg",
            Op::Vi => "vi",
            Op::GaussLp { .. } => "gauss-lp",
            Op::GaussHp { .. } => "gauss-hp",
            Op::Butter { .. } => "butter",
            Op::Cosine { .. } => "cosine",
            Op::Trend { .. } => "trend",
        }
    }

    /// True when the op needs the geomagnetic field direction.
    pub fn needs_direction(&self) -> bool {
        matches!(
            self,
            Op::Rtp | Op::RtpLowLat { .. } | Op::Rte | Op::Psg { .. }
        )
    }

    /// Units of the output given the input's units `u` (lengths in metres).
    pub fn output_units(&self, u: Option<&str>) -> Option<String> {
        let u = u.unwrap_or("");
        let per_m = |u: &str| {
            if u.is_empty() {
                "1/m".to_string()
            } else {
                format!("{u}/m")
            }
        };
        Some(match self {
            Op::Dz { n } if *n == 1.0 => per_m(u),
            Op::Dz { n } => format!("{u}/m^{n}"),
            Op::Dx | Op::Dy | Op::Thg | Op::As => per_m(u),
            Op::Tilt | Op::Tdx => "rad".into(),
            Op::Theta | Op::Agc { .. } => "1".into(),
            Op::ThdrTilt => "rad/m".into(),
            Op::Psg { .. } => "mGal".into(),
            Op::Vi => format!("{u}·m"),
            _ => {
                if u.is_empty() {
                    return None;
                }
                u.to_string()
            }
        })
    }
}
