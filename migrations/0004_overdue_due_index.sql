-- Hand-written: drizzle-kit 0.31 garbles expression indexes.

-- The hourly overdue sweep (src/db/overdue.ts) reads live, published commitments by due date
-- across all timelines; the query repeats this exact expression so SQLite can use the index.
CREATE INDEX `entries_due` ON `entries` (json_extract(`commitment`, '$.due')) WHERE status IS NOT NULL AND deleted_at IS NULL AND draft = 0;
