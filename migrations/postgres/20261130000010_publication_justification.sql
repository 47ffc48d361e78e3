-- When a category has fewer rankable dossiers than laureates to name, publishing its palmarès
-- takes a written justification, kept with the publication it explains.
ALTER TABLE publications ADD COLUMN justification TEXT NOT NULL DEFAULT '';
