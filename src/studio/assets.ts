/**
 * The studio's stylesheet and script, served at fingerprinted URLs with immutable caching (the
 * strict CSP allows only our own files). Every page works without the script; it only adds live
 * date hints, more source rows without a round trip, copy buttons and confirmations.
 */
import { fingerprint } from "../http/cache";

export const STUDIO_CSS =
  ":root{color-scheme:light dark;--bg:#fff;--fg:#1b1b1b;--mu:#565b62;--ln:#c4c7cc;--ac:#0b57d0;--cd:#f3f5f8;--er:#a3190e;--ok:#125f2a;--wa:#7c4300}" +
  "@media(prefers-color-scheme:dark){:root{--bg:#15171a;--fg:#e9eaec;--mu:#aab0b8;--ln:#5a6068;--ac:#8ab4f8;--cd:#1f2226;--er:#f6a79e;--ok:#93d9a6;--wa:#f3c47c}}" +
  "*{box-sizing:border-box}" +
  "body{margin:0;background:var(--bg);color:var(--fg);font:16px/1.5 system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;overflow-wrap:anywhere}" +
  "a{color:var(--ac)}:focus-visible{outline:3px solid var(--ac);outline-offset:2px}" +
  ".skip{position:absolute;left:-999px}.skip:focus{left:8px;top:8px;background:var(--bg);padding:.5rem;z-index:9}" +
  "header.top{display:flex;flex-wrap:wrap;gap:.5rem 1rem;align-items:center;padding:.5rem 1rem;border-bottom:1px solid var(--ln)}" +
  "header.top .brand{font-weight:700;text-decoration:none;color:var(--fg);margin-inline-end:auto}" +
  "header.top form{margin:0}" +
  "main{max-width:72rem;margin:0 auto;padding:1rem}" +
  "h1{font-size:1.5rem;line-height:1.25;margin:.25rem 0 1rem}h2{font-size:1.15rem;margin:1.5rem 0 .5rem}" +
  "nav.tabs ul{display:flex;flex-wrap:wrap;gap:.25rem 1rem;list-style:none;padding:0;margin:0 0 1rem;border-bottom:1px solid var(--ln)}" +
  "nav.tabs a{display:inline-block;padding:.4rem 0;text-decoration:none}nav.tabs a[aria-current]{font-weight:700;border-bottom:3px solid var(--ac)}" +
  "label,legend{display:block;font-weight:600;margin:.6rem 0 .2rem}" +
  "fieldset{border:1px solid var(--ln);border-radius:6px;margin:1rem 0;padding:.25rem 1rem 1rem;min-width:0}" +
  "input,select,textarea{font:inherit;color:var(--fg);background:var(--bg);border:1px solid var(--mu);border-radius:4px;padding:.45rem .5rem;width:100%;max-width:40rem}" +
  "input[type=checkbox],input[type=radio]{width:auto;margin-inline-end:.4rem}" +
  "textarea{min-height:6rem}textarea.paste{min-height:14rem;font:13px/1.4 ui-monospace,monospace;white-space:pre;max-width:none}" +
  "[aria-invalid=true]{border:2px solid var(--er)}" +
  ".check label{display:inline;font-weight:400}" +
  ".hint,.help{font-size:.875rem;color:var(--mu);margin:.2rem 0}.hint:empty{display:none}" +
  ".err{color:var(--er);font-weight:600;font-size:.9rem;margin:.2rem 0}" +
  "button,.btn{font:inherit;font-weight:600;display:inline-block;color:#fff;background:var(--ac);border:2px solid var(--ac);border-radius:6px;padding:.45rem 1rem;cursor:pointer;text-decoration:none;margin:.25rem .5rem .25rem 0}" +
  "@media(prefers-color-scheme:dark){button,.btn{color:#15171a}}" +
  "button.sec,.btn.sec{color:var(--ac);background:var(--bg)}button.dan{color:var(--er);background:var(--bg);border-color:var(--er)}" +
  "button.link{background:none;border:0;color:var(--ac);padding:0;margin:0;text-decoration:underline;font-weight:400}" +
  ".row{display:flex;flex-wrap:wrap;gap:0 1rem}.row>div{flex:1 1 12rem;min-width:0}" +
  ".note{border-inline-start:4px solid var(--ac);background:var(--cd);padding:.5rem 1rem;margin:1rem 0}" +
  ".note.bad{border-color:var(--er)}.note.ok{border-color:var(--ok)}" +
  "table{border-collapse:collapse;width:100%;font-size:.9rem}thead th{white-space:nowrap}th,td{text-align:start;vertical-align:top;border-bottom:1px solid var(--ln);padding:.35rem .5rem}" +
  ".scroll{overflow-x:auto;max-width:100%}" +
  ".tag{display:inline-block;white-space:nowrap;font-size:.8rem;border:1px solid var(--ln);border-radius:3px;padding:0 .35em;margin-inline-start:.35em}" +
  ".tag.draft{color:var(--wa);border-color:var(--wa)}.tag.bad{color:var(--er);border-color:var(--er)}" +
  "ul.entries{list-style:none;padding:0;margin:0}ul.entries li{border-bottom:1px solid var(--ln);padding:.5rem 0}" +
  "ul.entries .when{color:var(--mu);font-size:.875rem}" +
  ".cols{display:grid;gap:1rem 2rem}@media(min-width:60rem){.cols{grid-template-columns:minmax(0,3fr) minmax(0,2fr)}}" +
  ".pv iframe{width:100%;height:40rem;border:1px solid var(--ln);border-radius:6px;background:#fff}" +
  "dl.meta dt{font-weight:600}dl.meta dd{margin:0 0 .5rem}" +
  "tr.rejected td{background:color-mix(in srgb,var(--er) 10%,transparent)}" +
  ".diff td:nth-child(2),.diff td:nth-child(3){white-space:pre-wrap}" +
  "img.thumb{max-width:12rem;height:auto;display:block;margin:.5rem 0}";

export const STUDIO_JS = `(()=>{"use strict";
const d=document;
let timer=0;
const hint=i=>{const out=d.getElementById(i.id+"-hint");if(!out)return;clearTimeout(timer);
const v=i.value.trim();if(!v){out.textContent="";return}
timer=setTimeout(()=>{fetch("/studio/date?"+new URLSearchParams({value:v,tz:i.dataset.tz||"UTC"}),{credentials:"same-origin"}).then(r=>r.ok?r.text():"").then(t=>{if(i.value.trim()===v)out.textContent=t}).catch(()=>{})},250)};
d.addEventListener("input",e=>{const t=e.target;if(t instanceof HTMLInputElement&&t.dataset.date!==undefined)hint(t)});
d.addEventListener("submit",e=>{const f=e.target;
const ask=e.submitter&&e.submitter.dataset.confirm||f.dataset.confirm;if(ask&&!confirm(ask)){e.preventDefault();return}
const c=f.querySelector("input[name=dates_checked]");if(c)c.value="1"});
d.addEventListener("click",e=>{const t=e.target instanceof Element?e.target:null;if(!t)return;
const add=t.closest("[data-add-row]");if(add){e.preventDefault();const rows=d.querySelectorAll("[data-row]"),last=rows[rows.length-1];if(!last)return;
const n=rows.length,copy=last.cloneNode(true);for(const el of copy.querySelectorAll("[id]")){el.id=el.id.replace(/\\d+$/,n)}
for(const el of copy.querySelectorAll("[for]")){el.htmlFor=el.htmlFor.replace(/\\d+$/,n)}
for(const el of copy.querySelectorAll("input")){el.value="";el.removeAttribute("aria-invalid")}
for(const el of copy.querySelectorAll(".err"))el.remove();
const legend=copy.querySelector("legend");if(legend)legend.textContent=legend.textContent.replace(/\\d+$/,n+1);
last.after(copy);const first=copy.querySelector("input");if(first)first.focus();return}
const b=t.closest("[data-copy]"),area=b&&d.getElementById(b.dataset.copy);
if(area){area.select();if(navigator.clipboard)navigator.clipboard.writeText(area.value).then(()=>{b.textContent=b.dataset.done||b.textContent},()=>{})}
});
for(const b of d.querySelectorAll("[data-copy],[data-add-row]"))b.hidden=false;
})();
`;

export const STUDIO_CSS_PATH = `/studio/assets/studio.${fingerprint(STUDIO_CSS)}.css`;
export const STUDIO_JS_PATH = `/studio/assets/studio.${fingerprint(STUDIO_JS)}.js`;
