-- Outbound webhooks (DOMAIN §7): who wants which change batches, and each batch's delivery to
-- each of them. A delivery's webhook id and body are fixed when its row is made, so every
-- attempt, retry or re-send carries the same id and the same bytes.

CREATE TABLE webhook_subscriptions (
    subscription_id  bigserial PRIMARY KEY,
    url              text NOT NULL,
    -- Empty: every kind (or every severity). A batch goes to a subscription when at least one
    -- of its changes matches both lists.
    kinds            text[] NOT NULL DEFAULT '{}',
    severities       text[] NOT NULL DEFAULT '{}',
    -- The signing secret (`whsec_…`), AES-256-GCM under a payload codec key: nonce + ciphertext.
    secret_sealed    bytea NOT NULL,
    secret_key_id    text NOT NULL,
    created_at       timestamptz NOT NULL DEFAULT now(),
    disabled_at      timestamptz,
    disabled_reason  text,
    CHECK ((disabled_at IS NULL) = (disabled_reason IS NULL))
);

CREATE TABLE webhook_deliveries (
    delivery_id      bigserial PRIMARY KEY,
    subscription_id  bigint NOT NULL REFERENCES webhook_subscriptions (subscription_id)
                         ON DELETE CASCADE,
    build_id         bigint NOT NULL REFERENCES gold_builds (build_id),
    webhook_id       text NOT NULL UNIQUE,
    body             text NOT NULL,
    status           text NOT NULL DEFAULT 'pending'
                         CHECK (status IN ('pending', 'delivered', 'failed')),
    attempts         int NOT NULL DEFAULT 0 CHECK (attempts >= 0),
    -- Each re-send starts a delivery run of its own, numbered by this count.
    resends          int NOT NULL DEFAULT 0 CHECK (resends >= 0),
    last_status_code int,
    last_error       text,
    created_at       timestamptz NOT NULL DEFAULT now(),
    last_attempt_at  timestamptz,
    delivered_at     timestamptz,
    failed_at        timestamptz,
    UNIQUE (build_id, subscription_id)
);
CREATE INDEX webhook_deliveries_subscription
    ON webhook_deliveries (subscription_id, delivery_id DESC);
