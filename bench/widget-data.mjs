// @ts-check
/**
 * Data for the widget benchmark and browser tests: deterministic synthetic timelines of any
 * size, and loading a timeline into a running Worker through its public API (the import
 * endpoint when the Worker has it, else one POST per entry). Runs on any Node >= 18.
 */

const TOPICS = ["Sanktionen", "Energie", "Militärhilfe", "Diplomatie", "Wiederaufbau", "Handel", "Klima", "Gesundheit"];
const ACTORS = ["G7", "EU", "USA", "Deutschland", "Frankreich", "Italien", "Japan", "Kanada", "Vereinigtes Königreich", "Ukraine"];
const STATUSES = ["announced", "in_progress", "fulfilled", "partially_fulfilled", "missed", "withdrawn"];
const WORDS = (
  "Die Außenminister beraten über weitere Schritte zur Unterstützung der Ukraine und zur Durchsetzung der " +
  "Sanktionen gegen Russland die Regierung kündigt an bis zum Ende des Jahres zusätzliche Mittel bereitzustellen " +
  "Beobachter verweisen auf frühere Zusagen deren Umsetzung sich verzögert hat der Bericht nennt Zahlen und Fristen"
).split(" ");

/**
 * A small deterministic pseudo-random generator (mulberry32), so every run benchmarks the same data.
 * @param {number} seed
 */
function random(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * `count` entries spread over the years 2000–2029: about one in four a commitment with status,
 * due date and (sometimes) amounts; each with a 30–45 word body drawn from `words`, actors, a tag
 * and a source.
 * @param {number} count
 * @param {string[]} [words] vocabulary of the bodies (real text compresses like real text)
 * @returns {Record<string, any>[]}
 */
export function syntheticEntries(count, words = WORDS) {
  const rnd = random(count);
  const pick = (/** @type {string[]} */ list) => list[Math.floor(rnd() * list.length)];
  const entries = [];
  for (let i = 0; i < count; i++) {
    const day = Math.floor((i / count) * 30 * 365);
    const date = new Date(Date.UTC(2000, 0, 1) + day * 86_400_000).toISOString().slice(0, 10);
    const body = Array.from({ length: 30 + Math.floor(rnd() * 16) }, () => pick(words));
    const commitment = i % 4 === 3;
    const pledged = 1_000_000 * (1 + Math.floor(rnd() * 5000));
    entries.push({
      kind: commitment ? "commitment" : "event",
      title: `${pick(ACTORS)}: ${pick(TOPICS)} – Eintrag ${i + 1}`,
      body: `${body.join(" ")}.`,
      start: i % 10 === 9 ? date.slice(0, 7) : date,
      tags: [pick(TOPICS)],
      actors: [pick(ACTORS), pick(ACTORS)].filter((a, j, all) => all.indexOf(a) === j),
      location: i % 3 === 0 ? "Brüssel" : null,
      sources: [{ url: `https://news.example/artikel/${i + 1}`, title: `Bericht ${i + 1}`, publisher: "Nachrichten Beispiel" }],
      commitment: commitment
        ? {
            status: pick(STATUSES),
            due: `${2001 + Math.floor((day / 365) % 30)}`,
            made_by: [pick(ACTORS)],
            beneficiary: "Ukraine",
            amount: i % 8 === 3 ? { value: pledged, currency: "USD" } : null,
            delivered: i % 8 === 3 ? { value: Math.round(pledged * rnd()), currency: "USD" } : null,
          }
        : null,
    });
  }
  return entries;
}

/** Words of the other languages the benchmark stores translations in (English comes from the demo). */
const FRENCH = (
  "Les ministres des Affaires étrangères discutent des prochaines étapes du soutien à l'Ukraine et de l'application des " +
  "sanctions contre la Russie le gouvernement annonce des moyens supplémentaires d'ici la fin de l'année les observateurs " +
  "rappellent des engagements antérieurs dont la mise en œuvre a pris du retard le rapport cite des chiffres et des délais"
).split(" ");
const UKRAINIAN = (
  "Міністри закордонних справ обговорюють подальші кроки підтримки України та виконання санкцій проти Росії уряд " +
  "оголошує про додаткові кошти до кінця року спостерігачі нагадують про попередні зобов'язання виконання яких " +
  "затрималося у звіті наведено цифри та строки"
).split(" ");

/**
 * The same entries with a translation into each of `languages` (title and body of about the
 * source's length, deterministic), made by a machine: what a timeline published in several
 * languages stores.
 * @param {Record<string, any>[]} entries
 * @param {Record<string, string[]>} vocabularies words per language tag
 */
export function withTranslations(entries, vocabularies) {
  return entries.map((entry, i) => {
    const rnd = random(i + 1);
    /** @type {Record<string, Record<string, unknown>>} */
    const translations = {};
    for (const [lang, words] of Object.entries(vocabularies)) {
      const pick = () => words[Math.floor(rnd() * words.length)];
      const length = String(entry.body ?? "").split(" ").length;
      translations[lang] = {
        title: `${entry.actors[0]}: ${Array.from({ length: 3 }, pick).join(" ")} – ${i + 1}`,
        body: `${Array.from({ length }, pick).join(" ")}.`,
        machine: true,
      };
    }
    return { ...entry, translations };
  });
}

/** @param {Record<string, string[]>} [extra] */
export function translationVocabularies(extra = {}) {
  return { fr: FRENCH, uk: UKRAINIAN, ...extra };
}

/**
 * @param {string} baseUrl
 * @param {string} token
 * @param {string} method
 * @param {string} path
 * @param {unknown} [body]
 */
async function send(baseUrl, token, method, path, body) {
  const res = await fetch(`${baseUrl}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, text };
}

/**
 * Creates a timeline and its entries through the API: one import request when the Worker
 * offers `POST /v1/timelines/{slug}/import`, else one POST per entry (8 at a time).
 * @param {{ baseUrl: string, adminToken: string, timeline: Record<string, unknown> & { slug: string }, entries: Record<string, any>[] }} options
 * @returns {Promise<{ via: "import" | "entries" }>}
 */
export async function loadTimeline({ baseUrl, adminToken, timeline, entries }) {
  const created = await send(baseUrl, adminToken, "POST", "/v1/timelines", timeline);
  if (created.status !== 201) throw new Error(`creating ${timeline.slug}: ${created.status} ${created.text}`);
  const slug = encodeURIComponent(timeline.slug);
  const doc = { format: "edge-timeline/1", timeline, entries };
  const imported = await send(baseUrl, adminToken, "POST", `/v1/timelines/${slug}/import`, doc);
  if (imported.status >= 200 && imported.status < 300) return { via: "import" };
  if (imported.status !== 404 && imported.status !== 405) {
    throw new Error(`importing into ${timeline.slug}: ${imported.status} ${imported.text.slice(0, 500)}`);
  }
  await addEntries({ baseUrl, adminToken, slug: timeline.slug, entries });
  return { via: "entries" };
}

/**
 * Adds entries to an existing timeline, one POST each (8 at a time); stored ids are dropped.
 * @param {{ baseUrl: string, adminToken: string, slug: string, entries: Record<string, any>[] }} options
 */
export async function addEntries({ baseUrl, adminToken, slug, entries }) {
  let next = 0;
  const worker = async () => {
    while (next < entries.length) {
      const { id: _id, ...entry } = entries[next++] ?? {};
      const path = `/v1/timelines/${encodeURIComponent(slug)}/entries`;
      const res = await send(baseUrl, adminToken, "POST", path, entry);
      if (res.status !== 201) throw new Error(`adding an entry to ${slug}: ${res.status} ${res.text.slice(0, 500)}`);
    }
  };
  await Promise.all(Array.from({ length: 8 }, worker));
}
