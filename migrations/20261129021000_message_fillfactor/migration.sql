-- Half of each Message page left free (schema/notifications/index.ts, setStorage): a delivery run's claim
-- sets only "leaseUntil" (in no index), so it is a HOT update when the row's page has room. Prisma's
-- schema cannot say a fillfactor, so it is set here (and after a push, adapters/database/storage-parameters.ts).
-- Existing pages are not rewritten; new rows get the room.
ALTER TABLE "Message" SET (fillfactor = 50);
