//! Helpers shared by the lode-geophys integration tests.

/// The numeric rows of a CSV fixture in tests/data/<folder>/ (header skipped).
pub fn csv(folder: &str, name: &str) -> Vec<Vec<f64>> {
    let path = format!(
        "{}/../../tests/data/{folder}/{name}",
        env!("CARGO_MANIFEST_DIR")
    );
    let text = std::fs::read_to_string(&path).expect(&path);
    text.lines()
        .skip(1)
        .map(|l| l.split(',').map(|s| s.parse::<f64>().unwrap()).collect())
        .collect()
}
