-- A person who signs up for a collectivité that already has accounts waits until one of
-- them, or an organiser, confirms that they belong to it: until then they see none of its
-- dossiers. 1 = waiting, 0 = confirmed (every existing account).
ALTER TABLE users ADD COLUMN membership_pending INTEGER NOT NULL DEFAULT 0;
