CREATE TABLE "registry_revision" (
	"id" boolean PRIMARY KEY DEFAULT true NOT NULL,
	"revision" bigint DEFAULT 0 NOT NULL,
	CONSTRAINT "registry_revision_single_row" CHECK ("registry_revision"."id")
);
--> statement-breakpoint
INSERT INTO "registry_revision" ("id", "revision") VALUES (true, 0);
--> statement-breakpoint
-- Every write to what the gateways hold in memory bumps the revision and tells them, in the writer's
-- own transaction. The payload is constant so that a transaction touching many rows sends one notice.
CREATE FUNCTION "aurora_registry_changed"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	UPDATE "registry_revision" SET "revision" = "revision" + 1 WHERE "id";
	PERFORM pg_notify('aurora_registry', 'changed');
	RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER "providers_registry_changed" AFTER INSERT OR UPDATE OR DELETE ON "providers"
	FOR EACH ROW EXECUTE FUNCTION "aurora_registry_changed"();
--> statement-breakpoint
CREATE TRIGGER "model_aliases_registry_changed" AFTER INSERT OR UPDATE OR DELETE ON "model_aliases"
	FOR EACH ROW EXECUTE FUNCTION "aurora_registry_changed"();
--> statement-breakpoint
CREATE TRIGGER "api_keys_registry_changed" AFTER INSERT OR DELETE ON "api_keys"
	FOR EACH ROW EXECUTE FUNCTION "aurora_registry_changed"();
--> statement-breakpoint
-- last_used_at is written in batches every second and is not part of what a gateway enforces.
CREATE TRIGGER "api_keys_registry_updated" AFTER UPDATE ON "api_keys"
	FOR EACH ROW WHEN ((to_jsonb(OLD) - 'last_used_at') IS DISTINCT FROM (to_jsonb(NEW) - 'last_used_at'))
	EXECUTE FUNCTION "aurora_registry_changed"();
