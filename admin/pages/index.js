// The Admin UI's home page is the staff dashboard. A .js file on purpose: Keystone writes its own home
// page as pages/index.js and lets a file of the same name in admin/pages replace it.
export { default } from '../components/dashboard/DashboardPage'
