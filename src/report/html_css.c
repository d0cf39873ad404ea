/* html_css.c: the HTML report's one style sheet, kept apart from the code
 * that writes markup. The page allows this sheet only by its SHA-256
 * (html.c hashes these exact bytes into the CSP), so it may change freely.
 * Class colours are Okabe-Ito (told apart with every common colour-vision
 * deficiency), in the terminal screen's order 1xx 2xx 3xx 4xx 5xx invalid;
 * light and dark follow prefers-color-scheme; wide tables scroll inside
 * their box, never the page. No style attribute is ever used: the CSP
 * would block it. */
#include "html_impl.h"

const char html_style[] =
"\n:root{--bg:#fff;--fg:#1b1f24;--mute:#57606a;--line:#d0d7de;--alt:#f6f8fa;"
"--c1:#0072b2;--c2:#009e73;--c3:#56b4e9;--c4:#e69f00;--c5:#d55e00;--ci:#cc79a7;"
"color-scheme:light dark}\n"
"@media (prefers-color-scheme:dark){:root{--bg:#0d1117;--fg:#e6edf3;--mute:#9da7b3;"
"--line:#30363d;--alt:#161b22}}\n"
"*{box-sizing:border-box}\n"
"body{margin:0;background:var(--bg);color:var(--fg);"
"font:15px/1.45 system-ui,-apple-system,\"Segoe UI\",Roboto,\"DejaVu Sans\",sans-serif}\n"
"main{max-width:1200px;margin:0 auto;padding:16px}\n"
"h1{font-size:1.5em;margin:.2em 0}h2{font-size:1.2em;margin:1.4em 0 .4em;"
"border-bottom:1px solid var(--line);padding-bottom:.2em}h3{font-size:1em;margin:.8em 0 .3em}\n"
"p,.meta{color:var(--mute);margin:.3em 0}\n"
".k{font-family:ui-monospace,\"DejaVu Sans Mono\",monospace;font-size:.92em;"
"word-break:break-all}\n"
".scroll{overflow-x:auto;max-width:100%}\n"
"table{border-collapse:collapse;margin:.3em 0;min-width:50%}\n"
"th,td{padding:3px 8px;border-bottom:1px solid var(--line);text-align:left;vertical-align:top}\n"
"th{font-weight:600;background:var(--alt)}\n"
"td.n,th.n{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}\n"
"tbody tr:nth-child(even){background:var(--alt)}\n"
".grid{display:flex;flex-wrap:wrap;gap:8px 32px}\n"
".tot{display:grid;grid-template-columns:repeat(auto-fill,minmax(130px,1fr));gap:8px;margin:.5em 0}\n"
".tot div{border:1px solid var(--line);border-radius:6px;padding:6px 10px}\n"
".tot b{display:block;font-size:1.3em;font-variant-numeric:tabular-nums}\n"
".tot span{color:var(--mute);font-size:.85em}\n"
".ok{color:var(--c2)}.bad{color:var(--c5);font-weight:600}\n"
"svg.bar{width:160px;height:10px;display:block;margin-top:5px;background:var(--alt)}\n"
".c1{fill:var(--c1)}.c2{fill:var(--c2)}.c3{fill:var(--c3)}.c4{fill:var(--c4)}"
".c5{fill:var(--c5)}.ci{fill:var(--ci)}\n"
".sw{display:inline-block;width:.9em;height:.9em;border-radius:2px;vertical-align:-.1em;"
"margin-right:4px}\n"
".sw.c1{background:var(--c1)}.sw.c2{background:var(--c2)}.sw.c3{background:var(--c3)}"
".sw.c4{background:var(--c4)}.sw.c5{background:var(--c5)}.sw.ci{background:var(--ci)}\n"
".mark{font-weight:700;color:var(--ci)}td.code{white-space:nowrap}\n"
".chart{overflow-x:auto}\n"
".chart svg{width:100%;min-width:620px;height:auto;display:block}\n"
".chart text{fill:var(--mute);font-size:12px;font-family:inherit}\n"
".chart .axis{stroke:var(--line);stroke-width:1}\n"
".hists{display:grid;grid-template-columns:repeat(auto-fill,minmax(300px,1fr));gap:4px 24px}\n"
".hist h3{margin:.4em 0 .1em}svg.hist{width:100%;height:auto;display:block}\n"
"svg.hist text{fill:var(--mute);font-size:11px;font-family:inherit}\n"
"svg.hist .axis{stroke:var(--line);stroke-width:1}\n"
".legend{display:flex;flex-wrap:wrap;gap:4px 16px;margin:.3em 0}\n"
"details{margin:.4em 0;border:1px solid var(--line);border-radius:6px;padding:4px 10px}\n"
"summary{cursor:pointer;font-weight:600}\n"
"footer{color:var(--mute);font-size:.85em;margin:2em 0 1em}\n"
"@media (max-width:600px){main{padding:8px}body{font-size:14px}svg.bar{width:80px}}\n"
"@media print{body{background:#fff;color:#000}details{break-inside:avoid}}\n";
