"""Publishing the graph: dumps (`export`), one resource's view (`describe`), the dataset's VoID and
DCAT description (`dataset`) and the static linked-data site (`site`).

Nothing here is imported by the query path: the command line imports these modules inside the
commands that use them.
"""
