-- Conflicts of interest read the départements and régions of an EPCI from its communes
-- (`collectivites.epci_siren`) on every juror page: without an index, a scan of 36 000 rows.
CREATE INDEX collectivites_epci ON collectivites (epci_siren);
