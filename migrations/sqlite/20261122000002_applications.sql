-- Reference data of French collectivités, editions and categories, applicant
-- organisations, dossiers, their attachments and their history.

CREATE TABLE collectivites (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    kind        TEXT    NOT NULL CHECK (kind IN ('commune', 'epci', 'departement', 'region')),
    epci_type   TEXT,                      -- CC, CA, CU, METRO (EPCI only)
    code        TEXT    NOT NULL,          -- INSEE code (commune), SIREN (EPCI), département or région code
    siren       TEXT,                      -- 9 digits; NULL when the reference has none
    name        TEXT    NOT NULL,
    search_name TEXT    NOT NULL,          -- lower case, no accents, words separated by one space
    population  INTEGER,
    departement TEXT,                      -- département code
    region      TEXT,                      -- région code
    epci_siren  TEXT,                      -- commune: SIREN of its EPCI
    postcodes   TEXT    NOT NULL DEFAULT '', -- space-separated
    obsolete    INTEGER NOT NULL DEFAULT 0, -- no longer in the current millésime
    UNIQUE (kind, code)
);
CREATE INDEX collectivites_siren ON collectivites (siren);
CREATE INDEX collectivites_search ON collectivites (search_name);

CREATE TABLE reference_meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

-- A candidate body: a collectivité of the reference, or a public body declared by hand.
CREATE TABLE organisations (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    collectivite_id INTEGER UNIQUE REFERENCES collectivites (id),
    name            TEXT    NOT NULL,
    kind            TEXT    NOT NULL,      -- commune, epci, departement, region, other
    siren           TEXT,
    departement     TEXT,
    region          TEXT,
    created_at      INTEGER NOT NULL
);
CREATE UNIQUE INDEX organisations_siren ON organisations (siren);

ALTER TABLE users ADD COLUMN organisation_id INTEGER REFERENCES organisations (id);
ALTER TABLE users ADD COLUMN civility TEXT;
ALTER TABLE users ADD COLUMN job_title TEXT;
ALTER TABLE users ADD COLUMN phone TEXT;

CREATE TABLE editions (
    id               INTEGER PRIMARY KEY AUTOINCREMENT,
    year             INTEGER NOT NULL UNIQUE,
    title            TEXT    NOT NULL,
    opens_at         INTEGER NOT NULL,     -- unix seconds UTC
    closes_at        INTEGER NOT NULL,
    scoring_ends_at  INTEGER NOT NULL,
    ceremony_at      INTEGER,
    ceremony_place   TEXT    NOT NULL DEFAULT '',
    laureates_count  INTEGER NOT NULL DEFAULT 25,
    is_current       INTEGER NOT NULL DEFAULT 0 CHECK (is_current IN (0, 1)),
    created_at       INTEGER NOT NULL,
    updated_at       INTEGER NOT NULL
);

CREATE TABLE categories (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    edition_id  INTEGER NOT NULL REFERENCES editions (id) ON DELETE CASCADE,
    slug        TEXT    NOT NULL,
    name        TEXT    NOT NULL,
    description TEXT    NOT NULL,
    position    INTEGER NOT NULL,
    UNIQUE (edition_id, slug)
);

CREATE TABLE dossiers (
    id               INTEGER PRIMARY KEY AUTOINCREMENT,
    edition_id       INTEGER NOT NULL REFERENCES editions (id),
    organisation_id  INTEGER NOT NULL REFERENCES organisations (id),
    category_id      INTEGER NOT NULL REFERENCES categories (id),
    state            TEXT    NOT NULL DEFAULT 'draft'
                     CHECK (state IN ('draft', 'submitted', 'eligible', 'ineligible', 'withdrawn')),
    number           INTEGER,              -- per edition, given at first submission
    reference        TEXT UNIQUE,          -- LTI-2026-0042
    title            TEXT    NOT NULL DEFAULT '',
    summary          TEXT    NOT NULL DEFAULT '',
    context          TEXT    NOT NULL DEFAULT '',
    objectives       TEXT    NOT NULL DEFAULT '',
    realisation      TEXT    NOT NULL DEFAULT '',
    results          TEXT    NOT NULL DEFAULT '',
    innovation       TEXT    NOT NULL DEFAULT '',
    reproducibility  TEXT    NOT NULL DEFAULT '',
    sobriety         TEXT    NOT NULL DEFAULT '',
    participation    TEXT    NOT NULL DEFAULT '',
    budget_euros     INTEGER,
    funding          TEXT    NOT NULL DEFAULT '',
    partners         TEXT    NOT NULL DEFAULT '',
    project_state    TEXT CHECK (project_state IN ('idea', 'in_progress', 'deployed')),
    start_date       TEXT,                 -- YYYY-MM
    video_url        TEXT    NOT NULL DEFAULT '',
    contact_name     TEXT    NOT NULL DEFAULT '',
    contact_email    TEXT    NOT NULL DEFAULT '',
    contact_phone    TEXT    NOT NULL DEFAULT '',
    submitted_at     INTEGER,
    fingerprint      TEXT,                 -- SHA-256 of the submitted content
    reopened         INTEGER NOT NULL DEFAULT 0 CHECK (reopened IN (0, 1)),
    decision_reason  TEXT    NOT NULL DEFAULT '',
    decided_by       INTEGER REFERENCES users (id),
    decided_at       INTEGER,
    created_by       INTEGER REFERENCES users (id),
    created_at       INTEGER NOT NULL,
    updated_by       INTEGER REFERENCES users (id),
    updated_at       INTEGER NOT NULL,
    UNIQUE (edition_id, organisation_id, category_id),
    UNIQUE (edition_id, number)
);
CREATE INDEX dossiers_edition_state ON dossiers (edition_id, state);

CREATE TABLE attachments (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    dossier_id    INTEGER NOT NULL REFERENCES dossiers (id) ON DELETE CASCADE,
    original_name TEXT    NOT NULL,
    stored_name   TEXT    NOT NULL UNIQUE,  -- random, under <data_dir>/uploads
    content_type  TEXT    NOT NULL,
    size_bytes    INTEGER NOT NULL,
    sha256        TEXT    NOT NULL,
    uploaded_by   INTEGER REFERENCES users (id),
    uploaded_at   INTEGER NOT NULL
);
CREATE INDEX attachments_dossier ON attachments (dossier_id);

-- Who did what to a dossier, append-only.
CREATE TABLE dossier_events (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    dossier_id INTEGER NOT NULL REFERENCES dossiers (id) ON DELETE CASCADE,
    user_id    INTEGER REFERENCES users (id),
    at         INTEGER NOT NULL,
    action     TEXT    NOT NULL,
    detail     TEXT    NOT NULL DEFAULT ''
);
CREATE INDEX dossier_events_dossier ON dossier_events (dossier_id);
