// The portal's only stylesheet, served from /portal/assets/portal.css (no outside fonts or CDNs).
// System fonts, readable line length, large touch targets, visible focus, and dark mode.
export const PORTAL_CSS = `
:root { color-scheme: light dark; --fg: #1b1f24; --muted: #57606a; --bg: #ffffff; --panel: #f6f8fa; --line: #d0d7de; --accent: #0b5cad; --danger: #b42318; --ok: #116329; }
@media (prefers-color-scheme: dark) { :root { --fg: #e6edf3; --muted: #9da7b3; --bg: #0d1117; --panel: #161b22; --line: #30363d; --accent: #58a6ff; --danger: #ff7b72; --ok: #56d364; } }
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; }
body { margin: 0; font: 1rem/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", sans-serif; color: var(--fg); background: var(--bg); }
a { color: var(--accent); }
:focus-visible { outline: 3px solid var(--accent); outline-offset: 2px; }
.skip { position: absolute; left: -999px; top: 0; background: var(--bg); padding: .5rem 1rem; }
.skip:focus { left: .5rem; z-index: 10; }
header.site { border-bottom: 1px solid var(--line); background: var(--panel); }
header.site .bar { max-width: 48rem; margin: 0 auto; padding: .75rem 1rem; display: flex; flex-wrap: wrap; gap: .5rem 1rem; align-items: center; justify-content: space-between; }
header.site .brand { font-weight: 600; color: var(--fg); text-decoration: none; }
nav ul { list-style: none; margin: 0; padding: 0; display: flex; flex-wrap: wrap; gap: .25rem .75rem; align-items: center; }
nav a { display: inline-block; padding: .5rem .25rem; text-decoration: none; }
nav a[aria-current="page"] { font-weight: 600; text-decoration: underline; text-underline-offset: .3em; }
main { max-width: 48rem; margin: 0 auto; padding: 1.5rem 1rem 3rem; }
h1 { font-size: 1.6rem; line-height: 1.25; margin: 0 0 1rem; }
h2 { font-size: 1.2rem; margin: 2rem 0 .75rem; }
.muted { color: var(--muted); }
.panel { background: var(--panel); border: 1px solid var(--line); border-radius: .5rem; padding: 1rem; margin: 0 0 1rem; }
ul.cards { list-style: none; padding: 0; margin: 0; display: grid; gap: .75rem; }
ul.cards li { background: var(--panel); border: 1px solid var(--line); border-radius: .5rem; padding: .75rem 1rem; }
ul.cards h3 { font-size: 1rem; margin: 0 0 .25rem; }
ul.cards p { margin: .25rem 0 0; white-space: pre-line; overflow-wrap: anywhere; }
form.stack { display: grid; gap: 1rem; max-width: 28rem; }
label { font-weight: 600; display: block; margin-bottom: .25rem; }
.hint { font-weight: 400; color: var(--muted); font-size: .9rem; }
input[type=email], input[type=password], input[type=text], input[type=number] { width: 100%; font: inherit; padding: .6rem .7rem; border: 1px solid var(--line); border-radius: .375rem; background: var(--bg); color: var(--fg); min-height: 2.75rem; }
input[type=number] { width: 5.5rem; }
input[type=checkbox] { width: 1.25rem; height: 1.25rem; vertical-align: middle; }
button { font: inherit; font-weight: 600; padding: .65rem 1.1rem; min-height: 2.75rem; border-radius: .375rem; border: 1px solid var(--accent); background: var(--accent); color: #fff; cursor: pointer; }
button.link { background: none; border: none; color: var(--accent); padding: .5rem .25rem; min-height: 0; font-weight: 400; text-decoration: underline; }
.alert { border-left: 4px solid var(--danger); padding: .75rem 1rem; background: var(--panel); margin: 0 0 1rem; }
.alert ul { margin: .25rem 0 0; padding-left: 1.25rem; }
.notice { border-left: 4px solid var(--ok); padding: .75rem 1rem; background: var(--panel); margin: 0 0 1rem; }
ul.cards .announcement p { white-space: normal; }
.emergency { color: var(--danger); font-weight: 700; }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; padding: .5rem; border-bottom: 1px solid var(--line); vertical-align: middle; }
dl { display: grid; grid-template-columns: max-content 1fr; gap: .25rem 1rem; margin: 0; }
dt { font-weight: 600; }
dd { margin: 0; overflow-wrap: anywhere; }
`
