ALTER TABLE `entries` ADD `translations` text DEFAULT '{}' NOT NULL;--> statement-breakpoint
ALTER TABLE `timelines` ADD `languages` text DEFAULT '[]' NOT NULL;--> statement-breakpoint
-- Hand-written below: what drizzle-kit cannot express.
-- Every timeline is published in its source language to begin with.
UPDATE `timelines` SET `languages` = json_array(`language`);
--> statement-breakpoint
-- Full-text search over translations (the `q` filter with `lang`): one row per entry and language,
-- kept in step by triggers like entries_fts. rowid = entries.seq * 32 + the language's place among
-- the entry's translations (an entry holds at most 30), so an entry's rows are one rowid range.
CREATE VIRTUAL TABLE `entry_translations_fts` USING fts5(
	lang UNINDEXED,
	title,
	content,
	tokenize = 'unicode61 remove_diacritics 2'
);
--> statement-breakpoint
CREATE TRIGGER `entry_translations_fts_insert` AFTER INSERT ON `entries` BEGIN
	INSERT INTO entry_translations_fts(rowid, lang, title, content)
	SELECT new.seq * 32 + row_number() OVER (ORDER BY t.key) - 1, t.key, coalesce(t.value ->> 'title', ''),
		coalesce(t.value ->> 'body', '') || ' ' || coalesce(t.value ->> 'display_date', '') || ' ' || coalesce(t.value ->> 'location', '') || ' ' ||
		coalesce((SELECT group_concat(n.value, ' ') FROM json_each(t.value, '$.status_notes') n), '') || ' ' ||
		coalesce((SELECT group_concat(n.value, ' ') FROM json_each(t.value, '$.tranche_notes') n), '')
	FROM json_each(new.translations) t;
END;
--> statement-breakpoint
CREATE TRIGGER `entry_translations_fts_update` AFTER UPDATE OF translations ON `entries` BEGIN
	DELETE FROM entry_translations_fts WHERE rowid >= old.seq * 32 AND rowid < old.seq * 32 + 32;
	INSERT INTO entry_translations_fts(rowid, lang, title, content)
	SELECT new.seq * 32 + row_number() OVER (ORDER BY t.key) - 1, t.key, coalesce(t.value ->> 'title', ''),
		coalesce(t.value ->> 'body', '') || ' ' || coalesce(t.value ->> 'display_date', '') || ' ' || coalesce(t.value ->> 'location', '') || ' ' ||
		coalesce((SELECT group_concat(n.value, ' ') FROM json_each(t.value, '$.status_notes') n), '') || ' ' ||
		coalesce((SELECT group_concat(n.value, ' ') FROM json_each(t.value, '$.tranche_notes') n), '')
	FROM json_each(new.translations) t;
END;
--> statement-breakpoint
CREATE TRIGGER `entry_translations_fts_delete` AFTER DELETE ON `entries` BEGIN
	DELETE FROM entry_translations_fts WHERE rowid >= old.seq * 32 AND rowid < old.seq * 32 + 32;
END;
