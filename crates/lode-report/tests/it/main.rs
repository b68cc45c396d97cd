//! Integration tests of lode-report, one binary (each former test file is a module).

mod common;
mod maps;
mod report;
