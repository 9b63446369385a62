"""Checking contributions: SHACL shapes, data-quality checks, provenance, consistency, and the report."""
