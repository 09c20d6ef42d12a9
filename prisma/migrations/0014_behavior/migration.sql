-- CreateEnum
CREATE TYPE "decision_outcome" AS ENUM ('SHOWN', 'STARTED', 'COMPLETED', 'DISMISSED', 'SNOOZED', 'EXPIRED');

-- CreateTable
CREATE TABLE "behavior_outbox" (
    "id" BIGSERIAL NOT NULL,
    "user_id" UUID,
    "event_type" TEXT NOT NULL,
    "payload" JSONB NOT NULL,
    "idempotency_key" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "behavior_outbox_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "behavior_projection_state" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "projector" TEXT NOT NULL,
    "last_processed_id" BIGINT,
    "last_processed_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "behavior_projection_state_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "decision_telemetry" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "user_id" UUID NOT NULL,
    "decision_key" TEXT NOT NULL,
    "surface" TEXT NOT NULL,
    "payload" JSONB NOT NULL DEFAULT '{}',
    "outcome" "decision_outcome" NOT NULL DEFAULT 'SHOWN',
    "shown_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "outcome_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "decision_telemetry_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "behavior_outbox_idempotency_key_key" ON "behavior_outbox"("idempotency_key");

-- CreateIndex
CREATE INDEX "behavior_outbox_user_id_created_at_idx" ON "behavior_outbox"("user_id", "created_at");

-- CreateIndex
CREATE UNIQUE INDEX "behavior_projection_state_projector_key" ON "behavior_projection_state"("projector");

-- CreateIndex
CREATE INDEX "decision_telemetry_user_id_shown_at_idx" ON "decision_telemetry"("user_id", "shown_at");

-- AddForeignKey
ALTER TABLE "behavior_outbox" ADD CONSTRAINT "behavior_outbox_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "decision_telemetry" ADD CONSTRAINT "decision_telemetry_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;
