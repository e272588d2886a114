ALTER TABLE `coupons` ADD `waiting_room` boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE `coupons` ADD `room_prequeue_minutes` int unsigned DEFAULT 10 NOT NULL;--> statement-breakpoint
ALTER TABLE `coupons` ADD `room_admit_per_second` int unsigned;--> statement-breakpoint
ALTER TABLE `coupons` ADD `room_margin_percent` int unsigned DEFAULT 10 NOT NULL;