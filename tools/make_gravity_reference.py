"""Reference normal gravity (boule GRS80) and Bouguer correction (Harmonica) for lode's tests.

Reads tests/data/gravity/bushveld.txt (lat, lon, elevation m, gravity mGal), takes every 14th
station (~100) and writes tests/data/gravity/reference.csv with
lat, elevation, normal_gravity_mgal (boule.GRS80.normal_gravity at the elevation),
normal_gravity_ellipsoid_mgal (height 0) and bouguer_correction_mgal
(harmonica.bouguer_correction, density 2670 kg/m³).
"""
import pathlib

import boule
import harmonica
import numpy as np

root = pathlib.Path(__file__).resolve().parent.parent
data = np.loadtxt(root / "tests/data/gravity/bushveld.txt")[::14]
lat, h = data[:, 0], data[:, 2]
g_h = boule.GRS80.normal_gravity((np.zeros_like(lat), lat, h))
g_0 = boule.GRS80.normal_gravity((np.zeros_like(lat), lat, np.zeros_like(h)))
bc = harmonica.bouguer_correction(h, density_crust=2670)
with open(root / "tests/data/gravity/reference.csv", "w") as f:
    f.write("lat,elevation,normal_gravity_mgal,normal_gravity_ellipsoid_mgal,bouguer_correction_mgal\n")
    for row in zip(lat, h, g_h, g_0, bc):
        f.write(",".join(repr(float(x)) for x in row) + "\n")
print(len(lat), "stations; boule", boule.__version__, "harmonica", harmonica.__version__)
