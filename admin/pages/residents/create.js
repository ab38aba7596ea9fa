// Replaces Keystone's generated create page of Resident (an empty form): see NotCreatedHere.
export { ResidentCreatePage as default } from '../../components/common/NotCreatedHere'
