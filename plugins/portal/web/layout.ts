// The page shell: one stylesheet from this server, a skip link, the resident's navigation (with a
// sign-out form: it changes state, so it is a POST with the CSRF token), and the page's main content.
import { html, type Html } from './html'

export type Section = 'dashboard' | 'announcements' | 'messages' | 'notifications' | 'profile'

export type Shell = {
  title: string
  body: Html
  /** Set for a signed-in resident: the navigation and the sign-out form. */
  resident?: { name: string; csrf: string; section?: Section }
}

const LINKS: { section: Section; href: string; label: string }[] = [
  { section: 'dashboard', href: '/portal', label: 'Home' },
  { section: 'announcements', href: '/portal/announcements', label: 'Announcements' },
  { section: 'messages', href: '/portal/messages', label: 'Messages' },
  { section: 'notifications', href: '/portal/notifications', label: 'Notifications' },
  { section: 'profile', href: '/portal/profile', label: 'Profile' },
]

function navigation(resident: NonNullable<Shell['resident']>) {
  return html`<nav aria-label="Portal">
    <ul>
      ${LINKS.map(link => html`<li><a href="${link.href}"${link.section === resident.section ? html` aria-current="page"` : ''}>${link.label}</a></li>`)}
      <li>
        <form method="post" action="/portal/signout">
          <input type="hidden" name="_csrf" value="${resident.csrf}">
          <button type="submit" class="link">Sign out</button>
        </form>
      </li>
    </ul>
  </nav>`
}

export function layout(shell: Shell): string {
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${shell.title} · Resident portal</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="/portal/assets/portal.css">
</head>
<body>
<a class="skip" href="#main">Skip to content</a>
<header class="site"><div class="bar">
  <a class="brand" href="/portal">Resident portal</a>
  ${shell.resident ? navigation(shell.resident) : ''}
</div></header>
<main id="main">
${shell.body}
</main>
</body>
</html>
`.value
}

/** A list of problems above a form, announced to screen readers. */
export function problemsAlert(problems: readonly string[] | undefined, heading = 'Please check the form') {
  if (!problems?.length) return ''
  return html`<div class="alert" role="alert"><strong>${heading}</strong><ul>${problems.map(problem => html`<li>${problem}</li>`)}</ul></div>`
}
