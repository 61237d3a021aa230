CREATE TABLE `overdue_alerts` (
	`entry_id` text NOT NULL,
	`due` text NOT NULL,
	`event_id` text NOT NULL,
	`created_at` text NOT NULL,
	PRIMARY KEY(`entry_id`, `due`)
);
--> statement-breakpoint
CREATE TABLE `webhook_attempts` (
	`webhook_id` text NOT NULL,
	`event_id` text NOT NULL,
	`attempt` integer NOT NULL,
	`at` text NOT NULL,
	`status` integer,
	`error` text,
	`duration_ms` integer NOT NULL,
	PRIMARY KEY(`webhook_id`, `event_id`, `attempt`)
);
--> statement-breakpoint
CREATE TABLE `webhook_deliveries` (
	`webhook_id` text NOT NULL,
	`event_id` text NOT NULL,
	`state` text NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`last_status` integer,
	`last_error` text,
	`last_attempt_at` text,
	`next_attempt_at` text,
	`delivered_at` text,
	`enqueued_at` text,
	`created_at` text NOT NULL,
	PRIMARY KEY(`webhook_id`, `event_id`)
);
--> statement-breakpoint
CREATE INDEX `webhook_deliveries_unsent` ON `webhook_deliveries` (`created_at`) WHERE enqueued_at IS NULL;--> statement-breakpoint
CREATE TABLE `webhook_events` (
	`id` text PRIMARY KEY NOT NULL,
	`timeline_id` integer NOT NULL,
	`type` text NOT NULL,
	`entry_id` text,
	`entry_revision` integer,
	`payload` text,
	`created_at` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `webhook_events_age` ON `webhook_events` (`created_at`);--> statement-breakpoint
CREATE TABLE `webhooks` (
	`id` text PRIMARY KEY NOT NULL,
	`timeline_id` integer NOT NULL,
	`url` text NOT NULL,
	`events` text NOT NULL,
	`secret` text NOT NULL,
	`previous_secret` text,
	`previous_secret_until` text,
	`created_at` text NOT NULL,
	`created_by` text,
	`disabled_at` text,
	`disabled_reason` text,
	`deleted_at` text,
	FOREIGN KEY (`timeline_id`) REFERENCES `timelines`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `webhooks_timeline` ON `webhooks` (`timeline_id`) WHERE deleted_at IS NULL;--> statement-breakpoint
ALTER TABLE `timelines` ADD `live` integer DEFAULT false NOT NULL;