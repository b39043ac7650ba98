-- Published indicator cells from the register-data engine (shared/spec/register-data.md).
-- Keep in step with ../sqlite/0004_indicators.sql (same table, columns and keys).
-- Suppressed cells keep their keys only: numerator, denominator and value are NULL.
-- `synthetic` (0/1) and `source` say where the cells come from, e.g. synthetic demo data.

CREATE TABLE indicator_cells (
    indicator   TEXT NOT NULL,
    region      TEXT NOT NULL,
    period      TEXT NOT NULL,
    sex         TEXT NOT NULL,
    numerator   BIGINT,
    denominator BIGINT,
    value       DOUBLE PRECISION,
    suppressed  BIGINT NOT NULL CHECK (suppressed IN (0, 1)),
    synthetic   BIGINT NOT NULL CHECK (synthetic IN (0, 1)),
    source      TEXT NOT NULL,
    PRIMARY KEY (indicator, region, period, sex)
);
