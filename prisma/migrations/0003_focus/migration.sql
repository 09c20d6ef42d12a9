-- CreateEnum
CREATE TYPE "focus_mode" AS ENUM ('FOCUS', 'SHORT_BREAK', 'LONG_BREAK');

-- CreateEnum
CREATE TYPE "focus_session_status" AS ENUM ('ACTIVE', 'COMPLETED', 'ABANDONED');

-- CreateTable
CREATE TABLE "focus_sessions" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "user_id" UUID NOT NULL,
    "library_id" UUID,
    "mode" "focus_mode" NOT NULL DEFAULT 'FOCUS',
    "status" "focus_session_status" NOT NULL DEFAULT 'ACTIVE',
    "label" TEXT,
    "planned_duration_seconds" INTEGER NOT NULL,
    "actual_duration_seconds" INTEGER,
    "started_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "ended_at" TIMESTAMPTZ(3),
    "xp_awarded" INTEGER NOT NULL DEFAULT 0,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "focus_sessions_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "focus_pause_state" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "user_id" UUID NOT NULL,
    "session_id" UUID NOT NULL,
    "is_paused" BOOLEAN NOT NULL DEFAULT false,
    "paused_at" TIMESTAMPTZ(3),
    "resumed_at" TIMESTAMPTZ(3),
    "total_paused_seconds" INTEGER NOT NULL DEFAULT 0,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "focus_pause_state_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "focus_libraries" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "user_id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT,
    "sort_order" INTEGER NOT NULL DEFAULT 0,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "focus_libraries_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "focus_library_tracks" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "library_id" UUID NOT NULL,
    "user_id" UUID NOT NULL,
    "title" TEXT NOT NULL,
    "artist" TEXT,
    "url" TEXT NOT NULL,
    "duration_seconds" INTEGER,
    "sort_order" INTEGER NOT NULL DEFAULT 0,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "focus_library_tracks_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "focus_sessions_user_id_started_at_idx" ON "focus_sessions"("user_id", "started_at");

-- CreateIndex
CREATE INDEX "focus_sessions_library_id_idx" ON "focus_sessions"("library_id");

-- CreateIndex
CREATE UNIQUE INDEX "focus_pause_state_session_id_key" ON "focus_pause_state"("session_id");

-- CreateIndex
CREATE INDEX "focus_pause_state_user_id_idx" ON "focus_pause_state"("user_id");

-- CreateIndex
CREATE INDEX "focus_libraries_user_id_sort_order_created_at_id_idx" ON "focus_libraries"("user_id", "sort_order", "created_at", "id");

-- CreateIndex
CREATE INDEX "focus_library_tracks_library_id_sort_order_created_at_id_idx" ON "focus_library_tracks"("library_id", "sort_order", "created_at", "id");

-- CreateIndex
CREATE INDEX "focus_library_tracks_user_id_idx" ON "focus_library_tracks"("user_id");

-- AddForeignKey
ALTER TABLE "focus_sessions" ADD CONSTRAINT "focus_sessions_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "focus_sessions" ADD CONSTRAINT "focus_sessions_library_id_fkey" FOREIGN KEY ("library_id") REFERENCES "focus_libraries"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "focus_pause_state" ADD CONSTRAINT "focus_pause_state_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "focus_pause_state" ADD CONSTRAINT "focus_pause_state_session_id_fkey" FOREIGN KEY ("session_id") REFERENCES "focus_sessions"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "focus_libraries" ADD CONSTRAINT "focus_libraries_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "focus_library_tracks" ADD CONSTRAINT "focus_library_tracks_library_id_fkey" FOREIGN KEY ("library_id") REFERENCES "focus_libraries"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "focus_library_tracks" ADD CONSTRAINT "focus_library_tracks_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Hand-added (not expressible in the Prisma schema): see prisma/hand/0003_focus.sql
-- At most one active focus session per user (SPEC §2).
CREATE UNIQUE INDEX "focus_sessions_one_active_per_user" ON "focus_sessions" ("user_id") WHERE "status" = 'ACTIVE';
ALTER TABLE "focus_sessions" ADD CONSTRAINT "focus_sessions_duration_check"
  CHECK ("planned_duration_seconds" > 0 AND ("actual_duration_seconds" IS NULL OR "actual_duration_seconds" >= 0));
ALTER TABLE "focus_sessions" ADD CONSTRAINT "focus_sessions_ended_check"
  CHECK (("status" = 'ACTIVE') = ("ended_at" IS NULL));
