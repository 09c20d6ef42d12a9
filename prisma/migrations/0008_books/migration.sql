-- CreateEnum
CREATE TYPE "book_status" AS ENUM ('WANT_TO_READ', 'READING', 'FINISHED', 'ABANDONED');

-- CreateTable
CREATE TABLE "books" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "user_id" UUID NOT NULL,
    "title" TEXT NOT NULL,
    "author" TEXT,
    "isbn" TEXT,
    "total_pages" INTEGER,
    "current_page" INTEGER NOT NULL DEFAULT 0,
    "status" "book_status" NOT NULL DEFAULT 'WANT_TO_READ',
    "rating" INTEGER,
    "started_on" DATE,
    "finished_on" DATE,
    "cover_url" TEXT,
    "notes" TEXT,
    "sort_order" INTEGER NOT NULL DEFAULT 0,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "books_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "reading_sessions" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "user_id" UUID NOT NULL,
    "book_id" UUID NOT NULL,
    "read_on" DATE NOT NULL,
    "started_at" TIMESTAMPTZ(3),
    "duration_minutes" INTEGER,
    "start_page" INTEGER,
    "end_page" INTEGER,
    "pages_read" INTEGER NOT NULL DEFAULT 0,
    "note" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "reading_sessions_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "books_user_id_status_sort_order_created_at_id_idx" ON "books"("user_id", "status", "sort_order", "created_at", "id");

-- CreateIndex
CREATE INDEX "reading_sessions_user_id_read_on_idx" ON "reading_sessions"("user_id", "read_on");

-- CreateIndex
CREATE INDEX "reading_sessions_book_id_created_at_idx" ON "reading_sessions"("book_id", "created_at");

-- AddForeignKey
ALTER TABLE "books" ADD CONSTRAINT "books_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "reading_sessions" ADD CONSTRAINT "reading_sessions_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "reading_sessions" ADD CONSTRAINT "reading_sessions_book_id_fkey" FOREIGN KEY ("book_id") REFERENCES "books"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Hand-added (not expressible in the Prisma schema): see prisma/hand/0008_books.sql
ALTER TABLE "books" ADD CONSTRAINT "books_values_check" CHECK (
  "current_page" >= 0
  AND ("total_pages" IS NULL OR "total_pages" > 0)
  AND ("rating" IS NULL OR "rating" BETWEEN 1 AND 5)
);
ALTER TABLE "reading_sessions" ADD CONSTRAINT "reading_sessions_pages_check" CHECK ("pages_read" >= 0);
