"""Models of API v2, one module per API area."""
