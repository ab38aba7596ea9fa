// Replaces the document Keystone writes as pages/_document.js (same name, so this one wins): see
// ../components/document/Document.tsx (no request to Google Fonts).
export { default } from '../components/document/Document'
