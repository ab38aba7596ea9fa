-- AlterTable
ALTER TABLE "ConversationReadCursor" ADD COLUMN     "lastMessage" TEXT;

-- CreateIndex
CREATE INDEX "ConversationReadCursor_lastMessage_idx" ON "ConversationReadCursor"("lastMessage");

-- AddForeignKey
ALTER TABLE "ConversationReadCursor" ADD CONSTRAINT "ConversationReadCursor_lastMessage_fkey" FOREIGN KEY ("lastMessage") REFERENCES "ConversationMessage"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- Backfill: each cursor's newest message whose audience holds its person (the visibility rule: internal
-- notes' audience is staff only, so a resident's newest is never a note)
UPDATE "ConversationReadCursor" r SET "lastMessage" = (
  SELECT m.id FROM "ConversationMessage" m JOIN "_ConversationMessage_audience" a ON a."A" = m.id AND a."B" = r."user"
  WHERE m.conversation = r.conversation
  ORDER BY m."createdAt" DESC, m.id DESC
  LIMIT 1
);
