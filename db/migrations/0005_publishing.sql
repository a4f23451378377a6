CREATE TABLE "api_keys" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"published_model_id" uuid NOT NULL,
	"tenant" text NOT NULL,
	"name" text NOT NULL,
	"key_hash" text NOT NULL,
	"key_prefix" text NOT NULL,
	"key_last_four" text NOT NULL,
	"previous_key_hash" text,
	"previous_valid_until" timestamp with time zone,
	"rotation_key" text,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"rotated_at" timestamp with time zone,
	"expires_at" timestamp with time zone,
	"revoked_at" timestamp with time zone,
	"last_used_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "published_models" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant" text NOT NULL,
	"name" text NOT NULL,
	"model_type" text NOT NULL,
	"public_hostname" text NOT NULL,
	"external_path" text NOT NULL,
	"rate_limiting" jsonb NOT NULL,
	"authentication" jsonb NOT NULL,
	"description" text,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "usage_daily" (
	"api_key_id" uuid NOT NULL,
	"published_model_id" uuid NOT NULL,
	"day" text NOT NULL,
	"requests" integer DEFAULT 0 NOT NULL,
	"refused" integer DEFAULT 0 NOT NULL,
	"errors" integer DEFAULT 0 NOT NULL,
	"prompt_tokens" bigint DEFAULT 0 NOT NULL,
	"completion_tokens" bigint DEFAULT 0 NOT NULL,
	"estimated_tokens" bigint DEFAULT 0 NOT NULL,
	"statuses" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"last_access_at" timestamp with time zone,
	CONSTRAINT "usage_daily_api_key_id_day_pk" PRIMARY KEY("api_key_id","day")
);
--> statement-breakpoint
ALTER TABLE "api_keys" ADD CONSTRAINT "api_keys_published_model_id_published_models_id_fk" FOREIGN KEY ("published_model_id") REFERENCES "public"."published_models"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "published_models" ADD CONSTRAINT "published_models_tenant_tenants_name_fk" FOREIGN KEY ("tenant") REFERENCES "public"."tenants"("name") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "usage_daily" ADD CONSTRAINT "usage_daily_api_key_id_api_keys_id_fk" FOREIGN KEY ("api_key_id") REFERENCES "public"."api_keys"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "usage_daily" ADD CONSTRAINT "usage_daily_published_model_id_published_models_id_fk" FOREIGN KEY ("published_model_id") REFERENCES "public"."published_models"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "api_keys_key_hash_key" ON "api_keys" USING btree ("key_hash");--> statement-breakpoint
CREATE INDEX "api_keys_previous_key_hash_idx" ON "api_keys" USING btree ("previous_key_hash");--> statement-breakpoint
CREATE INDEX "api_keys_published_model_idx" ON "api_keys" USING btree ("published_model_id");--> statement-breakpoint
CREATE UNIQUE INDEX "published_models_tenant_name_key" ON "published_models" USING btree ("tenant","name");--> statement-breakpoint
CREATE UNIQUE INDEX "published_models_location_key" ON "published_models" USING btree ("public_hostname","external_path");--> statement-breakpoint
CREATE INDEX "usage_daily_model_day_idx" ON "usage_daily" USING btree ("published_model_id","day");