"""Models of API v1.1, one module per API area."""
