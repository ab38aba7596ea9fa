-- CreateTable
CREATE TABLE "Broadcast" (
    "id" TEXT NOT NULL,
    "organization" TEXT,
    "title" TEXT NOT NULL DEFAULT '',
    "body" TEXT NOT NULL DEFAULT '',
    "kind" TEXT NOT NULL DEFAULT 'regular',
    "audience" TEXT NOT NULL DEFAULT 'organization',
    "unitTypes" JSONB NOT NULL DEFAULT '[]',
    "scheduledAt" TIMESTAMP(3),
    "status" TEXT NOT NULL DEFAULT 'draft',
    "createdBy" TEXT,
    "sentBy" TEXT,
    "createdAt" TIMESTAMP(3) DEFAULT CURRENT_TIMESTAMP,
    "sendingAt" TIMESTAMP(3),
    "sentAt" TIMESTAMP(3),
    "recipientsResolved" INTEGER DEFAULT 0,
    "recipientsQueued" INTEGER DEFAULT 0,
    "heartbeatAt" TIMESTAMP(3),
    "checkpoint" TEXT,

    CONSTRAINT "Broadcast_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "_Broadcast_properties" (
    "A" TEXT NOT NULL,
    "B" TEXT NOT NULL,

    CONSTRAINT "_Broadcast_properties_AB_pkey" PRIMARY KEY ("A","B")
);

-- CreateTable
CREATE TABLE "_Broadcast_contactRoles" (
    "A" TEXT NOT NULL,
    "B" TEXT NOT NULL,

    CONSTRAINT "_Broadcast_contactRoles_AB_pkey" PRIMARY KEY ("A","B")
);

-- CreateTable
CREATE TABLE "_Broadcast_residents" (
    "A" TEXT NOT NULL,
    "B" TEXT NOT NULL,

    CONSTRAINT "_Broadcast_residents_AB_pkey" PRIMARY KEY ("A","B")
);

-- CreateIndex
CREATE INDEX "Broadcast_organization_idx" ON "Broadcast"("organization");

-- CreateIndex
CREATE INDEX "Broadcast_createdBy_idx" ON "Broadcast"("createdBy");

-- CreateIndex
CREATE INDEX "Broadcast_sentBy_idx" ON "Broadcast"("sentBy");

-- CreateIndex
CREATE INDEX "_Broadcast_properties_B_index" ON "_Broadcast_properties"("B");

-- CreateIndex
CREATE INDEX "_Broadcast_contactRoles_B_index" ON "_Broadcast_contactRoles"("B");

-- CreateIndex
CREATE INDEX "_Broadcast_residents_B_index" ON "_Broadcast_residents"("B");

-- CreateIndex
CREATE INDEX "Message_uniqKey_status_idx" ON "Message"("uniqKey", "status");

-- AddForeignKey
ALTER TABLE "Broadcast" ADD CONSTRAINT "Broadcast_organization_fkey" FOREIGN KEY ("organization") REFERENCES "Organization"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Broadcast" ADD CONSTRAINT "Broadcast_createdBy_fkey" FOREIGN KEY ("createdBy") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Broadcast" ADD CONSTRAINT "Broadcast_sentBy_fkey" FOREIGN KEY ("sentBy") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "_Broadcast_properties" ADD CONSTRAINT "_Broadcast_properties_A_fkey" FOREIGN KEY ("A") REFERENCES "Broadcast"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "_Broadcast_properties" ADD CONSTRAINT "_Broadcast_properties_B_fkey" FOREIGN KEY ("B") REFERENCES "Property"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "_Broadcast_contactRoles" ADD CONSTRAINT "_Broadcast_contactRoles_A_fkey" FOREIGN KEY ("A") REFERENCES "Broadcast"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "_Broadcast_contactRoles" ADD CONSTRAINT "_Broadcast_contactRoles_B_fkey" FOREIGN KEY ("B") REFERENCES "ContactRole"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "_Broadcast_residents" ADD CONSTRAINT "_Broadcast_residents_A_fkey" FOREIGN KEY ("A") REFERENCES "Broadcast"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "_Broadcast_residents" ADD CONSTRAINT "_Broadcast_residents_B_fkey" FOREIGN KEY ("B") REFERENCES "Resident"("id") ON DELETE CASCADE ON UPDATE CASCADE;
