"""Getting triples into a store: the ontology and data, user files through the guarded door, reasoning closures."""
