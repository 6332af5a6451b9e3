"""API operations grouped by area: ``resources.v2`` and ``resources.v1``."""
