ALTER TABLE "track_regions" ADD CONSTRAINT "track_regions_span_check"
  CHECK ("start_seconds" >= 0 AND "end_seconds" > "start_seconds");
ALTER TABLE "analysis_frame_data" ADD CONSTRAINT "analysis_frame_data_frames_check"
  CHECK ("chunk_index" >= 0 AND "start_frame" >= 0 AND "frame_count" > 0);
