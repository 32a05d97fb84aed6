-- The paperwork the law asks for (issue 24).
-- A party's basic situation as a mediation agreement states it
-- (人民调解法第二十九条 "当事人的基本情况"; the Ministry's form lists 民族 and
-- 职业 beside what a visit already records).
ALTER TABLE person ADD COLUMN ethnicity TEXT;
ALTER TABLE person ADD COLUMN occupation TEXT;

-- The papers of a case other than the agreement: the 15-day notice, the
-- written answer, the mediation file's application, rights notice,
-- investigation and mediation records, and the judicial confirmation's
-- application and the court's decision. Each is written once by the device
-- that made it and synced as `case_paper`; what it says is `content`, the
-- JSON of its kind (domain::paper::PaperContent), so one table and one
-- change-log entity carry every kind.
CREATE TABLE case_paper (
    id            TEXT PRIMARY KEY,
    case_id       TEXT NOT NULL REFERENCES petition_case (id),
    agreement_id  TEXT REFERENCES agreement (id),
    kind          TEXT NOT NULL,
    -- The day the paper counts from: delivered, issued, applied, decided.
    dated_on      TEXT NOT NULL,
    content       TEXT NOT NULL,
    created_by    TEXT NOT NULL,
    created_at    TEXT NOT NULL
) STRICT;
CREATE INDEX case_paper_by_case ON case_paper (case_id, dated_on);
