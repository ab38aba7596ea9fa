// The Messages area: conversations with the management once the messaging feature is installed.
import { html } from '../html'

export const messagesBody = () => html`<h1>Messages</h1>
<div class="panel">
  <p>Conversations with your management office will appear here.</p>
  <p class="muted">This part of the portal is not available yet. Your notices are on the <a href="/portal">home page</a>.</p>
</div>`
