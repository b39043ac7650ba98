-- Foundation: registry, agreements, grants received, measures, seed datasets.
-- Keep in step with ../postgres/0001_foundation.sql (same tables, columns and keys).
-- Booleans are 0/1 integers: sqlx's Any driver cannot decode SQLite's BOOLEAN.

CREATE TABLE regions (
    code            TEXT PRIMARY KEY,
    name            TEXT NOT NULL,
    county          TEXT NOT NULL,
    organisation    TEXT NOT NULL,
    population      INTEGER NOT NULL CHECK (population >= 0),
    population_year INTEGER NOT NULL
);

CREATE TABLE municipalities (
    code   TEXT PRIMARY KEY,
    name   TEXT NOT NULL,
    region TEXT NOT NULL REFERENCES regions (code)
);

CREATE TABLE agreements (
    id         TEXT PRIMARY KEY,
    name       TEXT NOT NULL,
    short_name TEXT NOT NULL,
    year       INTEGER NOT NULL,
    total_sek  INTEGER,
    total_note TEXT,
    reference  TEXT,
    deadline   TEXT,
    source     TEXT NOT NULL
);

CREATE TABLE development_areas (
    agreement_id TEXT NOT NULL REFERENCES agreements (id),
    id           TEXT NOT NULL,
    name         TEXT NOT NULL,
    position     INTEGER NOT NULL,
    PRIMARY KEY (agreement_id, id)
);

CREATE TABLE earmarks (
    agreement_id TEXT NOT NULL REFERENCES agreements (id),
    id           TEXT NOT NULL,
    name         TEXT NOT NULL,
    amount_sek   INTEGER,
    position     INTEGER NOT NULL,
    PRIMARY KEY (agreement_id, id)
);

CREATE TABLE grants_received (
    agreement_id   TEXT NOT NULL REFERENCES agreements (id),
    region         TEXT NOT NULL REFERENCES regions (code),
    received_sek   INTEGER NOT NULL CHECK (received_sek >= 0),
    earmarked_sek  INTEGER CHECK (earmarked_sek >= 0),
    approx         INTEGER NOT NULL CHECK (approx IN (0, 1)),
    note           TEXT,
    source_seed    TEXT NOT NULL,
    source_section TEXT NOT NULL,
    source_quote   TEXT,
    PRIMARY KEY (agreement_id, region)
);

CREATE TABLE measures (
    agreement_id   TEXT NOT NULL REFERENCES agreements (id),
    region         TEXT NOT NULL REFERENCES regions (code),
    seq            INTEGER NOT NULL CHECK (seq > 0),
    title          TEXT NOT NULL,
    amount_sek     INTEGER,
    approx         INTEGER NOT NULL CHECK (approx IN (0, 1)),
    area_id        TEXT,
    earmark_id     TEXT,
    parent_seq     INTEGER,
    source_seed    TEXT NOT NULL,
    source_section TEXT NOT NULL,
    source_quote   TEXT,
    PRIMARY KEY (agreement_id, region, seq),
    FOREIGN KEY (agreement_id, area_id) REFERENCES development_areas (agreement_id, id),
    FOREIGN KEY (agreement_id, earmark_id) REFERENCES earmarks (agreement_id, id)
);

CREATE TABLE webbtidbok (
    region         TEXT NOT NULL REFERENCES regions (code),
    period         TEXT NOT NULL,
    label          TEXT NOT NULL,
    visa_tid       INTEGER NOT NULL CHECK (visa_tid >= 0),
    boka_tid       INTEGER NOT NULL CHECK (boka_tid >= 0),
    source_seed    TEXT NOT NULL,
    source_section TEXT NOT NULL,
    PRIMARY KEY (region, period)
);

CREATE TABLE strategies (
    region                   TEXT NOT NULL REFERENCES regions (code),
    year                     INTEGER NOT NULL,
    label                    TEXT NOT NULL,
    dokument                 TEXT NOT NULL,
    politiskt_beslut         TEXT NOT NULL,
    gemensamt_med_kommunerna TEXT NOT NULL,
    source_seed              TEXT NOT NULL,
    source_section           TEXT NOT NULL,
    PRIMARY KEY (region, year)
);
