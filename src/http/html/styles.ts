/**
 * The one stylesheet of the widget and pages, inlined and allowed by its hash in the CSP.
 * Light, dark and `auto` themes from custom properties; logical properties so right-to-left
 * languages mirror the layout; no web fonts; motion only for readers who do not mind it.
 * Colours meet WCAG AA (4.5:1) for text on their background in both themes.
 */

const LIGHT =
  "color-scheme:light;--bg:#fff;--fg:#1b1b1b;--mu:#565b62;--ln:#c4c7cc;--ac:#0b57d0;--cd:#f6f7f9;" +
  "--a1:#373c45;--a2:#eceff3;--i1:#0b4aa8;--i2:#e4edfc;--f1:#125f2a;--f2:#e2f2e6;--p1:#7c4300;--p2:#fcefd9;" +
  "--m1:#9c1b11;--m2:#fbe7e4;--w1:#4f545a;--w2:#eff1f3;--o1:#fff;--o2:#a3190e";
const DARK =
  "color-scheme:dark;--bg:#15171a;--fg:#e9eaec;--mu:#aab0b8;--ln:#474c53;--ac:#8ab4f8;--cd:#1f2226;" +
  "--a1:#d9dde3;--a2:#2c3036;--i1:#aac8fb;--i2:#1d2c46;--f1:#93d9a6;--f2:#163120;--p1:#f3c47c;--p2:#3b2b12;" +
  "--m1:#f6a79e;--m2:#3f1b17;--w1:#c0c4c9;--w2:#2b2d31;--o1:#1b0503;--o2:#f6a79e";

/** The widget's stylesheet. */
export const CSS =
  `:root{${LIGHT}}:root[data-theme=dark]{${DARK}}` +
  `@media(prefers-color-scheme:dark){:root[data-theme=auto]{${DARK}}}` +
  "*{box-sizing:border-box}" +
  "body{margin:0;background:var(--bg);color:var(--fg);font:16px/1.5 system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;overflow-wrap:anywhere}" +
  ".w{max-width:46rem;margin:0 auto;padding:12px 16px}" +
  "a{color:var(--ac)}" +
  ":focus-visible{outline:3px solid var(--ac);outline-offset:2px;border-radius:2px}" +
  "h1{font-size:1.3rem;line-height:1.3;margin:0 0 .25rem}h1 a{color:inherit}" +
  "h2{font-size:1rem;margin:1.25rem 0 .5rem;color:var(--mu)}" +
  "h3{font-size:1.06rem;line-height:1.35;margin:.1rem 0 .25rem}" +
  "p{margin:.25rem 0}" +
  ".sum,.flt{font-size:.875rem;margin:.5rem 0;display:flex;flex-wrap:wrap;gap:.35rem .5rem;align-items:center}" +
  ".sum a{text-decoration:none}.sum a[aria-current]{outline:2px solid currentColor}" +
  "ol{list-style:none;margin:0;margin-inline-start:.4rem;padding:0;border-inline-start:2px solid var(--ln)}" +
  "li{position:relative;padding-inline-start:1.1rem;padding-bottom:1rem}" +
  "li:before{content:'';position:absolute;inset-inline-start:-8px;top:.4rem;width:14px;height:14px;border-radius:50%;background:var(--bg);border:3px solid var(--ac)}" +
  ".c:before{border-radius:3px}" +
  ".now{color:var(--ac);font-weight:700;font-size:.875rem}.now:before{background:var(--ac)}" +
  "li>p:first-child{font-size:.875rem;color:var(--mu)}" +
  ".k,.st,.od{display:inline-block;font-size:.8rem;line-height:1.5;padding:0 .4em;border-radius:3px;margin-inline-start:.4em;vertical-align:baseline}" +
  ".k{border:1px solid var(--ln)}" +
  ".og{font-size:.75rem;font-style:italic;margin-inline-start:.5em}" +
  ".st{color:var(--a1);background:var(--a2)}.sum .st{margin:0}" +
  ".s-in_progress{color:var(--i1);background:var(--i2)}.s-fulfilled{color:var(--f1);background:var(--f2)}" +
  ".s-partially_fulfilled,.s-stalled{color:var(--p1);background:var(--p2)}.s-missed{color:var(--m1);background:var(--m2)}" +
  ".s-withdrawn{color:var(--w1);background:var(--w2)}" +
  ".od{color:var(--o1);background:var(--o2);font-weight:700}" +
  ".cm{background:var(--cd);border-radius:4px;padding:.35rem .6rem;margin:.4rem 0;font-size:.9rem}.cm .st{margin:0}" +
  "progress{width:7rem;height:.6rem;vertical-align:middle;accent-color:var(--ac)}" +
  ".m,.src{font-size:.8125rem;color:var(--mu);margin:.25rem 0}" +
  ".m dt,.m dd{display:inline;margin:0}.m dt:after{content:': '}.m dd+dt:before{content:' · '}" +
  // Scorecard: bars (SVG, decoration) and the table that carries the figures.
  ".lg{font-size:.8125rem;color:var(--mu);display:flex;flex-wrap:wrap;gap:.2rem .8rem}.lg i{display:inline-block;width:.8em;height:.8em;margin-inline-end:.3em;vertical-align:-.05em}" +
  ".bars{list-style:none;margin:.5rem 0;padding:0;border:0}.bars li{display:grid;grid-template-columns:minmax(5rem,30%) 1fr;gap:.5rem;align-items:center;padding:.1rem 0;font-size:.875rem}.bars li:before{content:none}" +
  ".bar{width:100%;height:1.2rem}[dir=rtl] .bar{transform:scaleX(-1)}" +
  ".p0{fill:var(--ln);background:var(--ln)}.p1{fill:var(--mu);background:var(--mu)}.p2{fill:var(--ac);background:var(--ac)}" +
  ".tw{overflow-x:auto;margin:.75rem 0}table{border-collapse:collapse;width:100%;font-size:.875rem;white-space:nowrap;overflow-wrap:normal}caption{text-align:start;font-weight:700;padding:.25rem 0}" +
  "th,td{padding:.3rem .35rem;border-bottom:1px solid var(--ln);text-align:end;vertical-align:top}th:first-child{text-align:start}tfoot th,tfoot td{font-weight:700;border-bottom:0}" +
  ".cm details{margin-top:.25rem}.cm summary{cursor:pointer;font-size:.8125rem}" +
  ".tr{font-size:.8125rem;margin:.3rem 0 0;padding:0;border:0;list-style:none}.tr li{padding:0;margin:0}.tr li:before{content:none}" +
  ".more{display:inline-block;font-weight:600;background:var(--bg);border:2px solid var(--ac);border-radius:6px;padding:.4rem 1rem;text-decoration:none}" +
  "[aria-busy=true]{opacity:.6}" +
  // Entries that arrived while the reader was here; the script keeps the reading position itself.
  ".nw{color:var(--o1);background:var(--ac);font-weight:700}html{overflow-anchor:none}" +
  ".vh{position:absolute;width:1px;height:1px;overflow:hidden;clip-path:inset(50%);white-space:nowrap}" +
  // Stored text keeps its own direction inside the other direction's interface.
  "dd,time,.src a{unicode-bidi:plaintext}" +
  "@media(prefers-reduced-motion:no-preference){html{scroll-behavior:smooth}.new{animation:f .4s ease-out}@keyframes f{from{opacity:0}}}";

/** The public pages add a snippet box, a copy button and preview frames to the widget's styles. */
export const PAGE_CSS =
  CSS +
  "h3 a{color:inherit;text-decoration:none}h3 a:hover{text-decoration:underline}" +
  ".lng,.vw{display:flex;flex-wrap:wrap;gap:.25rem .75rem;font-size:.875rem;margin-bottom:.5rem}.lng a[aria-current],.vw a[aria-current]{font-weight:700;color:inherit;text-decoration:none}" +
  "button{font:inherit;font-weight:600;color:var(--ac);background:var(--bg);border:2px solid var(--ac);border-radius:6px;padding:.4rem 1rem;cursor:pointer}" +
  "textarea{width:100%;font:13px/1.4 ui-monospace,monospace;color:var(--fg);background:var(--cd);border:1px solid var(--ln);border-radius:4px;padding:.5rem}" +
  ".card{border-top:1px solid var(--ln);padding:1rem 0}" +
  "iframe{display:block;width:100%;border:0}.pv{border:1px solid var(--ln);border-radius:6px;overflow:hidden}";

/**
 * Images shown inline, in a stylesheet of their own that only views with an image carry: a widget
 * without images costs not a byte more.
 */
export const IMAGE_CSS =
  ".im{margin:.5rem 0}.im img{display:block;max-width:100%;height:auto;border-radius:4px;background:var(--cd)}" +
  ".im figcaption{font-size:.8125rem;color:var(--mu);margin-top:.2rem}";
