-- no-transaction
-- One vocabulary: stored codes are English (see ARCHITECTURE.md, "Language"),
-- one measure model, and indicator definitions in the store.
-- Keep in step with ../postgres/0006_vocabulary.sql.
--
-- SQLite cannot change a CHECK constraint in place, so `users` and
-- `report_measures` are rebuilt by its documented procedure, which needs
-- foreign keys off and therefore runs outside sqlx's implicit transaction
-- (the `no-transaction` line above), in a transaction of its own.
--   1. The measures of the seed texts now live only in the transcribed
--      reports: the separate `measures` table is dropped.
--   2. Role `analytiker` becomes `analyst`.
--   3. Measure statuses become planned, pilot, scaling_up, implemented.
--   4. The audit trail's Swedish field codes and values become English;
--      its append-only trigger is lifted for this one rewrite only.
--   5. Indicator definitions are stored with the cells that use them.

PRAGMA foreign_keys = OFF;
BEGIN;

DROP TABLE measures;

CREATE TABLE users_new (
    username      TEXT PRIMARY KEY,
    role          TEXT NOT NULL CHECK (role IN ('admin', 'analyst', 'region')),
    region        TEXT REFERENCES regions (code),
    password_hash TEXT NOT NULL,
    disabled      INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1)),
    created_at    TEXT NOT NULL,
    CHECK ((role = 'region') = (region IS NOT NULL))
);
INSERT INTO users_new (username, role, region, password_hash, disabled, created_at)
SELECT username, CASE role WHEN 'analytiker' THEN 'analyst' ELSE role END, region, password_hash, disabled,
       created_at
FROM users;
DROP TABLE users;
ALTER TABLE users_new RENAME TO users;

DROP TRIGGER report_measures_audited_insert;
DROP TRIGGER report_measures_audited_update;
DROP TRIGGER report_measures_audited_delete;
CREATE TABLE report_measures_new (
    agreement_id   TEXT NOT NULL,
    region         TEXT NOT NULL,
    seq            INTEGER NOT NULL CHECK (seq > 0),
    title          TEXT NOT NULL,
    description    TEXT,
    area_id        TEXT,
    earmark_id     TEXT,
    status         TEXT CHECK (status IN ('planned', 'pilot', 'scaling_up', 'implemented')),
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
INSERT INTO report_measures_new
SELECT agreement_id, region, seq, title, description, area_id, earmark_id,
       CASE status WHEN 'planerad' THEN 'planned' WHEN 'breddinforande' THEN 'scaling_up'
                   WHEN 'inford' THEN 'implemented' ELSE status END,
       cost_sek, grant_sek, approx, period, results, target_group, part_of, version, source_seed,
       source_section, source_quote
FROM report_measures;
DROP TABLE report_measures;
ALTER TABLE report_measures_new RENAME TO report_measures;

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

DROP TRIGGER audit_log_no_update;
UPDATE audit_log SET role = 'analyst' WHERE role = 'analytiker';
UPDATE audit_log SET
    old_value = CASE old_value WHEN 'planerad' THEN 'planned' WHEN 'breddinforande' THEN 'scaling_up'
                               WHEN 'inford' THEN 'implemented' ELSE old_value END,
    new_value = CASE new_value WHEN 'planerad' THEN 'planned' WHEN 'breddinforande' THEN 'scaling_up'
                               WHEN 'inford' THEN 'implemented' ELSE new_value END
WHERE field = 'status';
UPDATE audit_log SET
    old_value = CASE old_value WHEN 'tillagd' THEN 'added' WHEN 'borttagen' THEN 'removed' ELSE old_value END,
    new_value = CASE new_value WHEN 'tillagd' THEN 'added' WHEN 'borttagen' THEN 'removed' ELSE new_value END
WHERE field = 'insats';
UPDATE audit_log SET
    old_value = CASE old_value WHEN 'ja' THEN 'true' ELSE old_value END,
    new_value = CASE new_value WHEN 'ja' THEN 'true' ELSE new_value END
WHERE field = 'ungefarligt';
UPDATE audit_log SET field = CASE field
    WHEN 'tillstand' THEN 'state'
    WHEN 'kommentar' THEN 'comment'
    WHEN 'faktagranskningstext' THEN 'fact_check_text'
    WHEN 'forst_inlamnad' THEN 'first_submitted_at'
    WHEN 'kalla' THEN 'source'
    WHEN 'insats' THEN 'measure'
    WHEN 'titel' THEN 'title'
    WHEN 'beskrivning' THEN 'description'
    WHEN 'omrade' THEN 'area'
    WHEN 'oronmarkning' THEN 'earmark'
    WHEN 'kostnad' THEN 'cost'
    WHEN 'varav_statsbidrag' THEN 'grant_funded'
    WHEN 'ungefarligt' THEN 'approx'
    WHEN 'resultat' THEN 'results'
    WHEN 'malgrupp' THEN 'target_group'
    WHEN 'del_av' THEN 'part_of'
    WHEN 'svar.formella_beslut' THEN 'answers.decisions'
    WHEN 'svar.organisation' THEN 'answers.organisation'
    WHEN 'svar.konkreta_forandringar' THEN 'answers.changes'
    WHEN 'svar.ekonomi' THEN 'answers.economy'
    ELSE field END
WHERE field IS NOT NULL;
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'audit_log is append-only: rows cannot be changed or deleted');
END;

CREATE TABLE indicator_definitions (
    id             TEXT PRIMARY KEY,
    name_sv        TEXT NOT NULL,
    description_sv TEXT NOT NULL,
    unit_sv        TEXT NOT NULL,
    scale          TEXT NOT NULL CHECK (scale IN ('percent', 'per_hundred_thousand')),
    direction      TEXT NOT NULL CHECK (direction IN ('higher_is_better', 'lower_is_better', 'neutral')),
    monthly        INTEGER NOT NULL CHECK (monthly IN (0, 1)),
    source_sv      TEXT NOT NULL,
    arrival        TEXT NOT NULL CHECK (arrival IN ('register', 'imported'))
);

COMMIT;
PRAGMA foreign_keys = ON;
