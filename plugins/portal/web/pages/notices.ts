// Pages that only say something: refusals, limits and errors. They offer nothing to act on.
import { html } from '../html'
import { layout } from '../layout'

export const staffPage = () =>
  layout({
    title: 'Residents only',
    body: html`<h1>This portal is for residents</h1>
<p>You are signed in with a staff account. Staff work in the <a href="/">management console</a>; the resident portal never acts as staff.</p>
<p class="muted">To use the portal as a resident, sign out of the management console first.</p>`,
  })

export const tooManyPage = (retryAfterSeconds: number | undefined) =>
  layout({
    title: 'Too many attempts',
    body: html`<h1>Too many attempts</h1>
<p>Please wait${retryAfterSeconds ? html` about ${Math.max(1, Math.ceil(retryAfterSeconds / 60))} minute(s)` : ''} and try again.</p>`,
  })

export const unavailablePage = () =>
  layout({ title: 'Temporarily unavailable', body: html`<h1>Temporarily unavailable</h1><p>The portal cannot check this right now. Please try again in a few minutes.</p>` })

export const errorPage = () => layout({ title: 'Something went wrong', body: html`<h1>Something went wrong</h1><p>Please try again later.</p>` })

export const badRequestPage = () =>
  layout({
    title: 'The form expired',
    body: html`<h1>The form could not be accepted</h1><p>The page may have been open for too long, or it was sent from somewhere else. Go back, reload the page and try again.</p>`,
  })

export const notFoundPage = () => layout({ title: 'Not found', body: html`<h1>Page not found</h1><p><a href="/portal">Go to the resident portal</a></p>` })
