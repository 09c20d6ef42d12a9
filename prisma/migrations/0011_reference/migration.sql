-- CreateEnum
CREATE TYPE "analysis_status" AS ENUM ('PENDING', 'PROCESSING', 'COMPLETED', 'FAILED');

-- CreateTable
CREATE TABLE "reference_tracks" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "user_id" UUID NOT NULL,
    "title" TEXT NOT NULL,
    "artist" TEXT,
    "source_url" TEXT,
    "duration_seconds" DOUBLE PRECISION,
    "bpm" DOUBLE PRECISION,
    "musical_key" TEXT,
    "genre" TEXT,
    "notes" TEXT,
    "sort_order" INTEGER NOT NULL DEFAULT 0,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "reference_tracks_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "track_analyses" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "track_id" UUID NOT NULL,
    "user_id" UUID NOT NULL,
    "status" "analysis_status" NOT NULL DEFAULT 'PENDING',
    "analyzer_version" TEXT NOT NULL,
    "summary" JSONB NOT NULL DEFAULT '{}',
    "completed_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "track_analyses_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "track_annotations" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "track_id" UUID NOT NULL,
    "user_id" UUID NOT NULL,
    "time_seconds" DOUBLE PRECISION NOT NULL,
    "body" TEXT NOT NULL,
    "category" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "track_annotations_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "track_regions" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "track_id" UUID NOT NULL,
    "user_id" UUID NOT NULL,
    "start_seconds" DOUBLE PRECISION NOT NULL,
    "end_seconds" DOUBLE PRECISION NOT NULL,
    "label" TEXT NOT NULL,
    "color" TEXT,
    "sort_order" INTEGER NOT NULL DEFAULT 0,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "track_regions_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "analysis_frame_manifests" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "analysis_id" UUID NOT NULL,
    "user_id" UUID NOT NULL,
    "feature" TEXT NOT NULL,
    "frame_rate" DOUBLE PRECISION NOT NULL,
    "frame_count" INTEGER NOT NULL,
    "values_per_frame" INTEGER NOT NULL DEFAULT 1,
    "frames_per_chunk" INTEGER NOT NULL,
    "encoding" TEXT NOT NULL DEFAULT 'float32le',
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "analysis_frame_manifests_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "analysis_frame_data" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "manifest_id" UUID NOT NULL,
    "user_id" UUID NOT NULL,
    "chunk_index" INTEGER NOT NULL,
    "start_frame" INTEGER NOT NULL,
    "frame_count" INTEGER NOT NULL,
    "data" BYTEA NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "analysis_frame_data_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "analysis_events" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "analysis_id" UUID NOT NULL,
    "user_id" UUID NOT NULL,
    "event_type" TEXT NOT NULL,
    "time_seconds" DOUBLE PRECISION NOT NULL,
    "duration_seconds" DOUBLE PRECISION,
    "confidence" DOUBLE PRECISION,
    "payload" JSONB NOT NULL DEFAULT '{}',
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "analysis_events_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "listening_prompt_templates" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "key" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "prompt" TEXT NOT NULL,
    "category" TEXT NOT NULL,
    "sort_order" INTEGER NOT NULL DEFAULT 0,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "listening_prompt_templates_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "listening_prompt_presets" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "template_id" UUID NOT NULL,
    "key" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "params" JSONB NOT NULL DEFAULT '{}',
    "sort_order" INTEGER NOT NULL DEFAULT 0,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "listening_prompt_presets_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "reference_tracks_user_id_sort_order_created_at_id_idx" ON "reference_tracks"("user_id", "sort_order", "created_at", "id");

-- CreateIndex
CREATE INDEX "track_analyses_track_id_created_at_idx" ON "track_analyses"("track_id", "created_at");

-- CreateIndex
CREATE INDEX "track_analyses_user_id_idx" ON "track_analyses"("user_id");

-- CreateIndex
CREATE INDEX "track_annotations_track_id_time_seconds_idx" ON "track_annotations"("track_id", "time_seconds");

-- CreateIndex
CREATE INDEX "track_annotations_user_id_idx" ON "track_annotations"("user_id");

-- CreateIndex
CREATE INDEX "track_regions_track_id_sort_order_created_at_id_idx" ON "track_regions"("track_id", "sort_order", "created_at", "id");

-- CreateIndex
CREATE INDEX "track_regions_user_id_idx" ON "track_regions"("user_id");

-- CreateIndex
CREATE INDEX "analysis_frame_manifests_user_id_idx" ON "analysis_frame_manifests"("user_id");

-- CreateIndex
CREATE UNIQUE INDEX "analysis_frame_manifests_analysis_id_feature_key" ON "analysis_frame_manifests"("analysis_id", "feature");

-- CreateIndex
CREATE INDEX "analysis_frame_data_user_id_idx" ON "analysis_frame_data"("user_id");

-- CreateIndex
CREATE UNIQUE INDEX "analysis_frame_data_manifest_id_chunk_index_key" ON "analysis_frame_data"("manifest_id", "chunk_index");

-- CreateIndex
CREATE INDEX "analysis_events_analysis_id_time_seconds_idx" ON "analysis_events"("analysis_id", "time_seconds");

-- CreateIndex
CREATE INDEX "analysis_events_user_id_idx" ON "analysis_events"("user_id");

-- CreateIndex
CREATE UNIQUE INDEX "listening_prompt_templates_key_key" ON "listening_prompt_templates"("key");

-- CreateIndex
CREATE UNIQUE INDEX "listening_prompt_presets_key_key" ON "listening_prompt_presets"("key");

-- CreateIndex
CREATE INDEX "listening_prompt_presets_template_id_sort_order_created_at__idx" ON "listening_prompt_presets"("template_id", "sort_order", "created_at", "id");

-- AddForeignKey
ALTER TABLE "reference_tracks" ADD CONSTRAINT "reference_tracks_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "track_analyses" ADD CONSTRAINT "track_analyses_track_id_fkey" FOREIGN KEY ("track_id") REFERENCES "reference_tracks"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "track_analyses" ADD CONSTRAINT "track_analyses_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "track_annotations" ADD CONSTRAINT "track_annotations_track_id_fkey" FOREIGN KEY ("track_id") REFERENCES "reference_tracks"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "track_annotations" ADD CONSTRAINT "track_annotations_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "track_regions" ADD CONSTRAINT "track_regions_track_id_fkey" FOREIGN KEY ("track_id") REFERENCES "reference_tracks"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "track_regions" ADD CONSTRAINT "track_regions_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "analysis_frame_manifests" ADD CONSTRAINT "analysis_frame_manifests_analysis_id_fkey" FOREIGN KEY ("analysis_id") REFERENCES "track_analyses"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "analysis_frame_manifests" ADD CONSTRAINT "analysis_frame_manifests_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "analysis_frame_data" ADD CONSTRAINT "analysis_frame_data_manifest_id_fkey" FOREIGN KEY ("manifest_id") REFERENCES "analysis_frame_manifests"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "analysis_frame_data" ADD CONSTRAINT "analysis_frame_data_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "analysis_events" ADD CONSTRAINT "analysis_events_analysis_id_fkey" FOREIGN KEY ("analysis_id") REFERENCES "track_analyses"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "analysis_events" ADD CONSTRAINT "analysis_events_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "listening_prompt_presets" ADD CONSTRAINT "listening_prompt_presets_template_id_fkey" FOREIGN KEY ("template_id") REFERENCES "listening_prompt_templates"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Hand-added (not expressible in the Prisma schema): see prisma/hand/0011_reference.sql
ALTER TABLE "track_regions" ADD CONSTRAINT "track_regions_span_check"
  CHECK ("start_seconds" >= 0 AND "end_seconds" > "start_seconds");
ALTER TABLE "analysis_frame_data" ADD CONSTRAINT "analysis_frame_data_frames_check"
  CHECK ("chunk_index" >= 0 AND "start_frame" >= 0 AND "frame_count" > 0);
