-- CreateIndex
CREATE INDEX "Contact_organization_id_idx" ON "Contact"("organization", "id");
