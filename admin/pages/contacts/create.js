// Replaces Keystone's generated create page of the Contact list (same file name): see
// ../../components/contacts/ContactCreatePage.tsx
export { default } from '../../components/contacts/ContactCreatePage'
