-- The state a dossier was withdrawn from, so that an organiser can restore it to that state.
ALTER TABLE dossiers ADD COLUMN withdrawn_from TEXT;
