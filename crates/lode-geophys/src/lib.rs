//! lode-geophys: the geophysics of potential fields and radiometrics.
