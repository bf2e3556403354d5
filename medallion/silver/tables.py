"""Every Silver table a promotion replaces, in insert order, each named once with its count.

Deletes and the status report's counts are derived from this list.
"""

from medallion.cases.layer_tables import (
    LayerTable,
    check_counted,
    counts_query,
    delete_in_one_statement,
)
from medallion.silver.counts import SilverCounts

SILVER_TABLES = (
    LayerTable("tax_years", "tax_years"),
    LayerTable("account_activity", "account_activity"),
    LayerTable("income_documents", "income_documents"),
    LayerTable("trt_records", "trt_records"),
    LayerTable("interview_snapshot", "interview_snapshot"),
    LayerTable("interview_bank_accounts", "interview_bank_accounts"),
    LayerTable("interview_real_property", "interview_real_property"),
    LayerTable("interview_vehicles", "interview_vehicles"),
    LayerTable("interview_other_expenses", "interview_other_expenses"),
    LayerTable("csed_tolling_events", "csed_tolling_events"),
    LayerTable("silver_quarantine", "quarantined"),
)
check_counted(SILVER_TABLES, SilverCounts)

DELETE_CASE_ROWS = delete_in_one_statement(SILVER_TABLES)
COUNTS_SQL = counts_query(SILVER_TABLES)
