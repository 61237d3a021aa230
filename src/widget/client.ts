/**
 * The scripts a browser runs, as sources the Worker serves: the widget's small progressive script
 * (height reporting, "more" without leaving the page, deep-link scrolling, copy buttons) and the
 * loader `/embed.js` that turns `<div data-timeline>` into sized, lazy iframes. Everything works
 * without them; they only make it nicer. Plain ES2020, no dependencies.
 */
import { fingerprint } from "../http/cache";
import { EMBED_SANDBOX, VIEW_KEYS } from "./options";

/** Messages the widget posts to its parent; the loader accepts them only from the widget's origin. */
export const MESSAGE = { height: "edge-timeline:height", title: "edge-timeline:title", scroll: "edge-timeline:scroll" } as const;

export const WIDGET_JS = `(()=>{"use strict";
const d=document,h=d.documentElement,framed=parent!==window;
const post=m=>{if(framed)parent.postMessage(m,"*")};
let last=0;
const size=()=>{const n=Math.ceil(h.getBoundingClientRect().height);if(n!==last){last=n;post({type:"${MESSAGE.height}",height:n})}};
const go=id=>{const el=id&&d.getElementById(id);if(el&&framed)post({type:"${MESSAGE.scroll}",top:Math.max(0,Math.round(el.getBoundingClientRect().top+scrollY))})};
const hash=()=>{try{go(decodeURIComponent(location.hash.slice(1)))}catch(e){}};
if(framed){new ResizeObserver(size).observe(h);addEventListener("load",()=>{size();if(location.hash)hash()});post({type:"${MESSAGE.title}",title:d.title})}
addEventListener("hashchange",hash);
for(const b of d.querySelectorAll("[data-copy]"))b.hidden=false;
const more=a=>{
if(a.getAttribute("aria-busy"))return;a.setAttribute("aria-busy","true");
fetch(a.href,{headers:{Accept:"text/html"}}).then(r=>{if(!r.ok)throw r.status;return r.text()}).then(t=>{
const n=new DOMParser().parseFromString(t,"text/html"),list=d.querySelector("[data-list]"),add=n.querySelector("[data-list]");
if(!list||!add)throw 0;
let first=null;
for(const s of [...add.children]){const end=list.lastElementChild;
if(end&&end.firstChild.textContent===s.firstChild.textContent){const ol=end.querySelector("ol");for(const li of [...s.querySelector("ol").children]){li.classList.add("new");ol.append(li);first=first||li}}
else{s.classList.add("new");list.append(s);first=first||s.querySelector("li")}}
const next=n.querySelector("a.more");
if(next){a.href=next.getAttribute("href");a.removeAttribute("aria-busy")}else a.parentNode.remove();
if(first){first.tabIndex=-1;first.focus({preventScroll:true})}
}).catch(()=>{location.href=a.href})};
d.addEventListener("click",e=>{
const t=e.target instanceof Element?e.target:null,a=t&&t.closest("a.more");
if(a&&!e.ctrlKey&&!e.metaKey&&!e.shiftKey&&!e.altKey&&e.button===0){e.preventDefault();more(a)}
const b=t&&t.closest("[data-copy]"),area=b&&d.getElementById(b.dataset.copy);
if(area){area.select();if(navigator.clipboard)navigator.clipboard.writeText(area.value).then(()=>{b.textContent=b.dataset.done||b.textContent},()=>{})}
});
})();
`;

export const LOADER_JS = `(()=>{"use strict";
const d=document,w=window,s=d.currentScript||[...d.querySelectorAll('script[src$="/embed.js"]')].pop();
let o;try{o=new URL(s.src).origin}catch(e){return}
const key="edgeTimeline "+o;if(w[key])return w[key]();
const frames=new Set(),keys=${JSON.stringify(VIEW_KEYS)};
w.addEventListener("message",e=>{
if(e.origin!==o)return;const m=e.data;if(!m||typeof m!=="object")return;
for(const f of frames){if(f.contentWindow!==e.source)continue;
if(m.type==="${MESSAGE.height}"){const n=Number(m.height);if(n>0&&n<1e6)f.style.height=Math.ceil(n)+"px"}
else if(m.type==="${MESSAGE.title}"&&typeof m.title==="string"&&!f.dataset.title)f.title=m.title.slice(0,300);
else if(m.type==="${MESSAGE.scroll}"){const n=Number(m.top);if(n>=0)w.scrollTo({top:f.getBoundingClientRect().top+w.scrollY+n,behavior:matchMedia("(prefers-reduced-motion: reduce)").matches?"auto":"smooth"})}}
});
const scan=()=>{
for(const el of d.querySelectorAll("div[data-timeline]")){
const slug=el.getAttribute("data-timeline");if(el.hasAttribute("data-timeline-ready")||!/^[a-z0-9-]{1,64}$/.test(slug))continue;
el.setAttribute("data-timeline-ready","");
const p=new URLSearchParams();for(const k of keys){const v=el.getAttribute("data-"+k);if(v)p.set(k,v)}
const f=d.createElement("iframe"),q=p.toString(),entry=el.getAttribute("data-entry");
f.loading="lazy";
f.setAttribute("sandbox",${JSON.stringify(EMBED_SANDBOX)});
f.title=el.getAttribute("data-title")||"Timeline";if(el.hasAttribute("data-title"))f.dataset.title="1";
f.style.cssText="display:block;width:100%;border:0;height:"+(Number(el.getAttribute("data-height"))||400)+"px";
f.src=o+"/embed/"+slug+(q?"?"+q:"")+(entry?"#entry-"+encodeURIComponent(entry):"");
el.replaceChildren(f);frames.add(f)}
for(const f of d.querySelectorAll("iframe[data-timeline-frame]"))if(f.src.indexOf(o+"/embed/")===0)frames.add(f);
};
w[key]=scan;
if(d.readyState==="loading")d.addEventListener("DOMContentLoaded",scan);else scan();
})();
`;

/** Version of the widget script, part of its URL so it can be cached for a year. */
export const WIDGET_JS_VERSION = fingerprint(WIDGET_JS);
export const WIDGET_JS_PATH = `/embed/widget.${WIDGET_JS_VERSION}.js`;
export const LOADER_ETAG = `"l.${fingerprint(LOADER_JS)}"`;
