-- AlterTable
ALTER TABLE "Contact" ADD COLUMN     "portalUser" TEXT;

-- CreateTable
CREATE TABLE "PortalInvitation" (
    "id" TEXT NOT NULL,
    "organization" TEXT,
    "contact" TEXT,
    "email" TEXT NOT NULL DEFAULT '',
    "tokenHash" TEXT,
    "pendingKey" TEXT,
    "invitedBy" TEXT,
    "message" TEXT,
    "sendCount" INTEGER NOT NULL DEFAULT 0,
    "queuedAt" TIMESTAMP(3),
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "acceptedAt" TIMESTAMP(3),
    "acceptedBy" TEXT,
    "revokedAt" TIMESTAMP(3),
    "revokedReason" TEXT,
    "createdAt" TIMESTAMP(3) DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "PortalInvitation_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "PortalInvitation_tokenHash_key" ON "PortalInvitation"("tokenHash");

-- CreateIndex
CREATE UNIQUE INDEX "PortalInvitation_pendingKey_key" ON "PortalInvitation"("pendingKey");

-- CreateIndex
CREATE INDEX "PortalInvitation_organization_idx" ON "PortalInvitation"("organization");

-- CreateIndex
CREATE INDEX "PortalInvitation_contact_idx" ON "PortalInvitation"("contact");

-- CreateIndex
CREATE INDEX "PortalInvitation_invitedBy_idx" ON "PortalInvitation"("invitedBy");

-- CreateIndex
CREATE INDEX "PortalInvitation_message_idx" ON "PortalInvitation"("message");

-- CreateIndex
CREATE INDEX "PortalInvitation_acceptedBy_idx" ON "PortalInvitation"("acceptedBy");

-- CreateIndex
CREATE INDEX "PortalInvitation_createdAt_idx" ON "PortalInvitation"("createdAt");

-- CreateIndex
CREATE INDEX "Contact_portalUser_idx" ON "Contact"("portalUser");

-- AddForeignKey
ALTER TABLE "Contact" ADD CONSTRAINT "Contact_portalUser_fkey" FOREIGN KEY ("portalUser") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PortalInvitation" ADD CONSTRAINT "PortalInvitation_organization_fkey" FOREIGN KEY ("organization") REFERENCES "Organization"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PortalInvitation" ADD CONSTRAINT "PortalInvitation_contact_fkey" FOREIGN KEY ("contact") REFERENCES "Contact"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PortalInvitation" ADD CONSTRAINT "PortalInvitation_invitedBy_fkey" FOREIGN KEY ("invitedBy") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PortalInvitation" ADD CONSTRAINT "PortalInvitation_message_fkey" FOREIGN KEY ("message") REFERENCES "Message"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PortalInvitation" ADD CONSTRAINT "PortalInvitation_acceptedBy_fkey" FOREIGN KEY ("acceptedBy") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;
