-- CreateEnum
CREATE TYPE "UserTypeType" AS ENUM ('staff', 'resident', 'service');

-- CreateTable
CREATE TABLE "User" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL DEFAULT '',
    "email" TEXT,
    "phone" TEXT,
    "password" TEXT,
    "type" "UserTypeType" NOT NULL DEFAULT 'staff',
    "isAdmin" BOOLEAN NOT NULL DEFAULT false,

    CONSTRAINT "User_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Organization" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL DEFAULT '',
    "country" TEXT NOT NULL DEFAULT '',

    CONSTRAINT "Organization_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "OrganizationEmployee" (
    "id" TEXT NOT NULL,
    "user" TEXT,
    "organization" TEXT,
    "readContacts" BOOLEAN NOT NULL DEFAULT false,
    "manageContacts" BOOLEAN NOT NULL DEFAULT false,
    "manageContactIdentity" BOOLEAN NOT NULL DEFAULT false,
    "manageMessages" BOOLEAN NOT NULL DEFAULT false,
    "broadcast" BOOLEAN NOT NULL DEFAULT false,
    "exportContacts" BOOLEAN NOT NULL DEFAULT false,
    "manageProperties" BOOLEAN NOT NULL DEFAULT false,
    "manageEmployees" BOOLEAN NOT NULL DEFAULT false,

    CONSTRAINT "OrganizationEmployee_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Property" (
    "id" TEXT NOT NULL,
    "organization" TEXT,
    "name" TEXT NOT NULL DEFAULT '',
    "address" TEXT NOT NULL DEFAULT '',

    CONSTRAINT "Property_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "User_email_key" ON "User"("email");

-- CreateIndex
CREATE UNIQUE INDEX "User_phone_key" ON "User"("phone");

-- CreateIndex
CREATE INDEX "OrganizationEmployee_user_idx" ON "OrganizationEmployee"("user");

-- CreateIndex
CREATE INDEX "OrganizationEmployee_organization_idx" ON "OrganizationEmployee"("organization");

-- CreateIndex
CREATE UNIQUE INDEX "OrganizationEmployee_user_organization_key" ON "OrganizationEmployee"("user", "organization");

-- CreateIndex
CREATE INDEX "Property_organization_idx" ON "Property"("organization");

-- AddForeignKey
ALTER TABLE "OrganizationEmployee" ADD CONSTRAINT "OrganizationEmployee_user_fkey" FOREIGN KEY ("user") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "OrganizationEmployee" ADD CONSTRAINT "OrganizationEmployee_organization_fkey" FOREIGN KEY ("organization") REFERENCES "Organization"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Property" ADD CONSTRAINT "Property_organization_fkey" FOREIGN KEY ("organization") REFERENCES "Organization"("id") ON DELETE SET NULL ON UPDATE CASCADE;
