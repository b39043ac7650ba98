-- A survey's population: the municipalities it is sent to, against which its
-- response rate counts and whose non-responders are listed. Set with
-- `uppsikt survey population`; a new survey goes to every municipality.
-- Keep in step with ../sqlite/0013_survey_population.sql.
CREATE TABLE survey_population (
    survey_id    TEXT NOT NULL REFERENCES surveys (id),
    municipality TEXT NOT NULL REFERENCES municipalities (code),
    PRIMARY KEY (survey_id, municipality)
);

-- The surveys made before this migration went to every municipality.
INSERT INTO survey_population (survey_id, municipality)
SELECT s.id, m.code FROM surveys s CROSS JOIN municipalities m;
