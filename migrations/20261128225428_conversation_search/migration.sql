-- pg_trgm: the staff inbox search's trigram indexes (ILIKE %term% as an index lookup). In public, once per
-- database (adapters/database/extensions.ts says why); needs the right to create a trusted extension
-- (PostgreSQL 13+: the database owner).
CREATE EXTENSION IF NOT EXISTS pg_trgm WITH SCHEMA public;

-- CreateIndex
CREATE INDEX "Contact_name_trgm_idx" ON "Contact" USING GIN ("name" gin_trgm_ops);

-- CreateIndex
CREATE INDEX "Conversation_subject_trgm_idx" ON "Conversation" USING GIN ("subject" gin_trgm_ops);

-- CreateIndex
CREATE INDEX "Conversation_unitName_trgm_idx" ON "Conversation" USING GIN ("unitName" gin_trgm_ops);

-- CreateIndex
CREATE INDEX "ConversationMessage_body_trgm_idx" ON "ConversationMessage" USING GIN ("body" gin_trgm_ops);

-- CreateIndex
CREATE INDEX "User_name_trgm_idx" ON "User" USING GIN ("name" gin_trgm_ops);
