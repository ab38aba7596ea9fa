-- CreateEnum
CREATE TYPE "ContactExportTaskFilterTypeType" AS ENUM ('resident', 'vendor', 'contractor');

-- AlterTable
ALTER TABLE "Contact" ADD COLUMN     "createdAt" TIMESTAMP(3) DEFAULT CURRENT_TIMESTAMP;

-- CreateTable
CREATE TABLE "ContactExportTask" (
    "id" TEXT NOT NULL,
    "organization" TEXT,
    "filterProperty" TEXT,
    "filterType" "ContactExportTaskFilterTypeType",
    "filterRole" TEXT,
    "archived" TEXT NOT NULL DEFAULT 'live',
    "status" TEXT NOT NULL DEFAULT 'queued',
    "processed" INTEGER DEFAULT 0,
    "total" INTEGER,
    "startedBy" TEXT,
    "locale" TEXT NOT NULL DEFAULT 'en',
    "includesContactDetails" TEXT,
    "error" TEXT,
    "attempt" INTEGER DEFAULT 0,
    "heartbeatAt" TIMESTAMP(3),
    "fileId" TEXT,
    "fileExpiresAt" TIMESTAMP(3),
    "startedAt" TIMESTAMP(3),
    "finishedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ContactExportTask_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "ContactExportTask_organization_idx" ON "ContactExportTask"("organization");

-- CreateIndex
CREATE INDEX "ContactExportTask_filterProperty_idx" ON "ContactExportTask"("filterProperty");

-- CreateIndex
CREATE INDEX "ContactExportTask_filterRole_idx" ON "ContactExportTask"("filterRole");

-- CreateIndex
CREATE INDEX "ContactExportTask_startedBy_idx" ON "ContactExportTask"("startedBy");

-- CreateIndex
CREATE INDEX "ContactExportTask_fileId_idx" ON "ContactExportTask"("fileId");

-- AddForeignKey
ALTER TABLE "ContactExportTask" ADD CONSTRAINT "ContactExportTask_organization_fkey" FOREIGN KEY ("organization") REFERENCES "Organization"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ContactExportTask" ADD CONSTRAINT "ContactExportTask_filterProperty_fkey" FOREIGN KEY ("filterProperty") REFERENCES "Property"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ContactExportTask" ADD CONSTRAINT "ContactExportTask_filterRole_fkey" FOREIGN KEY ("filterRole") REFERENCES "ContactRole"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ContactExportTask" ADD CONSTRAINT "ContactExportTask_startedBy_fkey" FOREIGN KEY ("startedBy") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;
