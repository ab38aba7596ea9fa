-- CreateTable
CREATE TABLE "UnsubscribeShortLink" (
    "id" TEXT NOT NULL,
    "codeHash" TEXT NOT NULL DEFAULT '',
    "recipientKey" TEXT NOT NULL DEFAULT '',
    "messageType" TEXT NOT NULL DEFAULT '',
    "channel" TEXT NOT NULL DEFAULT '',
    "expiresAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "UnsubscribeShortLink_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "UnsubscribeShortLink_codeHash_key" ON "UnsubscribeShortLink"("codeHash");
