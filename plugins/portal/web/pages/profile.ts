// Profile: the resident's name (changed with their own session, as the app would), their sign-in email
// and phone (shown; they change through the management and phone verification), and a new password
// (after the current one; the same strength rule as the account setup).
import { html } from '../html'
import { problemsAlert } from '../layout'

export type Profile = { name: string; email: string | null; phone: string | null }

export function profileBody(profile: Profile, form: { csrf: string; minLength: number; notice?: string; nameProblems?: string[]; passwordProblems?: string[] }) {
  return html`<h1>Profile</h1>
${form.notice ? html`<p class="notice" role="status">${form.notice}</p>` : ''}
<div class="panel">
  <dl>
    <dt>Email</dt><dd>${profile.email ?? '—'}</dd>
    <dt>Phone</dt><dd>${profile.phone ?? '—'}</dd>
  </dl>
  <p class="hint">To change your email, ask your management office.</p>
</div>

<h2 id="name-heading">Your name</h2>
${problemsAlert(form.nameProblems)}
<form class="stack" method="post" action="/portal/profile" aria-labelledby="name-heading">
  <input type="hidden" name="_csrf" value="${form.csrf}">
  <div>
    <label for="name">Name</label>
    <input id="name" name="name" type="text" autocomplete="name" required maxlength="200" value="${profile.name}">
  </div>
  <button type="submit">Save name</button>
</form>

<h2 id="password-heading">Password</h2>
${problemsAlert(form.passwordProblems, 'The password was not changed')}
<form class="stack" method="post" action="/portal/profile/password" aria-labelledby="password-heading">
  <input type="hidden" name="_csrf" value="${form.csrf}">
  <input type="hidden" name="email" value="${profile.email ?? ''}" autocomplete="username">
  <div>
    <label for="current">Current password</label>
    <input id="current" name="current" type="password" autocomplete="current-password" required>
  </div>
  <div>
    <label for="password">New password <span class="hint">(at least ${form.minLength} characters)</span></label>
    <input id="password" name="password" type="password" autocomplete="new-password" minlength="${form.minLength}" required>
  </div>
  <div>
    <label for="confirmation">Repeat the new password</label>
    <input id="confirmation" name="confirmation" type="password" autocomplete="new-password" required>
  </div>
  <button type="submit">Change password</button>
</form>`
}
