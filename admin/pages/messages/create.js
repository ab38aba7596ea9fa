// Replaces Keystone's generated create page of Message (a form that could only fail): see NotCreatedHere.
export { MessageCreatePage as default } from '../../components/common/NotCreatedHere'
