CREATE TABLE `coupons` (
	`id` bigint unsigned AUTO_INCREMENT NOT NULL,
	`name` varchar(120) NOT NULL,
	`description` text NOT NULL,
	`price` int unsigned NOT NULL,
	`image_key` varchar(255),
	`total_stock` int unsigned NOT NULL,
	`stock` int NOT NULL,
	`sale_start` timestamp(3) NOT NULL,
	`sale_end` timestamp(3) NOT NULL,
	`sale_state` enum('ACTIVE','PAUSED','DISABLED') NOT NULL DEFAULT 'ACTIVE',
	`version` int unsigned NOT NULL DEFAULT 0,
	`created_at` timestamp(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	`updated_at` timestamp(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	CONSTRAINT `coupons_id` PRIMARY KEY(`id`),
	CONSTRAINT `coupons_stock_non_negative` CHECK(`coupons`.`stock` >= 0),
	CONSTRAINT `coupons_stock_within_total` CHECK(`coupons`.`stock` <= `coupons`.`total_stock`),
	CONSTRAINT `coupons_sale_window` CHECK(`coupons`.`sale_end` > `coupons`.`sale_start`)
);
--> statement-breakpoint
CREATE TABLE `credit_ledger` (
	`id` bigint unsigned AUTO_INCREMENT NOT NULL,
	`user_id` varchar(64) NOT NULL,
	`order_id` varchar(36),
	`kind` enum('GRANT','DEBIT','REFUND') NOT NULL,
	`amount` bigint NOT NULL,
	`created_at` timestamp(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	CONSTRAINT `credit_ledger_id` PRIMARY KEY(`id`),
	CONSTRAINT `credit_ledger_order_kind_uq` UNIQUE(`order_id`,`kind`)
);
--> statement-breakpoint
CREATE TABLE `orders` (
	`id` varchar(36) NOT NULL,
	`user_id` varchar(64) NOT NULL,
	`coupon_id` bigint unsigned NOT NULL,
	`price` int unsigned NOT NULL,
	`status` enum('PENDING','PAID','FAILED') NOT NULL,
	`failure_reason` varchar(64),
	`server_id` varchar(64),
	`reserved_at` timestamp(3) NOT NULL,
	`created_at` timestamp(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	`updated_at` timestamp(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	CONSTRAINT `orders_id` PRIMARY KEY(`id`)
);
--> statement-breakpoint
CREATE TABLE `user_coupons` (
	`user_id` varchar(64) NOT NULL,
	`coupon_id` bigint unsigned NOT NULL,
	`order_id` varchar(36) NOT NULL,
	`price` int unsigned NOT NULL,
	`created_at` timestamp(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	CONSTRAINT `user_coupons_user_coupon_uq` UNIQUE(`user_id`,`coupon_id`),
	CONSTRAINT `user_coupons_order_uq` UNIQUE(`order_id`)
);
--> statement-breakpoint
CREATE TABLE `users` (
	`id` varchar(64) NOT NULL,
	`email` varchar(320) NOT NULL,
	`credit` bigint NOT NULL,
	`created_at` timestamp(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	`updated_at` timestamp(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	CONSTRAINT `users_id` PRIMARY KEY(`id`),
	CONSTRAINT `users_email_uq` UNIQUE(`email`),
	CONSTRAINT `users_credit_non_negative` CHECK(`users`.`credit` >= 0)
);
--> statement-breakpoint
CREATE INDEX `coupons_sale_start_idx` ON `coupons` (`sale_start`);--> statement-breakpoint
CREATE INDEX `credit_ledger_user_idx` ON `credit_ledger` (`user_id`);--> statement-breakpoint
CREATE INDEX `orders_user_idx` ON `orders` (`user_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `orders_coupon_status_idx` ON `orders` (`coupon_id`,`status`);--> statement-breakpoint
CREATE INDEX `user_coupons_coupon_idx` ON `user_coupons` (`coupon_id`);