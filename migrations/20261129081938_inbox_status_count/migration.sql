-- DropIndex
DROP INDEX "Conversation_lastMessageAt_idx";

-- DropIndex
DROP INDEX "Conversation_organization_status_lastMessageAt_idx";

-- CreateTable
CREATE TABLE "ConversationStatusCount" (
    "organization" TEXT NOT NULL,
    "status" "ConversationStatusType" NOT NULL,
    "count" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "ConversationStatusCount_pkey" PRIMARY KEY ("organization","status")
);

-- CreateIndex
CREATE INDEX "Conversation_organization_status_lastMessageAt_id_idx" ON "Conversation"("organization", "status", "lastMessageAt", "id");

-- Kept by triggers (adapters/database/maintained-counts.ts writes this SQL; a push applies the same),
-- then counted once from the rows already there, with writes held off meanwhile.
CREATE OR REPLACE FUNCTION "ConversationStatusCount_maintain"() RETURNS trigger LANGUAGE plpgsql SET search_path FROM CURRENT AS $maintain$
BEGIN
  IF TG_OP = 'TRUNCATE' THEN
    DELETE FROM "ConversationStatusCount";
  ELSIF TG_OP = 'INSERT' THEN
    IF NEW."organization" IS NOT NULL AND NEW."status" IS NOT NULL THEN
      INSERT INTO "ConversationStatusCount" ("organization", "status", count) VALUES (NEW."organization", NEW."status", 1)
        ON CONFLICT ("organization", "status") DO UPDATE SET count = "ConversationStatusCount".count + EXCLUDED.count;
    END IF;
  ELSIF TG_OP = 'DELETE' THEN
    IF OLD."organization" IS NOT NULL AND OLD."status" IS NOT NULL THEN
      INSERT INTO "ConversationStatusCount" ("organization", "status", count) VALUES (OLD."organization", OLD."status", -1)
        ON CONFLICT ("organization", "status") DO UPDATE SET count = "ConversationStatusCount".count + EXCLUDED.count;
    END IF;
  ELSIF ROW(NEW."organization"::text, NEW."status"::text) < ROW(OLD."organization"::text, OLD."status"::text) THEN
    -- the two count rows in key order, whichever way the row moves
    IF NEW."organization" IS NOT NULL AND NEW."status" IS NOT NULL THEN
      INSERT INTO "ConversationStatusCount" ("organization", "status", count) VALUES (NEW."organization", NEW."status", 1)
        ON CONFLICT ("organization", "status") DO UPDATE SET count = "ConversationStatusCount".count + EXCLUDED.count;
    END IF;
    IF OLD."organization" IS NOT NULL AND OLD."status" IS NOT NULL THEN
      INSERT INTO "ConversationStatusCount" ("organization", "status", count) VALUES (OLD."organization", OLD."status", -1)
        ON CONFLICT ("organization", "status") DO UPDATE SET count = "ConversationStatusCount".count + EXCLUDED.count;
    END IF;
  ELSE
    IF OLD."organization" IS NOT NULL AND OLD."status" IS NOT NULL THEN
      INSERT INTO "ConversationStatusCount" ("organization", "status", count) VALUES (OLD."organization", OLD."status", -1)
        ON CONFLICT ("organization", "status") DO UPDATE SET count = "ConversationStatusCount".count + EXCLUDED.count;
    END IF;
    IF NEW."organization" IS NOT NULL AND NEW."status" IS NOT NULL THEN
      INSERT INTO "ConversationStatusCount" ("organization", "status", count) VALUES (NEW."organization", NEW."status", 1)
        ON CONFLICT ("organization", "status") DO UPDATE SET count = "ConversationStatusCount".count + EXCLUDED.count;
    END IF;
  END IF;
  RETURN NULL;
END
$maintain$;
DROP TRIGGER IF EXISTS "ConversationStatusCount_insert" ON "Conversation";
CREATE TRIGGER "ConversationStatusCount_insert" AFTER INSERT ON "Conversation" FOR EACH ROW EXECUTE FUNCTION "ConversationStatusCount_maintain"();
DROP TRIGGER IF EXISTS "ConversationStatusCount_delete" ON "Conversation";
CREATE TRIGGER "ConversationStatusCount_delete" AFTER DELETE ON "Conversation" FOR EACH ROW EXECUTE FUNCTION "ConversationStatusCount_maintain"();
DROP TRIGGER IF EXISTS "ConversationStatusCount_update" ON "Conversation";
CREATE TRIGGER "ConversationStatusCount_update" AFTER UPDATE OF "organization", "status" ON "Conversation" FOR EACH ROW
  WHEN (OLD."organization" IS DISTINCT FROM NEW."organization" OR OLD."status" IS DISTINCT FROM NEW."status") EXECUTE FUNCTION "ConversationStatusCount_maintain"();
DROP TRIGGER IF EXISTS "ConversationStatusCount_truncate" ON "Conversation";
CREATE TRIGGER "ConversationStatusCount_truncate" AFTER TRUNCATE ON "Conversation" FOR EACH STATEMENT EXECUTE FUNCTION "ConversationStatusCount_maintain"();
DO $recount$ BEGIN
  LOCK TABLE "Conversation" IN SHARE ROW EXCLUSIVE MODE;
  DELETE FROM "ConversationStatusCount";
  INSERT INTO "ConversationStatusCount" ("organization", "status", count)
    SELECT "organization", "status", count(*) FROM "Conversation" WHERE "organization" IS NOT NULL AND "status" IS NOT NULL GROUP BY "organization", "status";
END $recount$;
