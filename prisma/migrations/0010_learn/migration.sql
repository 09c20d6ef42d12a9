-- CreateEnum
CREATE TYPE "lesson_status" AS ENUM ('NOT_STARTED', 'IN_PROGRESS', 'COMPLETED');

-- CreateTable
CREATE TABLE "learn_topics" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "key" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "description" TEXT NOT NULL,
    "sort_order" INTEGER NOT NULL DEFAULT 0,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "learn_topics_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "learn_lessons" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "topic_id" UUID NOT NULL,
    "key" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "summary" TEXT NOT NULL,
    "content" TEXT NOT NULL,
    "estimated_minutes" INTEGER NOT NULL DEFAULT 5,
    "xp_reward" INTEGER NOT NULL DEFAULT 10,
    "sort_order" INTEGER NOT NULL DEFAULT 0,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "learn_lessons_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "learn_drills" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "topic_id" UUID NOT NULL,
    "key" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "prompt" TEXT NOT NULL,
    "drill_type" TEXT NOT NULL,
    "difficulty" INTEGER NOT NULL DEFAULT 1,
    "config" JSONB NOT NULL DEFAULT '{}',
    "xp_reward" INTEGER NOT NULL DEFAULT 5,
    "sort_order" INTEGER NOT NULL DEFAULT 0,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "learn_drills_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "user_lesson_progress" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "user_id" UUID NOT NULL,
    "lesson_id" UUID NOT NULL,
    "status" "lesson_status" NOT NULL DEFAULT 'NOT_STARTED',
    "progress_percent" INTEGER NOT NULL DEFAULT 0,
    "started_at" TIMESTAMPTZ(3),
    "completed_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "user_lesson_progress_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "user_drill_stats" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "user_id" UUID NOT NULL,
    "drill_id" UUID NOT NULL,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "correct" INTEGER NOT NULL DEFAULT 0,
    "best_score" INTEGER,
    "last_score" INTEGER,
    "current_streak" INTEGER NOT NULL DEFAULT 0,
    "last_attempted_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "user_drill_stats_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "learn_topics_key_key" ON "learn_topics"("key");

-- CreateIndex
CREATE UNIQUE INDEX "learn_lessons_key_key" ON "learn_lessons"("key");

-- CreateIndex
CREATE INDEX "learn_lessons_topic_id_sort_order_created_at_id_idx" ON "learn_lessons"("topic_id", "sort_order", "created_at", "id");

-- CreateIndex
CREATE UNIQUE INDEX "learn_drills_key_key" ON "learn_drills"("key");

-- CreateIndex
CREATE INDEX "learn_drills_topic_id_sort_order_created_at_id_idx" ON "learn_drills"("topic_id", "sort_order", "created_at", "id");

-- CreateIndex
CREATE INDEX "user_lesson_progress_lesson_id_idx" ON "user_lesson_progress"("lesson_id");

-- CreateIndex
CREATE UNIQUE INDEX "user_lesson_progress_user_id_lesson_id_key" ON "user_lesson_progress"("user_id", "lesson_id");

-- CreateIndex
CREATE INDEX "user_drill_stats_drill_id_idx" ON "user_drill_stats"("drill_id");

-- CreateIndex
CREATE UNIQUE INDEX "user_drill_stats_user_id_drill_id_key" ON "user_drill_stats"("user_id", "drill_id");

-- AddForeignKey
ALTER TABLE "learn_lessons" ADD CONSTRAINT "learn_lessons_topic_id_fkey" FOREIGN KEY ("topic_id") REFERENCES "learn_topics"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "learn_drills" ADD CONSTRAINT "learn_drills_topic_id_fkey" FOREIGN KEY ("topic_id") REFERENCES "learn_topics"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "user_lesson_progress" ADD CONSTRAINT "user_lesson_progress_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "user_lesson_progress" ADD CONSTRAINT "user_lesson_progress_lesson_id_fkey" FOREIGN KEY ("lesson_id") REFERENCES "learn_lessons"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "user_drill_stats" ADD CONSTRAINT "user_drill_stats_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "user_drill_stats" ADD CONSTRAINT "user_drill_stats_drill_id_fkey" FOREIGN KEY ("drill_id") REFERENCES "learn_drills"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Hand-added (not expressible in the Prisma schema): see prisma/hand/0010_learn.sql
ALTER TABLE "learn_drills" ADD CONSTRAINT "learn_drills_difficulty_check" CHECK ("difficulty" BETWEEN 1 AND 5);
ALTER TABLE "user_lesson_progress" ADD CONSTRAINT "user_lesson_progress_percent_check"
  CHECK ("progress_percent" BETWEEN 0 AND 100);
ALTER TABLE "user_drill_stats" ADD CONSTRAINT "user_drill_stats_values_check" CHECK (
  "attempts" >= 0 AND "correct" BETWEEN 0 AND "attempts"
  AND ("best_score" IS NULL OR "best_score" BETWEEN 0 AND 100)
  AND ("last_score" IS NULL OR "last_score" BETWEEN 0 AND 100)
);
