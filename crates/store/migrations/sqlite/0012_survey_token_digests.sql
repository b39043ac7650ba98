-- Survey invitation tokens are kept as SHA-256 digests, like session ids and
-- API tokens: whoever reads the database (or a backup) cannot answer for a
-- municipality. Keep in step with ../postgres/0012_survey_token_digests.sql.
-- The tokens stored in clear before this migration are replaced by their
-- digests right after it, in Rust (SQLite has no SHA-256):
-- uppsikt_store::survey::digest_clear_tokens, run by Store::connect.
ALTER TABLE survey_participants RENAME COLUMN token TO token_hash;
