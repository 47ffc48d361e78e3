-- PostgreSQL widens its 32-bit INTEGER columns to BIGINT in this version; SQLite's INTEGER
-- already holds 64 bits, so there is nothing to change here (the two folders keep the same
-- versions).
SELECT 1;
