-- CreateTable
CREATE TABLE "StoredFile" (
    "id" UUID NOT NULL,
    "organization" TEXT,
    "kind" TEXT NOT NULL DEFAULT '',
    "ownerId" TEXT NOT NULL DEFAULT '',
    "name" TEXT NOT NULL DEFAULT '',
    "contentType" TEXT NOT NULL DEFAULT '',
    "size" INTEGER DEFAULT 0,
    "status" TEXT DEFAULT 'uploading',
    "uploadedBy" TEXT,
    "storage" TEXT NOT NULL DEFAULT '',
    "storageKey" TEXT NOT NULL DEFAULT '',
    "wrappedKey" TEXT,
    "keyVersion" TEXT,
    "noncePrefix" TEXT,
    "expiresAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "StoredFile_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "StoredFile_organization_idx" ON "StoredFile"("organization");

-- CreateIndex
CREATE INDEX "StoredFile_kind_idx" ON "StoredFile"("kind");

-- CreateIndex
CREATE INDEX "StoredFile_ownerId_idx" ON "StoredFile"("ownerId");

-- CreateIndex
CREATE INDEX "StoredFile_uploadedBy_idx" ON "StoredFile"("uploadedBy");

-- CreateIndex
CREATE INDEX "StoredFile_keyVersion_idx" ON "StoredFile"("keyVersion");

-- CreateIndex
CREATE INDEX "StoredFile_expiresAt_idx" ON "StoredFile"("expiresAt");

-- AddForeignKey
ALTER TABLE "StoredFile" ADD CONSTRAINT "StoredFile_organization_fkey" FOREIGN KEY ("organization") REFERENCES "Organization"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "StoredFile" ADD CONSTRAINT "StoredFile_uploadedBy_fkey" FOREIGN KEY ("uploadedBy") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;
