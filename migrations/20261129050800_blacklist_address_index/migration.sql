-- CreateIndex
CREATE INDEX "MessageUserBlackList_phone_idx" ON "MessageUserBlackList"("phone");

-- CreateIndex
CREATE INDEX "MessageUserBlackList_email_idx" ON "MessageUserBlackList"("email");
