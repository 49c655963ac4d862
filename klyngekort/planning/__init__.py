"""Layer 3, planning: where the next co-location should go.

The optimisation model (:mod:`.problem`, :mod:`.solvers`) is kept apart from the adapter that
builds it from Klyngekort data (:mod:`.cluster`), as in spopt. Imports core and geo only.
"""
