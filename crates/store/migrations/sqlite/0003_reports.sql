-- Regional reports: answers to SKR's four questions, measures, review state,
-- and the append-only audit trail. Keep in step with ../postgres/0003_reports.sql.
--
-- Every change to reports and report_measures needs an audit row written
-- first, in the same transaction: the triggers below refuse a report row
-- whose version has no audit row, a measure row without an audit row for its
-- version and position, and any UPDATE or DELETE of audit rows.

CREATE TABLE audit_log (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    at           TEXT NOT NULL,
    actor        TEXT NOT NULL,
    role         TEXT NOT NULL,
    agreement_id TEXT NOT NULL,
    region       TEXT NOT NULL,
    version      INTEGER NOT NULL CHECK (version > 0),
    action       TEXT NOT NULL,
    measure_seq  INTEGER,
    field        TEXT,
    old_value    TEXT,
    new_value    TEXT,
    comment      TEXT
);

CREATE INDEX audit_log_report ON audit_log (agreement_id, region, version);

CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'audit_log is append-only: rows cannot be changed or deleted');
END;

CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'audit_log is append-only: rows cannot be changed or deleted');
END;

CREATE TABLE reports (
    agreement_id        TEXT NOT NULL REFERENCES agreements (id),
    region              TEXT NOT NULL REFERENCES regions (code),
    state               TEXT NOT NULL CHECK (state IN ('draft', 'submitted', 'returned', 'approved',
                                                      'fact_check', 'fact_checked', 'published')),
    answer_decisions    TEXT,
    answer_organisation TEXT,
    answer_changes      TEXT,
    answer_economy      TEXT,
    comment             TEXT,
    fact_check_text     TEXT,
    first_submitted_at  TEXT,
    version             INTEGER NOT NULL CHECK (version > 0),
    source_seed         TEXT,
    source_section      TEXT,
    source_quote        TEXT,
    PRIMARY KEY (agreement_id, region)
);

CREATE TRIGGER reports_audited_insert BEFORE INSERT ON reports
WHEN NOT EXISTS (SELECT 1 FROM audit_log a WHERE a.agreement_id = NEW.agreement_id
                 AND a.region = NEW.region AND a.version = NEW.version)
BEGIN
    SELECT RAISE(ABORT, 'change without an audit row refused: write reports through uppsikt_store::reports');
END;

CREATE TRIGGER reports_audited_update BEFORE UPDATE ON reports
WHEN NEW.version <= OLD.version
  OR NOT EXISTS (SELECT 1 FROM audit_log a WHERE a.agreement_id = NEW.agreement_id
                 AND a.region = NEW.region AND a.version = NEW.version)
BEGIN
    SELECT RAISE(ABORT, 'change without an audit row refused: write reports through uppsikt_store::reports');
END;

CREATE TRIGGER reports_no_delete BEFORE DELETE ON reports
BEGIN
    SELECT RAISE(ABORT, 'reports cannot be deleted: they are part of the audit trail');
END;

CREATE TABLE report_measures (
    agreement_id   TEXT NOT NULL,
    region         TEXT NOT NULL,
    seq            INTEGER NOT NULL CHECK (seq > 0),
    title          TEXT NOT NULL,
    description    TEXT,
    area_id        TEXT,
    earmark_id     TEXT,
    status         TEXT CHECK (status IN ('planerad', 'pilot', 'breddinforande', 'inford')),
    cost_sek       INTEGER CHECK (cost_sek >= 0),
    grant_sek      INTEGER CHECK (grant_sek >= 0),
    approx         INTEGER NOT NULL CHECK (approx IN (0, 1)),
    period         TEXT,
    results        TEXT,
    target_group   TEXT,
    part_of        INTEGER,
    version        INTEGER NOT NULL CHECK (version > 0),
    source_seed    TEXT,
    source_section TEXT,
    source_quote   TEXT,
    PRIMARY KEY (agreement_id, region, seq),
    FOREIGN KEY (agreement_id, region) REFERENCES reports (agreement_id, region),
    FOREIGN KEY (agreement_id, area_id) REFERENCES development_areas (agreement_id, id),
    FOREIGN KEY (agreement_id, earmark_id) REFERENCES earmarks (agreement_id, id),
    CHECK (grant_sek IS NULL OR cost_sek IS NULL OR grant_sek <= cost_sek)
);

CREATE TRIGGER report_measures_audited_insert BEFORE INSERT ON report_measures
WHEN NOT EXISTS (SELECT 1 FROM audit_log a WHERE a.agreement_id = NEW.agreement_id
                 AND a.region = NEW.region AND a.version = NEW.version AND a.measure_seq = NEW.seq)
BEGIN
    SELECT RAISE(ABORT, 'change without an audit row refused: write reports through uppsikt_store::reports');
END;

CREATE TRIGGER report_measures_audited_update BEFORE UPDATE ON report_measures
WHEN NEW.version <= OLD.version
  OR NOT EXISTS (SELECT 1 FROM audit_log a WHERE a.agreement_id = NEW.agreement_id
                 AND a.region = NEW.region AND a.version = NEW.version AND a.measure_seq = NEW.seq)
BEGIN
    SELECT RAISE(ABORT, 'change without an audit row refused: write reports through uppsikt_store::reports');
END;

CREATE TRIGGER report_measures_audited_delete BEFORE DELETE ON report_measures
WHEN NOT EXISTS (SELECT 1 FROM audit_log a WHERE a.agreement_id = OLD.agreement_id
                 AND a.region = OLD.region AND a.version > OLD.version AND a.measure_seq = OLD.seq)
BEGIN
    SELECT RAISE(ABORT, 'change without an audit row refused: write reports through uppsikt_store::reports');
END;
