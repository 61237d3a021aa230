CREATE TABLE `exchange_rate_series` (
	`timeline_id` integer NOT NULL,
	`base` text NOT NULL,
	`currency` text NOT NULL,
	`first_date` text NOT NULL,
	`last_date` text NOT NULL,
	`rates` integer NOT NULL,
	PRIMARY KEY(`timeline_id`, `base`, `currency`),
	FOREIGN KEY (`timeline_id`) REFERENCES `timelines`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `exchange_rates` (
	`timeline_id` integer NOT NULL,
	`base` text NOT NULL,
	`currency` text NOT NULL,
	`date` text NOT NULL,
	`rate` real NOT NULL,
	PRIMARY KEY(`timeline_id`, `base`, `currency`, `date`),
	FOREIGN KEY (`timeline_id`) REFERENCES `timelines`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `ledger_aggregates` (
	`timeline_id` integer NOT NULL,
	`metric` text NOT NULL,
	`scope` text NOT NULL,
	`subject` text NOT NULL,
	`label` text NOT NULL,
	`value` integer NOT NULL,
	PRIMARY KEY(`timeline_id`, `metric`, `scope`, `subject`),
	FOREIGN KEY (`timeline_id`) REFERENCES `timelines`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `ledger_aggregates_subject` ON `ledger_aggregates` (`timeline_id`,`scope`,`subject`,`metric`);--> statement-breakpoint
CREATE TABLE `ledger_changes` (
	`timeline_id` integer NOT NULL,
	`recorded_at` text NOT NULL,
	`entry_id` text NOT NULL,
	`key` text NOT NULL,
	PRIMARY KEY(`timeline_id`, `recorded_at`, `entry_id`, `key`),
	FOREIGN KEY (`timeline_id`) REFERENCES `timelines`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`entry_id`) REFERENCES `entries`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `ledger_changes_entry` ON `ledger_changes` (`entry_id`);--> statement-breakpoint
ALTER TABLE `timelines` ADD `reporting_currency` text;--> statement-breakpoint
ALTER TABLE `timelines` ADD `ledger_version` integer DEFAULT 0 NOT NULL;