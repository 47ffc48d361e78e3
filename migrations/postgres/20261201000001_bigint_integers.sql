-- Two earlier migrations declared their integers INTEGER here, which PostgreSQL stores in 32
-- bits, while every other integer of this schema, and every integer of SQLite's, is 64 bits.
-- Widen them so that both engines hold the same values (tests/app/migrations.rs compares the
-- two schemas).
ALTER TABLE users ALTER COLUMN membership_pending TYPE BIGINT;
ALTER TABLE dossiers ALTER COLUMN version TYPE BIGINT;
ALTER TABLE reviews ALTER COLUMN version TYPE BIGINT;
ALTER TABLE editions ALTER COLUMN rubric_version TYPE BIGINT;
ALTER TABLE results_settings ALTER COLUMN version TYPE BIGINT;
