-- No index of Message holds a column a delivery run writes (schema/notifications/index.ts): the claim
-- ("leaseUntil") and the final write (status, trace, "sentAt") become HOT updates that touch none of the
-- table's indexes. The sweeper walks messages by due time, broadcast progress by uniqKey.

-- DropIndex
DROP INDEX "Message_status_dueAt_idx";

-- DropIndex
DROP INDEX "Message_uniqKey_status_idx";

-- CreateIndex
CREATE INDEX "Message_dueAt_idx" ON "Message"("dueAt");

-- CreateIndex
CREATE INDEX "Message_uniqKey_idx" ON "Message"("uniqKey");

-- Three quarters of each page left free, for the claim's version of a row and then the final one (about
-- twice the size). Prisma's schema cannot say a fillfactor (adapters/database/storage-parameters.ts sets
-- it after a push). Existing pages are not rewritten; new rows get the room.
ALTER TABLE "Message" SET (fillfactor = 25);
