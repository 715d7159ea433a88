/** The report's style sheet: readable contrast everywhere, states told by letters as well as colour. */
export const REPORT_STYLE = `
:root { color-scheme: light; --ink: #1b1f24; --muted: #545d68; --line: #c9d1d9; }
* { box-sizing: border-box; }
body { margin: 0; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--ink); background: #fff; }
main { padding: 16px 24px 48px; max-width: 100%; }
h1 { font-size: 22px; margin: 0 0 4px; }
h2 { font-size: 18px; margin: 28px 0 8px; border-bottom: 1px solid var(--line); padding-bottom: 4px; }
h3 { font-size: 15px; margin: 18px 0 6px; }
a { color: #0645ad; }
code { font: 12px/1.4 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; background: #f3f4f6; padding: 1px 3px; border-radius: 3px; }
.skip { position: absolute; left: -9999px; }
.skip:focus { left: 8px; top: 8px; background: #fff; padding: 4px 8px; border: 2px solid #0645ad; z-index: 10; }
.sr { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
.meta { color: var(--muted); margin: 0 0 12px; }
.summary { display: flex; gap: 12px; flex-wrap: wrap; margin: 8px 0 16px; padding: 0; list-style: none; }
.summary li { border: 1px solid var(--line); border-radius: 6px; padding: 6px 12px; }
.summary strong { font-size: 18px; margin-right: 4px; }
.sev-error { color: #a40e26; }
.sev-warning { color: #7a4d00; }
nav ul { display: flex; gap: 16px; list-style: none; padding: 0; margin: 0 0 8px; flex-wrap: wrap; }
.filters { display: flex; gap: 16px; flex-wrap: wrap; align-items: end; border: 1px solid var(--line); border-radius: 6px; padding: 8px 12px; margin: 12px 0; }
.filters label { display: flex; flex-direction: column; font-size: 12px; color: var(--muted); }
.filters label.check { flex-direction: row; align-items: center; gap: 6px; }
.filters input[type=search] { font: inherit; padding: 4px 6px; border: 1px solid #8c959f; border-radius: 4px; min-width: 200px; color: var(--ink); }
.filters input:focus, a:focus, .scroll:focus { outline: 3px solid #1f6feb; outline-offset: 1px; }
.filters [data-filter-status] { color: var(--muted); font-size: 12px; }
table { border-collapse: collapse; }
.plain th, .plain td { border: 1px solid var(--line); padding: 4px 8px; text-align: left; vertical-align: top; }
.plain th { background: #f6f8fa; }
.findings li { margin: 4px 0; }
.findings .where { color: var(--muted); }
.path { font: 12px/1.4 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; display: block; }
.scroll { overflow: auto; max-height: 80vh; border: 1px solid var(--line); }
table.matrix { font: 12px/1.2 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; }
table.matrix th, table.matrix td { border: 1px solid #d8dee4; padding: 2px 3px; text-align: center; min-width: 22px; }
table.matrix thead { position: sticky; top: 0; z-index: 2; }
table.matrix thead th { background: #f6f8fa; }
table.matrix th.who { font: 600 12px/1.2 system-ui, sans-serif; min-width: 110px; max-width: 160px; white-space: normal; vertical-align: bottom; overflow-wrap: anywhere; }
table.matrix th.who .note { display: block; font-weight: 400; color: var(--muted); font-size: 11px; }
table.matrix th.first, table.matrix td.first { border-left: 3px solid #57606a; }
table.matrix th.k-PublicAccess { background: #fff0f0; }
table.matrix abbr { text-decoration: none; }
table.matrix tbody th { position: sticky; left: 0; background: #fff; text-align: left; z-index: 1; white-space: nowrap; font-weight: 600; }
table.matrix .corner { position: sticky; left: 0; z-index: 3; vertical-align: bottom; text-align: left; background: #f6f8fa; }
td.none, .swatch.none { color: #6e7781; }
td.all, .swatch.all { background: #d1f0d8; color: #0b3d1a; }
td.fld, .swatch.fld { background: #fff1c2; color: #5c4000; }
td.flt, .swatch.flt { background: #dbe7ff; color: #10306b; }
td.both, .swatch.both { background: #eadcff; color: #3b1670; }
td.adm, .swatch.adm { background: #ffdede; color: #6b0000; }
td.wide, th.wide, .swatch.wide { outline: 2px solid #a40e26; outline-offset: -2px; font-weight: 700; }
td.narrow, th.narrow, .swatch.narrow { outline: 2px dashed #0b5394; outline-offset: -2px; }
td.moved, th.moved, .swatch.moved { outline: 2px dotted #5c4000; outline-offset: -2px; }
td.fnd a { color: inherit; font-weight: 700; }
:target { outline: 3px solid #1f6feb !important; outline-offset: -3px; }
.legend { display: flex; flex-wrap: wrap; gap: 6px 16px; list-style: none; padding: 0; margin: 8px 0; font-size: 12px; }
.swatch { display: inline-block; min-width: 22px; text-align: center; border: 1px solid #d8dee4; font: 12px/18px ui-monospace, monospace; }
.instances td.bad { color: #a40e26; font-weight: 600; }
[hidden] { display: none !important; }
@media print { .filters, .skip { display: none; } .scroll { max-height: none; overflow: visible; } }
`;
