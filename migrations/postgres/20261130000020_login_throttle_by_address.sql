-- Failed logins are counted per (e-mail, client address) and per client address, so that
-- nobody can lock someone else out from another address. Older rows keep an empty address.
ALTER TABLE login_failures ADD COLUMN client TEXT NOT NULL DEFAULT '';
CREATE INDEX login_failures_client_time ON login_failures (client, attempted_at);
