//! lode-synth: the synthetic district with known deposits that `lode demo` runs on.
