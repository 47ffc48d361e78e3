-- The jury: the rubric of an edition, jurors and their charter, conflicts of interest,
-- the assignment of dossiers to jurors, reviews with their scores, and the append-only
-- log of every score change.

-- Edition settings for the jury phase.
ALTER TABLE editions ADD COLUMN reviewers_per_dossier INTEGER NOT NULL DEFAULT 3;
ALTER TABLE editions ADD COLUMN conflict_scope TEXT NOT NULL DEFAULT 'nested'
    CHECK (conflict_scope IN ('same', 'nested'));
ALTER TABLE editions ADD COLUMN scale_min INTEGER NOT NULL DEFAULT 0;
ALTER TABLE editions ADD COLUMN scale_max INTEGER NOT NULL DEFAULT 5;
ALTER TABLE editions ADD COLUMN assignment_seed INTEGER NOT NULL DEFAULT 1;
ALTER TABLE editions ADD COLUMN assignment_published_at INTEGER;   -- jurors see nothing before
ALTER TABLE editions ADD COLUMN scoring_closed_at INTEGER;         -- closed early by an organiser

-- The rubric of an edition: one row per criterion.
CREATE TABLE criteria (
    id                INTEGER PRIMARY KEY AUTOINCREMENT,
    edition_id        INTEGER NOT NULL REFERENCES editions (id) ON DELETE CASCADE,
    slug              TEXT    NOT NULL,
    name              TEXT    NOT NULL,
    description       TEXT    NOT NULL DEFAULT '',
    weight            INTEGER NOT NULL CHECK (weight > 0),
    eliminatory_below INTEGER,
    anchors           TEXT    NOT NULL,          -- JSON array, one text per level
    position          INTEGER NOT NULL,
    UNIQUE (edition_id, slug)
);

-- A juror's profile (the account has role 'juror').
CREATE TABLE jurors (
    user_id         INTEGER PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    collectivite_id INTEGER REFERENCES collectivites (id),  -- NULL: another organisation
    affiliation     TEXT    NOT NULL,                       -- the organisation's name
    kind            TEXT    NOT NULL CHECK (kind IN ('elu', 'agent', 'expert', 'partenaire')),
    preferred       TEXT    NOT NULL DEFAULT '',            -- category slugs, space-separated
    created_at      INTEGER NOT NULL,
    updated_at      INTEGER NOT NULL
);

-- The confidentiality and impartiality charter, accepted once per edition.
CREATE TABLE charter_acceptances (
    user_id     INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    edition_id  INTEGER NOT NULL REFERENCES editions (id) ON DELETE CASCADE,
    version     TEXT    NOT NULL,
    accepted_at INTEGER NOT NULL,
    PRIMARY KEY (user_id, edition_id)
);

-- Conflicts of interest: detected ('auto'), declared by the juror ('declared') or by an
-- organiser ('organiser'). An automatic conflict may be lifted with a justification.
CREATE TABLE conflicts (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    dossier_id  INTEGER NOT NULL REFERENCES dossiers (id) ON DELETE CASCADE,
    juror_id    INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    source      TEXT    NOT NULL CHECK (source IN ('auto', 'declared', 'organiser')),
    reason      TEXT    NOT NULL,
    created_by  INTEGER REFERENCES users (id),
    created_at  INTEGER NOT NULL,
    lifted_by   INTEGER REFERENCES users (id),
    lifted_at   INTEGER,
    lift_reason TEXT,
    UNIQUE (dossier_id, juror_id, source)
);
CREATE INDEX conflicts_juror ON conflicts (juror_id);

-- Who reviews what.
CREATE TABLE assignments (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    edition_id INTEGER NOT NULL REFERENCES editions (id) ON DELETE CASCADE,
    dossier_id INTEGER NOT NULL REFERENCES dossiers (id) ON DELETE CASCADE,
    juror_id   INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    origin     TEXT    NOT NULL CHECK (origin IN ('auto', 'manual')),
    created_by INTEGER REFERENCES users (id),
    created_at INTEGER NOT NULL,
    opened_at  INTEGER,                                      -- first time the juror opened it
    UNIQUE (dossier_id, juror_id)
);
CREATE INDEX assignments_edition_juror ON assignments (edition_id, juror_id);

-- A juror's review of a dossier.
CREATE TABLE reviews (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    edition_id      INTEGER NOT NULL REFERENCES editions (id) ON DELETE CASCADE,
    dossier_id      INTEGER NOT NULL REFERENCES dossiers (id) ON DELETE CASCADE,
    juror_id        INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    state           TEXT    NOT NULL DEFAULT 'draft' CHECK (state IN ('draft', 'submitted')),
    overall_comment TEXT    NOT NULL DEFAULT '',
    submitted_at    INTEGER,
    created_at      INTEGER NOT NULL,
    updated_at      INTEGER NOT NULL,
    UNIQUE (dossier_id, juror_id)
);
CREATE INDEX reviews_edition_state ON reviews (edition_id, state);

CREATE TABLE review_scores (
    review_id    INTEGER NOT NULL REFERENCES reviews (id) ON DELETE CASCADE,
    criterion_id INTEGER NOT NULL REFERENCES criteria (id),
    score        INTEGER,
    comment      TEXT    NOT NULL DEFAULT '',
    PRIMARY KEY (review_id, criterion_id)
);

-- Every change of a score, a comment or a review's state: append-only.
CREATE TABLE score_events (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    review_id    INTEGER NOT NULL REFERENCES reviews (id),
    user_id      INTEGER REFERENCES users (id),
    at           INTEGER NOT NULL,
    criterion_id INTEGER, -- NULL: the review as a whole; no foreign key, the log outlives edits
    criterion    TEXT,                                       -- its name at the time
    field        TEXT    NOT NULL CHECK (field IN ('score', 'comment', 'overall_comment', 'state')),
    old_value    TEXT,
    new_value    TEXT
);
CREATE INDEX score_events_review ON score_events (review_id);

CREATE TRIGGER score_events_no_update BEFORE UPDATE ON score_events
BEGIN
    SELECT RAISE(ABORT, 'score_events is append-only');
END;
CREATE TRIGGER score_events_no_delete BEFORE DELETE ON score_events
BEGIN
    SELECT RAISE(ABORT, 'score_events is append-only');
END;
