#!/usr/bin/env bash
# Reference coordinates from PROJ's cs2cs for lode's CRS tests (tests/data/crs/cs2cs_reference.csv)
# and WKT fixtures from gdalsrsinfo (tests/data/crs/wkt/).
#
# For each (source, target) pair and point, two PROJ results are recorded:
#   proj_x, proj_y: cs2cs with the SAME proj strings lode uses (crs-definitions 0.6 + lode's two
#                   fix-ups), i.e. the same Helmert datum shift: a like-for-like check of lode's
#                   projection and datum-shift arithmetic.
#   best_x, best_y: cs2cs EPSG:A EPSG:B, PROJ's best transformation from its EPSG database
#                   (may use another Helmert set or a grid); docs/CRS.md lists the differences.
# All coordinates are in GIS order: x = easting or longitude (degrees), y = northing or latitude.
# Needs: cs2cs, projinfo (Debian proj-bin), gdalsrsinfo (gdal-bin), python3, and the cargo
# registry source of crs-definitions-0.6.0 (run `cargo fetch` first).
set -euo pipefail
cd "$(dirname "$0")/.."
DEFS=$(ls -d "${CARGO_HOME:-$HOME/.cargo}"/registry/src/*/crs-definitions-0.6.0/src/defs.rs | head -1)
OUT=tests/data/crs
mkdir -p "$OUT/wkt"

python3 - "$DEFS" "$OUT/cs2cs_reference.csv" <<'EOF'
import json, subprocess, sys, re
defs_path, out_path = sys.argv[1], sys.argv[2]
defs = {}
for line in open(defs_path, encoding="utf-8"):
    m = re.match(r'^EPSG_(\d+)\|\d+\|"([^"]*)"\|', line)
    if m:
        defs[int(m.group(1))] = m.group(2).strip()

def lode_proj(code):
    """The proj string lode's Crs::from_epsg uses (see fix_epsg_proj4 in crs/mod.rs)."""
    p = defs[code].replace("+datum=NAD27", "+ellps=clrk66 +towgs84=-8,160,176")
    p = p.replace("+datum=potsdam", "+ellps=bessel +towgs84=598.1,73.7,418.2,0.202,0.045,-2.455,6.7")
    p = p.replace("+datum=OSGB36", "+ellps=airy +towgs84=446.448,-125.157,542.06,0.15,0.247,0.842,-20.489")
    has = any(k in p for k in ("+datum=", "+towgs84=", "+nadgrids="))
    if not has and ("+ellps=GRS80" in p or "+ellps=WGS84" in p):
        p += " +towgs84=0,0,0,0,0,0,0"
    return p

def geographic(code):
    return "+proj=longlat" in defs[code]

def north_first(code):
    j = json.loads(subprocess.check_output(["projinfo", "-o", "PROJJSON", "-q", f"EPSG:{code}"]))
    axes = j["coordinate_system"]["axis"]
    # polar CRSs have two "north" axes: the abbreviation tells easting from northing
    return axes[0]["direction"] in ("north", "south") and axes[0]["abbreviation"].upper() != "E"

def cs2cs(args, pts):
    inp = "".join(f"{x!r} {y!r}\n" for x, y in pts)
    out = subprocess.run(["cs2cs", "-f", "%.9f"] + args, input=inp, capture_output=True, text=True, check=True).stdout
    res = []
    for line in out.strip().split("\n"):
        f = line.split()
        res.append((float(f[0]), float(f[1])) if f[0] != "*" else (float("nan"), float("nan")))
    return res

def by_proj(a, b, pts):
    return cs2cs(lode_proj(a).split() + ["+type=crs", "+to"] + lode_proj(b).split() + ["+type=crs"], pts)

def by_epsg(a, b, pts):
    fa, fb = north_first(a), north_first(b)
    inp = [(y, x) if fa else (x, y) for x, y in pts]
    out = cs2cs([f"EPSG:{a}", f"EPSG:{b}"], inp)
    return [(y, x) if fb else (x, y) for x, y in out]

# Points (lon, lat) inside each CRS's area of use.
AREA = {
    32633: [(15.0, 52.0), (12.3, 45.1), (17.9, 66.5)],
    32652: [(129.0, 35.0), (126.1, 40.0), (131.5, 55.2)],
    32735: [(27.0, -15.0), (25.2, -29.9), (29.7, -3.0)],
    32761: [(0.0, -85.0), (135.0, -75.0), (-60.0, -88.0)],
    32661: [(0.0, 85.0), (-100.0, 80.0), (45.0, 88.0)],
    28404: [(21.0, 50.0), (19.5, 54.3), (22.9, 48.2)],
    28412: [(69.0, 45.0), (66.4, 52.0), (71.8, 40.1)],
    28466: [(33.0, 55.0), (31.2, 47.0), (35.6, 60.0)],
    28464: [(21.0, 50.0), (19.5, 54.3), (22.9, 48.2)],
    4284: [(37.6, 55.7), (60.6, 56.8), (21.0, 50.0)],
    3857: [(0.0, 0.0), (15.0, 52.0), (-70.5, -33.4), (179.0, 80.0)],
    25835: [(27.0, 60.0), (24.9, 61.5), (29.5, 65.0)],
    3067: [(27.0, 62.0), (25.5, 60.2), (28.7, 68.9)],
    28350: [(117.0, -25.0), (115.9, -31.9), (119.5, -20.1)],
    7850: [(117.0, -25.0), (115.9, -31.9), (119.5, -20.1)],
    2193: [(173.0, -41.0), (174.8, -36.9), (168.3, -46.4)],
    27700: [(-2.0, 52.0), (-0.1, 51.5), (-3.2, 55.9)],
    3035: [(10.0, 52.0), (2.35, 48.85), (23.7, 37.98)],
    3031: [(0.0, -75.0), (166.7, -77.8), (-70.0, -70.0)],
    26915: [(-93.0, 45.0), (-94.6, 39.1), (-91.2, 47.5)],
    2154: [(3.0, 46.5), (2.35, 48.85), (5.37, 43.3)],
    5070: [(-96.0, 23.0), (-77.0, 38.9), (-118.2, 34.05)],
    31468: [(12.0, 50.0), (11.58, 48.14), (13.4, 52.5)],
    4326: [(15.0, 52.0)],
}

PAIRS = [(c, 4326) for c in AREA if c != 4326] + [
    (28404, 32634), (25835, 3067), (28350, 7850), (32633, 3857), (28466, 32636), (4284, 28466),
]

rows = []
for a, b in PAIRS:
    lonlat = AREA[a]
    if geographic(a):
        src = lonlat
    else:
        src = [(round(x, 2), round(y, 2)) for x, y in by_proj(4326, a, lonlat)]
    proj = by_proj(a, b, src)
    best = by_epsg(a, b, src)
    for (x, y), (px, py), (bx, by) in zip(src, proj, best):
        rows.append((a, b, x, y, px, py, bx, by))

with open(out_path, "w") as f:
    f.write("# PROJ cs2cs reference: tools/make_crs_reference.sh; x = easting or longitude (deg), y = northing or latitude\n")
    f.write("src,dst,x,y,proj_x,proj_y,best_x,best_y\n")
    for r in rows:
        f.write(",".join(str(v) for v in r[:2]) + "," + ",".join(f"{v:.9f}" for v in r[2:]) + "\n")
print(f"{len(rows)} points written to {out_path}")
EOF

# WKT fixtures: ESRI, OGC WKT1 and WKT2 flavours from GDAL.
for code in 32633 28404 28466 28350 7850 3857 4326 25835 3067 2193 27700 3035 3031 26915 2154 5070 31468 32761; do
  gdalsrsinfo --config OSR_USE_NON_DEPRECATED NO -o wkt_esri "EPSG:$code" | sed '/^$/d' > "$OUT/wkt/esri_$code.prj"
  gdalsrsinfo --config OSR_USE_NON_DEPRECATED NO -o wkt1 "EPSG:$code" | sed '/^$/d' > "$OUT/wkt/ogc_$code.wkt"
  gdalsrsinfo --config OSR_USE_NON_DEPRECATED NO -o wkt2 "EPSG:$code" | sed '/^$/d' > "$OUT/wkt/wkt2_$code.wkt"
done
echo "WKT fixtures written to $OUT/wkt"

# Grid reprojection reference: a 70 × 40 grid of real ground gravity (NOAA NCEI southern Africa
# stations over the Bushveld Complex, public domain) gridded with gdal_grid (inverse distance,
# 0.05° cells, EPSG:4326, cells further than 0.12° from any station are no data), then warped by
# gdalwarp to WGS 84 / UTM 35S on an explicit 2.5 km geometry with -r bilinear and -r cubic
# (-et 0: exact transformer, no linear approximation).
SRC=${LODE_SHARED:-/work/shared}/data/south-africa-gravity/south-africa-gravity.ast.xz
if [ -f "$SRC" ]; then
  TMP=$(mktemp -d)
  xzcat "$SRC" | awk 'BEGIN{print "lon,lat,grav"} $1>-26.3 && $1<-23.7 && $2>26.2 && $2<30.3 {print $2","$1","$4}' > "$TMP/bushveld.csv"
  cat > "$TMP/bushveld.vrt" <<VRT
<OGRVRTDataSource><OGRVRTLayer name="bushveld"><SrcDataSource>$TMP/bushveld.csv</SrcDataSource><GeometryType>wkbPoint</GeometryType><GeometryField encoding="PointFromColumns" x="lon" y="lat" z="grav"/></OGRVRTLayer></OGRVRTDataSource>
VRT
  gdal_grid -q -l bushveld -zfield grav \
    -a invdist:power=2:radius1=0.12:radius2=0.12:max_points=12:min_points=1:nodata=-9999 \
    -txe 26.5 30 -tye -26 -24 -outsize 70 40 -ot Float32 -a_srs EPSG:4326 -of GTiff "$TMP/bushveld.vrt" "$TMP/src.tif"
  gdal_translate -q -of AAIGrid "$TMP/src.tif" "$OUT/bushveld_gravity_4326.asc"
  for r in bilinear cubic; do
    gdalwarp -q -overwrite -et 0 -s_srs EPSG:4326 -t_srs "+proj=utm +zone=35 +south +datum=WGS84 +units=m +no_defs" \
      -te 500000 7150000 750000 7320000 -tr 2500 2500 -r $r -dstnodata -9999 -of GTiff "$TMP/src.tif" "$TMP/w_$r.tif"
    gdal_translate -q -of AAIGrid "$TMP/w_$r.tif" "$OUT/bushveld_gravity_32735_$r.asc"
  done
  # gdalwarp's own choice of output cell size (GDALSuggestedWarpOutput2) for the same warp
  gdalwarp -q -overwrite -et 0 -t_srs "+proj=utm +zone=35 +south +datum=WGS84 +units=m +no_defs" -of GTiff "$TMP/src.tif" "$TMP/default.tif"
  gdalinfo -json "$TMP/default.tif" | python3 -c 'import json,sys; g=json.load(sys.stdin)["geoTransform"]; print("%.9f %.9f" % (g[1], -g[5]))' > "$OUT/gdalwarp_default_cell.txt"
  rm -f "$OUT"/*.aux.xml "$OUT"/*.prj
  rm -rf "$TMP"
  echo "grid references written to $OUT"
else
  echo "skipping grid references: $SRC not found"
fi
