"""WGS84 / ETRS89 longitude and latitude to EPSG:25832 (ETRS89 / UTM zone 32N), in numpy.

The core does its metric work in EPSG:25832 and must not depend on PROJ, so the one
projection it needs is written out here: the transverse Mercator projection by Krüger's
series in the third flattening ``n``, to order ``n⁶`` (Karney, "Transverse Mercator with
an accuracy of a few nanometers", J. Geodesy 85, 2011, eqs. 7, 9, 35 and 36). Within a few
thousand km of the central meridian (9° E) it agrees with PROJ to well below a millimetre;
the test suite compares the two on a grid over Denmark and on points far outside it.

ETRS89 and WGS84 differ by well under a metre in Denmark, which is far below the
town-level precision of every place in the data; they are treated as the same datum, as
EPSG:4326 → EPSG:25832 in PROJ does without a grid.

NaN in, NaN out: a missing coordinate stays missing.
"""

from __future__ import annotations

import numpy as np

# GRS80 (ETRS89) ellipsoid and the UTM zone 32 parameters.
_A = 6_378_137.0
_F = 1 / 298.257222101
_K0 = 0.9996
_LON0 = np.radians(9.0)
_FALSE_EASTING = 500_000.0

_N = _F / (2 - _F)
_E = np.sqrt(_F * (2 - _F))
# Rectifying radius A (Karney eq. 14), times k0.
_A_RECT = _A / (1 + _N) * (1 + _N**2 / 4 + _N**4 / 64 + _N**6 / 256)
# Krüger's alpha coefficients to n^6 (Karney eq. 35).
_n = _N
_ALPHA = (
    _n / 2 - 2 * _n**2 / 3 + 5 * _n**3 / 16 + 41 * _n**4 / 180 - 127 * _n**5 / 288 + 7891 * _n**6 / 37800,
    13 * _n**2 / 48 - 3 * _n**3 / 5 + 557 * _n**4 / 1440 + 281 * _n**5 / 630 - 1983433 * _n**6 / 1935360,
    61 * _n**3 / 240 - 103 * _n**4 / 140 + 15061 * _n**5 / 26880 + 167603 * _n**6 / 181440,
    49561 * _n**4 / 161280 - 179 * _n**5 / 168 + 6601661 * _n**6 / 7257600,
    34729 * _n**5 / 80640 - 3418889 * _n**6 / 1995840,
    212378941 * _n**6 / 319334400,
)


def lonlat_to_utm32(lon: np.ndarray, lat: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Longitude/latitude in degrees to EPSG:25832 easting/northing in metres."""
    lon = np.asarray(lon, dtype=float)
    lat = np.asarray(lat, dtype=float)
    phi = np.radians(lat)
    lam = np.radians(lon) - _LON0
    # Conformal latitude via tau' (Karney eqs. 7 and 9).
    tau = np.tan(phi)
    sigma = np.sinh(_E * np.arctanh(_E * tau / np.sqrt(1 + tau**2)))
    tau_p = tau * np.sqrt(1 + sigma**2) - sigma * np.sqrt(1 + tau**2)
    xi_p = np.arctan2(tau_p, np.cos(lam))
    eta_p = np.arcsinh(np.sin(lam) / np.sqrt(tau_p**2 + np.cos(lam) ** 2))
    xi = xi_p.copy()
    eta = eta_p.copy()
    for j, alpha in enumerate(_ALPHA, start=1):
        xi += alpha * np.sin(2 * j * xi_p) * np.cosh(2 * j * eta_p)
        eta += alpha * np.cos(2 * j * xi_p) * np.sinh(2 * j * eta_p)
    x = _K0 * _A_RECT * eta + _FALSE_EASTING
    y = _K0 * _A_RECT * xi
    bad = ~(np.isfinite(lon) & np.isfinite(lat))
    x = np.where(bad, np.nan, x)
    y = np.where(bad, np.nan, y)
    return x, y
