CREATE TABLE `studio_sessions` (
	`id_hash` text PRIMARY KEY NOT NULL,
	`token_id` text NOT NULL,
	`secret_fingerprint` text,
	`created_at` text NOT NULL,
	`expires_at` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `studio_sessions_expiry` ON `studio_sessions` (`expires_at`);--> statement-breakpoint
ALTER TABLE `entries` ADD `draft` integer DEFAULT false NOT NULL;