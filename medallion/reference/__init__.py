"""Reference data loaded from published sources, with effective dates and provenance
(DOMAIN 3.14, 4.5; docs/reference-data.md): the IRS Collection Financial Standards and the tax
tables. Gold reads what these modules write (`medallion.gold.standards`, `tax_tables`)."""
