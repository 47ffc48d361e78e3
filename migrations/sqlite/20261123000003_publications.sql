-- Publishing results: the organisers' justified changes to the proposed laureates, and the
-- published palmarès as immutable versions. A correction after publication is a new version;
-- nothing here is ever updated or deleted.

CREATE TABLE laureate_adjustments (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    edition_id    INTEGER NOT NULL REFERENCES editions (id),
    dossier_id    INTEGER NOT NULL REFERENCES dossiers (id),
    action        TEXT    NOT NULL CHECK (action IN ('add', 'remove', 'level')),
    level         TEXT CHECK (level IN ('or', 'argent', 'bronze')),
    justification TEXT    NOT NULL,
    user_id       INTEGER REFERENCES users (id),
    at            INTEGER NOT NULL
);
CREATE INDEX laureate_adjustments_edition ON laureate_adjustments (edition_id);

CREATE TABLE publications (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    edition_id   INTEGER NOT NULL REFERENCES editions (id),
    version      INTEGER NOT NULL,
    published_at INTEGER NOT NULL,
    published_by INTEGER REFERENCES users (id),
    method       TEXT    NOT NULL,             -- how the ranking was made, in French
    note         TEXT    NOT NULL DEFAULT '',  -- what a correction changes, and why
    UNIQUE (edition_id, version)
);

-- A published laureate, with what the palmarès shows frozen at publication.
CREATE TABLE laureates (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    publication_id  INTEGER NOT NULL REFERENCES publications (id),
    dossier_id      INTEGER NOT NULL REFERENCES dossiers (id),
    category_name   TEXT    NOT NULL,
    category_slug   TEXT    NOT NULL,
    category_position INTEGER NOT NULL,
    level           TEXT    NOT NULL CHECK (level IN ('or', 'argent', 'bronze')),
    rank            INTEGER,
    aggregate_centi INTEGER,                   -- the aggregate × 100
    collectivite    TEXT    NOT NULL,
    siren           TEXT,
    departement     TEXT,
    reference       TEXT    NOT NULL,
    title           TEXT    NOT NULL,
    summary         TEXT    NOT NULL,
    code            TEXT    NOT NULL,          -- certificate verification code
    UNIQUE (publication_id, dossier_id)
);
CREATE INDEX laureates_code ON laureates (code);

CREATE TRIGGER laureate_adjustments_no_update BEFORE UPDATE ON laureate_adjustments
BEGIN SELECT RAISE(ABORT, 'laureate_adjustments is append-only'); END;
CREATE TRIGGER laureate_adjustments_no_delete BEFORE DELETE ON laureate_adjustments
BEGIN SELECT RAISE(ABORT, 'laureate_adjustments is append-only'); END;
CREATE TRIGGER publications_no_update BEFORE UPDATE ON publications
BEGIN SELECT RAISE(ABORT, 'publications are immutable'); END;
CREATE TRIGGER publications_no_delete BEFORE DELETE ON publications
BEGIN SELECT RAISE(ABORT, 'publications are immutable'); END;
CREATE TRIGGER laureates_no_update BEFORE UPDATE ON laureates
BEGIN SELECT RAISE(ABORT, 'laureates are immutable'); END;
CREATE TRIGGER laureates_no_delete BEFORE DELETE ON laureates
BEGIN SELECT RAISE(ABORT, 'laureates are immutable'); END;
