#!/usr/bin/env python3
"""Make the small GeoTIFF fixtures of crates/lode-io/tests/it/geotiff_read.rs with GDAL.

Each fixture NAME.tif comes with what GDAL reads from it:
  NAME.expected.f64  band values as little-endian float64, row-major, row 0 = north
                     (`gdal_translate -of ENVI -ot Float64 -b BAND`; signed bytes reinterpreted
                     because GDAL 3.6 has no Int8 type)
  NAME.json          size, geotransform, nodata, EPSG code and proj string (`gdalinfo -json`,
                     `gdalsrsinfo -o proj4`), units and description of the band.
Run: /work/main/.venv/bin/python tools/make_geotiff_fixtures.py   (needs numpy and GDAL ≥ 3.5)
"""
import json, os, re, subprocess, sys, tempfile
import numpy as np

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "tests", "data", "geotiff")
COLS, ROWS = 37, 23
UTM = "500000 4500030 500925 4499340"  # 25 m × 30 m cells
GEO = "120.5 45.25 120.87 45.02"  # 0.01° cells
TM = ("+proj=tmerc +lat_0=0 +lon_0=24 +k=0.9996 +x_0=3500000 +y_0=0 +ellps=intl "
      "+towgs84=-87,-98,-121,0,0,0,0 +units=m +no_defs")

ENVI_TYPES = {"u8": (1, "u1"), "i8": (1, "u1"), "u16": (12, "<u2"), "i16": (2, "<i2"),
              "u32": (13, "<u4"), "i32": (3, "<i4"), "u64": (15, "<u8"), "i64": (14, "<i8"),
              "f32": (4, "<f4"), "f64": (5, "<f8")}
GDAL_TYPES = {"u8": "Byte", "i8": "Byte", "u16": "UInt16", "i16": "Int16", "u32": "UInt32",
              "i32": "Int32", "u64": "UInt64", "i64": "Int64", "f32": "Float32", "f64": "Float64"}


def field():
    """A smooth deterministic field in [-1, 1] with short-wavelength detail."""
    y, x = np.mgrid[0:ROWS, 0:COLS].astype(float)
    return 0.6 * np.sin(x / 5.3) * np.cos(y / 4.1) + 0.4 * np.sin((x * 7 + y * 13) / 3.7)


def values(kind, band=0):
    f = np.roll(field(), band * 3, axis=1)
    return {
        "u8": np.round((f + 1) * 127.5),
        "i8": np.round(f * 127).astype(np.int16) & 0xFF,
        "u16": np.round((f + 1) * 32767.5),
        "i16": np.round(f * 32000),
        "u32": np.round(3.0e9 + f * 1.0e9),
        "i32": np.round(f * 2.0e9),
        "u64": (2 ** 60 + np.round((f + 1) * 1e6).astype(np.int64) * 1234567).astype(np.uint64),
        "i64": (np.round(f * 1e6).astype(np.int64) * -98765432109),
        "f32": 48000.0 + f * 350.123456,
        "f64": 48000.0 + f * 350.123456789012345 + np.pi * 1e-9,
    }[kind]


def run(*cmd):
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)


def source(tmp, kind, bands=1, nodata=None, band_extra=""):
    """A raw binary file described by a GDAL VRT (VRTRawRasterBand)."""
    dt = ENVI_TYPES[kind][1]
    data = np.stack([values(kind, b) for b in range(bands)]).astype(dt)
    if nodata is not None:
        for b in range(bands):
            data[b, 3, 4:9] = nodata
            data[b, 17, 30] = nodata
    raw = os.path.join(tmp, "src.bin")
    data.tofile(raw)
    size = data.dtype.itemsize
    xml = f'<VRTDataset rasterXSize="{COLS}" rasterYSize="{ROWS}">\n'
    for b in range(bands):
        xml += (f'<VRTRasterBand dataType="{GDAL_TYPES[kind]}" band="{b + 1}" subClass="VRTRawRasterBand">'
                f'{band_extra}<SourceFilename relativetoVRT="1">src.bin</SourceFilename>'
                f'<ImageOffset>{b * ROWS * COLS * size}</ImageOffset><PixelOffset>{size}</PixelOffset>'
                f'<LineOffset>{COLS * size}</LineOffset><ByteOrder>LSB</ByteOrder></VRTRasterBand>\n')
    xml += "</VRTDataset>\n"
    path = os.path.join(tmp, "src.vrt")
    with open(path, "w") as f:
        f.write(xml)
    return path


def make(name, kind, co=(), srs="EPSG:32652", ullr=UTM, nodata=None, bands=1, band=1, mo=(), vrt_edit=""):
    with tempfile.TemporaryDirectory() as tmp:
        src = source(tmp, kind, bands, nodata, vrt_edit)
        out = os.path.join(OUT, name + ".tif")
        cmd = ["gdal_translate", "-q", "-ot", GDAL_TYPES[kind], "-a_srs", srs, "-a_ullr", *ullr.split()]
        if nodata is not None:
            cmd += ["-a_nodata", str(nodata)]
        if kind == "i8":
            cmd += ["-co", "PIXELTYPE=SIGNEDBYTE"]
        for c in co:
            cmd += ["-co", c]
        for m in mo:
            cmd += ["-mo", m]
        if os.path.exists(out):
            os.remove(out)
        run(*cmd, src, out)
        dump(name, band)


def dump(name, band=1):
    tif = os.path.join(OUT, name + ".tif")
    with tempfile.TemporaryDirectory() as tmp:
        raw = os.path.join(tmp, "d.bin")
        run("gdal_translate", "-q", "-of", "ENVI", "-ot", "Float64", "-b", str(band), tif, raw)
        v = np.fromfile(raw, "<f8")
    info = json.loads(subprocess.run(["gdalinfo", "-json", tif], check=True, capture_output=True).stdout)
    b = info["bands"][band - 1]
    if "PIXELTYPE=SIGNEDBYTE" in json.dumps(info) or b.get("metadata", {}).get("IMAGE_STRUCTURE", {}).get("PIXELTYPE") == "SIGNEDBYTE":
        v = np.where(v > 127, v - 256, v)
    v.astype("<f8").tofile(os.path.join(OUT, name + ".expected.f64"))
    wkt = info.get("coordinateSystem", {}).get("wkt", "")
    m = re.findall(r'ID\["EPSG",(\d+)\]\]$', wkt.strip())
    proj4 = subprocess.run(["gdalsrsinfo", "-o", "proj4", tif], capture_output=True, text=True).stdout.strip().strip("'")
    nd = b.get("noDataValue")
    meta = {
        "cols": info["size"][0], "rows": info["size"][1], "band": band,
        "geotransform": info["geoTransform"],
        "nodata": None if nd is None else str(nd),
        "epsg": int(m[0]) if m else None,
        "proj4": proj4 if wkt else None,
        "units": b.get("unit"), "description": b.get("description"),
        "area_or_point": info.get("metadata", {}).get("", {}).get("AREA_OR_POINT"),
    }
    with open(os.path.join(OUT, name + ".json"), "w") as f:
        json.dump(meta, f, indent=1, sort_keys=True)
        f.write("\n")


def main():
    os.makedirs(OUT, exist_ok=True)
    T16 = ["TILED=YES", "BLOCKXSIZE=16", "BLOCKYSIZE=16"]
    make("f32_strip_none", "f32")
    make("f32_tiled_deflate", "f32", T16 + ["COMPRESS=DEFLATE"])
    make("f32_tiled_deflate_pred3", "f32", T16 + ["COMPRESS=DEFLATE", "PREDICTOR=3"])
    make("f32_strip_zstd", "f32", ["COMPRESS=ZSTD", "BLOCKYSIZE=5"])
    make("f32_strip_packbits_bigendian", "f32", ["COMPRESS=PACKBITS", "ENDIANNESS=BIG"])
    make("f32_bigtiff_tiled_lzw_pred3", "f32", T16 + ["COMPRESS=LZW", "PREDICTOR=3", "BIGTIFF=YES"])
    make("f64_tiled_lzw_pred3", "f64", T16 + ["COMPRESS=LZW", "PREDICTOR=3"])
    make("f64_strip_zstd_pred3_bigendian", "f64", ["COMPRESS=ZSTD", "PREDICTOR=3", "ENDIANNESS=BIG", "BLOCKYSIZE=7"])
    make("u8_strip_lzw_pred2", "u8", ["COMPRESS=LZW", "PREDICTOR=2", "BLOCKYSIZE=5"])
    make("i8_strip_deflate", "i8", ["COMPRESS=DEFLATE"])
    make("u16_tiled_deflate_pred2", "u16", T16 + ["COMPRESS=DEFLATE", "PREDICTOR=2"])
    make("i16_strip_zstd_pred2_nodata", "i16", ["COMPRESS=ZSTD", "PREDICTOR=2"], nodata=-32768)
    make("i16_tiled_lzw_pred2_bigendian", "i16", T16 + ["COMPRESS=LZW", "PREDICTOR=2", "ENDIANNESS=BIG"])
    make("u32_strip_lzw_pred2", "u32", ["COMPRESS=LZW", "PREDICTOR=2"])
    make("i32_tiled_deflate_pred2", "i32", T16 + ["COMPRESS=DEFLATE", "PREDICTOR=2"])
    make("u64_strip_deflate", "u64", ["COMPRESS=DEFLATE"])
    make("i64_tiled_zstd_pred2", "i64", T16 + ["COMPRESS=ZSTD", "PREDICTOR=2"])
    make("f32_nodata_deflate", "f32", T16 + ["COMPRESS=DEFLATE"], nodata=-99999)
    make("f32_pulkovo_gk_28404", "f32", ["COMPRESS=DEFLATE"], srs="EPSG:28404",
         ullr="4500000 5600030 4500925 5599340")
    make("f32_geographic_4326", "f32", T16 + ["COMPRESS=DEFLATE"], srs="EPSG:4326", ullr=GEO)
    make("f32_user_tm", "f32", ["COMPRESS=LZW"], srs=TM, ullr="3400000 7000030 3400925 6999340")
    make("f32_pixel_is_point", "f32", ["COMPRESS=DEFLATE"], mo=["AREA_OR_POINT=Point"])
    make("u16_3band_pixel_interleaved", "u16", ["COMPRESS=DEFLATE", "INTERLEAVE=PIXEL", "PREDICTOR=2"], bands=3, band=2)
    make("f32_3band_planar_tiled", "f32", T16 + ["COMPRESS=ZSTD", "INTERLEAVE=BAND", "PREDICTOR=3"], bands=3, band=2)
    make("f32_units_description", "f32", ["COMPRESS=DEFLATE"],
         vrt_edit="<Description>total_field_anomaly</Description><UnitType>nT</UnitType>")
    # Sparse tiles (offset and byte count 0): GDAL reads them as no data.
    sparse = os.path.join(OUT, "f32_sparse_nodata.tif")
    if os.path.exists(sparse):
        os.remove(sparse)
    run("gdal_create", "-q", "-of", "GTiff", "-outsize", str(COLS), str(ROWS), "-ot", "Float32",
        "-a_srs", "EPSG:32652", "-a_ullr", *UTM.split(), "-a_nodata", "-9999",
        "-co", "TILED=YES", "-co", "BLOCKXSIZE=16", "-co", "BLOCKYSIZE=16", "-co", "SPARSE_OK=TRUE", sparse)
    dump("f32_sparse_nodata")
    # Real data: a classified evidence map (eis-toolkit test data, EUPL-1.2), copied unchanged.
    # LODE_SAMPLE_DATA: the directory of the project's sample data sets (not in the repository).
    real = os.path.join(os.environ.get("LODE_SAMPLE_DATA", ""), "wofe-eis", "wofe_evidence_raster.tif")
    if os.environ.get("LODE_SAMPLE_DATA") and os.path.exists(real):
        run("cp", real, os.path.join(OUT, "real_wofe_evidence_u8.tif"))
    if os.path.exists(os.path.join(OUT, "real_wofe_evidence_u8.tif")):
        dump("real_wofe_evidence_u8")


if __name__ == "__main__":
    sys.exit(main())
