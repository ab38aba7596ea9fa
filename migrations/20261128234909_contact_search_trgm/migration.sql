-- CreateIndex
CREATE INDEX "Contact_unitName_trgm_idx" ON "Contact" USING GIN ("unitName" gin_trgm_ops);

-- CreateIndex
CREATE INDEX "Contact_email_trgm_idx" ON "Contact" USING GIN ("email" gin_trgm_ops);
