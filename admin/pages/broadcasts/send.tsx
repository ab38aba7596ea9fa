// /broadcasts/send (plugins/broadcasts): compose with the recipient count, schedule, and the reach of
// recent broadcasts. Next serves this static route before the list's /broadcasts/[id]. Components in
// admin/components/broadcasts.
export { default } from '../../components/broadcasts/BroadcastsPage'
