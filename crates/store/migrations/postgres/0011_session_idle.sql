-- A signed-in session ends after a while without use as well as at its
-- absolute end. Keep in step with ../sqlite/0011_session_idle.sql.
ALTER TABLE sessions ADD COLUMN last_seen_at TEXT;
UPDATE sessions SET last_seen_at = created_at;
