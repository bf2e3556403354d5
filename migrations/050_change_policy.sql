-- Change detection (DOMAIN §7): the firm's alert threshold for a grown balance, and the feed's
-- order. `balance_alert_threshold` is policy, beside the resolution factors: a balance that rose
-- by this much or more between two builds is an alert, a smaller move is info.

ALTER TABLE resolution_policy
    ADD COLUMN balance_alert_threshold numeric(14,2) NOT NULL DEFAULT 100.00
        CHECK (balance_alert_threshold >= 0);

-- GET /api/changes reads in (written_xid, change_id) order, below the oldest open transaction.
CREATE INDEX case_changes_feed ON case_changes (written_xid, change_id);
