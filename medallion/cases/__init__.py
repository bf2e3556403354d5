"""Cases and their runs (DOMAIN 1.4, 5, §7): a case's identity, its `cases` and
`ingestion_runs` rows and run state, the status report's reads (`queries`, `layers`), the case
list, the change log, the notices every layer raises, each layer's case-keyed tables, and what
a run wrote to Temporal (`history_counts`)."""
