import { EventStoreTables } from './tables';

/**
 * One round trip per append: the function serialises appenders of a stream on an
 * advisory lock, checks the expected revision and inserts, in the caller's
 * (auto-committed) transaction. Each statement of a volatile function takes a fresh
 * snapshot, so the revision read after the lock includes the predecessor's commit.
 * Expected is 'any', 'no_stream', 'stream_exists' or a revision in decimal.
 * It does not NOTIFY (see `append-notifier.ts`); `p_channel` stays in the signature so
 * that processes of the previous version keep calling the same function.
 */
export const appendFunctionSql = (tables: EventStoreTables): string => `
CREATE OR REPLACE FUNCTION ${tables.appendFunction}(
  p_stream text, p_expected text, p_lock_key text, p_channel text,
  p_ids uuid[], p_types text[], p_data jsonb[], p_metadata jsonb[])
RETURNS TABLE (conflict boolean, current_revision bigint, transaction_id xid8, global_position bigint)
LANGUAGE plpgsql VOLATILE AS $$
DECLARE
  v_current bigint;
BEGIN
  PERFORM pg_advisory_xact_lock(hashtextextended(p_lock_key, 0));
  SELECT max(e.revision) INTO v_current FROM ${tables.events} e WHERE e.stream = p_stream;
  IF (p_expected = 'no_stream' AND v_current IS NOT NULL)
     OR (p_expected = 'stream_exists' AND v_current IS NULL)
     OR (p_expected ~ '^[0-9]+$' AND v_current IS DISTINCT FROM p_expected::bigint) THEN
    RETURN QUERY SELECT true, v_current, NULL::xid8, NULL::bigint;
    RETURN;
  END IF;
  IF coalesce(array_length(p_ids, 1), 0) = 0 THEN
    RETURN QUERY SELECT false, v_current, NULL::xid8, NULL::bigint;
    RETURN;
  END IF;
  -- Rows are inserted in ordinal order, so the sequence follows the revisions.
  RETURN QUERY
    WITH inserted AS (
      INSERT INTO ${tables.events} AS e (id, stream, revision, type, data, metadata)
      SELECT n.id, p_stream, coalesce(v_current, -1) + n.ord, n.type, n.data, n.metadata
        FROM unnest(p_ids, p_types, p_data, p_metadata) WITH ORDINALITY AS n(id, type, data, metadata, ord)
       ORDER BY n.ord
      RETURNING e.revision, e.transaction_id, e.global_position)
    SELECT false, max(i.revision), max(i.transaction_id), max(i.global_position) FROM inserted i;
END $$`;
