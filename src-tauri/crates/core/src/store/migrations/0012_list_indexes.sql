-- The agenda (工作台) counts every case awaiting a statutory step (受理告知,
-- 办结, 回访) across the whole ledger each time it opens. These partial
-- indexes hold only those cases, keyed by the China-time day the deadline
-- counts from, with the columns the agenda lists them by, so a township of
-- years is counted by reading a range of an index, not its cases.
CREATE INDEX petition_case_awaiting_acceptance
    ON petition_case (date(received_at, '+8 hours'), number, confidential, id)
    WHERE voided_at IS NULL AND outcome = 'in_progress' AND accepted_on IS NULL;
CREATE INDEX petition_case_awaiting_handling
    ON petition_case (date(received_at, '+8 hours'), extension_days, number, confidential, id)
    WHERE voided_at IS NULL AND outcome = 'in_progress' AND handled_on IS NULL;
CREATE INDEX petition_case_awaiting_revisit
    ON petition_case (handled_on, number, confidential, id)
    WHERE voided_at IS NULL AND handled_on IS NOT NULL AND revisited_on IS NULL;

-- The ledger in date order, with what each list filters every case by: a
-- search matching thousands of cases reads this index newest first and
-- stops at a page, without reading the cases it passes over. It replaces
-- the index of the date alone.
DROP INDEX petition_case_received;
CREATE INDEX petition_case_by_date ON petition_case (received_at, voided_at, confidential, id);
