-- AlterTable
ALTER TABLE "Organization" ADD COLUMN     "conversationMaxImageMb" INTEGER NOT NULL DEFAULT 5,
ADD COLUMN     "conversationMaxImages" INTEGER NOT NULL DEFAULT 5;
