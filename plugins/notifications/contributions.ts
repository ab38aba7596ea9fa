// Registry keys the notification pipeline adds (module augmentation: the kernel stays unaware).
import type { AnyChannel, Clock, MessageTypeDefinition, NotificationOptions } from '../../tasks/delivery/contracts'
import type { StaffSendLimits } from './send-limits'

declare module '../kernel/types' {
  interface Contributions {
    /** Delivery media; channel plugins (push, sms, email, telegram) contribute one each. */
    channels: AnyChannel
    /** Message types any plugin may add. */
    messageTypes: MessageTypeDefinition<any>
    /** The pipeline's runtime options, contributed once by the notifications plugin. */
    notificationOptions: NotificationOptions
    /** Quiet hours read the time from here; absent: the system clock. Tests contribute one they control. */
    clock: Clock
    /** The rate limits on what staff send (send-limits.ts), contributed once by the notifications plugin. */
    staffSendLimits: StaffSendLimits
  }
}

export {}
