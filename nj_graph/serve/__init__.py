"""`nj-graph serve`: the graph over HTTP, for clients that never install Python.

- `app`: the Starlette application (routes, middleware, error handling).
- `protocol`: the SPARQL 1.1 Protocol endpoint and its Service Description.
- `api`: stored queries as REST resources, and their OpenAPI description.
- `resources`: resource IRIs (`/id/...`) as HTML for browsers and RDF for RDF clients.
- `contributions`: `POST /validate`, the validator over HTTP.
- `page`: the web page (editor, examples, results table, timeline).
- `pool` and `worker`: queries run in worker processes that are killed at a query's deadline.
- `guards`: request size limit, per-client rate limit and the access log.
- `negotiation`: which format a client asked for.

Nothing here is imported by the command line until `nj-graph serve` runs.
"""
