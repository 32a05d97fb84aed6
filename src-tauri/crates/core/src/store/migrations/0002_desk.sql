-- The liaison's desk: what the agenda (工作台), the agreement editor, the
-- revisit log and screening rounds need beyond the first schema.

-- When the case was first taken up, and first revisited: the agenda reads
-- deadlines from the case row instead of replaying every event.
ALTER TABLE petition_case ADD COLUMN accepted_on TEXT;
ALTER TABLE petition_case ADD COLUMN revisited_on TEXT;
-- The petitioners' village group (村民小组), for the ledger's group filter.
ALTER TABLE petition_case ADD COLUMN grp TEXT;

UPDATE petition_case SET accepted_on = (
    SELECT min(e.happened_on) FROM case_event e
    WHERE e.case_id = petition_case.id
      AND e.action IN ('commission', 'settle_on_spot', 'direct_to_legal_route', 'close'));
UPDATE petition_case SET revisited_on = (
    SELECT min(e.happened_on) FROM case_event e WHERE e.case_id = petition_case.id AND e.action = 'revisit');
UPDATE petition_case SET grp = (
    SELECT p.grp FROM visit v JOIN visit_petitioner vp ON vp.visit_id = v.id JOIN person p ON p.id = vp.person_id
    WHERE v.case_id = petition_case.id AND p.grp IS NOT NULL ORDER BY v.received_at, vp.position LIMIT 1);

-- Times received are kept in China time to the second, so their text sorts
-- as the moments do (earlier rows may carry another offset).
UPDATE petition_case SET received_at = strftime('%Y-%m-%dT%H:%M:%S+08:00', received_at, '+8 hours');
UPDATE visit SET received_at = strftime('%Y-%m-%dT%H:%M:%S+08:00', received_at, '+8 hours');

CREATE INDEX petition_case_open ON petition_case (outcome, voided_at);
CREATE INDEX person_name ON person (name);

-- A correction says why; the mediation starts when the first draft is begun.
ALTER TABLE agreement ADD COLUMN correction_reason TEXT;
ALTER TABLE agreement ADD COLUMN created_by TEXT;
ALTER TABLE agreement ADD COLUMN signed_by TEXT;

CREATE INDEX revisit_next_due ON revisit (next_due_on);

ALTER TABLE screening_finding ADD COLUMN resolved_on TEXT;
CREATE INDEX screening_round_held ON screening_round (held_on);

-- Forms being typed, saved as the liaison types so a closed window or a power
-- cut loses at most the field in hand. Local to this install: never synced.
CREATE TABLE draft (
    key         TEXT PRIMARY KEY,
    value       TEXT NOT NULL,
    updated_at  TEXT NOT NULL
) STRICT;
