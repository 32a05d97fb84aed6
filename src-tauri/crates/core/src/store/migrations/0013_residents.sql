-- One resident, many ledgers (同一信访人): every device keeps its own record
-- of a resident, so a township holds as many records with one ID number as
-- devices that recorded that person; they are linked by the number, never
-- refused or merged into one row. SQLite cannot drop a column's UNIQUE, so
-- the table is rebuilt: copied aside, dropped, made anew and filled again.
-- visit_petitioner's references name the table, so they find the new one;
-- the check of them waits for the end of this migration's transaction.
PRAGMA defer_foreign_keys = ON;

CREATE TEMP TABLE person_before AS SELECT * FROM person;
DROP TABLE person;
CREATE TABLE person (
    id           TEXT PRIMARY KEY,
    name         TEXT NOT NULL,
    id_number    TEXT,
    gender       TEXT CHECK (gender IN ('male', 'female')),
    birth_date   TEXT,
    phone        TEXT,
    village      TEXT,
    grp          TEXT,
    address      TEXT,
    created_at   TEXT NOT NULL,
    updated_at   TEXT NOT NULL,
    voided_at    TEXT,
    void_reason  TEXT
) STRICT;
INSERT INTO person (id, name, id_number, gender, birth_date, phone, village, grp, address, created_at, updated_at,
                    voided_at, void_reason)
    SELECT id, name, id_number, gender, birth_date, phone, village, grp, address, created_at, updated_at,
           voided_at, void_reason
    FROM person_before;
DROP TABLE person_before;

CREATE INDEX person_name ON person (name);
CREATE INDEX person_id_number ON person (id_number) WHERE id_number IS NOT NULL;
