-- The qualitative follow-up (../shared/spec/qualitative.md): documents, the
-- codebook and codings. Keep in step with ../sqlite/0008_qualitative.sql.
--
-- The search index (crates/qual) is derived from these tables and rebuilt
-- from them when it is missing; qual_state.revision lets it catch up: every
-- write that changes a document bumps the revision and stamps the document
-- (or, for a removal, a row of qual_removed) with it.

CREATE TABLE qual_state (
    id       BIGINT PRIMARY KEY CHECK (id = 1),
    revision BIGINT NOT NULL
);
INSERT INTO qual_state (id, revision) VALUES (1, 0);

CREATE TABLE qual_documents (
    doc_id       TEXT PRIMARY KEY,
    title        TEXT NOT NULL,
    kind         TEXT NOT NULL CHECK (kind IN ('intervju', 'fallstudie', 'nulagesrapport', 'redovisning',
                                                'enkatsvar', 'ovrigt')),
    region       TEXT REFERENCES regions (code),
    municipality TEXT REFERENCES municipalities (code),
    agreement_id TEXT REFERENCES agreements (id),
    doc_date     TEXT,
    participants TEXT,
    -- The text after the contract's normalisation (BOM, line ends, NFC).
    body         TEXT NOT NULL,
    -- Its length in Unicode scalar values: the positions' upper bound.
    length       BIGINT NOT NULL CHECK (length >= 0),
    -- Where it came from: 'import', 'qdpx', 'demo', or 'narrative' (kept in
    -- step with a report or a survey response by the store).
    origin       TEXT NOT NULL CHECK (origin IN ('import', 'qdpx', 'demo', 'narrative')),
    -- For demo data: the seed file and section it was taken from.
    source       TEXT,
    revision     BIGINT NOT NULL
);
CREATE INDEX qual_documents_revision ON qual_documents (revision);

CREATE TABLE qual_removed (
    doc_id   TEXT PRIMARY KEY,
    revision BIGINT NOT NULL
);

CREATE TABLE qual_codes (
    code_id     TEXT PRIMARY KEY,
    parent_id   TEXT REFERENCES qual_codes (code_id),
    name        TEXT NOT NULL,
    description TEXT NOT NULL,
    color       TEXT,
    -- ';'-separated indicator ids the theme is linked to.
    indicators  TEXT NOT NULL,
    position    BIGINT NOT NULL
);

CREATE TABLE qual_codings (
    doc_id   TEXT NOT NULL REFERENCES qual_documents (doc_id),
    start_at BIGINT NOT NULL CHECK (start_at >= 0),
    end_at   BIGINT NOT NULL,
    code_id  TEXT NOT NULL REFERENCES qual_codes (code_id),
    coder    TEXT NOT NULL,
    memo     TEXT NOT NULL,
    -- 1 for the demo's example codings, so they are never taken for an analyst's.
    demo     BIGINT NOT NULL DEFAULT 0 CHECK (demo IN (0, 1)),
    PRIMARY KEY (doc_id, start_at, end_at, code_id, coder),
    CHECK (start_at < end_at)
);
CREATE INDEX qual_codings_code ON qual_codings (code_id);
