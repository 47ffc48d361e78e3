-- No silent overwrite: the forms several people may edit carry the version they were opened
-- at; a save compares it in its UPDATE and increments it, so a save from an older version is
-- refused instead of replacing what was written meanwhile.
ALTER TABLE dossiers ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
ALTER TABLE reviews ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
ALTER TABLE editions ADD COLUMN rubric_version INTEGER NOT NULL DEFAULT 1;
ALTER TABLE results_settings ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
