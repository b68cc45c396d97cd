#!/usr/bin/env python3
"""Write the hand-made survey fixtures in tests/data/survey/ from the Britain cut.

    python3 tools/make_survey_fixtures.py

- britain-xyz.xyz: Geosoft XYZ export layout (`/` comment header, `Line`/`Tie` separators,
  `*` dummies) with the first 5 points of lines FL-4-2 and FL-5-3 as L4002 / T5003.
- britain-gdf.dfn / .dat: ASEG-GDF2 (Pratt 2003) with the first 4 points of FL-4-2 and FL-5-3:
  LINE I6, FIDUCIAL F8.1, LONGITUDE F11.5, LATITUDE F10.5, ALT F7.1 (NULL=-9999.9),
  MAG F8.1 nT (NULL=-99999.0), an A4 survey code, a 2-element array channel TEST:2F7.2 whose
  values are arbitrary (written for the tests), COMM records and a PROJ record (WGS 84, geodetic).
The first point of line 5003 gets a NULL magnetic value to exercise null handling.
"""
import csv
import os

here = os.path.join(os.path.dirname(__file__), "..", "tests", "data", "survey")
rows = list(csv.DictReader(open(os.path.join(here, "britain-magnetic-cut.csv"))))
by_line = {}
for r in rows:
    by_line.setdefault(r["line-number-segment"], []).append(r)

with open(os.path.join(here, "britain-xyz.xyz"), "w") as f:
    f.write("/ XYZ EXPORT [11/27/2026]\n/ DATABASE [britain.gdb]\n/\n")
    f.write("/      longitude      latitude   altitude_m    mag_nt\n")
    f.write("//Flight 63\n")
    for label, name in (("Line 4002", "FL-4-2"), ("Tie 5003", "FL-5-3")):
        f.write(label + "\n")
        for i, r in enumerate(by_line[name][:5]):
            mag = "*" if (name == "FL-5-3" and i == 2) else r["total_field_anomaly_nt"]
            f.write(f"{float(r['longitude']):15.5f}{float(r['latitude']):14.5f}"
                    f"{float(r['altitude_m']):13.1f}{mag:>10}\n")

dfn = """DEFN   ST=RECD,RT=COMM;RT:A4;COMMENTS:A76
DEFN 1 ST=RECD,RT=;LINE:I6:NAME=Line number
DEFN 2 ST=RECD,RT=;FIDUCIAL:F8.1:UNIT=s,NAME=Fiducial
DEFN 3 ST=RECD,RT=;LONGITUDE:F11.5:UNIT=degree,NULL=-999.99999,NAME=Longitude WGS 84
DEFN 4 ST=RECD,RT=;LATITUDE:F10.5:UNIT=degree,NULL=-99.99999,NAME=Latitude WGS 84
DEFN 5 ST=RECD,RT=;ALT:F7.1:UNITS=m,NULL=-9999.9,NAME=Altitude above sea level
DEFN 6 ST=RECD,RT=;MAG:F8.1:UNITS=nT,NULL=-99999.0,NAME=Total field anomaly
DEFN 7 ST=RECD,RT=;SURVEY:A5:NAME=Survey code
DEFN 8 ST=RECD,RT=;TEST:2F7.2:UNIT=none,NULL=-99.99,NAME=Arbitrary array channel
DEFN 9 ST=RECD,RT=;END DEFN
DEFN 1 ST=RECD,RT=PROJ;RT:A4
DEFN 2 ST=RECD,RT=PROJ;COORDSYS:A20:NAME=Coordinate system
DEFN 3 ST=RECD,RT=PROJ;DATUM:A10:NAME=Datum
DEFN 4 ST=RECD,RT=PROJ;PROJECTION:A12:NAME=Projection;END DEFN
"""
with open(os.path.join(here, "britain-gdf.dfn"), "w") as f:
    f.write(dfn)
with open(os.path.join(here, "britain-gdf.dat"), "w") as f:
    f.write("COMM BGS aeromagnetic survey CA63, lines FL-4-2 and FL-5-3 (cut for lode tests)\n")
    f.write(f"PROJ{'WGS 84':<20}{'WGS84':<10}{'GEODETIC':<12}\n")
    fid = 1000.0
    for line, name in ((4002, "FL-4-2"), (5003, "FL-5-3")):
        for i, r in enumerate(by_line[name][:4]):
            mag = -99999.0 if (line == 5003 and i == 0) else float(r["total_field_anomaly_nt"])
            t1, t2 = (i * 1.25, -99.99) if i == 1 else (i * 1.25, 10 - i)
            f.write(f"{line:6d}{fid:8.1f}{float(r['longitude']):11.5f}{float(r['latitude']):10.5f}"
                    f"{float(r['altitude_m']):7.1f}{mag:8.1f}{'CA63':>5}{t1:7.2f}{t2:7.2f}\n")
            fid += 0.5
print("survey fixtures written to", here)
