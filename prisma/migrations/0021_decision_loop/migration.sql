-- AlterEnum
ALTER TYPE "decision_outcome" ADD VALUE 'HELD_OUT';

-- AlterTable
ALTER TABLE "decision_telemetry" ADD COLUMN     "acted_at" TIMESTAMPTZ(3),
ADD COLUMN     "day" DATE,
ADD COLUMN     "expires_at" TIMESTAMPTZ(3),
ADD COLUMN     "outcome_event_id" BIGINT,
ADD COLUMN     "policy_version" TEXT,
ADD COLUMN     "target_id" TEXT;

-- CreateIndex
CREATE INDEX "decision_telemetry_user_id_target_id_idx" ON "decision_telemetry"("user_id", "target_id");

-- CreateIndex
CREATE INDEX "decision_telemetry_decision_key_policy_version_idx" ON "decision_telemetry"("decision_key", "policy_version");
