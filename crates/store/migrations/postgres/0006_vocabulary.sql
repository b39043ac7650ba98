-- One vocabulary: stored codes are English (see ARCHITECTURE.md, "Language"),
-- one measure model, and indicator definitions in the store.
-- Keep in step with ../sqlite/0006_vocabulary.sql (which says why, step by step).

DROP TABLE measures;

ALTER TABLE users DROP CONSTRAINT users_role_check;
UPDATE users SET role = 'analyst' WHERE role = 'analytiker';
ALTER TABLE users ADD CONSTRAINT users_role_check CHECK (role IN ('admin', 'analyst', 'region'));

ALTER TABLE report_measures DROP CONSTRAINT report_measures_status_check;
ALTER TABLE report_measures DISABLE TRIGGER report_measures_audited;
UPDATE report_measures SET status = CASE status WHEN 'planerad' THEN 'planned' WHEN 'breddinforande' THEN 'scaling_up'
                                                WHEN 'inford' THEN 'implemented' ELSE status END;
ALTER TABLE report_measures ENABLE TRIGGER report_measures_audited;
ALTER TABLE report_measures ADD CONSTRAINT report_measures_status_check
    CHECK (status IN ('planned', 'pilot', 'scaling_up', 'implemented'));

ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_update_delete;
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
ALTER TABLE audit_log ENABLE TRIGGER audit_log_no_update_delete;

CREATE TABLE indicator_definitions (
    id             TEXT PRIMARY KEY,
    name_sv        TEXT NOT NULL,
    description_sv TEXT NOT NULL,
    unit_sv        TEXT NOT NULL,
    scale          TEXT NOT NULL CHECK (scale IN ('percent', 'per_hundred_thousand')),
    direction      TEXT NOT NULL CHECK (direction IN ('higher_is_better', 'lower_is_better', 'neutral')),
    monthly        BIGINT NOT NULL CHECK (monthly IN (0, 1)),
    source_sv      TEXT NOT NULL,
    arrival        TEXT NOT NULL CHECK (arrival IN ('register', 'imported'))
);
