-- DropIndex
DROP INDEX "Message_type_recipientKey_createdAt_idx";
