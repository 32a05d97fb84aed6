-- Printing an agreement (打印记录): which version was printed or saved as a
-- PDF, with the content fingerprint (内容指纹) that the paper carries in its
-- footer, by whom and when. A print is recorded only when the printed
-- content is the ledger's, so the signed paper can always be matched to its
-- version and an edited draft never passes as the one that was signed.
CREATE TABLE agreement_print (
    id            TEXT PRIMARY KEY,
    agreement_id  TEXT NOT NULL REFERENCES agreement (id),
    case_id       TEXT NOT NULL REFERENCES petition_case (id),
    number        TEXT,
    version       INTEGER NOT NULL,
    fingerprint   TEXT NOT NULL,
    medium        TEXT NOT NULL,
    printed_at    TEXT NOT NULL,
    printed_by    TEXT NOT NULL
) STRICT;

CREATE INDEX agreement_print_by_agreement ON agreement_print (agreement_id, printed_at);
