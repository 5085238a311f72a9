CREATE TABLE "api_keys" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"key_hash" text NOT NULL,
	"prefix" text NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"last_used_at" timestamp (3) with time zone,
	"expires_at" timestamp (3) with time zone,
	"revoked_at" timestamp (3) with time zone,
	"allowed_aliases" text[],
	"rpm_limit" integer,
	"tpm_limit" integer,
	"budget_tokens" bigint,
	"budget_usd" double precision,
	CONSTRAINT "api_keys_key_hash_unique" UNIQUE("key_hash")
);
--> statement-breakpoint
CREATE TABLE "model_aliases" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"provider_id" uuid NOT NULL,
	"model" text NOT NULL,
	"fallbacks" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"max_output_tokens" integer,
	"context_window" integer,
	"reasoning" boolean DEFAULT false NOT NULL,
	"supports_tools" boolean DEFAULT true NOT NULL,
	"params" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"input_price_per_mtok" double precision,
	"output_price_per_mtok" double precision,
	"enabled" boolean DEFAULT true NOT NULL,
	"from_config" boolean DEFAULT false NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "model_aliases_name_unique" UNIQUE("name")
);
--> statement-breakpoint
CREATE TABLE "providers" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"kind" text NOT NULL,
	"base_url" text NOT NULL,
	"api_key_encrypted" text,
	"headers" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"quirks" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"preset" text,
	"allow_direct" boolean DEFAULT false NOT NULL,
	"enabled" boolean DEFAULT true NOT NULL,
	"from_config" boolean DEFAULT false NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "providers_name_unique" UNIQUE("name"),
	CONSTRAINT "providers_kind_check" CHECK ("providers"."kind" in ('openai', 'anthropic'))
);
--> statement-breakpoint
CREATE TABLE "request_logs" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"key_id" uuid,
	"alias" text,
	"provider" text,
	"upstream_model" text,
	"ingress" text NOT NULL,
	"streamed" boolean DEFAULT false NOT NULL,
	"status" integer NOT NULL,
	"error_type" text,
	"error_message" text,
	"input_tokens" integer DEFAULT 0 NOT NULL,
	"output_tokens" integer DEFAULT 0 NOT NULL,
	"cached_tokens" integer DEFAULT 0 NOT NULL,
	"cost_usd" double precision,
	"latency_ms" integer NOT NULL,
	"ttfb_ms" integer,
	"attempts" integer DEFAULT 1 NOT NULL,
	"session_id" text,
	"request_body" jsonb,
	"response_body" jsonb,
	CONSTRAINT "request_logs_ingress_check" CHECK ("request_logs"."ingress" in ('anthropic', 'openai'))
);
--> statement-breakpoint
ALTER TABLE "model_aliases" ADD CONSTRAINT "model_aliases_provider_id_providers_id_fk" FOREIGN KEY ("provider_id") REFERENCES "public"."providers"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "model_aliases_provider_id_idx" ON "model_aliases" USING btree ("provider_id");--> statement-breakpoint
CREATE INDEX "request_logs_created_at_id_idx" ON "request_logs" USING btree ("created_at","id");--> statement-breakpoint
CREATE INDEX "request_logs_key_id_created_at_idx" ON "request_logs" USING btree ("key_id","created_at");--> statement-breakpoint
CREATE INDEX "request_logs_alias_created_at_idx" ON "request_logs" USING btree ("alias","created_at");--> statement-breakpoint
CREATE INDEX "request_logs_status_idx" ON "request_logs" USING btree ("status");