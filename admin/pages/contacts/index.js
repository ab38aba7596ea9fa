// Replaces Keystone's generated list page of Contact (same file name) with the same page plus "Export to
// Excel": see ../../components/exports/ContactsListWithExport.tsx
export { default } from '../../components/exports/ContactsListWithExport'
