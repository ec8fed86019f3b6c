"""Guarded readers and atomic writers, one module per format."""
