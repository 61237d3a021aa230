-- Hand-written: what drizzle-kit cannot express.

-- A check a batch runs before it writes ledger data computed from earlier reads. Inserting
-- (timeline_id, version, revision) aborts the whole batch when the timeline's ledger version
-- differs (its rates or reporting currency changed since), or, when a revision is given, when
-- any write has bumped the timeline's revision since (a recomputation read stale entries).
-- Nothing is ever stored: the view has no rows and the trigger replaces the insert.
CREATE VIEW `ledger_guard` AS SELECT 0 AS timeline_id, 0 AS version, 0 AS revision WHERE 0;
--> statement-breakpoint
CREATE TRIGGER `ledger_guard_check` INSTEAD OF INSERT ON `ledger_guard` BEGIN
	SELECT RAISE(ABORT, 'stale_ledger')
	WHERE new.version IS NOT (SELECT ledger_version FROM timelines WHERE id = new.timeline_id)
	OR (new.revision IS NOT NULL AND new.revision IS NOT (SELECT revision FROM timelines WHERE id = new.timeline_id));
END;
