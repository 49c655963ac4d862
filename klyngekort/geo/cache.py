"""All DAGI layers behind one disk cache (:func:`load_layers`), keyed by the SHA-256 of the
source file and the simplification tolerance. Cache files are written atomically (temp
file, then rename); a cache that cannot be read is rebuilt, never trusted.
"""

from __future__ import annotations

import functools
import json
import os
import tempfile
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from pathlib import Path

import geopandas as gpd

from klyngekort.core import config
from klyngekort.geo.derive import (
    display_hub_outlines,
    display_layer,
    dissolve_hub_areas,
)
from klyngekort.geo.locate import MunicipalityPlaces
from klyngekort.geo.provenance import Provenance, read_provenance
from klyngekort.geo.read import (
    CACHE_VERSION,
    CRS_DISPLAY,
    CRS_METRIC,
    DEFAULT_DISPLAY_TOLERANCE,
    DISPLAY_COLUMNS,
    MUNICIPALITY_COLUMNS,
    GeodataError,
    _attribution,
    _municipalities_from_frame,
    _read_frame,
    _typed,
    file_sha256,
    find_municipality_file,
    log,
    short_reason,
)


@dataclass
class GeoLayers:
    """The boundary layers Klyngekort uses, derived from one DAGI source file."""

    source: Path
    source_hash: str  # sha256 hex of the source file's bytes
    attribution: str
    municipalities: gpd.GeoDataFrame  # EPSG:25832, full detail, MUNICIPALITY_COLUMNS
    display: gpd.GeoDataFrame  # EPSG:4326, simplified, DISPLAY_COLUMNS
    provenance: Provenance | None = None  # from the provenance file beside a fetched source

    @functools.cached_property
    def places(self) -> MunicipalityPlaces:
        """The municipalities as :class:`klyngekort.core.places.Places`, for the data checks."""
        return MunicipalityPlaces(self.municipalities)

    def hub_areas(self, mapping: Mapping[str, str]) -> gpd.GeoDataFrame:
        """:func:`dissolve_hub_areas` on the full municipalities (EPSG:25832)."""
        return dissolve_hub_areas(self.municipalities, mapping)

    def hub_outlines(self, mapping: Mapping[str, str]) -> gpd.GeoDataFrame:
        """:func:`display_hub_outlines` on the display layer (EPSG:4326)."""
        return display_hub_outlines(self.display, mapping)


def _cache_ext() -> str:
    """GeoParquet when pyarrow (a streamlit dependency) is installed, else GeoPackage."""
    import importlib.util

    return ".parquet" if importlib.util.find_spec("pyarrow") is not None else ".gpkg"


def _cache_names(sha: str, tolerance: float) -> dict[str, str]:
    key = sha[:16]
    ext = _cache_ext()
    tol = f"{tolerance:g}".replace(".", "_")
    return {
        "municipalities": f"municipalities-{key}-v{CACHE_VERSION}{ext}",
        "display": f"display-{key}-t{tol}-v{CACHE_VERSION}{ext}",
        "meta": f"meta-{key}-v{CACHE_VERSION}.json",
    }


def _cache_allowed(cache: Path, source: Path) -> bool:
    """False for the source's own folder and anything inside ``../shared`` or the geodata folder."""
    c = cache.resolve()
    if c == source.resolve().parent:
        return False
    protected = [config.PROJECT_ROOT.parent / "shared"]
    g = config.geodata_dir()
    if g.is_dir():
        protected.append(g)
    return not any(c == d or d in c.parents for d in (p.resolve() for p in protected))


def _write_atomic(target: Path, write: Callable[[Path], object]) -> None:
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.stem}-", suffix=target.suffix)
    os.close(fd)
    tmp_path = Path(tmp)
    try:
        tmp_path.unlink()  # GDAL/pyarrow want to create the file themselves
        write(tmp_path)
        os.replace(tmp_path, target)
    finally:
        if tmp_path.exists():
            tmp_path.unlink()


def _write_frame(frame: gpd.GeoDataFrame, target: Path) -> None:
    if target.suffix == ".parquet":
        _write_atomic(target, lambda p: frame.to_parquet(p, index=False))
    else:
        _write_atomic(target, lambda p: frame.to_file(p, layer="layer", driver="GPKG", engine="pyogrio"))


def _read_cached_frame(target: Path, columns: tuple[str, ...], crs: str) -> gpd.GeoDataFrame:
    if target.suffix == ".parquet":
        # Read with pyarrow directly: geopandas.read_parquet spends most of its time
        # parsing the PROJJSON CRS; we only need to confirm the EPSG code we wrote.
        import pyarrow.parquet as pq

        table = pq.read_table(target)
        geo = json.loads((table.schema.metadata or {})[b"geo"])
        crs_id = geo["columns"]["geometry"].get("crs", {}).get("id", {})
        if f"{crs_id.get('authority')}:{crs_id.get('code')}" != crs:
            raise ValueError(f"cache file {target} is not in {crs}")
        df = table.to_pandas()
        geometry = gpd.GeoSeries.from_wkb(df["geometry"].to_numpy(), crs=crs)
        frame = gpd.GeoDataFrame(df.drop(columns="geometry"), geometry=geometry)
    else:
        frame = gpd.read_file(target, engine="pyogrio")
    if tuple(frame.columns) != columns or frame.empty or frame.crs is None or not frame.crs.equals(crs):
        raise ValueError(f"unexpected cache content in {target}")
    return _typed(frame)


def _read_cache(cache: Path, names: dict[str, str], src: Path, sha: str) -> GeoLayers | None:
    paths = {k: cache / v for k, v in names.items()}
    if not all(p.is_file() for p in paths.values()):
        return None
    try:
        meta = json.loads(paths["meta"].read_text(encoding="utf-8"))
        if meta.get("source_hash") != sha or meta.get("cache_version") != CACHE_VERSION:
            raise ValueError("cache metadata does not match the source")
        munis = _read_cached_frame(paths["municipalities"], MUNICIPALITY_COLUMNS, CRS_METRIC)
        display = _read_cached_frame(paths["display"], DISPLAY_COLUMNS, CRS_DISPLAY)
        if len(munis) != len(display) or list(munis["kommunekode"]) != list(display["kommunekode"]):
            raise ValueError("cached layers do not match each other")
        return GeoLayers(src, sha, str(meta["attribution"]), munis, display)
    except Exception as exc:  # noqa: BLE001  a corrupt or foreign cache file is rebuilt, never fatal
        log.warning("Geodata cache in %s is unusable (%s); rebuilding it", cache, short_reason(exc))
        return None


def _write_cache(cache: Path, names: dict[str, str], layers: GeoLayers) -> None:
    try:
        cache.mkdir(parents=True, exist_ok=True)
        _write_frame(layers.municipalities, cache / names["municipalities"])
        _write_frame(layers.display, cache / names["display"])
        meta = {
            "cache_version": CACHE_VERSION,
            "source": str(layers.source),
            "source_hash": layers.source_hash,
            "attribution": layers.attribution,
        }
        text = json.dumps(meta, ensure_ascii=False, indent=1)
        _write_atomic(cache / names["meta"], lambda p: p.write_text(text, encoding="utf-8"))
    except Exception as exc:  # noqa: BLE001  a read-only or full disk only costs speed
        log.warning("Could not write the geodata cache in %s: %s", cache, short_reason(exc))


def load_layers(path: Path | None = None, cache: Path | None = None) -> GeoLayers:
    """The municipality and display layers for the DAGI file at ``path`` (file or folder,
    default :func:`config.geodata_dir`), from the disk cache when it holds them.

    Cache files in ``cache`` (default :func:`config.cache_dir`) are named after the first
    16 hex of the source's SHA-256 and :data:`CACHE_VERSION`, written atomically; a corrupt
    one is rebuilt. The cache is never written inside the source's folder or ``../shared``
    (the layers are then built in memory only). A provenance file beside the source that was
    written for exactly these bytes (``klyngekort geodata fetch``) sets ``provenance`` and the
    attribution. Raises :class:`GeodataError`.
    """
    src = find_municipality_file(path)
    try:
        sha = file_sha256(src)
    except OSError as exc:
        raise GeodataError("geo.unreadable", path=src, reason=short_reason(exc)) from exc
    cache = Path(cache) if cache is not None else config.cache_dir()
    names = _cache_names(sha, DEFAULT_DISPLAY_TOLERANCE)
    use_cache = _cache_allowed(cache, src)
    if not use_cache:
        log.warning("Not caching geodata in %s: it lies in the read-only source folder", cache)
    elif (cached := _read_cache(cache, names, src, sha)) is not None:
        return _with_provenance(cached)
    raw = _read_frame(src)
    munis = _municipalities_from_frame(raw, src)
    layers = GeoLayers(
        source=src,
        source_hash=sha,
        attribution=_attribution(sha, raw),
        municipalities=munis,
        display=display_layer(munis),
    )
    if use_cache:
        _write_cache(cache, names, layers)
    return _with_provenance(layers)


def _with_provenance(layers: GeoLayers) -> GeoLayers:
    prov = read_provenance(layers.source, layers.source_hash)
    if prov is None:
        return layers
    return replace(layers, provenance=prov, attribution=prov.attribution)
