-- Hand-written: what drizzle-kit cannot express.

-- Full-text search over entries (the `q` filter). rowid = entries.seq; kept in step by triggers,
-- so no write path can forget it. remove_diacritics folds "Außenminister"/"aussenminister" cases
-- only partly (ß stays), which is why the app also lower-cases and NFC-normalises queries.
CREATE VIRTUAL TABLE `entries_fts` USING fts5(
	title,
	content,
	tokenize = 'unicode61 remove_diacritics 2'
);
--> statement-breakpoint
CREATE TRIGGER `entries_fts_insert` AFTER INSERT ON `entries` BEGIN
	INSERT INTO entries_fts(rowid, title, content)
	VALUES (new.seq, new.title, coalesce(new.body, '') || ' ' || new.search_text);
END;
--> statement-breakpoint
CREATE TRIGGER `entries_fts_update` AFTER UPDATE OF title, body, search_text ON `entries` BEGIN
	DELETE FROM entries_fts WHERE rowid = old.seq;
	INSERT INTO entries_fts(rowid, title, content)
	VALUES (new.seq, new.title, coalesce(new.body, '') || ' ' || new.search_text);
END;
--> statement-breakpoint
CREATE TRIGGER `entries_fts_delete` AFTER DELETE ON `entries` BEGIN
	DELETE FROM entries_fts WHERE rowid = old.seq;
END;
--> statement-breakpoint
-- Optimistic lock: every update must move the revision exactly one step from the row it read.
-- A writer that read a stale row aborts its whole batch, so no update is ever lost or half-applied.
CREATE TRIGGER `entries_revision_lock` BEFORE UPDATE OF revision ON `entries`
WHEN new.revision <> old.revision + 1 BEGIN
	SELECT RAISE(ABORT, 'stale_revision');
END;
