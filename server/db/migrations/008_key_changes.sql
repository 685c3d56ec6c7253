-- Servers keep the unit keys they have checked in memory, so that a machine's request does not wait for a
-- lookup. Any change to a key (revoked, expired, rotated, deleted) is announced on this channel once it
-- commits, and every server forgets what it holds (see server/keys/key-cache.ts).
CREATE FUNCTION api_keys_announce_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('cityops_api_keys', '');
  RETURN NULL;
END;
$$;

CREATE TRIGGER api_keys_changed
  AFTER UPDATE OR DELETE OR TRUNCATE ON api_keys
  FOR EACH STATEMENT EXECUTE FUNCTION api_keys_announce_change();
