/**
 * Words of the widget, pages and feeds per language: full interface text in English, German, French,
 * Spanish, Arabic and Hebrew; commitment status labels in Italian and Ukrainian too. Anything
 * missing falls back to English.
 */
import type { CommitmentStatus } from "./domain/commitments";
import { resolveLocale, textDirection } from "./domain/format";

export interface Words {
  commitment: string;
  commitments: string;
  status: Record<CommitmentStatus, string>;
  due: string;
  overdue: string;
  progress: string;
  /** "{delivered} of {pledged} delivered" */
  delivered: string;
  pledged: string;
  by: string;
  for: string;
  actors: string;
  location: string;
  tags: string;
  sources: string;
  media: string;
  today: string;
  more: string;
  none: string;
  all: string;
  filtered: string;
  openPage: string;
  errorTitle: string;
  embed: string;
  copy: string;
  feeds: string;
}

const en: Words = {
  commitment: "Commitment",
  commitments: "Commitments",
  status: {
    announced: "announced",
    in_progress: "in progress",
    fulfilled: "fulfilled",
    partially_fulfilled: "partially fulfilled",
    missed: "missed",
    withdrawn: "withdrawn",
  },
  due: "Due",
  overdue: "overdue",
  progress: "Progress",
  delivered: "{delivered} of {pledged} delivered",
  pledged: "Pledged",
  by: "By",
  for: "For",
  actors: "Actors",
  location: "Place",
  tags: "Tags",
  sources: "Sources",
  media: "Media",
  today: "Today",
  more: "Show more",
  none: "No entries match.",
  all: "Show all",
  filtered: "Filtered view",
  openPage: "Open the full timeline",
  errorTitle: "This timeline cannot be shown",
  embed: "Embed this timeline",
  copy: "Copy",
  feeds: "Feeds",
};

const de: Words = {
  commitment: "Zusage",
  commitments: "Zusagen",
  status: {
    announced: "angekündigt",
    in_progress: "in Umsetzung",
    fulfilled: "erfüllt",
    partially_fulfilled: "teilweise erfüllt",
    missed: "verfehlt",
    withdrawn: "zurückgezogen",
  },
  due: "Frist",
  overdue: "überfällig",
  progress: "Fortschritt",
  delivered: "{delivered} von {pledged} geliefert",
  pledged: "Zugesagt",
  by: "Von",
  for: "Für",
  actors: "Beteiligte",
  location: "Ort",
  tags: "Themen",
  sources: "Quellen",
  media: "Medien",
  today: "Heute",
  more: "Mehr anzeigen",
  none: "Keine passenden Einträge.",
  all: "Alle anzeigen",
  filtered: "Gefilterte Ansicht",
  openPage: "Ganze Zeitleiste öffnen",
  errorTitle: "Diese Zeitleiste kann nicht angezeigt werden",
  embed: "Diese Zeitleiste einbetten",
  copy: "Kopieren",
  feeds: "Feeds",
};

const fr: Words = {
  commitment: "Engagement",
  commitments: "Engagements",
  status: {
    announced: "annoncé",
    in_progress: "en cours",
    fulfilled: "tenu",
    partially_fulfilled: "partiellement tenu",
    missed: "non tenu",
    withdrawn: "retiré",
  },
  due: "Échéance",
  overdue: "en retard",
  progress: "Avancement",
  delivered: "{delivered} sur {pledged} livrés",
  pledged: "Promis",
  by: "Par",
  for: "Pour",
  actors: "Acteurs",
  location: "Lieu",
  tags: "Thèmes",
  sources: "Sources",
  media: "Média",
  today: "Aujourd’hui",
  more: "Afficher plus",
  none: "Aucune entrée ne correspond.",
  all: "Tout afficher",
  filtered: "Vue filtrée",
  openPage: "Ouvrir la chronologie complète",
  errorTitle: "Cette chronologie ne peut pas être affichée",
  embed: "Intégrer cette chronologie",
  copy: "Copier",
  feeds: "Flux",
};

const es: Words = {
  commitment: "Compromiso",
  commitments: "Compromisos",
  status: {
    announced: "anunciado",
    in_progress: "en curso",
    fulfilled: "cumplido",
    partially_fulfilled: "cumplido en parte",
    missed: "incumplido",
    withdrawn: "retirado",
  },
  due: "Plazo",
  overdue: "vencido",
  progress: "Avance",
  delivered: "{delivered} de {pledged} entregados",
  pledged: "Prometido",
  by: "De",
  for: "Para",
  actors: "Actores",
  location: "Lugar",
  tags: "Temas",
  sources: "Fuentes",
  media: "Medios",
  today: "Hoy",
  more: "Mostrar más",
  none: "Ninguna entrada coincide.",
  all: "Mostrar todo",
  filtered: "Vista filtrada",
  openPage: "Abrir la cronología completa",
  errorTitle: "Esta cronología no se puede mostrar",
  embed: "Insertar esta cronología",
  copy: "Copiar",
  feeds: "Canales",
};

const ar: Words = {
  commitment: "تعهد",
  commitments: "التعهدات",
  status: {
    announced: "معلن",
    in_progress: "قيد التنفيذ",
    fulfilled: "منجز",
    partially_fulfilled: "منجز جزئيًا",
    missed: "لم يُنجز",
    withdrawn: "مسحوب",
  },
  due: "الموعد النهائي",
  overdue: "متأخر",
  progress: "التقدم",
  delivered: "تم تسليم {delivered} من {pledged}",
  pledged: "المتعهد به",
  by: "من",
  for: "لصالح",
  actors: "الأطراف",
  location: "المكان",
  tags: "المواضيع",
  sources: "المصادر",
  media: "وسائط",
  today: "اليوم",
  more: "عرض المزيد",
  none: "لا توجد مدخلات مطابقة.",
  all: "عرض الكل",
  filtered: "عرض مُصفّى",
  openPage: "فتح الخط الزمني كاملًا",
  errorTitle: "لا يمكن عرض هذا الخط الزمني",
  embed: "تضمين هذا الخط الزمني",
  copy: "نسخ",
  feeds: "الخلاصات",
};

const he: Words = {
  commitment: "התחייבות",
  commitments: "התחייבויות",
  status: {
    announced: "הוכרז",
    in_progress: "בביצוע",
    fulfilled: "קוים",
    partially_fulfilled: "קוים חלקית",
    missed: "לא קוים",
    withdrawn: "בוטל",
  },
  due: "מועד",
  overdue: "באיחור",
  progress: "התקדמות",
  delivered: "סופקו {delivered} מתוך {pledged}",
  pledged: "הובטח",
  by: "מאת",
  for: "עבור",
  actors: "מעורבים",
  location: "מקום",
  tags: "נושאים",
  sources: "מקורות",
  media: "מדיה",
  today: "היום",
  more: "הצג עוד",
  none: "אין רשומות מתאימות.",
  all: "הצג הכול",
  filtered: "תצוגה מסוננת",
  openPage: "פתיחת ציר הזמן המלא",
  errorTitle: "לא ניתן להציג את ציר הזמן",
  embed: "הטמעת ציר הזמן",
  copy: "העתקה",
  feeds: "עדכונים",
};

/** Languages with status labels (and the most visible words) but no full interface text. */
const partial: Record<string, Partial<Words>> = {
  it: {
    commitment: "Impegno",
    commitments: "Impegni",
    status: {
      announced: "annunciato",
      in_progress: "in corso",
      fulfilled: "mantenuto",
      partially_fulfilled: "mantenuto in parte",
      missed: "non mantenuto",
      withdrawn: "ritirato",
    },
    overdue: "scaduto",
    today: "Oggi",
  },
  uk: {
    commitment: "Зобов’язання",
    commitments: "Зобов’язання",
    status: {
      announced: "оголошено",
      in_progress: "виконується",
      fulfilled: "виконано",
      partially_fulfilled: "виконано частково",
      missed: "не виконано",
      withdrawn: "відкликано",
    },
    overdue: "прострочено",
    today: "Сьогодні",
  },
};

const full: Record<string, Words> = { en, de, fr, es, ar, he };

export interface Language {
  /** Canonical BCP 47 tag used for formatting (`de`, `en-GB`, `ar-EG`). */
  locale: string;
  dir: "ltr" | "rtl";
  words: Words;
}

/** Words per known language, built once; any other language reads the English words (no copy per tag). */
const known = new Map<string, Words>([
  ...Object.entries(full),
  ...Object.entries(partial).map(([base, words]): [string, Words] => [base, { ...en, ...words }]),
]);

/**
 * The language for `requested` (else the timeline's `fallback`): locale, direction and words.
 * @example language("ar", "de").dir // "rtl"
 */
export function language(requested: string | null | undefined, fallback: string): Language {
  const locale = resolveLocale(requested, fallback);
  let base = "en";
  try {
    base = new Intl.Locale(locale).language;
  } catch {
    // resolveLocale returns canonical tags; keep English if one still does not parse.
  }
  return { locale, dir: textDirection(locale), words: known.get(base) ?? en };
}

/** Fills `{name}` placeholders. */
export function fill(template: string, values: Record<string, string>): string {
  return template.replace(/\{(\w+)\}/g, (m, name: string) => values[name] ?? m);
}
