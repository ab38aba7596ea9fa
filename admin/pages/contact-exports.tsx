// Contact exports (plugins/exports): start one, watch its progress, download the file. Components in
// admin/components/exports.
export { default } from '../components/exports/ExportsPage'
