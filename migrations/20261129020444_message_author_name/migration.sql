-- AlterTable
ALTER TABLE "ConversationMessage" ADD COLUMN     "authorName" TEXT;

-- Backfill: the author's name as it is now (messages whose author was deleted keep null, as the name read
-- before showed them)
UPDATE "ConversationMessage" m SET "authorName" = u.name FROM "User" u WHERE u.id = m.author;
