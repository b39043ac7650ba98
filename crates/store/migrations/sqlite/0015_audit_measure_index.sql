-- The audit triggers on report_measures look up the audit row of a measure
-- (agreement, region, measure_seq, version). With only the index on
-- (agreement, region, version), every measure written scanned all audit rows
-- of its version, so an import of n measures took time in n²: 8 000
-- measures 32 s, 100 000 not in ten minutes. This index makes each lookup a
-- seek (the delete trigger's version > … is a range within it).
-- Keep in step with ../postgres/0015_audit_measure_index.sql.
CREATE INDEX audit_log_measure ON audit_log (agreement_id, region, measure_seq, version);
