-- When each indicator cell was published (ISO-8601 UTC), for the open-data
-- API's publication_date. Cells published before this migration have none.
-- Keep in step with ../postgres/0007_published_at.sql.
ALTER TABLE indicator_cells ADD COLUMN published_at TEXT;
