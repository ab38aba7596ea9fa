-- CreateEnum
CREATE TYPE "ContactTypeType" AS ENUM ('resident', 'vendor', 'contractor');

-- CreateEnum
CREATE TYPE "ContactUnitTypeType" AS ENUM ('flat', 'apartment', 'parking', 'warehouse', 'commercial');

-- CreateTable
CREATE TABLE "Contact" (
    "id" TEXT NOT NULL,
    "organization" TEXT,
    "type" "ContactTypeType" NOT NULL DEFAULT 'resident',
    "name" TEXT NOT NULL DEFAULT '',
    "phone" TEXT,
    "email" TEXT,
    "role" TEXT,
    "property" TEXT,
    "unitName" TEXT,
    "unitType" "ContactUnitTypeType",
    "notes" TEXT NOT NULL DEFAULT '',
    "serviceScope" TEXT,
    "paymentRoutingOwner" TEXT,
    "assignmentScope" TEXT,
    "escalationOwner" TEXT,
    "archivedAt" TIMESTAMP(3),
    "archivedBy" TEXT,
    "liveUniqueKey" TEXT,

    CONSTRAINT "Contact_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ContactRole" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL DEFAULT '',
    "key" TEXT,
    "organization" TEXT,
    "nameKey" TEXT,

    CONSTRAINT "ContactRole_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "FieldChange" (
    "id" TEXT NOT NULL,
    "listKey" TEXT NOT NULL DEFAULT '',
    "itemId" TEXT NOT NULL DEFAULT '',
    "field" TEXT NOT NULL DEFAULT '',
    "oldValue" TEXT,
    "newValue" TEXT,
    "actor" TEXT,
    "organization" TEXT,
    "at" TIMESTAMP(3) DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "FieldChange_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "Contact_liveUniqueKey_key" ON "Contact"("liveUniqueKey");

-- CreateIndex
CREATE INDEX "Contact_organization_idx" ON "Contact"("organization");

-- CreateIndex
CREATE INDEX "Contact_phone_idx" ON "Contact"("phone");

-- CreateIndex
CREATE INDEX "Contact_email_idx" ON "Contact"("email");

-- CreateIndex
CREATE INDEX "Contact_role_idx" ON "Contact"("role");

-- CreateIndex
CREATE INDEX "Contact_property_idx" ON "Contact"("property");

-- CreateIndex
CREATE INDEX "Contact_paymentRoutingOwner_idx" ON "Contact"("paymentRoutingOwner");

-- CreateIndex
CREATE INDEX "Contact_escalationOwner_idx" ON "Contact"("escalationOwner");

-- CreateIndex
CREATE INDEX "Contact_archivedBy_idx" ON "Contact"("archivedBy");

-- CreateIndex
CREATE INDEX "Contact_organization_name_idx" ON "Contact"("organization", "name");

-- CreateIndex
CREATE UNIQUE INDEX "ContactRole_key_key" ON "ContactRole"("key");

-- CreateIndex
CREATE INDEX "ContactRole_organization_idx" ON "ContactRole"("organization");

-- CreateIndex
CREATE UNIQUE INDEX "ContactRole_organization_nameKey_key" ON "ContactRole"("organization", "nameKey");

-- CreateIndex
CREATE INDEX "FieldChange_itemId_idx" ON "FieldChange"("itemId");

-- CreateIndex
CREATE INDEX "FieldChange_actor_idx" ON "FieldChange"("actor");

-- CreateIndex
CREATE INDEX "FieldChange_organization_idx" ON "FieldChange"("organization");

-- CreateIndex
CREATE INDEX "FieldChange_at_idx" ON "FieldChange"("at");

-- AddForeignKey
ALTER TABLE "Contact" ADD CONSTRAINT "Contact_organization_fkey" FOREIGN KEY ("organization") REFERENCES "Organization"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Contact" ADD CONSTRAINT "Contact_role_fkey" FOREIGN KEY ("role") REFERENCES "ContactRole"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Contact" ADD CONSTRAINT "Contact_property_fkey" FOREIGN KEY ("property") REFERENCES "Property"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Contact" ADD CONSTRAINT "Contact_paymentRoutingOwner_fkey" FOREIGN KEY ("paymentRoutingOwner") REFERENCES "OrganizationEmployee"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Contact" ADD CONSTRAINT "Contact_escalationOwner_fkey" FOREIGN KEY ("escalationOwner") REFERENCES "OrganizationEmployee"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Contact" ADD CONSTRAINT "Contact_archivedBy_fkey" FOREIGN KEY ("archivedBy") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ContactRole" ADD CONSTRAINT "ContactRole_organization_fkey" FOREIGN KEY ("organization") REFERENCES "Organization"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "FieldChange" ADD CONSTRAINT "FieldChange_actor_fkey" FOREIGN KEY ("actor") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "FieldChange" ADD CONSTRAINT "FieldChange_organization_fkey" FOREIGN KEY ("organization") REFERENCES "Organization"("id") ON DELETE SET NULL ON UPDATE CASCADE;
