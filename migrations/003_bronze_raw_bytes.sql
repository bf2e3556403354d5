-- Every 200 body is kept byte for byte (issue 8): beside the parsed JSON when there is one,
-- alone when the body is not JSON Postgres can hold (NaN, NUL, invalid UTF-8, binary).
-- raw_text (capped at 1 MiB, unable to hold NUL) stays for rows written before this column.
ALTER TABLE bronze_payloads ADD COLUMN raw_bytes bytea;
