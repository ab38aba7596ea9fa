-- AlterTable
ALTER TABLE "Message" ADD COLUMN     "sentBy" TEXT;

-- CreateIndex
CREATE INDEX "Message_sentBy_idx" ON "Message"("sentBy");

-- AddForeignKey
ALTER TABLE "Message" ADD CONSTRAINT "Message_sentBy_fkey" FOREIGN KEY ("sentBy") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;
