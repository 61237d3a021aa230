CREATE TABLE `entries` (
	`seq` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`id` text NOT NULL,
	`timeline_id` integer NOT NULL,
	`external_id` text,
	`kind` text NOT NULL,
	`title` text NOT NULL,
	`body` text,
	`start` text NOT NULL,
	`end` text,
	`start_ms` integer NOT NULL,
	`start_rank` integer NOT NULL,
	`end_ms` integer NOT NULL,
	`date_qualifier` text,
	`display_date` text,
	`tags` text NOT NULL,
	`actors` text NOT NULL,
	`location` text,
	`importance` integer,
	`media` text,
	`sources` text NOT NULL,
	`status` text,
	`commitment` text,
	`search_text` text DEFAULT '' NOT NULL,
	`revision` integer DEFAULT 1 NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	`deleted_at` text,
	FOREIGN KEY (`timeline_id`) REFERENCES `timelines`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `entries_id` ON `entries` (`id`);--> statement-breakpoint
CREATE UNIQUE INDEX `entries_external_id` ON `entries` (`timeline_id`,`external_id`) WHERE external_id IS NOT NULL;--> statement-breakpoint
CREATE INDEX `entries_chrono` ON `entries` (`timeline_id`,`start_ms`,`start_rank`,`id`) WHERE deleted_at IS NULL;--> statement-breakpoint
CREATE INDEX `entries_kind_chrono` ON `entries` (`timeline_id`,`kind`,`start_ms`,`start_rank`,`id`) WHERE deleted_at IS NULL;--> statement-breakpoint
CREATE INDEX `entries_status_chrono` ON `entries` (`timeline_id`,`status`,`start_ms`,`start_rank`,`id`) WHERE deleted_at IS NULL;--> statement-breakpoint
CREATE INDEX `entries_deleted` ON `entries` (`timeline_id`,`deleted_at`) WHERE deleted_at IS NOT NULL;--> statement-breakpoint
CREATE TABLE `entry_facets` (
	`timeline_id` integer NOT NULL,
	`facet` text NOT NULL,
	`value_key` text NOT NULL,
	`start_ms` integer NOT NULL,
	`start_rank` integer NOT NULL,
	`entry_id` text NOT NULL,
	PRIMARY KEY(`timeline_id`, `facet`, `value_key`, `start_ms`, `start_rank`, `entry_id`),
	FOREIGN KEY (`entry_id`) REFERENCES `entries`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `entry_facets_entry` ON `entry_facets` (`entry_id`);--> statement-breakpoint
CREATE TABLE `entry_revisions` (
	`entry_id` text NOT NULL,
	`revision` integer NOT NULL,
	`action` text NOT NULL,
	`snapshot` text NOT NULL,
	`token_id` text,
	`created_at` text NOT NULL,
	PRIMARY KEY(`entry_id`, `revision`),
	FOREIGN KEY (`entry_id`) REFERENCES `entries`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `idempotency_keys` (
	`principal` text NOT NULL,
	`key` text NOT NULL,
	`request_hash` text NOT NULL,
	`status` integer NOT NULL,
	`response` text NOT NULL,
	`created_at` text NOT NULL,
	PRIMARY KEY(`principal`, `key`)
);
--> statement-breakpoint
CREATE INDEX `idempotency_keys_age` ON `idempotency_keys` (`created_at`);--> statement-breakpoint
CREATE TABLE `timelines` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`slug` text NOT NULL,
	`title` text NOT NULL,
	`description` text DEFAULT '' NOT NULL,
	`language` text DEFAULT 'en' NOT NULL,
	`time_zone` text DEFAULT 'UTC' NOT NULL,
	`visibility` text DEFAULT 'public' NOT NULL,
	`embed_origins` text DEFAULT '[]' NOT NULL,
	`revision` integer DEFAULT 1 NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	`deleted_at` text
);
--> statement-breakpoint
CREATE UNIQUE INDEX `timelines_slug` ON `timelines` (`slug`);--> statement-breakpoint
CREATE INDEX `timelines_public_list` ON `timelines` (`visibility`,`id`) WHERE deleted_at IS NULL;--> statement-breakpoint
CREATE TABLE `tokens` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`role` text NOT NULL,
	`timelines` text NOT NULL,
	`secret_hash` text NOT NULL,
	`created_at` text NOT NULL,
	`created_by` text,
	`revoked_at` text
);
--> statement-breakpoint
CREATE UNIQUE INDEX `tokens_secret_hash` ON `tokens` (`secret_hash`);