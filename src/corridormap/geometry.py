"""Geodesic measurement and projection helpers shared by the build and the library."""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING

import numpy as np
import shapely
from pyproj import Geod, Transformer

from corridormap import settings

if TYPE_CHECKING:
    from numpy.typing import ArrayLike, NDArray

__all__ = ["geodesic_distance_m", "geodesic_lengths_m", "to_lonlat", "to_projected"]

_GEOD = Geod(ellps="WGS84")


def geodesic_lengths_m(geoms: ArrayLike) -> NDArray[np.float64]:
    """Return the WGS84 ellipsoidal length in metres of each lon/lat line.

    Parameters
    ----------
    geoms
        LineStrings in EPSG:4326 (lon, lat).

    Returns
    -------
    numpy.ndarray
        One length per geometry, summed segment by segment on the ellipsoid.

    Examples
    --------
    >>> from shapely import LineString
    >>> round(float(geodesic_lengths_m([LineString([(111, 43), (112, 43)])])[0]))
    81540

    """
    arr = np.asarray(geoms, dtype=object)
    coords, index = shapely.get_coordinates(arr, return_index=True)
    out = np.zeros(len(arr))
    if len(coords) < 2:
        return out
    same = index[1:] == index[:-1]
    _, _, seg = _GEOD.inv(
        coords[:-1, 0][same], coords[:-1, 1][same], coords[1:, 0][same], coords[1:, 1][same]
    )
    np.add.at(out, index[1:][same], seg)
    return out


def geodesic_distance_m(
    lon1: ArrayLike, lat1: ArrayLike, lon2: ArrayLike, lat2: ArrayLike
) -> NDArray[np.float64]:
    """Return WGS84 ellipsoidal distances in metres between paired lon/lat points."""
    _, _, dist = _GEOD.inv(
        np.asarray(lon1, float),
        np.asarray(lat1, float),
        np.asarray(lon2, float),
        np.asarray(lat2, float),
    )
    return np.atleast_1d(np.asarray(dist, dtype=float))


def geodesic_circle(
    lon: float, lat: float, radius_m: float, n: int = 72
) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """Return the lon/lat of ``n + 1`` points (closed) at ``radius_m`` around a point."""
    azimuths = np.linspace(0.0, 360.0, n + 1)
    lons, lats, _ = _GEOD.fwd(
        np.full(n + 1, lon), np.full(n + 1, lat), azimuths, np.full(n + 1, float(radius_m))
    )
    return np.asarray(lons, float), np.asarray(lats, float)


def to_projected(xs: ArrayLike, ys: ArrayLike) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """Project lon/lat arrays to the settings' projected CRS (metres)."""
    tr = _transformer("EPSG:4326", settings.get().projected_crs)
    x, y = tr.transform(np.asarray(xs, float), np.asarray(ys, float))
    return np.asarray(x, float), np.asarray(y, float)


def to_lonlat(xs: ArrayLike, ys: ArrayLike) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """Unproject arrays in the settings' projected CRS back to lon/lat."""
    tr = _transformer(settings.get().projected_crs, "EPSG:4326")
    x, y = tr.transform(np.asarray(xs, float), np.asarray(ys, float))
    return np.asarray(x, float), np.asarray(y, float)


@functools.lru_cache(maxsize=8)
def _transformer(src: str, dst: str) -> Transformer:
    return Transformer.from_crs(src, dst, always_xy=True)
