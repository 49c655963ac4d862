"""What the core needs to know about where the municipalities are, without geometry.

The core checks that a site's point lies in the municipality it names, and fills a
missing municipality code from the point, but it never touches a polygon: it asks a
:class:`Places` for the answers. :class:`klyngekort.geo.locate.MunicipalityPlaces`
answers from the DAGI polygons; tests may answer from anything that keeps the contract.
All coordinates are EPSG:25832 metres.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Protocol


class Places(Protocol):
    """The municipalities as places: their names, and point-in-polygon answers."""

    @property
    def names(self) -> Mapping[str, str]:
        """kommunekode (4 digits) → municipality name, for every municipality."""
        ...

    @property
    def outside(self) -> frozenset[str]:
        """Codes outside the municipal division (0411 Christiansø)."""
        ...

    def covers(self, code: str, x: float, y: float) -> bool:
        """Whether the point lies in (or on the boundary of) municipality ``code``."""
        ...

    def distance_km(self, code: str, x: float, y: float) -> float:
        """Straight-line km from the point to municipality ``code`` (0 inside it)."""
        ...

    def locate(self, x: float, y: float) -> list[str]:
        """The codes of the municipalities the point lies in (empty at sea or abroad)."""
        ...
