//! Integration tests of lode-synth, one binary (each former test file is a module).

mod district;
