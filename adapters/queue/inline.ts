// placeholder, replaced by the in-process runner
export class InlineQueueRunner {}
