// The staff inbox (plugins/messaging): /inbox lists the organization's conversations by status,
// /inbox?conversation=<id> opens one thread. Components in admin/components/messaging.
export { default } from '../components/messaging/InboxPage'
