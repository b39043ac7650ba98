-- Surveys: questionnaires, participants (invitations with a secret token per
-- municipality), and responses in long format (one row per municipality × item).
-- Keep in step with ../sqlite/0002_survey.sql (same tables, columns and keys).
-- Booleans are 0/1 integers; timestamps ISO-8601 text.

CREATE TABLE surveys (
    id         TEXT PRIMARY KEY,
    title      TEXT NOT NULL,
    year       BIGINT NOT NULL,
    source     TEXT NOT NULL,
    -- The questionnaire definition (TOML) it was loaded from: the full model
    -- (questions, matrices, help texts) for the web form.
    definition TEXT NOT NULL,
    state      TEXT NOT NULL CHECK (state IN ('draft', 'open', 'closed')),
    opened_at  TEXT,
    closed_at  TEXT
);

-- One row per answerable item (a matrix row is one item), in questionnaire order.
CREATE TABLE survey_items (
    survey_id      TEXT NOT NULL REFERENCES surveys (id),
    id             TEXT NOT NULL,
    question_id    TEXT NOT NULL,
    number         TEXT NOT NULL,
    position       BIGINT NOT NULL,
    kind           TEXT NOT NULL CHECK (kind IN ('choice', 'free_text')),
    label          TEXT NOT NULL,
    help           TEXT,
    required       BIGINT NOT NULL CHECK (required IN (0, 1)),
    show_if_item   TEXT,
    show_if_equals TEXT,
    PRIMARY KEY (survey_id, id)
);

CREATE TABLE survey_choices (
    survey_id TEXT NOT NULL,
    item_id   TEXT NOT NULL,
    code      TEXT NOT NULL,
    label     TEXT NOT NULL,
    position  BIGINT NOT NULL,
    PRIMARY KEY (survey_id, item_id, code),
    FOREIGN KEY (survey_id, item_id) REFERENCES survey_items (survey_id, id)
);

-- The participant table: who is invited, their secret token and how far they got.
CREATE TABLE survey_participants (
    survey_id    TEXT NOT NULL REFERENCES surveys (id),
    municipality TEXT NOT NULL REFERENCES municipalities (code),
    token        TEXT NOT NULL UNIQUE,
    status       TEXT NOT NULL CHECK (status IN ('invited', 'partial', 'complete')),
    invited_at   TEXT NOT NULL,
    reminded_at  TEXT,
    started_at   TEXT,
    completed_at TEXT,
    -- Where the answers came from: 'webb', 'import: FILE', or a reconstruction.
    source       TEXT,
    -- 1 when the answers are not the municipality's own (a reconstruction).
    synthetic    BIGINT NOT NULL DEFAULT 0 CHECK (synthetic IN (0, 1)),
    PRIMARY KEY (survey_id, municipality)
);

CREATE TABLE survey_answers (
    survey_id    TEXT NOT NULL,
    municipality TEXT NOT NULL,
    item_id      TEXT NOT NULL,
    value        TEXT NOT NULL,
    answered_at  TEXT NOT NULL,
    PRIMARY KEY (survey_id, municipality, item_id),
    FOREIGN KEY (survey_id, municipality) REFERENCES survey_participants (survey_id, municipality),
    FOREIGN KEY (survey_id, item_id) REFERENCES survey_items (survey_id, id)
);

CREATE INDEX survey_answers_by_item ON survey_answers (survey_id, item_id, value);
