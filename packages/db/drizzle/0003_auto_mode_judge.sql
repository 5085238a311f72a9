ALTER TABLE "api_keys" ADD COLUMN "auto_mode_judge" text;--> statement-breakpoint
ALTER TABLE "model_aliases" ADD COLUMN "auto_mode_judge" text;