"""`medallion`: the command line for the REST API (ingest, status, cases, schedule, ...)."""
