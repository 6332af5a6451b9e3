"""Resources of API v2, one module per API area (named after the spec's tags)."""
