-- CreateIndex
CREATE INDEX "Resident_organization_user_idx" ON "Resident"("organization", "user");
