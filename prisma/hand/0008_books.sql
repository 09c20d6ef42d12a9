ALTER TABLE "books" ADD CONSTRAINT "books_values_check" CHECK (
  "current_page" >= 0
  AND ("total_pages" IS NULL OR "total_pages" > 0)
  AND ("rating" IS NULL OR "rating" BETWEEN 1 AND 5)
);
ALTER TABLE "reading_sessions" ADD CONSTRAINT "reading_sessions_pages_check" CHECK ("pages_read" >= 0);
