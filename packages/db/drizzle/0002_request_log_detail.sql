ALTER TABLE "model_aliases" ADD COLUMN "cached_input_price_per_mtok" double precision;--> statement-breakpoint
ALTER TABLE "request_logs" ADD COLUMN "key_prefix" text;--> statement-breakpoint
ALTER TABLE "request_logs" ADD COLUMN "attempt_log" jsonb;--> statement-breakpoint
ALTER TABLE "request_logs" ADD COLUMN "request_id" text;--> statement-breakpoint
CREATE INDEX "request_logs_session_id_idx" ON "request_logs" USING btree ("session_id");--> statement-breakpoint
CREATE INDEX "request_logs_request_id_idx" ON "request_logs" USING btree ("request_id");