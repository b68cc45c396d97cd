#!/usr/bin/env bash
# Regenerate tests/data/netcdf/: small netCDF grids written by GMT 6, GDAL and the Unidata
# netCDF-C library (through netCDF4-python), with the values and geometry those tools read back.
#
# For every fixture NAME.nc this writes
#   NAME.xyz   x y z of every cell centre (GMT nodes / GDAL pixel centres), NaN for no data,
#              dumped by the tool that wrote the file (gmt grd2xyz, gdal_translate -of XYZ, netCDF4)
#   NAME.info  key=value: cols rows xmin ymin xmax ymax (outer cell edges) epsg units field
#
# Needs: gmt (6.x), gdal_translate/gdalinfo, xz, and the project venv with netCDF4
# ($LODE_PYTHON or .venv/bin/python). Reads the real gravity stations from the sample data
# directory given in LODE_SAMPLE_DATA (only this script does; tests read the committed fixtures).
set -euo pipefail
export LC_ALL=C

root=$(cd "$(dirname "$0")/.." && pwd)
out=$root/tests/data/netcdf
py=${LODE_PYTHON:-$root/.venv/bin/python}
shared=${LODE_SAMPLE_DATA:?set LODE_SAMPLE_DATA to the directory of the sample data sets}
mkdir -p "$out"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$tmp"

# Force GMT's netCDF-4 path (deflate level 3, shuffle, chunking) even for these tiny grids:
# with IO_NC4_CHUNK_SIZE=auto GMT falls back to classic netCDF for grids smaller than a chunk.
NC4="--IO_NC4_CHUNK_SIZE=8 --IO_NC4_DEFLATION_LEVEL=3"
F="--FORMAT_FLOAT_OUT=%.10g"

# gmt_info NAME EPSG UNITS FIELD: NAME.info from `gmt grdinfo -C` (w e s n z0 z1 dx dy nx ny reg).
gmt_info() {
    gmt grdinfo -C "$out/$1.nc" | awk -v epsg="$2" -v units="$3" -v field="$4" '{
        w=$2; e=$3; s=$4; n=$5; dx=$8; dy=$9; nx=$10; ny=$11; reg=$12;
        if (reg == 0) { w -= dx/2; e += dx/2; s -= dy/2; n += dy/2 }
        printf "cols=%d\nrows=%d\nxmin=%.12g\nymin=%.12g\nxmax=%.12g\nymax=%.12g\n", nx, ny, w, s, e, n
        printf "epsg=%s\nunits=%s\nfield=%s\n", epsg, units, field }' > "$out/$1.info"
    gmt grd2xyz "$out/$1.nc" $F > "$out/$1.xyz"
}

# 1. GMT default netCDF-4 (deflate + chunks), Cartesian, gridline, one NaN node (10·X + Y = 224).
gmt grdmath -R0/50/0/30 -I2 X 10 MUL Y ADD 224 NAN = "$out/gmt_nc4_cartesian.nc" $NC4
gmt_info gmt_nc4_cartesian none "" z

# 2. GMT classic float (=nf), geographic, pixel registration.
gmt grdmath -R10/15/-30/-26 -I0.25 -r -fg X SIND Y COSD MUL 1000 MUL X ADD = "$out/gmt_nf_geo_pixel.nc=nf"
gmt_info gmt_nf_geo_pixel 4326 "" z

# 3. GMT classic 16-bit integers with scale_factor 0.5, add_offset 100, _FillValue -9999; one NaN.
gmt grdmath -R0/5/0/4 -I1 X 10 MUL Y ADD 23 NAN = "$out/gmt_ns_scaled.nc=ns+s0.5+o100+n-9999"
gmt_info gmt_ns_scaled none "" z

# 3b. GMT's legacy pre-COARDS netCDF (=cf): z(xysize) north row first, x_range/y_range/dimension.
gmt grdmath -R0/5/0/4 -I1 X 10 MUL Y ADD 23 NAN = "$out/gmt_cf_legacy.nc=cf"
gmt_info gmt_cf_legacy none "" z

# 4. GMT netCDF-4, projected (UTM 33N via grdedit -J: a `grid_mapping` variable with spatial_ref).
gmt grdmath -R500000/510000/6000000/6006000 -I500 X 500000 SUB 500 DIV Y 6000000 SUB 0.01 MUL ADD = "$out/gmt_nc4_utm33.nc" $NC4
gmt grdedit "$out/gmt_nc4_utm33.nc" -JEPSG:32633 $NC4
gmt_info gmt_nc4_utm33 32633 "" z

# 5. Real data: NCEI observed gravity stations of southern Africa (public domain) around the
#    Bushveld Complex, block-mean + near-neighbour gridded, then written by xyz2grd as netCDF-4, variable
#    `gravity`, long_name/units from "observed gravity [mGal]"; empty nodes are NaN.
xz -dc "$shared/south-africa-gravity/south-africa-gravity.ast.xz" | awk '{print $2, $1, $4}' \
    | gmt blockmean -R26/30/-26/-24 -I0.1 -fg > st.xyz
gmt nearneighbor st.xyz -R26/30/-26/-24 -I0.1 -S15k -N1 -fg -Gnn.nc
gmt grd2xyz nn.nc $F | gmt xyz2grd -R26/30/-26/-24 -I0.1 -fg -G"$out/gravity_bushveld.nc" \
    -D+z"observed gravity [mGal]"+v"gravity" $NC4
gmt_info gravity_bushveld 4326 mGal "observed gravity"

# 6–8. GDAL from a small GeoTIFF in EPSG:32633 with a -9999 no-data cell.
gmt grdmath -R500000/512000/6000000/6008000 -I1000 -r X 500000 SUB 100 DIV Y 6000000 SUB 1000 DIV ADD \
    55.5 NAN = src.nc=nf
gdal_translate -q -of GTiff -a_srs EPSG:32633 -a_nodata -9999 src.nc src.tif
gdal_info() {
    "$py" - "$out/$1.nc" "$2" <<'EOF' > "$out/$1.info"
import json, re, subprocess, sys
info = json.loads(subprocess.check_output(["gdalinfo", "-json", sys.argv[1]]))
gt = info["geoTransform"]
cols, rows = info["size"]
wkt = info.get("coordinateSystem", {}).get("wkt", "")
ids = re.findall(r'ID\["EPSG",(\d+)\]\]$', wkt.strip())
epsg = ids[-1] if ids else "none"
assert epsg == sys.argv[2], (epsg, sys.argv[2])
y = [gt[3], gt[3] + rows * gt[5]]
print(f"cols={cols}\nrows={rows}\nxmin={gt[0]!r}\nymin={min(y)!r}\nxmax={gt[0] + cols * gt[1]!r}\nymax={max(y)!r}")
band = info["bands"][0].get("metadata", {}).get("", {})
print(f"epsg={epsg}\nunits={band.get('units', '')}\nfield={band.get('long_name', '')}")
EOF
    gdal_translate -q -of XYZ -co DECIMAL_PRECISION=10 "$out/$1.nc" "$tmp/$1.xyz"
    awk '{ if ($3 + 0 == -9999 || $3 == "nan") $3 = "NaN"; print }' "$tmp/$1.xyz" > "$out/$1.xyz"
}
gdal_translate -q -of netCDF -co FORMAT=NC src.tif "$out/gdal_nc3_utm33.nc"
gdal_info gdal_nc3_utm33 32633
gdal_translate -q -of netCDF -co FORMAT=NC4 -co COMPRESS=DEFLATE src.tif "$out/gdal_nc4_utm33.nc"
gdal_info gdal_nc4_utm33 32633
# 64-bit offset (CDF-2), rows written north first (y decreasing).
gdal_translate -q -of netCDF -co FORMAT=NC2 -co WRITE_BOTTOMUP=NO src.tif "$out/gdal_nc2_topdown.nc"
gdal_info gdal_nc2_topdown 32633

# 9. CDF-5 (64-bit data) from netCDF-C: anomaly(time=1, lat descending, lon) double with
#    missing_value, the same transposed as anomaly_t(lon, lat), and elevation(lat, lon) int32 with
#    _FillValue; plus a file with no 2-D variable.
"$py" - "$out" <<'EOF'
import sys
import numpy as np
import netCDF4

out = sys.argv[1]
lon = 20.0 + 0.5 * np.arange(7)
lat = -10.0 - 0.25 * np.arange(5)
with netCDF4.Dataset(f"{out}/py_cdf5.nc", "w", format="NETCDF3_64BIT_DATA") as d:
    d.Conventions = "CF-1.7"
    d.createDimension("time", 1)
    d.createDimension("lat", lat.size)
    d.createDimension("lon", lon.size)
    v = d.createVariable("lat", "f8", ("lat",)); v.units = "degrees_north"; v[:] = lat
    v = d.createVariable("lon", "f8", ("lon",)); v.units = "degrees_east"; v[:] = lon
    v = d.createVariable("time", "f8", ("time",)); v.units = "days since 2000-01-01"; v[:] = [0.0]
    a = d.createVariable("anomaly", "f8", ("time", "lat", "lon"))
    a.units = "nT"; a.long_name = "total field anomaly"; a.missing_value = -1.0e30
    z = np.add.outer(np.cos(np.radians(lat)) * 100.0, lon * 1.5)
    z[2, 3] = -1.0e30
    a[0, :, :] = z
    t = d.createVariable("anomaly_t", "f8", ("lon", "lat"))
    t.units = "nT"; t.missing_value = -1.0e30
    t[:, :] = z.T
    e = d.createVariable("elevation", "i4", ("lat", "lon"), fill_value=-32767)
    e.units = "m"
    el = (np.arange(35).reshape(5, 7) * 37 - 400).astype("i4")
    el[4, 6] = -32767
    e[:, :] = el
with netCDF4.Dataset(f"{out}/no_grid.nc", "w", format="NETCDF3_CLASSIC") as d:
    d.createDimension("n", 4)
    v = d.createVariable("profile", "f4", ("n",)); v[:] = [1, 2, 3, 4]

def dump(name, var, cols):
    with netCDF4.Dataset(f"{out}/py_cdf5.nc") as d:
        la, lo = d["lat"][:], d["lon"][:]
        z = np.ma.filled(d[var][:].astype("f8"), np.nan).reshape(la.size, lo.size)
        with open(f"{out}/{name}.xyz", "w") as f:
            for i, y in enumerate(la):
                for j, x in enumerate(lo):
                    f.write(f"{x:.10g} {y:.10g} {'NaN' if np.isnan(z[i, j]) else format(z[i, j], '.10g')}\n")
        with open(f"{out}/{name}.info", "w") as f:
            f.write(f"cols={lo.size}\nrows={la.size}\nxmin=19.75\nymin=-11.125\nxmax=23.25\nymax=-9.875\n")
            f.write(f"epsg=4326\nunits={d[var].units}\nfield={cols}\n")

dump("py_cdf5", "anomaly", "total field anomaly")
dump("py_cdf5.elevation", "elevation", "elevation")
EOF

rm -f "$out"/*.aux.xml
ls -l "$out"
