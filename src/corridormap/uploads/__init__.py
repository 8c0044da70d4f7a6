r"""Read user-uploaded places (CSV, XLSX, GeoJSON) and planned corridors (GeoJSON, KML).

Every problem with an uploaded file raises :class:`~corridormap.errors.UploadError`
naming the file, the row (as a spreadsheet counts it: the header is row 1) or the
feature (1-based), the column and what was expected, e.g.
``cities.csv, row 4, column 'lon': expected a longitude in degrees, got 'abc'``.
No other exception escapes for any input bytes. Bad programmer arguments
(``id_prefix``) raise a plain :class:`ValueError`.

Names are data, never markup: they are kept as written except that control,
zero-width and bidirectional-override characters are removed and runs of white
space become one space. A name may have at most :data:`MAX_NAME_LENGTH` characters.

The work is split over private modules: ``_formats`` (file checks, CSV, XLSX) and
``_geoformats`` (GeoJSON, KML) read bytes into a ``_table.Table``, ``_checks``
validates its cells and ``_frames`` builds the GeoDataFrames; ``_schema`` holds the
limits and column names, ``_text`` the text helpers.
"""

from __future__ import annotations

import re

import geopandas as gpd
import pandas as pd

from corridormap.errors import UploadError
from corridormap.uploads._formats import check_size, checked_suffix, csv_grid, xlsx_grid
from corridormap.uploads._frames import corridor_frame, masses_frame, places_frame
from corridormap.uploads._geoformats import (
    geojson_features,
    geojson_lines,
    kml_features,
    point_table,
)
from corridormap.uploads._schema import (
    CORRIDOR_FORMATS,
    MASS_FORMATS,
    MAX_NAME_LENGTH,
    MAX_ROWS,
    MODES,
    PLACE_FORMATS,
    REGION_BOUNDS,
)
from corridormap.uploads._table import grid_table, line_table
from corridormap.uploads._text import clean, shown

__all__ = [
    "CORRIDOR_FORMATS",
    "MASS_FORMATS",
    "MAX_NAME_LENGTH",
    "MAX_ROWS",
    "PLACE_FORMATS",
    "REGION_BOUNDS",
    "check_size",
    "read_corridor",
    "read_masses",
    "read_places",
]

_ID_PREFIX = re.compile(r"[a-z0-9_]{1,40}")


def read_places(
    content: bytes, filename: str, *, kind: str = "city", id_prefix: str = "user"
) -> gpd.GeoDataFrame:
    r"""Return the cities or ports of an uploaded CSV, XLSX or GeoJSON file.

    Columns are matched by name, case-insensitively, in Chinese or English:
    ``name_zh`` (名称, 中文名, 城市, name, 名字), ``name_en`` (英文名, english),
    ``lon`` (经度, lng, longitude, x), ``lat`` (纬度, latitude, y), ``population``
    (人口, 常住人口), ``gdp_100m_cny`` (gdp, GDP(亿元), 地区生产总值), ``year`` (年份; the
    year of both figures) or ``population_year`` and ``gdp_year``. Other columns are
    ignored. GeoJSON takes the position from Point geometries and the columns from
    feature properties. CSV may be UTF-8 (with or without BOM) or GB18030/GBK, and
    separated by commas, tabs or semicolons; XLSX is read from the first sheet that
    has a name column.

    Parameters
    ----------
    content
        The file's bytes, at most ``settings.get().upload_max_bytes``.
    filename
        The file's name; its extension picks the format, and errors and the
        ``source`` column name it.
    kind
        ``"city"`` or ``"port"``; uploaded ports are ground (``port_type`` ``road``).
    id_prefix
        Start of the new ids: 1 to 40 lowercase ASCII letters, digits or ``_``.

    Returns
    -------
    geopandas.GeoDataFrame
        EPSG:4326 points indexed by new ids ``{id_prefix}_1``, ``{id_prefix}_2`` ...
        (``user_1``, ``user_2`` ... by default), skipping any built-in id, with
        ``name_zh``, ``name_en`` (the pinyin of a Chinese-only name), ``alt_names``,
        ``kind``, ``city_kind`` (``user``) or ``port_type`` and ``faces``,
        ``population``, ``population_year``, ``gdp_100m_cny``, ``gdp_year`` (NaN where
        empty) and ``source``.

    Raises
    ------
    UploadError
        For anything that makes the file unusable, with the row and column.
    ValueError
        If ``id_prefix`` is not 1 to 40 lowercase ASCII letters, digits or ``_``.

    Examples
    --------
    >>> csv = "名称,经度,纬度,人口,年份\n测试市,111.0,41.0,120000,2022\n".encode()
    >>> gdf = read_places(csv, "my_cities.csv")
    >>> place = gdf.iloc[0]
    >>> place.name, place["name_zh"], place["name_en"], float(place["population"])
    ('user_1', '测试市', 'Ceshishi', 120000.0)
    >>> place.geometry.coords[0], int(place["population_year"]), gdf.crs.to_epsg()
    ((111.0, 41.0), 2022, 4326)
    >>> list(read_places(csv, "my_cities.csv", id_prefix="survey").index)
    ['survey_1']

    """
    _check_id_prefix(id_prefix)
    filename = clean(str(filename))[:200] or "upload"
    if kind not in ("city", "port"):
        raise UploadError(f"kind must be 'city' or 'port', got {shown(kind)}", filename=filename)
    suffix = checked_suffix(content, filename, PLACE_FORMATS)
    if suffix == ".csv":
        table = grid_table(filename, csv_grid(content, filename))
    elif suffix == ".xlsx":
        table = grid_table(filename, xlsx_grid(content, filename))
    else:
        table = point_table(filename, geojson_features(content, filename))
    return places_frame(table, kind, id_prefix)


def read_masses(content: bytes, filename: str) -> pd.DataFrame:
    r"""Return population and GDP figures for bundled cities from an uploaded CSV or XLSX.

        A row names a bundled city or league seat (``name_zh``: 名称, 城市, 地点, name, place or
        id; Chinese, English or pinyin as in the search) and gives ``population`` (人口, 常住人口)
        and/or ``gdp_100m_cny`` (gdp, 地区生产总值, 亿元), each with its year (``year``/年份, or
        ``population_year`` and ``gdp_year``). The figures replace the bundled ones of that city
        for the session; ports take their host league's figures, so a port's name is refused.

    Returns
    -------
        pandas.DataFrame
            Indexed by place id: ``population``, ``population_year``, ``gdp_100m_cny``,
            ``gdp_year`` (NaN where the row gives none) and ``source``.

    Raises
    ------
        UploadError
            For anything that makes the file unusable, with the row and column.

    Examples
    --------
        >>> table = read_masses("城市,人口,年份
    呼和浩特,3600000,2023
    ".encode(), "m.csv")
        >>> int(table.loc["hohhot", "population"]), int(table.loc["hohhot", "population_year"])
        (3600000, 2023)

    """
    filename = clean(str(filename))[:200] or "upload"
    suffix = checked_suffix(content, filename, MASS_FORMATS)
    grid = csv_grid(content, filename) if suffix == ".csv" else xlsx_grid(content, filename)
    return masses_frame(grid_table(filename, grid))


def read_corridor(
    content: bytes,
    filename: str,
    *,
    mode: str | None = None,
    id_prefix: str = "user_corridor",
) -> gpd.GeoDataFrame:
    """Return the planned corridors drawn in an uploaded GeoJSON or KML file.

    Each GeoJSON feature must be a LineString or MultiLineString; each KML
    Placemark with a LineString (also inside MultiGeometry, Folder and Document, as
    Google Earth writes them) becomes one corridor, and Placemarks without a line
    (pins, polygons) are skipped; feature numbers in errors count every Placemark
    in document order. A corridor needs a name (``name``, ``name_zh``,
    名称; KML ``<name>``) and a mode (property or ExtendedData ``mode``: ``rail``/
    ``road``, 铁路/公路), else the ``mode`` argument is used.

    Parameters
    ----------
    content
        The file's bytes, at most ``settings.get().upload_max_bytes``.
    filename
        The file's name; ``.geojson``, ``.json`` or ``.kml``.
    mode
        Mode of features that do not give one: ``rail`` or ``road`` (or None).
    id_prefix
        Start of the new ids: 1 to 40 lowercase ASCII letters, digits or ``_``.

    Returns
    -------
    geopandas.GeoDataFrame
        EPSG:4326 lines indexed by ``{id_prefix}_1`` ... (``user_corridor_1`` ... by
        default), with ``name_zh``, ``name_en``, ``mode``, ``status`` (``planned``)
        and ``source``.

    Raises
    ------
    UploadError
        For anything that makes the file unusable, with the feature number.
    ValueError
        If ``id_prefix`` is not 1 to 40 lowercase ASCII letters, digits or ``_``.

    """
    _check_id_prefix(id_prefix)
    filename = clean(str(filename))[:200] or "upload"
    default_mode = None
    if mode is not None:
        default_mode = MODES.get(clean(str(mode)).casefold())
        if default_mode is None:
            raise UploadError(
                f"mode must be 'rail' or 'road', got {shown(mode)}", filename=filename
            )
    suffix = checked_suffix(content, filename, CORRIDOR_FORMATS)
    if suffix == ".kml":
        table = line_table(filename, kml_features(content, filename))
    else:
        features = geojson_features(content, filename)
        table = line_table(filename, geojson_lines(filename, features))
    return corridor_frame(table, default_mode, id_prefix)


def _check_id_prefix(id_prefix: object) -> None:
    """Raise ValueError unless ``id_prefix`` is 1-40 lowercase ASCII letters, digits, ``_``."""
    if not isinstance(id_prefix, str) or not _ID_PREFIX.fullmatch(id_prefix):
        raise ValueError(
            "id_prefix must be 1 to 40 lowercase ASCII letters, digits or '_' "
            f"(such as 'user' or 'survey_2024'), got {id_prefix!r}"
        )
