-- AlterTable
ALTER TABLE "decision_telemetry" ADD COLUMN     "started_at" TIMESTAMPTZ(3),
ADD COLUMN     "suggestion_id" TEXT;

-- CreateIndex
CREATE UNIQUE INDEX "decision_telemetry_user_id_suggestion_id_key" ON "decision_telemetry"("user_id", "suggestion_id");
