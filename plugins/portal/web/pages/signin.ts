// The portal's sign-in form. One message for every failed attempt: it never says whether the email has an account.
import { html } from '../html'
import { layout, problemsAlert } from '../layout'

export function signinPage(form: { csrf: string; email?: string; problems?: string[]; notice?: string }) {
  return layout({
    title: 'Sign in',
    body: html`<h1>Sign in to the resident portal</h1>
${form.notice ? html`<p class="notice" role="status">${form.notice}</p>` : ''}
${problemsAlert(form.problems, 'Could not sign in')}
<form class="stack" method="post" action="/portal/signin">
  <input type="hidden" name="_csrf" value="${form.csrf}">
  <div>
    <label for="email">Email</label>
    <input id="email" name="email" type="email" autocomplete="username" required value="${form.email ?? ''}">
  </div>
  <div>
    <label for="password">Password</label>
    <input id="password" name="password" type="password" autocomplete="current-password" required>
  </div>
  <button type="submit">Sign in</button>
</form>
<p class="muted">No account yet? Your management office sends an invitation by email.</p>`,
  })
}

export const WRONG_CREDENTIALS = 'The email or the password is not correct.'
export const STAFF_ACCOUNT = 'This is the resident portal. Staff sign in to the management console instead.'
