-- The agenda (工作台) counts every case awaiting a statutory step (受理告知,
-- 办结, 回访) across the whole ledger each time it opens. These partial
-- indexes hold only those cases, with every column their deadline is
-- computed from, so a township of years is counted without reading its cases.
CREATE INDEX petition_case_awaiting_acceptance ON petition_case (received_at, confidential, id)
    WHERE voided_at IS NULL AND outcome = 'in_progress' AND accepted_on IS NULL;
CREATE INDEX petition_case_awaiting_handling ON petition_case (received_at, extension_days, confidential, id)
    WHERE voided_at IS NULL AND outcome = 'in_progress' AND handled_on IS NULL;
CREATE INDEX petition_case_awaiting_revisit ON petition_case (handled_on, confidential, id)
    WHERE voided_at IS NULL AND handled_on IS NOT NULL AND revisited_on IS NULL;
