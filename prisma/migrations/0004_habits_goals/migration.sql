-- CreateEnum
CREATE TYPE "habit_frequency" AS ENUM ('DAILY', 'WEEKLY', 'INTERVAL');

-- CreateEnum
CREATE TYPE "goal_status" AS ENUM ('ACTIVE', 'COMPLETED', 'ARCHIVED');

-- CreateTable
CREATE TABLE "habits" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "user_id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT,
    "icon" TEXT,
    "color" TEXT,
    "frequency" "habit_frequency" NOT NULL DEFAULT 'DAILY',
    "days_of_week" INTEGER[] DEFAULT ARRAY[]::INTEGER[],
    "interval_days" INTEGER,
    "target_count" INTEGER NOT NULL DEFAULT 1,
    "start_date" DATE NOT NULL DEFAULT CURRENT_DATE,
    "end_date" DATE,
    "xp_reward" INTEGER NOT NULL DEFAULT 10,
    "coin_reward" INTEGER NOT NULL DEFAULT 1,
    "is_archived" BOOLEAN NOT NULL DEFAULT false,
    "sort_order" INTEGER NOT NULL DEFAULT 0,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "habits_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "habit_completions" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "habit_id" UUID NOT NULL,
    "user_id" UUID NOT NULL,
    "completed_on" DATE NOT NULL,
    "completed_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "count" INTEGER NOT NULL DEFAULT 1,
    "note" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "habit_completions_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "goals" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "user_id" UUID NOT NULL,
    "title" TEXT NOT NULL,
    "description" TEXT,
    "category" TEXT,
    "status" "goal_status" NOT NULL DEFAULT 'ACTIVE',
    "target_date" DATE,
    "completed_at" TIMESTAMPTZ(3),
    "sort_order" INTEGER NOT NULL DEFAULT 0,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "goals_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "goal_milestones" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "goal_id" UUID NOT NULL,
    "user_id" UUID NOT NULL,
    "title" TEXT NOT NULL,
    "due_date" DATE,
    "is_completed" BOOLEAN NOT NULL DEFAULT false,
    "completed_at" TIMESTAMPTZ(3),
    "sort_order" INTEGER NOT NULL DEFAULT 0,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "goal_milestones_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "habits_user_id_sort_order_created_at_id_idx" ON "habits"("user_id", "sort_order", "created_at", "id");

-- CreateIndex
CREATE INDEX "habit_completions_user_id_completed_on_idx" ON "habit_completions"("user_id", "completed_on");

-- CreateIndex
CREATE UNIQUE INDEX "habit_completions_habit_id_completed_on_key" ON "habit_completions"("habit_id", "completed_on");

-- CreateIndex
CREATE INDEX "goals_user_id_status_sort_order_created_at_id_idx" ON "goals"("user_id", "status", "sort_order", "created_at", "id");

-- CreateIndex
CREATE INDEX "goal_milestones_goal_id_sort_order_created_at_id_idx" ON "goal_milestones"("goal_id", "sort_order", "created_at", "id");

-- CreateIndex
CREATE INDEX "goal_milestones_user_id_idx" ON "goal_milestones"("user_id");

-- AddForeignKey
ALTER TABLE "habits" ADD CONSTRAINT "habits_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "habit_completions" ADD CONSTRAINT "habit_completions_habit_id_fkey" FOREIGN KEY ("habit_id") REFERENCES "habits"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "habit_completions" ADD CONSTRAINT "habit_completions_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "goals" ADD CONSTRAINT "goals_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "goal_milestones" ADD CONSTRAINT "goal_milestones_goal_id_fkey" FOREIGN KEY ("goal_id") REFERENCES "goals"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "goal_milestones" ADD CONSTRAINT "goal_milestones_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Hand-added (not expressible in the Prisma schema): see prisma/hand/0004_habits_goals.sql
ALTER TABLE "habits" ADD CONSTRAINT "habits_schedule_check" CHECK (
  "target_count" >= 1
  AND "days_of_week" <@ ARRAY[1,2,3,4,5,6,7]
  AND ("frequency" <> 'WEEKLY' OR cardinality("days_of_week") > 0)
  AND ("frequency" <> 'INTERVAL' OR "interval_days" >= 1)
  AND ("end_date" IS NULL OR "end_date" >= "start_date")
);
ALTER TABLE "habit_completions" ADD CONSTRAINT "habit_completions_count_check" CHECK ("count" >= 1);
