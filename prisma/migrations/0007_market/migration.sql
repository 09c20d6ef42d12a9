-- CreateEnum
CREATE TYPE "item_rarity" AS ENUM ('COMMON', 'UNCOMMON', 'RARE', 'EPIC', 'LEGENDARY');

-- CreateEnum
CREATE TYPE "market_transaction_type" AS ENUM ('PURCHASE', 'REFUND');

-- CreateTable
CREATE TABLE "market_items" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "key" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT NOT NULL,
    "category" TEXT NOT NULL,
    "rarity" "item_rarity" NOT NULL DEFAULT 'COMMON',
    "price_coins" INTEGER NOT NULL,
    "is_active" BOOLEAN NOT NULL DEFAULT true,
    "available_from" TIMESTAMPTZ(3),
    "available_until" TIMESTAMPTZ(3),
    "image_url" TEXT,
    "sort_order" INTEGER NOT NULL DEFAULT 0,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "market_items_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "user_purchases" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "user_id" UUID NOT NULL,
    "item_id" UUID NOT NULL,
    "transaction_id" UUID,
    "quantity" INTEGER NOT NULL DEFAULT 1,
    "price_coins" INTEGER NOT NULL,
    "redeemed_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "user_purchases_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "market_transactions" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "user_id" UUID NOT NULL,
    "item_id" UUID,
    "type" "market_transaction_type" NOT NULL,
    "coins" INTEGER NOT NULL,
    "balance_after" INTEGER NOT NULL,
    "description" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "market_transactions_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "market_items_key_key" ON "market_items"("key");

-- CreateIndex
CREATE INDEX "market_items_is_active_sort_order_created_at_id_idx" ON "market_items"("is_active", "sort_order", "created_at", "id");

-- CreateIndex
CREATE UNIQUE INDEX "user_purchases_transaction_id_key" ON "user_purchases"("transaction_id");

-- CreateIndex
CREATE INDEX "user_purchases_user_id_created_at_idx" ON "user_purchases"("user_id", "created_at");

-- CreateIndex
CREATE INDEX "user_purchases_item_id_idx" ON "user_purchases"("item_id");

-- CreateIndex
CREATE INDEX "market_transactions_user_id_created_at_idx" ON "market_transactions"("user_id", "created_at");

-- CreateIndex
CREATE INDEX "market_transactions_item_id_idx" ON "market_transactions"("item_id");

-- AddForeignKey
ALTER TABLE "user_purchases" ADD CONSTRAINT "user_purchases_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "user_purchases" ADD CONSTRAINT "user_purchases_item_id_fkey" FOREIGN KEY ("item_id") REFERENCES "market_items"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "user_purchases" ADD CONSTRAINT "user_purchases_transaction_id_fkey" FOREIGN KEY ("transaction_id") REFERENCES "market_transactions"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "market_transactions" ADD CONSTRAINT "market_transactions_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "market_transactions" ADD CONSTRAINT "market_transactions_item_id_fkey" FOREIGN KEY ("item_id") REFERENCES "market_items"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- Hand-added (not expressible in the Prisma schema): see prisma/hand/0007_market.sql
ALTER TABLE "market_items" ADD CONSTRAINT "market_items_price_check" CHECK ("price_coins" >= 0);
ALTER TABLE "market_items" ADD CONSTRAINT "market_items_window_check"
  CHECK ("available_from" IS NULL OR "available_until" IS NULL OR "available_until" > "available_from");
ALTER TABLE "user_purchases" ADD CONSTRAINT "user_purchases_values_check" CHECK ("quantity" >= 1 AND "price_coins" >= 0);
ALTER TABLE "market_transactions" ADD CONSTRAINT "market_transactions_balance_check" CHECK ("balance_after" >= 0);
