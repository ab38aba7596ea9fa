-- AlterTable
ALTER TABLE "MessageUserBlackList" ADD COLUMN     "organization" TEXT;

-- CreateTable
CREATE TABLE "NotificationQuietHoursSetting" (
    "id" TEXT NOT NULL,
    "user" TEXT,
    "userKey" TEXT NOT NULL DEFAULT '',
    "timeZone" TEXT NOT NULL DEFAULT '',
    "start" TEXT NOT NULL DEFAULT '',
    "end" TEXT NOT NULL DEFAULT '',
    "isEnabled" BOOLEAN NOT NULL DEFAULT true,

    CONSTRAINT "NotificationQuietHoursSetting_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "NotificationOrganizationSetting" (
    "id" TEXT NOT NULL,
    "organization" TEXT,
    "organizationKey" TEXT NOT NULL DEFAULT '',
    "timeZone" TEXT NOT NULL DEFAULT 'UTC',
    "quietHoursStart" TEXT NOT NULL DEFAULT '',
    "quietHoursEnd" TEXT NOT NULL DEFAULT '',
    "channelOrder" TEXT NOT NULL DEFAULT '',

    CONSTRAINT "NotificationOrganizationSetting_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "NotificationQuietHoursSetting_userKey_key" ON "NotificationQuietHoursSetting"("userKey");

-- CreateIndex
CREATE INDEX "NotificationQuietHoursSetting_user_idx" ON "NotificationQuietHoursSetting"("user");

-- CreateIndex
CREATE UNIQUE INDEX "NotificationOrganizationSetting_organizationKey_key" ON "NotificationOrganizationSetting"("organizationKey");

-- CreateIndex
CREATE INDEX "NotificationOrganizationSetting_organization_idx" ON "NotificationOrganizationSetting"("organization");

-- CreateIndex
CREATE INDEX "MessageUserBlackList_organization_idx" ON "MessageUserBlackList"("organization");

-- AddForeignKey
ALTER TABLE "NotificationQuietHoursSetting" ADD CONSTRAINT "NotificationQuietHoursSetting_user_fkey" FOREIGN KEY ("user") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "NotificationOrganizationSetting" ADD CONSTRAINT "NotificationOrganizationSetting_organization_fkey" FOREIGN KEY ("organization") REFERENCES "Organization"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "MessageUserBlackList" ADD CONSTRAINT "MessageUserBlackList_organization_fkey" FOREIGN KEY ("organization") REFERENCES "Organization"("id") ON DELETE SET NULL ON UPDATE CASCADE;
