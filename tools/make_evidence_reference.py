#!/usr/bin/env python3
"""Build the evidence-layer fixtures and reference values in tests/data/evidence/.

    .venv/bin/python tools/make_evidence_reference.py   (needs shapely, jenkspy, mapclassify,
                                                          numpy and GDAL's gdal_rasterize)

Writes (deterministic: numpy seed 6):
  lines.geojson, points.geojson  random fault-like polylines and points (EPSG:32750)
  map.geojson    a topological polygon map: a jittered 5 x 4 lattice of quadrilaterals whose
                 shared edges carry shared mid-edge vertices, one quad with a hole filled by an
                 "intrusion" polygon; attributes unit (text), density (float)
  grid.json      the test grid (64 x 48 cells, 50 m x 40 m, non-round corner)
  distances.csv  per cell centre: distance to lines and to points, signed distance to the map's
                 polygon boundaries (negative inside), distance to the contacts (the shared
                 boundaries of polygons of different unit): all by shapely (GEOS), to 1e-8 m
  map_unit.tif, map_density.tif   gdal_rasterize -a unit_code / -a density of map.geojson on
                 the grid (Float64, nodata -9999); unit_code = 1-based rank of the sorted unique unit
  geology_code.tif  gdal_rasterize -a code of geology.gpkg (the synthetic district of `lode demo`)
                 on a 100 m grid over its 40 x 40 km extent
  geology_contacts.csv  shapely distance to the lithological contacts of geology.gpkg on a 1 km
                 grid (40 x 40 cells); its neighbours repeat shared boundaries only to 0.1 mm,
                 so a contact is the part of a boundary within 1 mm of the other's (pieces > 1 cm)
  classify.json  jenkspy natural breaks (k = 3, 5, 7) of the 3416 values of
                 ../transforms_britain/grid.f32 (real BGS aeromagnetic grid), mapclassify
                 Quantiles and EqualInterval edges, and mapclassify FisherJenks on its first 400
                 values; numbers as repr strings (exact round trip)
"""
import json
import os
import subprocess

import jenkspy
import mapclassify
import numpy as np
import shapely
from shapely.geometry import LineString, MultiLineString, Point, Polygon, shape
from shapely.ops import unary_union

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
OUT = os.path.join(ROOT, "tests", "data", "evidence")
EPSG = 32750
COLS, ROWS, DX, DY = 64, 48, 50.0, 40.0
X0, Y0 = 500123.37, 7003210.71


def fc(name, feats):
    return {
        "type": "FeatureCollection",
        "name": name,
        "crs": {"type": "name", "properties": {"name": f"urn:ogc:def:crs:EPSG::{EPSG}"}},
        "features": feats,
    }


def feat(props, geom):
    return {"type": "Feature", "properties": props, "geometry": shapely.geometry.mapping(geom)}


def write_json(name, obj):
    with open(os.path.join(OUT, name), "w") as f:
        json.dump(obj, f, indent=None, separators=(",", ":"))
        f.write("\n")


def main():
    os.makedirs(OUT, exist_ok=True)
    rng = np.random.default_rng(6)
    w, h = COLS * DX, ROWS * DY

    lines = []
    for k in range(5):
        start = np.array([X0 - 300 + rng.uniform(0, w + 600), Y0 + 200 - rng.uniform(0, h + 400)])
        az = rng.uniform(0, np.pi)
        pts = [start]
        for _ in range(9):
            az += rng.normal(0, 0.25)
            step = rng.uniform(150, 600)
            pts.append(pts[-1] + step * np.array([np.cos(az), np.sin(az)]))
        lines.append(feat({"id": k + 1}, LineString(pts)))
    # A multi-line and a line crossing the others.
    lines.append(feat({"id": 6}, MultiLineString([
        [(X0 + 100.3, Y0 - 100.7), (X0 + w - 80.2, Y0 - h + 90.1)],
        [(X0 + 40.9, Y0 - h + 30.3), (X0 + 900.5, Y0 - h / 2)],
    ])))
    write_json("lines.geojson", fc("lines", lines))

    pts = [feat({"id": k + 1}, Point(X0 + rng.uniform(-200, w + 200), Y0 - rng.uniform(-200, h + 200)))
           for k in range(12)]
    write_json("points.geojson", fc("points", pts))

    # Topological map: lattice nodes jittered, shared mid-edge vertices.
    nx, ny = 6, 5
    xs = np.linspace(X0 + 130.5, X0 + w + 420.25, nx)
    ys = np.linspace(Y0 - 60.75, Y0 - h + 110.5, ny)
    node = {}
    for i in range(nx):
        for j in range(ny):
            jit = rng.uniform(-90, 90, 2) if 0 < i < nx - 1 and 0 < j < ny - 1 else np.zeros(2)
            node[i, j] = (xs[i] + jit[0], ys[j] + jit[1])
    mid = {}

    def midpoint(a, b):
        key = tuple(sorted([a, b]))
        if key not in mid:
            pa, pb = np.array(node[key[0]]), np.array(node[key[1]])
            m = (pa + pb) / 2
            d = pb - pa
            nrm = np.array([-d[1], d[0]]) / np.hypot(*d)
            interior = not ((key[0][0] == key[1][0] and key[0][0] in (0, nx - 1))
                            or (key[0][1] == key[1][1] and key[0][1] in (0, ny - 1)))
            off = rng.uniform(-70, 70) if interior else 0.0
            mid[key] = tuple(m + off * nrm)
        return mid[key]

    units = ["basalt", "granite", "schist", "bif", "sandstone"]
    map_feats = []
    hole_done = False
    for i in range(nx - 1):
        for j in range(ny - 1):
            c = [(i, j), (i + 1, j), (i + 1, j + 1), (i, j + 1)]
            ring = []
            for a, b in zip(c, c[1:] + c[:1]):
                ring.append(node[a])
                ring.append(midpoint(a, b))
            unit = units[int(rng.integers(0, len(units)))]
            dens = round(float(rng.uniform(2.5, 3.3)), 3)
            holes = []
            if not hole_done and i == 2 and j == 1:
                cx, cy = np.mean([p[0] for p in ring]), np.mean([p[1] for p in ring])
                t = np.linspace(0, 2 * np.pi, 13)[:-1]
                hole = [(cx + 160.3 * np.cos(a), cy + 120.7 * np.sin(a)) for a in t]
                holes = [hole]
                hole_done = True
                map_feats.append(feat({"unit": "syenite", "density": 2.71}, Polygon(hole)))
            map_feats.append(feat({"unit": unit, "density": dens}, Polygon(ring, holes)))
    write_json("map.geojson", fc("map", map_feats))

    write_json("grid.json", {"cols": COLS, "rows": ROWS, "x0": X0, "y0": Y0, "dx": DX, "dy": DY})

    # Shapely references.
    line_geom = unary_union([shape(f["geometry"]) for f in lines])
    point_geom = unary_union([shape(f["geometry"]) for f in pts])
    polys = [(shape(f["geometry"]), f["properties"]["unit"]) for f in map_feats]
    boundaries = unary_union([p.boundary for p, _ in polys])
    cover = unary_union([p for p, _ in polys])
    contacts = []
    for a in range(len(polys)):
        for b in range(a + 1, len(polys)):
            if polys[a][1] != polys[b][1]:
                s = polys[a][0].boundary.intersection(polys[b][0].boundary)
                if not s.is_empty and s.length > 0:
                    contacts.append(s)
    contact_geom = unary_union(contacts)
    rows = ["col,row,d_lines,d_points,signed_map,d_contacts"]
    for r in range(ROWS):
        for c in range(COLS):
            x, y = X0 + (c + 0.5) * DX, Y0 - (r + 0.5) * DY
            p = Point(x, y)
            sd = boundaries.distance(p)
            if cover.contains(p):
                sd = -sd
            vals = [line_geom.distance(p), point_geom.distance(p), sd, contact_geom.distance(p)]
            rows.append(f"{c},{r}," + ",".join(f"{v:.8f}" for v in vals))
    with open(os.path.join(OUT, "distances.csv"), "w") as f:
        f.write("\n".join(rows) + "\n")

    # gdal_rasterize references.
    names = sorted({f["properties"]["unit"] for f in map_feats})
    coded = [dict(f, properties=dict(f["properties"], unit_code=names.index(f["properties"]["unit"]) + 1))
             for f in map_feats]
    tmp = os.path.join(OUT, "_coded.geojson")
    write_json("_coded.geojson", fc("map", coded))
    te = [str(v) for v in (X0, Y0 - ROWS * DY, X0 + COLS * DX, Y0)]
    for attr, out in (("unit_code", "map_unit.tif"), ("density", "map_density.tif")):
        subprocess.run(["gdal_rasterize", "-q", "-a", attr, "-te", *te, "-ts", str(COLS), str(ROWS),
                        "-ot", "Float64", "-a_nodata", "-9999", "-init", "-9999",
                        "-co", "COMPRESS=DEFLATE", tmp, os.path.join(OUT, out)], check=True)
    os.remove(tmp)
    geology = os.path.join(OUT, "geology.gpkg")
    if os.path.exists(geology):
        subprocess.run(["gdal_rasterize", "-q", "-a", "code", "-te", "400000", "6700000", "440000",
                        "6740000", "-tr", "100", "100", "-ot", "Float32", "-a_nodata", "-9999",
                        "-init", "-9999", "-co", "COMPRESS=DEFLATE", geology,
                        os.path.join(OUT, "geology_code.tif")], check=True)

    # Contacts of the district geology (lithology attribute) on a 1 km grid, by shapely.
    if os.path.exists(geology):
        import json as _json
        gj = subprocess.run(["ogr2ogr", "-f", "GeoJSON", "/vsistdout/", geology],
                            check=True, capture_output=True).stdout
        gfeats = _json.loads(gj)["features"]
        gpolys = [(shape(f["geometry"]), f["properties"]["lithology"]) for f in gfeats]
        pieces = []
        for a in range(len(gpolys)):
            for b in range(a + 1, len(gpolys)):
                if gpolys[a][1] != gpolys[b][1]:
                    # Neighbours repeat their common boundary only to ~0.1 mm (f32 rounding):
                    # the part of a's boundary within 1 mm of b's, pieces shorter than 1 cm dropped.
                    s = gpolys[a][0].boundary.intersection(gpolys[b][0].boundary.buffer(1e-3))
                    s = shapely.line_merge(unary_union(s)) if not s.is_empty else s
                    for g in getattr(s, "geoms", [s]):
                        if g.geom_type == "LineString" and g.length > 1e-2:
                            pieces.append(g)
        gc = unary_union(pieces)
        out = ["col,row,d_contacts"]
        for r in range(40):
            for c in range(40):
                p = Point(400000 + (c + 0.5) * 1000, 6740000 - (r + 0.5) * 1000)
                out.append(f"{c},{r},{gc.distance(p):.8f}")
        with open(os.path.join(OUT, "geology_contacts.csv"), "w") as f:
            f.write("\n".join(out) + "\n")

    # Classification references on real data.
    vals = np.fromfile(os.path.join(ROOT, "tests", "data", "transforms_britain", "grid.f32"), "<f4")
    vals = vals[np.isfinite(vals)].astype(np.float64)
    ref = {"source": "tests/data/transforms_britain/grid.f32", "n": int(vals.size),
           "jenkspy": jenkspy.__version__, "mapclassify": mapclassify.__version__,
           "jenks": {}, "quantile": {}, "equal_interval": {}, "fisher_jenks_first400": {}}
    for k in (3, 5, 7):
        ref["jenks"][str(k)] = [repr(float(v)) for v in jenkspy.jenks_breaks(vals, n_classes=k)]
        ref["quantile"][str(k)] = [repr(float(v)) for v in mapclassify.Quantiles(vals, k=k).bins]
        ref["equal_interval"][str(k)] = [repr(float(v)) for v in mapclassify.EqualInterval(vals, k=k).bins]
        fj = mapclassify.FisherJenks(vals[:400], k=k)
        ref["fisher_jenks_first400"][str(k)] = [repr(float(v)) for v in fj.bins]
    write_json("classify.json", ref)


if __name__ == "__main__":
    main()
