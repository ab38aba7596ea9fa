// The account setup page at the invitation link, and the pages for links that no longer work. Those say
// what happened to the link and nothing else (no form, nothing about any account).
import type { InvitationView, LinkState } from '../../accept'
import { html } from '../html'
import { layout, problemsAlert } from '../layout'

export function setupPage(view: InvitationView, form: { csrf: string; minLength: number; action: string; problems?: string[] }) {
  return layout({
    title: 'Create your account',
    body: html`<h1>Create your resident portal account</h1>
<div class="panel">
  <dl>
    <dt>For</dt><dd>${view.contactName}</dd>
    <dt>Email</dt><dd>${view.email}</dd>
    <dt>Management</dt><dd>${view.organizationName}</dd>
    <dt>Property</dt><dd>${view.propertyName}</dd>
    <dt>Unit</dt><dd>${view.unitName}</dd>
  </dl>
</div>
${problemsAlert(form.problems, 'Choose another password')}
<form class="stack" method="post" action="${form.action}" novalidate>
  <input type="hidden" name="_csrf" value="${form.csrf}">
  <input type="hidden" name="email" value="${view.email}" autocomplete="username">
  <div>
    <label for="password">Password <span class="hint">(at least ${form.minLength} characters; a few uncommon words make a strong one)</span></label>
    <input id="password" name="password" type="password" autocomplete="new-password" minlength="${form.minLength}" required aria-describedby="password-hint"${form.problems?.length ? html` aria-invalid="true"` : ''}>
    <p id="password-hint" class="hint">Not your name, your email or the management’s name. It is checked for strength when you submit.</p>
  </div>
  <div>
    <label for="confirmation">Repeat the password</label>
    <input id="confirmation" name="confirmation" type="password" autocomplete="new-password" required>
  </div>
  <button type="submit">Create Account &amp; Access Portal</button>
</form>`,
  })
}

const DEAD_LINKS = {
  unknown: { status: 404, title: 'Invitation not found', text: 'This invitation link is not valid. Check that you opened the whole link from the email.' },
  expired: { status: 410, title: 'Invitation expired', text: 'This invitation link has expired. Ask your management office to send you a new invitation.' },
  revoked: { status: 410, title: 'Invitation withdrawn', text: 'This invitation is no longer valid. Ask your management office to send you a new invitation.' },
  used: { status: 410, title: 'Invitation already used', text: 'This invitation has already been used to create an account. Sign in with your email and password.' },
} as const

export function deadLinkPage(state: Exclude<LinkState, { kind: 'valid' }>) {
  const page = DEAD_LINKS[state.kind]
  const signIn = state.kind === 'used' ? html`<p><a href="/portal/signin">Sign in</a></p>` : ''
  return { status: page.status, document: layout({ title: page.title, body: html`<h1>${page.title}</h1><p>${page.text}</p>${signIn}` }) }
}

export const needsHelpPage = (view: InvitationView) =>
  layout({
    title: 'We need to check your account',
    body: html`<h1>We need to check your account</h1>
<p>This invitation cannot be completed online. Please contact ${view.organizationName || 'your management office'}; they will help you get access.</p>`,
  })
