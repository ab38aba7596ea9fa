// placeholder, replaced by the BullMQ runner
export class BullmqQueueRunner { constructor(_: unknown) {} }
