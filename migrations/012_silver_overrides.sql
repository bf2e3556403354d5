-- Analyst decisions that survive Silver rebuilds (DOMAIN 3.7): applied to income_documents at each
-- promotion by matching (case_id, tax_year, form_type, issuer_tin, recipient_tin_last4,
-- gross_amount), null matching null. Never rebuilt, never written by a promotion.
CREATE TABLE income_document_overrides (
    override_id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    case_id              text    NOT NULL,
    tax_year             integer NOT NULL,
    form_type            text,
    issuer_tin           text,
    recipient_tin_last4  text CHECK (recipient_tin_last4 ~ '^[0-9]{4}$'),
    gross_amount         numeric(14,2),
    is_excluded          boolean NOT NULL,
    exclusion_reason     text,
    set_by               text        NOT NULL,
    set_at               timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX income_document_overrides_match
    ON income_document_overrides (case_id, tax_year, form_type, issuer_tin, recipient_tin_last4, gross_amount)
    NULLS NOT DISTINCT;
