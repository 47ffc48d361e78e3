-- How an edition ranks its dossiers and chooses its laureates (one row per edition, created
-- with the defaults on first use). Tie rules are declared before scoring starts.
CREATE TABLE results_settings (
    edition_id             INTEGER PRIMARY KEY REFERENCES editions (id) ON DELETE CASCADE,
    aggregate              TEXT    NOT NULL DEFAULT 'mean' CHECK (aggregate IN ('mean', 'median', 'trimmed_mean')),
    severity_correction    INTEGER NOT NULL DEFAULT 0 CHECK (severity_correction IN (0, 1)),
    min_reviews            INTEGER NOT NULL DEFAULT 3,
    tie_rules              TEXT    NOT NULL DEFAULT '[{"rule":"median"},{"rule":"review_count"}]',
    disagreement_threshold INTEGER NOT NULL DEFAULT 25,
    laureates_per_category INTEGER NOT NULL DEFAULT 5,
    level_rule             TEXT    NOT NULL DEFAULT '{"rule":"by_rank","or":1,"argent":3}',
    signatories            TEXT    NOT NULL DEFAULT '[]',   -- JSON [[name, function], …] for certificates
    updated_at             INTEGER NOT NULL
);
