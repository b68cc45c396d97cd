//! Akima's (1970) local cubic interpolation: a C¹ piecewise cubic whose slope at each datum is a
//! weighted mean of the neighbouring chord slopes, so it follows the data without the overshoot
//! of a global spline. H. Akima, "A new method of interpolation and smooth curve fitting based on
//! local procedures", J. ACM 17(4), 589–602, 1970, eqs. (1)–(4), with the end extension of §3
//! (two extra chord slopes extrapolated linearly at each end).

/// An Akima interpolant of strictly increasing abscissae.
#[derive(Debug, Clone)]
pub struct Akima {
    x: Vec<f64>,
    y: Vec<f64>,
    t: Vec<f64>,
}

impl Akima {
    /// The interpolant through (x, y); `x` strictly increasing, at least two points. None otherwise.
    pub fn new(x: Vec<f64>, y: Vec<f64>) -> Option<Akima> {
        let n = x.len();
        if n < 2 || y.len() != n || x.windows(2).any(|w| w[1] <= w[0]) {
            return None;
        }
        let mut m = vec![0.0; n + 3];
        for i in 0..n - 1 {
            m[i + 2] = (y[i + 1] - y[i]) / (x[i + 1] - x[i]);
        }
        if n == 2 {
            return Some(Akima {
                t: vec![m[2]; 2],
                x,
                y,
            });
        }
        m[1] = 2.0 * m[2] - m[3];
        m[0] = 2.0 * m[1] - m[2];
        m[n + 1] = 2.0 * m[n] - m[n - 1];
        m[n + 2] = 2.0 * m[n + 1] - m[n];
        let t = (0..n)
            .map(|i| {
                let (m0, m1, m2, m3) = (m[i], m[i + 1], m[i + 2], m[i + 3]);
                let w1 = (m3 - m2).abs();
                let w2 = (m1 - m0).abs();
                if w1 + w2 <= 1e-12 * (m1.abs() + m2.abs()).max(f64::MIN_POSITIVE) {
                    0.5 * (m1 + m2)
                } else {
                    (w1 * m1 + w2 * m2) / (w1 + w2)
                }
            })
            .collect();
        Some(Akima { x, y, t })
    }

    /// The first abscissa.
    pub fn start(&self) -> f64 {
        self.x[0]
    }

    /// The last abscissa.
    pub fn end(&self) -> f64 {
        self.x[self.x.len() - 1]
    }

    /// Index i of the interval [x_i, x_{i+1}] holding `xq` (clamped to the ends).
    pub fn interval(&self, xq: f64) -> usize {
        let k = self.x.partition_point(|&v| v <= xq);
        k.saturating_sub(1).min(self.x.len() - 2)
    }

    /// Width of the interval holding `xq`.
    pub fn gap_at(&self, xq: f64) -> f64 {
        let i = self.interval(xq);
        self.x[i + 1] - self.x[i]
    }

    /// The interpolated value at `xq`; NaN outside [start, end].
    pub fn eval(&self, xq: f64) -> f64 {
        if !(xq >= self.start() && xq <= self.end()) {
            return f64::NAN;
        }
        let i = self.interval(xq);
        let h = self.x[i + 1] - self.x[i];
        let s = (xq - self.x[i]) / h;
        let (y0, y1) = (self.y[i], self.y[i + 1]);
        let (t0, t1) = (self.t[i] * h, self.t[i + 1] * h);
        let s2 = s * s;
        let s3 = s2 * s;
        (2.0 * s3 - 3.0 * s2 + 1.0) * y0
            + (s3 - 2.0 * s2 + s) * t0
            + (-2.0 * s3 + 3.0 * s2) * y1
            + (s3 - s2) * t1
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reproduces_lines_and_data() {
        let x: Vec<f64> = vec![0.0, 1.0, 2.5, 3.0, 7.0];
        let y: Vec<f64> = x.iter().map(|v| 2.0 * v - 1.0).collect();
        let a = Akima::new(x.clone(), y).unwrap();
        for q in [0.0, 0.3, 1.7, 2.9, 5.5, 7.0] {
            assert!((a.eval(q) - (2.0 * q - 1.0)).abs() < 1e-12);
        }
        let y2 = vec![1.0, 4.0, -2.0, 0.5, 3.0];
        let b = Akima::new(x.clone(), y2.clone()).unwrap();
        for (xi, yi) in x.iter().zip(&y2) {
            assert!((b.eval(*xi) - yi).abs() < 1e-12);
        }
        assert!(b.eval(7.1).is_nan());
    }

    #[test]
    fn no_overshoot_at_a_step() {
        let x: Vec<f64> = (0..8).map(f64::from).collect();
        let y = vec![0.0, 0.0, 0.0, 0.0, 1.0, 1.0, 1.0, 1.0];
        let a = Akima::new(x, y).unwrap();
        for k in 0..=70 {
            let v = a.eval(k as f64 * 0.1);
            assert!((-1e-12..=1.0 + 1e-12).contains(&v), "{v}");
        }
    }
}
