-- CreateEnum
CREATE TYPE "ResidentUnitTypeType" AS ENUM ('flat', 'apartment', 'parking', 'warehouse', 'commercial');

-- CreateTable
CREATE TABLE "Message" (
    "id" TEXT NOT NULL,
    "type" TEXT NOT NULL DEFAULT '',
    "user" TEXT,
    "phone" TEXT,
    "email" TEXT,
    "recipientKey" TEXT NOT NULL DEFAULT '',
    "organization" TEXT,
    "locale" TEXT NOT NULL DEFAULT 'en',
    "meta" JSONB,
    "isSecret" BOOLEAN NOT NULL DEFAULT false,
    "status" TEXT NOT NULL DEFAULT 'sending',
    "uniqKey" TEXT,
    "trace" JSONB DEFAULT '[]',
    "createdAt" TIMESTAMP(3) DEFAULT CURRENT_TIMESTAMP,
    "sentAt" TIMESTAMP(3),
    "deliveredAt" TIMESTAMP(3),
    "readAt" TIMESTAMP(3),
    "dueAt" TIMESTAMP(3) DEFAULT CURRENT_TIMESTAMP,
    "leaseUntil" TIMESTAMP(3),
    "generation" INTEGER NOT NULL DEFAULT 1,

    CONSTRAINT "Message_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "MessageDelivery" (
    "id" TEXT NOT NULL,
    "message" TEXT,
    "channel" TEXT NOT NULL DEFAULT '',
    "transport" TEXT NOT NULL DEFAULT '',
    "addressHint" TEXT NOT NULL DEFAULT '',
    "idempotencyKey" TEXT NOT NULL DEFAULT '',
    "status" TEXT NOT NULL DEFAULT 'sending',
    "providerMessageId" TEXT NOT NULL DEFAULT '',
    "error" TEXT NOT NULL DEFAULT '',
    "attempts" INTEGER DEFAULT 0,
    "sentAt" TIMESTAMP(3),
    "updatedAt" TIMESTAMP(3) DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "MessageDelivery_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "NotificationUserSetting" (
    "id" TEXT NOT NULL,
    "user" TEXT,
    "messageType" TEXT NOT NULL DEFAULT '',
    "channel" TEXT NOT NULL DEFAULT '',
    "isEnabled" BOOLEAN NOT NULL DEFAULT true,
    "channelOrder" TEXT NOT NULL DEFAULT '',
    "settingKey" TEXT NOT NULL DEFAULT '',

    CONSTRAINT "NotificationUserSetting_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "NotificationAnonymousSetting" (
    "id" TEXT NOT NULL,
    "phone" TEXT,
    "email" TEXT,
    "messageType" TEXT NOT NULL DEFAULT '',
    "isEnabled" BOOLEAN NOT NULL DEFAULT false,
    "settingKey" TEXT NOT NULL DEFAULT '',

    CONSTRAINT "NotificationAnonymousSetting_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "MessageUserBlackList" (
    "id" TEXT NOT NULL,
    "user" TEXT,
    "phone" TEXT,
    "email" TEXT,
    "messageType" TEXT NOT NULL DEFAULT '',
    "reason" TEXT NOT NULL DEFAULT '',
    "createdAt" TIMESTAMP(3) DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "MessageUserBlackList_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "MessageOrganizationBlackList" (
    "id" TEXT NOT NULL,
    "organization" TEXT,
    "messageType" TEXT NOT NULL DEFAULT '',
    "reason" TEXT NOT NULL DEFAULT '',
    "createdAt" TIMESTAMP(3) DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "MessageOrganizationBlackList_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "DevOutboxEntry" (
    "id" TEXT NOT NULL,
    "message" TEXT,
    "channel" TEXT NOT NULL DEFAULT '',
    "address" TEXT NOT NULL DEFAULT '',
    "locale" TEXT NOT NULL DEFAULT '',
    "preview" TEXT NOT NULL DEFAULT '',
    "content" JSONB,
    "idempotencyKey" TEXT NOT NULL DEFAULT '',
    "createdAt" TIMESTAMP(3) DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "DevOutboxEntry_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ConfirmPhoneAction" (
    "id" TEXT NOT NULL,
    "phone" TEXT NOT NULL DEFAULT '',
    "tokenHash" TEXT NOT NULL DEFAULT '',
    "codeHash" TEXT,
    "codeExpiresAt" TIMESTAMP(3),
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "lastSentAt" TIMESTAMP(3),
    "sendCount" INTEGER NOT NULL DEFAULT 0,
    "wrongAttempts" INTEGER NOT NULL DEFAULT 0,
    "verifiedAt" TIMESTAMP(3),
    "usedAt" TIMESTAMP(3),
    "burnedAt" TIMESTAMP(3),
    "locale" TEXT,
    "createdAt" TIMESTAMP(3) DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ConfirmPhoneAction_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Resident" (
    "id" TEXT NOT NULL,
    "user" TEXT,
    "organization" TEXT,
    "property" TEXT,
    "unitName" TEXT NOT NULL DEFAULT '',
    "unitKey" TEXT NOT NULL DEFAULT '',
    "unitType" "ResidentUnitTypeType" NOT NULL,
    "contact" TEXT,
    "createdAt" TIMESTAMP(3) DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Resident_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "RemoteClient" (
    "id" TEXT NOT NULL,
    "deviceId" TEXT NOT NULL DEFAULT '',
    "appId" TEXT NOT NULL DEFAULT '',
    "platform" TEXT NOT NULL,
    "owner" TEXT,
    "appVersion" TEXT NOT NULL DEFAULT '',
    "meta" JSONB DEFAULT '{}',
    "deviceKeyHash" TEXT NOT NULL DEFAULT '',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "RemoteClient_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "PushToken" (
    "id" TEXT NOT NULL,
    "remoteClient" TEXT,
    "transport" TEXT NOT NULL DEFAULT '',
    "token" TEXT NOT NULL DEFAULT '',
    "createdAt" TIMESTAMP(3) DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "PushToken_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "TelegramUserChat" (
    "id" TEXT NOT NULL,
    "user" TEXT,
    "chatId" TEXT NOT NULL DEFAULT '',
    "linkedAt" TIMESTAMP(3) DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "TelegramUserChat_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "TelegramLinkToken" (
    "id" TEXT NOT NULL,
    "tokenHash" TEXT NOT NULL DEFAULT '',
    "user" TEXT,
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "usedAt" TIMESTAMP(3),

    CONSTRAINT "TelegramLinkToken_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "Message_user_idx" ON "Message"("user");

-- CreateIndex
CREATE INDEX "Message_organization_idx" ON "Message"("organization");

-- CreateIndex
CREATE INDEX "Message_createdAt_idx" ON "Message"("createdAt");

-- CreateIndex
CREATE INDEX "Message_status_dueAt_idx" ON "Message"("status", "dueAt");

-- CreateIndex
CREATE INDEX "Message_type_recipientKey_createdAt_idx" ON "Message"("type", "recipientKey", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "Message_type_recipientKey_uniqKey_key" ON "Message"("type", "recipientKey", "uniqKey");

-- CreateIndex
CREATE UNIQUE INDEX "MessageDelivery_idempotencyKey_key" ON "MessageDelivery"("idempotencyKey");

-- CreateIndex
CREATE INDEX "MessageDelivery_message_idx" ON "MessageDelivery"("message");

-- CreateIndex
CREATE INDEX "MessageDelivery_transport_providerMessageId_idx" ON "MessageDelivery"("transport", "providerMessageId");

-- CreateIndex
CREATE UNIQUE INDEX "NotificationUserSetting_settingKey_key" ON "NotificationUserSetting"("settingKey");

-- CreateIndex
CREATE INDEX "NotificationUserSetting_user_idx" ON "NotificationUserSetting"("user");

-- CreateIndex
CREATE UNIQUE INDEX "NotificationAnonymousSetting_settingKey_key" ON "NotificationAnonymousSetting"("settingKey");

-- CreateIndex
CREATE INDEX "MessageUserBlackList_user_idx" ON "MessageUserBlackList"("user");

-- CreateIndex
CREATE INDEX "MessageOrganizationBlackList_organization_idx" ON "MessageOrganizationBlackList"("organization");

-- CreateIndex
CREATE UNIQUE INDEX "DevOutboxEntry_idempotencyKey_key" ON "DevOutboxEntry"("idempotencyKey");

-- CreateIndex
CREATE INDEX "DevOutboxEntry_message_idx" ON "DevOutboxEntry"("message");

-- CreateIndex
CREATE UNIQUE INDEX "ConfirmPhoneAction_tokenHash_key" ON "ConfirmPhoneAction"("tokenHash");

-- CreateIndex
CREATE INDEX "ConfirmPhoneAction_phone_idx" ON "ConfirmPhoneAction"("phone");

-- CreateIndex
CREATE INDEX "Resident_user_idx" ON "Resident"("user");

-- CreateIndex
CREATE INDEX "Resident_organization_idx" ON "Resident"("organization");

-- CreateIndex
CREATE INDEX "Resident_property_idx" ON "Resident"("property");

-- CreateIndex
CREATE INDEX "Resident_contact_idx" ON "Resident"("contact");

-- CreateIndex
CREATE UNIQUE INDEX "Resident_user_property_unitKey_unitType_key" ON "Resident"("user", "property", "unitKey", "unitType");

-- CreateIndex
CREATE INDEX "RemoteClient_owner_idx" ON "RemoteClient"("owner");

-- CreateIndex
CREATE UNIQUE INDEX "RemoteClient_deviceId_appId_key" ON "RemoteClient"("deviceId", "appId");

-- CreateIndex
CREATE INDEX "PushToken_remoteClient_idx" ON "PushToken"("remoteClient");

-- CreateIndex
CREATE UNIQUE INDEX "PushToken_transport_token_key" ON "PushToken"("transport", "token");

-- CreateIndex
CREATE UNIQUE INDEX "TelegramUserChat_chatId_key" ON "TelegramUserChat"("chatId");

-- CreateIndex
CREATE INDEX "TelegramUserChat_user_idx" ON "TelegramUserChat"("user");

-- CreateIndex
CREATE UNIQUE INDEX "TelegramUserChat_userId_key" ON "TelegramUserChat"("user");

-- CreateIndex
CREATE UNIQUE INDEX "TelegramLinkToken_tokenHash_key" ON "TelegramLinkToken"("tokenHash");

-- CreateIndex
CREATE INDEX "TelegramLinkToken_user_idx" ON "TelegramLinkToken"("user");

-- AddForeignKey
ALTER TABLE "Message" ADD CONSTRAINT "Message_user_fkey" FOREIGN KEY ("user") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Message" ADD CONSTRAINT "Message_organization_fkey" FOREIGN KEY ("organization") REFERENCES "Organization"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "MessageDelivery" ADD CONSTRAINT "MessageDelivery_message_fkey" FOREIGN KEY ("message") REFERENCES "Message"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "NotificationUserSetting" ADD CONSTRAINT "NotificationUserSetting_user_fkey" FOREIGN KEY ("user") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "MessageUserBlackList" ADD CONSTRAINT "MessageUserBlackList_user_fkey" FOREIGN KEY ("user") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "MessageOrganizationBlackList" ADD CONSTRAINT "MessageOrganizationBlackList_organization_fkey" FOREIGN KEY ("organization") REFERENCES "Organization"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DevOutboxEntry" ADD CONSTRAINT "DevOutboxEntry_message_fkey" FOREIGN KEY ("message") REFERENCES "Message"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Resident" ADD CONSTRAINT "Resident_user_fkey" FOREIGN KEY ("user") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Resident" ADD CONSTRAINT "Resident_organization_fkey" FOREIGN KEY ("organization") REFERENCES "Organization"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Resident" ADD CONSTRAINT "Resident_property_fkey" FOREIGN KEY ("property") REFERENCES "Property"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Resident" ADD CONSTRAINT "Resident_contact_fkey" FOREIGN KEY ("contact") REFERENCES "Contact"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RemoteClient" ADD CONSTRAINT "RemoteClient_owner_fkey" FOREIGN KEY ("owner") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PushToken" ADD CONSTRAINT "PushToken_remoteClient_fkey" FOREIGN KEY ("remoteClient") REFERENCES "RemoteClient"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "TelegramUserChat" ADD CONSTRAINT "TelegramUserChat_user_fkey" FOREIGN KEY ("user") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "TelegramLinkToken" ADD CONSTRAINT "TelegramLinkToken_user_fkey" FOREIGN KEY ("user") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;
