-- Publishing results: the organisers' justified changes to the proposed laureates, and the
-- published palmarès as immutable versions. A correction after publication is a new version;
-- nothing here is ever updated or deleted.

CREATE TABLE laureate_adjustments (
    id            BIGSERIAL PRIMARY KEY,
    edition_id    BIGINT NOT NULL REFERENCES editions (id),
    dossier_id    BIGINT NOT NULL REFERENCES dossiers (id),
    action        TEXT    NOT NULL CHECK (action IN ('add', 'remove', 'level')),
    level         TEXT CHECK (level IN ('or', 'argent', 'bronze')),
    justification TEXT    NOT NULL,
    user_id       BIGINT REFERENCES users (id),
    at            BIGINT NOT NULL
);
CREATE INDEX laureate_adjustments_edition ON laureate_adjustments (edition_id);

CREATE TABLE publications (
    id           BIGSERIAL PRIMARY KEY,
    edition_id   BIGINT NOT NULL REFERENCES editions (id),
    version      BIGINT NOT NULL,
    published_at BIGINT NOT NULL,
    published_by BIGINT REFERENCES users (id),
    method       TEXT    NOT NULL,             -- how the ranking was made, in French
    note         TEXT    NOT NULL DEFAULT '',  -- what a correction changes, and why
    UNIQUE (edition_id, version)
);

-- A published laureate, with what the palmarès shows frozen at publication.
CREATE TABLE laureates (
    id              BIGSERIAL PRIMARY KEY,
    publication_id  BIGINT NOT NULL REFERENCES publications (id),
    dossier_id      BIGINT NOT NULL REFERENCES dossiers (id),
    category_name   TEXT    NOT NULL,
    category_slug   TEXT    NOT NULL,
    category_position BIGINT NOT NULL,
    level           TEXT    NOT NULL CHECK (level IN ('or', 'argent', 'bronze')),
    rank            BIGINT,
    aggregate_centi BIGINT,                   -- the aggregate × 100
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

CREATE FUNCTION results_immutable() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION '% is append-only', TG_TABLE_NAME;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER laureate_adjustments_immutable BEFORE UPDATE OR DELETE ON laureate_adjustments
    FOR EACH ROW EXECUTE FUNCTION results_immutable();
CREATE TRIGGER publications_immutable BEFORE UPDATE OR DELETE ON publications
    FOR EACH ROW EXECUTE FUNCTION results_immutable();
CREATE TRIGGER laureates_immutable BEFORE UPDATE OR DELETE ON laureates
    FOR EACH ROW EXECUTE FUNCTION results_immutable();
