-- Indicator releases (issue #13). Keep in step with ../sqlite/0010_indicator_releases.sql.
--
-- Every publication of indicator cells is a release with its provenance: who
-- published it and when, the input file's SHA-256, the source, the engine's
-- and the definitions' versions. `indicator_cells` keeps the current value of
-- every cell and the release it came from; `indicator_release_cells` keeps
-- each release's own cells, so earlier values stay readable; and
-- `indicator_revisions` lists every published value a later release changed
-- (old -> new). Suppressed cells carry no numbers anywhere.

CREATE TABLE indicator_releases (
    id                  BIGINT PRIMARY KEY CHECK (id > 0),
    published_at        TEXT NOT NULL,
    published_by        TEXT NOT NULL,
    os_user             TEXT NOT NULL,
    source              TEXT NOT NULL,
    synthetic           BIGINT NOT NULL CHECK (synthetic IN (0, 1)),
    input_file          TEXT NOT NULL,
    input_sha256        TEXT NOT NULL,
    engine_version      TEXT NOT NULL,
    definitions_version TEXT NOT NULL,
    cells               BIGINT NOT NULL,
    suppressed          BIGINT NOT NULL,
    revised             BIGINT NOT NULL
);

CREATE TABLE indicator_release_cells (
    release_id  BIGINT NOT NULL REFERENCES indicator_releases (id),
    indicator   TEXT NOT NULL,
    region      TEXT NOT NULL,
    period      TEXT NOT NULL,
    sex         TEXT NOT NULL,
    numerator   BIGINT,
    denominator BIGINT,
    value       DOUBLE PRECISION,
    suppressed  BIGINT NOT NULL CHECK (suppressed IN (0, 1)),
    PRIMARY KEY (release_id, indicator, region, period, sex),
    CHECK (suppressed = 0 OR (numerator IS NULL AND denominator IS NULL AND value IS NULL))
);

CREATE TABLE indicator_revisions (
    release_id     BIGINT NOT NULL REFERENCES indicator_releases (id),
    indicator      TEXT NOT NULL,
    region         TEXT NOT NULL,
    period         TEXT NOT NULL,
    sex            TEXT NOT NULL,
    -- NULL where the earlier value was published before releases existed.
    old_release_id BIGINT REFERENCES indicator_releases (id),
    old_value      DOUBLE PRECISION,
    old_suppressed BIGINT NOT NULL CHECK (old_suppressed IN (0, 1)),
    -- NULL new_suppressed: the release no longer has the cell.
    new_value      DOUBLE PRECISION,
    new_suppressed BIGINT CHECK (new_suppressed IN (0, 1)),
    PRIMARY KEY (release_id, indicator, region, period, sex)
);

CREATE INDEX indicator_revisions_cell ON indicator_revisions (indicator, region, period, sex);

ALTER TABLE indicator_cells ADD COLUMN release_id BIGINT REFERENCES indicator_releases (id);
