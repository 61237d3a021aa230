/**
 * The scripts a browser runs, as sources the Worker serves: the widget's small progressive script
 * (height reporting, "more" without leaving the page, deep-link scrolling, copy buttons, staying
 * fresh) and the loader `/embed.js` that turns `<div data-timeline>` into sized, lazy iframes.
 * Everything works without them; they only make it nicer. Plain ES2020, no dependencies.
 *
 * Staying fresh. A visible widget polls `…/revision` (cacheable, backing off while nothing
 * changes) and refreshes in place when the revision grows: new entries marked, focus and reading
 * position kept, the change announced politely. For a `live` timeline the loader on the host page
 * holds ONE WebSocket per timeline, only while one of its widgets is visible, and passes each
 * revision to that timeline's iframes, which stop polling meanwhile. The loader holds it because
 * it alone sees every widget of the page and its visibility in the page's viewport, and already
 * talks to each iframe; iframes coordinating among themselves would need cross-frame discovery and
 * leader election, and their storage-partitioned channels would also span other tabs. Without the
 * loader (a plain iframe, oEmbed) or when the socket fails (say the host's CSP refuses it), the
 * iframes poll. The public page, not framed, holds its own socket.
 *
 * A page whose refreshed copy still shows an older revision after a few tries (a write that
 * changed only another language's translations purges nothing of this language's pages at the
 * edge) is taken as current for that revision, so the widget goes back to polling calmly rather
 * than refetching its page on every poll.
 */
import { POLL_FACTOR, POLL_JITTER, POLL_MAX_MS, POLL_MIN_MS } from "../domain/polling";
import { fingerprint } from "../http/cache";
import { EMBED_SANDBOX, VIEW_KEYS } from "../http/html/options";

/** Messages between the widget and the loader; each side checks the other's window (and origin). */
export const MESSAGE = {
  height: "edge-timeline:height",
  title: "edge-timeline:title",
  scroll: "edge-timeline:scroll",
  /** widget → loader: "I show live timeline {slug}". */
  live: "edge-timeline:live",
  /** loader → widget: the socket is open (`on: 1`: stop polling) or closed (`on: 0`: poll). */
  push: "edge-timeline:push",
  /** loader → widget: the timeline's revision is now `revision`. */
  revision: "edge-timeline:revision",
} as const;

/** Keep-alive for open sockets (answered by the Durable Object without waking it). */
const PING_MS = 30_000;
/** Elements a reader can focus, to find the focused one again after a refresh. */
const FOCUSABLE = "a[href],button,input,textarea,select,[tabindex]";

export const WIDGET_JS = `(()=>{"use strict";
const d=document,h=d.documentElement,framed=parent!==window;
const post=m=>{if(framed)parent.postMessage(m,"*")};
let last=0;
const size=shift=>{const n=Math.ceil(h.getBoundingClientRect().height);if(n!==last||shift){last=n;post({type:"${MESSAGE.height}",height:n,shift:shift||0})}};
const go=id=>{const el=id&&d.getElementById(id);if(el&&framed)post({type:"${MESSAGE.scroll}",top:Math.max(0,Math.round(el.getBoundingClientRect().top+scrollY))})};
const hash=()=>{try{go(decodeURIComponent(location.hash.slice(1)))}catch(e){}};
if(framed){new ResizeObserver(()=>size()).observe(h);addEventListener("load",()=>{size();if(location.hash)hash()});post({type:"${MESSAGE.title}",title:d.title})}
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
const slug=h.dataset.slug,ann=d.querySelector("[data-announce]");
if(!slug||!ann||!window.IntersectionObserver)return;
const api=location.origin+"/v1/timelines/"+slug,first=d.querySelectorAll("[data-body] li[id]").length;
let rev=+h.dataset.rev,want=rev,live=h.hasAttribute("data-live"),seen=false,vis=null,pushed=false,wait=${POLL_MIN_MS},timer=0,asked=Date.now(),busy=false,tries=0,ws=null,back=1e3;
const shown=()=>seen&&!d.hidden;
const plan=()=>{clearTimeout(timer);timer=0;if(shown()&&!pushed)timer=setTimeout(poll,wait*(1-${POLL_JITTER}*Math.random()))};
const poll=()=>{timer=0;asked=Date.now();fetch(api+"/revision").then(r=>r.ok?r.json():{}).then(j=>{if(j.revision>rev){wait=${POLL_MIN_MS};update(j.revision)}else wait=Math.min(wait*${POLL_FACTOR},${POLL_MAX_MS})},()=>{wait=${POLL_MAX_MS}}).then(plan)};
const say=t=>{ann.textContent="";setTimeout(()=>{ann.textContent=t},100)};
const update=r=>{if(r>want){want=r;tries=0}if(want>rev)refresh()};
const refresh=()=>{if(busy||!(want>rev))return;busy=true;
const u=new URL(location.href),b=d.querySelector("[data-body]"),n=b.querySelectorAll("li[id]").length;u.hash="";
if(n>first)u.searchParams.set("limit",Math.min(200,n));
fetch(u,{cache:"no-cache",headers:{Accept:"text/html"}}).then(r=>{if(!r.ok)throw 0;return r.text()}).then(t=>{
const x=new DOMParser().parseFromString(t,"text/html"),nb=x.querySelector("[data-body]"),r=+x.documentElement.dataset.rev;
if(!nb||!(r>rev))throw 0;
h.dataset.rev=r;if(nb.innerHTML===b.innerHTML){rev=r;return}
const f=d.activeElement,li=f&&b.contains(f)?f.closest("li[id]")||b:null,fk=li&&[li.id,[...li.querySelectorAll("${FOCUSABLE}")].indexOf(f)];
const top=framed&&vis?Math.max(0,vis.intersectionRect.top):0,keep=b.getBoundingClientRect().top<top;
let a=li&&li.id?li:null;if(!a)for(const l of b.querySelectorAll("li[id]"))if(l.getBoundingClientRect().bottom>top){a=l;break}
const at=a?a.getBoundingClientRect().top:0,old=new Set([...b.querySelectorAll("li[id]")].map(l=>l.id)),nn=d.importNode(nb,true);
b.replaceWith(nn);rev=r;
let k=0;for(const l of nn.querySelectorAll("li[id]"))if(!old.has(l.id)){k++;l.classList.add("new");const m=d.createElement("span");m.className="k nw";m.textContent=ann.dataset.new;l.firstElementChild.append(m)}
if(fk){const c=fk[0]?d.getElementById(fk[0]):nn,g=c&&c.querySelectorAll("${FOCUSABLE}")[fk[1]];if(g)g.focus({preventScroll:true})}
const e=a&&d.getElementById(a.id),shift=keep&&e?Math.round(e.getBoundingClientRect().top-at):0;
if(shift)scrollBy({top:shift,behavior:"instant"});size(shift);
say(k?(new Intl.PluralRules(h.lang).select(k)==="one"?ann.dataset.one:ann.dataset.other).replace("{n}",k.toLocaleString(h.lang)):ann.dataset.upd);
}).catch(()=>{}).then(()=>{busy=false;if(want>rev){if(++tries<5)setTimeout(refresh,2e3);else rev=want}})};
const sock=()=>{if(framed||!live)return;
if(!shown()){if(ws){const s=ws;ws=null;pushed=false;s.onclose=null;s.close(1000)}return}
if(ws)return;ws=new WebSocket(api.replace(/^http/,"ws")+"/live");
ws.onopen=()=>{pushed=true;back=1e3;plan()};
ws.onmessage=e=>{try{const m=JSON.parse(e.data);if(m.type==="revision")update(m.revision)}catch(x){}};
ws.onclose=e=>{ws=null;pushed=false;if(e.code===4000)live=false;else setTimeout(sock,back=Math.min(back*2,6e4));plan()}};
setInterval(()=>{if(ws&&ws.readyState===1)ws.send("ping")},${PING_MS});
const react=()=>{sock();if(shown()&&!pushed&&Date.now()-asked>${POLL_MIN_MS}){wait=${POLL_MIN_MS};clearTimeout(timer);timer=setTimeout(poll,0)}else plan()};
new IntersectionObserver(es=>{vis=es[es.length-1];seen=vis.isIntersecting;react()},{threshold:[...Array(101).keys()].map(i=>i/100)}).observe(h);
d.addEventListener("visibilitychange",react);
addEventListener("message",e=>{const m=e.data;if(e.source!==parent||!m)return;
if(m.type==="${MESSAGE.push}"){pushed=!!m.on;plan()}else if(m.type==="${MESSAGE.revision}")update(+m.revision)});
if(framed&&live)post({type:"${MESSAGE.live}",slug});
})();
`;

export const LOADER_JS = `(()=>{"use strict";
const d=document,w=window,s=d.currentScript||[...d.querySelectorAll('script[src$="/embed.js"]')].pop();
let o;try{o=new URL(s.src).origin}catch(e){return}
const key="edgeTimeline "+o;if(w[key])return w[key]();
const frames=new Set(),keys=${JSON.stringify(VIEW_KEYS)};
const rooms={},seen=new Set();
const tell=(r,m)=>{for(const f of r.f)if(f.contentWindow)f.contentWindow.postMessage(m,o)};
const sync=()=>{for(const slug in rooms){const r=rooms[slug],want=!d.hidden&&!r.dead&&[...r.f].some(f=>seen.has(f));
if(want&&!r.ws&&!r.timer){const ws=r.ws=new WebSocket(o.replace(/^http/,"ws")+"/v1/timelines/"+slug+"/live");
ws.onopen=()=>{r.back=1e3;tell(r,{type:"${MESSAGE.push}",on:1})};
ws.onmessage=e=>{let m;try{m=JSON.parse(e.data)}catch(x){return}if(m&&m.type==="revision")tell(r,{type:"${MESSAGE.revision}",revision:m.revision})};
ws.onclose=e=>{const asked=r.ws!==ws;r.ws=null;tell(r,{type:"${MESSAGE.push}",on:0});if(e.code===4000)r.dead=1;else if(!asked)r.timer=setTimeout(()=>{r.timer=0;sync()},r.back=Math.min(r.back*2,6e4))}}
else if(!want&&r.ws){const ws=r.ws;r.ws=null;ws.close(1000)}}};
const io=new IntersectionObserver(es=>{for(const e of es)e.isIntersecting?seen.add(e.target):seen.delete(e.target);sync()});
d.addEventListener("visibilitychange",sync);
setInterval(()=>{for(const slug in rooms){const ws=rooms[slug].ws;if(ws&&ws.readyState===1)ws.send("ping")}},${PING_MS});
w.addEventListener("message",e=>{
if(e.origin!==o)return;const m=e.data;if(!m||typeof m!=="object")return;
for(const f of frames){if(f.contentWindow!==e.source)continue;
if(m.type==="${MESSAGE.height}"){const n=Number(m.height),k=Number(m.shift),r=f.getBoundingClientRect();if(n>0&&n<1e6)f.style.height=Math.ceil(n)+"px";if(k&&Math.abs(k)<1e6&&r.top<0&&r.bottom>0)w.scrollBy({top:k,behavior:"instant"})}
else if(m.type==="${MESSAGE.live}"&&/^[a-z0-9-]{1,64}$/.test(m.slug)){(rooms[m.slug]||(rooms[m.slug]={f:new Set,back:1e3})).f.add(f);io.observe(f);sync()}
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
