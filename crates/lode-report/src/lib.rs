//! lode-report: maps, charts and the HTML report.
