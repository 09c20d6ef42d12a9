-- CreateEnum
CREATE TYPE "quest_cadence" AS ENUM ('DAILY', 'WEEKLY', 'ONCE');

-- CreateEnum
CREATE TYPE "quest_status" AS ENUM ('ACTIVE', 'COMPLETED', 'ABANDONED');

-- CreateTable
CREATE TABLE "universal_quests" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "key" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "description" TEXT NOT NULL,
    "category" TEXT NOT NULL,
    "cadence" "quest_cadence" NOT NULL DEFAULT 'DAILY',
    "target_value" INTEGER NOT NULL DEFAULT 1,
    "unit" TEXT NOT NULL DEFAULT 'times',
    "xp_reward" INTEGER NOT NULL DEFAULT 0,
    "coin_reward" INTEGER NOT NULL DEFAULT 0,
    "is_active" BOOLEAN NOT NULL DEFAULT true,
    "available_from" TIMESTAMPTZ(3),
    "available_until" TIMESTAMPTZ(3),
    "sort_order" INTEGER NOT NULL DEFAULT 0,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "universal_quests_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "user_quests" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "user_id" UUID NOT NULL,
    "source_quest_id" UUID,
    "title" TEXT NOT NULL,
    "description" TEXT,
    "status" "quest_status" NOT NULL DEFAULT 'ACTIVE',
    "target_value" INTEGER NOT NULL DEFAULT 1,
    "current_value" INTEGER NOT NULL DEFAULT 0,
    "xp_reward" INTEGER NOT NULL DEFAULT 0,
    "coin_reward" INTEGER NOT NULL DEFAULT 0,
    "due_date" DATE,
    "completed_at" TIMESTAMPTZ(3),
    "sort_order" INTEGER NOT NULL DEFAULT 0,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "user_quests_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "user_quest_progress" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "user_id" UUID NOT NULL,
    "quest_id" UUID NOT NULL,
    "period_start" DATE NOT NULL,
    "current_value" INTEGER NOT NULL DEFAULT 0,
    "status" "quest_status" NOT NULL DEFAULT 'ACTIVE',
    "completed_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "user_quest_progress_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "universal_quests_key_key" ON "universal_quests"("key");

-- CreateIndex
CREATE INDEX "universal_quests_is_active_sort_order_created_at_id_idx" ON "universal_quests"("is_active", "sort_order", "created_at", "id");

-- CreateIndex
CREATE INDEX "user_quests_user_id_status_sort_order_created_at_id_idx" ON "user_quests"("user_id", "status", "sort_order", "created_at", "id");

-- CreateIndex
CREATE INDEX "user_quests_source_quest_id_idx" ON "user_quests"("source_quest_id");

-- CreateIndex
CREATE INDEX "user_quest_progress_quest_id_idx" ON "user_quest_progress"("quest_id");

-- CreateIndex
CREATE UNIQUE INDEX "user_quest_progress_user_id_quest_id_period_start_key" ON "user_quest_progress"("user_id", "quest_id", "period_start");

-- AddForeignKey
ALTER TABLE "user_quests" ADD CONSTRAINT "user_quests_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "user_quests" ADD CONSTRAINT "user_quests_source_quest_id_fkey" FOREIGN KEY ("source_quest_id") REFERENCES "universal_quests"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "user_quest_progress" ADD CONSTRAINT "user_quest_progress_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "user_quest_progress" ADD CONSTRAINT "user_quest_progress_quest_id_fkey" FOREIGN KEY ("quest_id") REFERENCES "universal_quests"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Hand-added (not expressible in the Prisma schema): see prisma/hand/0005_quests.sql
ALTER TABLE "universal_quests" ADD CONSTRAINT "universal_quests_values_check"
  CHECK ("target_value" >= 1 AND "xp_reward" >= 0 AND "coin_reward" >= 0);
ALTER TABLE "user_quests" ADD CONSTRAINT "user_quests_values_check"
  CHECK ("target_value" >= 1 AND "current_value" >= 0 AND "xp_reward" >= 0 AND "coin_reward" >= 0);
ALTER TABLE "user_quest_progress" ADD CONSTRAINT "user_quest_progress_value_check" CHECK ("current_value" >= 0);
