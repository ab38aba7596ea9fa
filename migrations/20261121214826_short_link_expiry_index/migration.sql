-- CreateIndex
CREATE INDEX "UnsubscribeShortLink_expiresAt_idx" ON "UnsubscribeShortLink"("expiresAt");
