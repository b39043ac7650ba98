-- Regional reports: answers to SKR's four questions, measures, review state,
-- and the append-only audit trail. Keep in step with ../sqlite/0003_reports.sql.
--
-- Every change to reports and report_measures needs an audit row written
-- first, in the same transaction: the triggers below refuse a report row
-- whose version has no audit row, a measure row without an audit row for its
-- version and position, and any UPDATE, DELETE or TRUNCATE of audit rows.

CREATE TABLE audit_log (
    id           BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    at           TEXT NOT NULL,
    actor        TEXT NOT NULL,
    role         TEXT NOT NULL,
    agreement_id TEXT NOT NULL,
    region       TEXT NOT NULL,
    version      BIGINT NOT NULL CHECK (version > 0),
    action       TEXT NOT NULL,
    measure_seq  BIGINT,
    field        TEXT,
    old_value    TEXT,
    new_value    TEXT,
    comment      TEXT
);

CREATE INDEX audit_log_report ON audit_log (agreement_id, region, version);

CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit_log is append-only: rows cannot be changed or deleted';
END
$$;

CREATE TRIGGER audit_log_no_update_delete BEFORE UPDATE OR DELETE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
    FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only();

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
    version             BIGINT NOT NULL CHECK (version > 0),
    source_seed         TEXT,
    source_section      TEXT,
    source_quote        TEXT,
    PRIMARY KEY (agreement_id, region)
);

CREATE FUNCTION reports_require_audit() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        RAISE EXCEPTION 'reports cannot be deleted: they are part of the audit trail';
    END IF;
    IF (TG_OP = 'UPDATE' AND NEW.version <= OLD.version)
       OR NOT EXISTS (SELECT 1 FROM audit_log a WHERE a.agreement_id = NEW.agreement_id
                      AND a.region = NEW.region AND a.version = NEW.version) THEN
        RAISE EXCEPTION 'change without an audit row refused: write reports through uppsikt_store::reports';
    END IF;
    RETURN NEW;
END
$$;

CREATE TRIGGER reports_audited BEFORE INSERT OR UPDATE OR DELETE ON reports
    FOR EACH ROW EXECUTE FUNCTION reports_require_audit();
CREATE TRIGGER reports_no_truncate BEFORE TRUNCATE ON reports
    FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only();

CREATE TABLE report_measures (
    agreement_id   TEXT NOT NULL,
    region         TEXT NOT NULL,
    seq            BIGINT NOT NULL CHECK (seq > 0),
    title          TEXT NOT NULL,
    description    TEXT,
    area_id        TEXT,
    earmark_id     TEXT,
    status         TEXT CHECK (status IN ('planerad', 'pilot', 'breddinforande', 'inford')),
    cost_sek       BIGINT CHECK (cost_sek >= 0),
    grant_sek      BIGINT CHECK (grant_sek >= 0),
    approx         BIGINT NOT NULL CHECK (approx IN (0, 1)),
    period         TEXT,
    results        TEXT,
    target_group   TEXT,
    part_of        BIGINT,
    version        BIGINT NOT NULL CHECK (version > 0),
    source_seed    TEXT,
    source_section TEXT,
    source_quote   TEXT,
    PRIMARY KEY (agreement_id, region, seq),
    FOREIGN KEY (agreement_id, region) REFERENCES reports (agreement_id, region),
    FOREIGN KEY (agreement_id, area_id) REFERENCES development_areas (agreement_id, id),
    FOREIGN KEY (agreement_id, earmark_id) REFERENCES earmarks (agreement_id, id),
    CHECK (grant_sek IS NULL OR cost_sek IS NULL OR grant_sek <= cost_sek)
);

CREATE FUNCTION report_measures_require_audit() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        IF NOT EXISTS (SELECT 1 FROM audit_log a WHERE a.agreement_id = OLD.agreement_id
                       AND a.region = OLD.region AND a.version > OLD.version AND a.measure_seq = OLD.seq) THEN
            RAISE EXCEPTION 'change without an audit row refused: write reports through uppsikt_store::reports';
        END IF;
        RETURN OLD;
    END IF;
    IF (TG_OP = 'UPDATE' AND NEW.version <= OLD.version)
       OR NOT EXISTS (SELECT 1 FROM audit_log a WHERE a.agreement_id = NEW.agreement_id
                      AND a.region = NEW.region AND a.version = NEW.version AND a.measure_seq = NEW.seq) THEN
        RAISE EXCEPTION 'change without an audit row refused: write reports through uppsikt_store::reports';
    END IF;
    RETURN NEW;
END
$$;

CREATE TRIGGER report_measures_audited BEFORE INSERT OR UPDATE OR DELETE ON report_measures
    FOR EACH ROW EXECUTE FUNCTION report_measures_require_audit();
CREATE TRIGGER report_measures_no_truncate BEFORE TRUNCATE ON report_measures
    FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only();
