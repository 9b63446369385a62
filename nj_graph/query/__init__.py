"""Asking the graph: stored queries and their parameters, ad-hoc SPARQL, answers in every output format."""
