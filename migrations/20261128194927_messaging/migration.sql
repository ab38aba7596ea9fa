-- CreateEnum
CREATE TYPE "ConversationStatusType" AS ENUM ('unread', 'open', 'resolved', 'archived');

-- CreateEnum
CREATE TYPE "ConversationResolutionCategoryType" AS ENUM ('resolved', 'noActionNeeded', 'escalated', 'duplicate');

-- CreateEnum
CREATE TYPE "ConversationParticipantRoleType" AS ENUM ('resident', 'staff');

-- CreateEnum
CREATE TYPE "ConversationActivityKindType" AS ENUM ('started', 'routed', 'statusChanged', 'reopened', 'resolved', 'archived', 'participantAdded', 'participantRemoved', 'linked', 'unlinked');

-- AlterTable
ALTER TABLE "OrganizationEmployee" ADD COLUMN     "manageConversations" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "readConversations" BOOLEAN NOT NULL DEFAULT false;

-- Backfill: employees who already send messages to residents (manageMessages) are the ones who answer
-- them, so they read and manage conversations from the start; nobody else gains a permission.
UPDATE "OrganizationEmployee" SET "readConversations" = true, "manageConversations" = true WHERE "manageMessages" = true;

-- CreateTable
CREATE TABLE "Conversation" (
    "id" TEXT NOT NULL,
    "organization" TEXT,
    "property" TEXT,
    "unitName" TEXT,
    "contact" TEXT,
    "resident" TEXT,
    "topic" TEXT,
    "subject" TEXT NOT NULL DEFAULT '',
    "status" "ConversationStatusType" NOT NULL DEFAULT 'unread',
    "resolutionCategory" "ConversationResolutionCategoryType",
    "resolutionNote" TEXT NOT NULL DEFAULT '',
    "resolvedAt" TIMESTAMP(3),
    "archivedAt" TIMESTAMP(3),
    "reopenCount" INTEGER NOT NULL DEFAULT 0,
    "startedBy" TEXT,
    "createdAt" TIMESTAMP(3) DEFAULT CURRENT_TIMESTAMP,
    "lastMessageAt" TIMESTAMP(3),
    "lastMessagePreview" TEXT NOT NULL DEFAULT '',
    "lastMessageAuthorName" TEXT NOT NULL DEFAULT '',
    "staffUnreadCount" INTEGER NOT NULL DEFAULT 0,
    "messageCount" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "Conversation_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ConversationTopic" (
    "id" TEXT NOT NULL,
    "organization" TEXT,
    "name" TEXT NOT NULL DEFAULT '',
    "key" TEXT,
    "defaultRecipient" TEXT,
    "fallbackRecipient" TEXT,
    "isActive" BOOLEAN NOT NULL DEFAULT true,
    "order" INTEGER NOT NULL DEFAULT 100,

    CONSTRAINT "ConversationTopic_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ConversationParticipant" (
    "id" TEXT NOT NULL,
    "organization" TEXT,
    "conversation" TEXT,
    "user" TEXT,
    "role" "ConversationParticipantRoleType" NOT NULL,
    "joinedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "leftAt" TIMESTAMP(3),
    "addedBy" TEXT,
    "removedBy" TEXT,
    "openKey" TEXT,

    CONSTRAINT "ConversationParticipant_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ConversationMessage" (
    "id" TEXT NOT NULL,
    "organization" TEXT,
    "conversation" TEXT,
    "author" TEXT,
    "body" TEXT NOT NULL DEFAULT '',
    "isInternal" BOOLEAN NOT NULL DEFAULT false,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ConversationMessage_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ConversationActivity" (
    "id" TEXT NOT NULL,
    "organization" TEXT,
    "conversation" TEXT,
    "kind" "ConversationActivityKindType" NOT NULL,
    "actor" TEXT,
    "subject" TEXT,
    "summary" TEXT NOT NULL DEFAULT '',
    "details" JSONB,
    "isInternal" BOOLEAN NOT NULL DEFAULT false,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ConversationActivity_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ConversationLink" (
    "id" TEXT NOT NULL,
    "organization" TEXT,
    "conversation" TEXT,
    "targetList" TEXT NOT NULL DEFAULT '',
    "targetId" TEXT NOT NULL DEFAULT '',
    "label" TEXT NOT NULL DEFAULT '',
    "addedBy" TEXT,
    "createdAt" TIMESTAMP(3) DEFAULT CURRENT_TIMESTAMP,
    "linkKey" TEXT,

    CONSTRAINT "ConversationLink_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ConversationReadCursor" (
    "id" TEXT NOT NULL,
    "organization" TEXT,
    "conversation" TEXT,
    "user" TEXT,
    "lastReadAt" TIMESTAMP(3),
    "unreadCount" INTEGER NOT NULL DEFAULT 0,
    "cursorKey" TEXT,

    CONSTRAINT "ConversationReadCursor_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "_ConversationMessage_audience" (
    "A" TEXT NOT NULL,
    "B" TEXT NOT NULL,

    CONSTRAINT "_ConversationMessage_audience_AB_pkey" PRIMARY KEY ("A","B")
);

-- CreateTable
CREATE TABLE "_ConversationActivity_audience" (
    "A" TEXT NOT NULL,
    "B" TEXT NOT NULL,

    CONSTRAINT "_ConversationActivity_audience_AB_pkey" PRIMARY KEY ("A","B")
);

-- CreateIndex
CREATE INDEX "Conversation_organization_idx" ON "Conversation"("organization");

-- CreateIndex
CREATE INDEX "Conversation_property_idx" ON "Conversation"("property");

-- CreateIndex
CREATE INDEX "Conversation_contact_idx" ON "Conversation"("contact");

-- CreateIndex
CREATE INDEX "Conversation_resident_idx" ON "Conversation"("resident");

-- CreateIndex
CREATE INDEX "Conversation_topic_idx" ON "Conversation"("topic");

-- CreateIndex
CREATE INDEX "Conversation_status_idx" ON "Conversation"("status");

-- CreateIndex
CREATE INDEX "Conversation_startedBy_idx" ON "Conversation"("startedBy");

-- CreateIndex
CREATE INDEX "Conversation_lastMessageAt_idx" ON "Conversation"("lastMessageAt");

-- CreateIndex
CREATE INDEX "Conversation_organization_status_lastMessageAt_idx" ON "Conversation"("organization", "status", "lastMessageAt");

-- CreateIndex
CREATE INDEX "ConversationTopic_organization_idx" ON "ConversationTopic"("organization");

-- CreateIndex
CREATE INDEX "ConversationTopic_defaultRecipient_idx" ON "ConversationTopic"("defaultRecipient");

-- CreateIndex
CREATE INDEX "ConversationTopic_fallbackRecipient_idx" ON "ConversationTopic"("fallbackRecipient");

-- CreateIndex
CREATE UNIQUE INDEX "ConversationTopic_organization_key_key" ON "ConversationTopic"("organization", "key");

-- CreateIndex
CREATE UNIQUE INDEX "ConversationParticipant_openKey_key" ON "ConversationParticipant"("openKey");

-- CreateIndex
CREATE INDEX "ConversationParticipant_organization_idx" ON "ConversationParticipant"("organization");

-- CreateIndex
CREATE INDEX "ConversationParticipant_conversation_idx" ON "ConversationParticipant"("conversation");

-- CreateIndex
CREATE INDEX "ConversationParticipant_user_idx" ON "ConversationParticipant"("user");

-- CreateIndex
CREATE INDEX "ConversationParticipant_addedBy_idx" ON "ConversationParticipant"("addedBy");

-- CreateIndex
CREATE INDEX "ConversationParticipant_removedBy_idx" ON "ConversationParticipant"("removedBy");

-- CreateIndex
CREATE INDEX "ConversationMessage_organization_idx" ON "ConversationMessage"("organization");

-- CreateIndex
CREATE INDEX "ConversationMessage_conversation_idx" ON "ConversationMessage"("conversation");

-- CreateIndex
CREATE INDEX "ConversationMessage_author_idx" ON "ConversationMessage"("author");

-- CreateIndex
CREATE INDEX "ConversationMessage_conversation_createdAt_idx" ON "ConversationMessage"("conversation", "createdAt");

-- CreateIndex
CREATE INDEX "ConversationActivity_organization_idx" ON "ConversationActivity"("organization");

-- CreateIndex
CREATE INDEX "ConversationActivity_conversation_idx" ON "ConversationActivity"("conversation");

-- CreateIndex
CREATE INDEX "ConversationActivity_actor_idx" ON "ConversationActivity"("actor");

-- CreateIndex
CREATE INDEX "ConversationActivity_subject_idx" ON "ConversationActivity"("subject");

-- CreateIndex
CREATE INDEX "ConversationActivity_conversation_createdAt_idx" ON "ConversationActivity"("conversation", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "ConversationLink_linkKey_key" ON "ConversationLink"("linkKey");

-- CreateIndex
CREATE INDEX "ConversationLink_organization_idx" ON "ConversationLink"("organization");

-- CreateIndex
CREATE INDEX "ConversationLink_conversation_idx" ON "ConversationLink"("conversation");

-- CreateIndex
CREATE INDEX "ConversationLink_addedBy_idx" ON "ConversationLink"("addedBy");

-- CreateIndex
CREATE UNIQUE INDEX "ConversationReadCursor_cursorKey_key" ON "ConversationReadCursor"("cursorKey");

-- CreateIndex
CREATE INDEX "ConversationReadCursor_organization_idx" ON "ConversationReadCursor"("organization");

-- CreateIndex
CREATE INDEX "ConversationReadCursor_conversation_idx" ON "ConversationReadCursor"("conversation");

-- CreateIndex
CREATE INDEX "ConversationReadCursor_user_idx" ON "ConversationReadCursor"("user");

-- CreateIndex
CREATE INDEX "_ConversationMessage_audience_B_index" ON "_ConversationMessage_audience"("B");

-- CreateIndex
CREATE INDEX "_ConversationActivity_audience_B_index" ON "_ConversationActivity_audience"("B");

-- AddForeignKey
ALTER TABLE "Conversation" ADD CONSTRAINT "Conversation_organization_fkey" FOREIGN KEY ("organization") REFERENCES "Organization"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Conversation" ADD CONSTRAINT "Conversation_property_fkey" FOREIGN KEY ("property") REFERENCES "Property"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Conversation" ADD CONSTRAINT "Conversation_contact_fkey" FOREIGN KEY ("contact") REFERENCES "Contact"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Conversation" ADD CONSTRAINT "Conversation_resident_fkey" FOREIGN KEY ("resident") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Conversation" ADD CONSTRAINT "Conversation_topic_fkey" FOREIGN KEY ("topic") REFERENCES "ConversationTopic"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Conversation" ADD CONSTRAINT "Conversation_startedBy_fkey" FOREIGN KEY ("startedBy") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ConversationTopic" ADD CONSTRAINT "ConversationTopic_organization_fkey" FOREIGN KEY ("organization") REFERENCES "Organization"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ConversationTopic" ADD CONSTRAINT "ConversationTopic_defaultRecipient_fkey" FOREIGN KEY ("defaultRecipient") REFERENCES "OrganizationEmployee"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ConversationTopic" ADD CONSTRAINT "ConversationTopic_fallbackRecipient_fkey" FOREIGN KEY ("fallbackRecipient") REFERENCES "OrganizationEmployee"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ConversationParticipant" ADD CONSTRAINT "ConversationParticipant_organization_fkey" FOREIGN KEY ("organization") REFERENCES "Organization"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ConversationParticipant" ADD CONSTRAINT "ConversationParticipant_conversation_fkey" FOREIGN KEY ("conversation") REFERENCES "Conversation"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ConversationParticipant" ADD CONSTRAINT "ConversationParticipant_user_fkey" FOREIGN KEY ("user") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ConversationParticipant" ADD CONSTRAINT "ConversationParticipant_addedBy_fkey" FOREIGN KEY ("addedBy") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ConversationParticipant" ADD CONSTRAINT "ConversationParticipant_removedBy_fkey" FOREIGN KEY ("removedBy") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ConversationMessage" ADD CONSTRAINT "ConversationMessage_organization_fkey" FOREIGN KEY ("organization") REFERENCES "Organization"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ConversationMessage" ADD CONSTRAINT "ConversationMessage_conversation_fkey" FOREIGN KEY ("conversation") REFERENCES "Conversation"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ConversationMessage" ADD CONSTRAINT "ConversationMessage_author_fkey" FOREIGN KEY ("author") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ConversationActivity" ADD CONSTRAINT "ConversationActivity_organization_fkey" FOREIGN KEY ("organization") REFERENCES "Organization"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ConversationActivity" ADD CONSTRAINT "ConversationActivity_conversation_fkey" FOREIGN KEY ("conversation") REFERENCES "Conversation"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ConversationActivity" ADD CONSTRAINT "ConversationActivity_actor_fkey" FOREIGN KEY ("actor") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ConversationActivity" ADD CONSTRAINT "ConversationActivity_subject_fkey" FOREIGN KEY ("subject") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ConversationLink" ADD CONSTRAINT "ConversationLink_organization_fkey" FOREIGN KEY ("organization") REFERENCES "Organization"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ConversationLink" ADD CONSTRAINT "ConversationLink_conversation_fkey" FOREIGN KEY ("conversation") REFERENCES "Conversation"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ConversationLink" ADD CONSTRAINT "ConversationLink_addedBy_fkey" FOREIGN KEY ("addedBy") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ConversationReadCursor" ADD CONSTRAINT "ConversationReadCursor_organization_fkey" FOREIGN KEY ("organization") REFERENCES "Organization"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ConversationReadCursor" ADD CONSTRAINT "ConversationReadCursor_conversation_fkey" FOREIGN KEY ("conversation") REFERENCES "Conversation"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ConversationReadCursor" ADD CONSTRAINT "ConversationReadCursor_user_fkey" FOREIGN KEY ("user") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "_ConversationMessage_audience" ADD CONSTRAINT "_ConversationMessage_audience_A_fkey" FOREIGN KEY ("A") REFERENCES "ConversationMessage"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "_ConversationMessage_audience" ADD CONSTRAINT "_ConversationMessage_audience_B_fkey" FOREIGN KEY ("B") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "_ConversationActivity_audience" ADD CONSTRAINT "_ConversationActivity_audience_A_fkey" FOREIGN KEY ("A") REFERENCES "ConversationActivity"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "_ConversationActivity_audience" ADD CONSTRAINT "_ConversationActivity_audience_B_fkey" FOREIGN KEY ("B") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;
