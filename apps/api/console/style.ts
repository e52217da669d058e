/** The console's one stylesheet, served at /console/style.css (the CSP allows styles from this site only). */
export const CONSOLE_CSS = `
:root { --fg: #111827; --muted: #6b7280; --line: #e5e7eb; --accent: #1d4ed8; --bad: #b91c1c; --warn: #b45309; --ok: #15803d; }
* { box-sizing: border-box; }
body { font: 14px/1.45 system-ui, sans-serif; margin: 0; color: var(--fg); background: #f9fafb; }
header.top { display: flex; gap: 1.2rem; align-items: center; padding: .6rem 1.5rem; background: #fff; border-bottom: 1px solid var(--line); }
header.top .brand { font-weight: 700; }
header.top nav a { margin-right: 1rem; color: var(--accent); text-decoration: none; }
header.top .who { margin-left: auto; color: var(--muted); }
main { padding: 1rem 1.5rem 3rem; max-width: 1200px; }
section.card { background: #fff; border: 1px solid var(--line); border-radius: 6px; padding: .8rem 1rem; margin: 0 0 1rem; }
h1 { font-size: 1.4rem; margin: .4rem 0 1rem; } h2 { font-size: 1.1rem; margin: .2rem 0 .6rem; }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; padding: .3rem .5rem; border-bottom: 1px solid var(--line); vertical-align: top; }
th { background: #f3f4f6; font-weight: 600; }
.muted { color: var(--muted); }
.empty { color: var(--muted); font-style: italic; }
.stage { display: inline-block; padding: 0 .4rem; border-radius: 4px; background: #e0e7ff; font-size: .85em; }
.status-open, .status-failed, .status-quarantined { color: var(--bad); font-weight: 600; }
.status-acknowledged { color: var(--warn); font-weight: 600; }
.status-resolved, .status-applied { color: var(--ok); }
form.decision { border-top: 1px dashed var(--line); padding: .6rem 0; }
form.decision h3 { margin: 0 0 .4rem; font-size: 1rem; }
label { display: block; margin: .3rem 0; }
label > span { display: inline-block; min-width: 11rem; font-weight: 600; }
input[type=text], input[type=number], input[type=date], input[type=email], select, textarea { font: inherit; padding: .25rem .4rem; border: 1px solid #d1d5db; border-radius: 4px; min-width: 18rem; }
textarea { width: 100%; min-height: 4rem; }
button { font: inherit; padding: .3rem .9rem; border: 0; border-radius: 4px; background: var(--accent); color: #fff; cursor: pointer; }
.field-error { color: var(--bad); margin-left: .5rem; }
.form-error, .notice { padding: .5rem .7rem; border-radius: 4px; margin: .4rem 0; }
.form-error { background: #fef2f2; color: var(--bad); } .notice { background: #ecfdf5; color: var(--ok); }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: .2rem 1rem; margin: 0; }
dl.facts dt { font-weight: 600; }
pre { background: #f3f4f6; padding: .6rem; overflow-x: auto; white-space: pre-wrap; word-break: break-word; }
.board { display: grid; grid-template-columns: repeat(auto-fill, minmax(16rem, 1fr)); gap: .8rem; }
.diff-before { color: var(--bad); } .diff-after { color: var(--ok); }
`;
