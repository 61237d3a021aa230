/**
 * The scorecard view of the widget (`/embed/{slug}?view=scorecard[&maker=…]`): the commitments
 * by status, bars of committed / allocated / delivered per maker, and the same figures as a real
 * `<table>` that screen readers and readers without JavaScript get. Bars are SVG drawn on the
 * server (inline `style` attributes would break the CSP); the bars are decoration, hidden from
 * assistive technology, because the table says everything they show.
 */
import { html } from "hono/html";
import type { HtmlEscapedString } from "hono/utils/html";
import { COMMITMENT_STATUSES } from "../domain/commitments";
import { formatAmount, formatEntryDate, formatProgress } from "../domain/format";
import { isMoney, TRANCHE_PHASES, type TranchePhase } from "../domain/ledger";
import type { Card, Scorecard } from "../domain/scorecard";
import { textDirection } from "../domain/format";
import type { Timeline } from "../domain/timeline";
import { fill, type Language } from "../i18n";

type Html = HtmlEscapedString | Promise<HtmlEscapedString>;

export interface ScorecardView {
  card: Scorecard;
  lang: Language;
  /** The one maker asked for, if any. */
  maker: string | null;
}

/** What the bars measure: the reporting currency, else the currency or unit most makers use. */
function barMeasure(card: Scorecard): { currency: string; of: (c: Card) => Record<TranchePhase, number> } | null {
  if (card.reporting_currency) {
    const currency = card.reporting_currency;
    return { currency, of: (c) => c.reporting ?? { committed: 0, allocated: 0, delivered: 0 } };
  }
  const used = new Map<string, number>();
  for (const m of card.makers) for (const t of m.totals) used.set(t.currency, (used.get(t.currency) ?? 0) + 1);
  const currency = [...used].sort((a, b) => b[1] - a[1])[0]?.[0];
  if (!currency) return null;
  const zero = { committed: 0, allocated: 0, delivered: 0 };
  return { currency, of: (c) => c.totals.find((t) => t.currency === currency) ?? zero };
}

const round = (n: number) => String(Math.round(n * 10) / 10);

/** Three stacked bars in one SVG: committed (lightest, full width at the largest), allocated, delivered. */
function bars(values: Record<TranchePhase, number>, max: number): Html {
  const width = (v: number) => round(max > 0 ? (Math.max(0, v) / max) * 100 : 0);
  return html`<svg class="bar" viewBox="0 0 100 12" preserveAspectRatio="none" aria-hidden="true" focusable="false">${TRANCHE_PHASES.map(
    (phase, i) => html`<rect class="p${String(i)}" y="${String(i * 4)}" height="4" width="${width(values[phase])}"/>`,
  )}</svg>`;
}

/** One money or unit figure per currency, the reporting currency's first (approximate when converted). */
function figures(card: Card, phase: TranchePhase, view: ScorecardView): string {
  const { locale } = view.lang;
  const parts: string[] = [];
  const reporting = card.reporting;
  if (reporting) {
    const text = formatAmount({ value: reporting[phase], currency: reporting.currency }, locale);
    parts.push(reporting.approximate ? `≈ ${text}` : text);
    for (const u of reporting.unconverted) if (u[phase]) parts.push(formatAmount({ value: u[phase], currency: u.currency }, locale));
  }
  // With a reporting currency, money is in its figure (or listed as unconverted); units never
  // are, and a unit shows only where it has something.
  for (const t of card.totals) {
    if (reporting && isMoney(t.currency)) continue;
    if (!isMoney(t.currency) && t[phase] === 0) continue;
    parts.push(formatAmount({ value: t[phase], currency: t.currency }, locale));
  }
  return parts.join(" · ") || "–";
}

function progressText(card: Card, locale: string): string {
  const p = card.reporting?.progress ?? (card.totals.length === 1 ? card.totals[0]!.progress : null);
  return p === null || p === undefined ? "–" : formatProgress(p, locale);
}

/** The scorecard: status summary, bars per maker, the table, and notes on conversion. */
export function scorecardBody(view: ScorecardView): Html {
  const { card, lang } = view;
  const { words, locale } = lang;
  const ledger = words.ledger;
  const summary = view.maker ? (card.makers[0] ?? null) : card.summary;
  const makers = view.maker ? card.makers.slice(0, 1) : card.makers;
  const measure = barMeasure(card);
  const max = measure ? Math.max(0, ...makers.map((m) => measure.of(m).committed), ...makers.map((m) => measure.of(m).delivered)) : 0;
  const name = (maker: string | null) => maker ?? ledger.unattributed;
  const statuses = summary ? COMMITMENT_STATUSES.filter((s) => summary.by_status[s] > 0) : [];

  const statusLine = summary
    ? html`<p class="sum"><span>${words.commitments} (${String(summary.commitments)}):</span>${statuses.map(
        (s) => html` <span class="st s-${s}">${String(summary.by_status[s])} ${words.status[s]}</span>`,
      )}${summary.overdue ? html` <strong class="od">${String(summary.overdue)} ${words.overdue}</strong>` : ""}</p>`
    : html`<p>${words.none}</p>`;

  const legend = measure
    ? html`<p class="lg" aria-hidden="true">${TRANCHE_PHASES.map((phase, i) => html`<span><i class="p${String(i)}"></i>${ledger.phases[phase]}</span>`)}<span>(${measure.currency})</span></p>`
    : "";

  const chart =
    measure && makers.length
      ? html`<ul class="bars" aria-hidden="true">${makers.map(
          (m) => html`<li><span>${name(m.maker)}</span>${bars(measure.of(m), max)}</li>`,
        )}</ul>`
      : "";

  const row = (label: string, c: Card, head: "row" | "foot") => {
    const cell = head === "foot" ? html`<th scope="row">${label}</th>` : html`<th scope="row"><bdi>${label}</bdi></th>`;
    return html`<tr>${cell}<td>${String(c.commitments)}</td>${TRANCHE_PHASES.map((phase) => html`<td>${figures(c, phase, view)}</td>`)}<td>${progressText(
      c,
      locale,
    )}</td><td>${String(c.overdue)}</td></tr>`;
  };

  // A narrow screen scrolls the table sideways rather than breaking its words: a focusable region,
  // so keyboard readers can scroll it too.
  const table = makers.length
    ? html`<div class="tw" role="region" tabindex="0" aria-label="${ledger.scorecard}"><table><caption>${ledger.scorecard}</caption><thead><tr><th scope="col">${ledger.maker}</th><th scope="col">${words.commitments}</th>${TRANCHE_PHASES.map(
        (phase) => html`<th scope="col">${ledger.phases[phase]}</th>`,
      )}<th scope="col">${words.progress}</th><th scope="col">${ledger.overdue}</th></tr></thead><tbody>${makers.map((m) =>
        row(name(m.maker), m, "row"),
      )}</tbody>${view.maker ? "" : html`<tfoot>${row(ledger.everyone, card.summary, "foot")}</tfoot>`}</table></div>`
    : "";

  const rates = card.rates_used;
  const notes: Html[] = [];
  if (card.reporting_currency && rates) {
    notes.push(
      html`<p class="src">${fill(ledger.approximate, {
        currency: card.reporting_currency,
        from: formatEntryDate(rates.from, { locale }),
        to: formatEntryDate(rates.to, { locale }),
      })}</p>`,
    );
  }
  const missing = summary?.reporting?.unconverted ?? [];
  if (missing.length) {
    notes.push(
      html`<p class="src">${fill(ledger.unconverted, {
        amounts: missing.map((u) => formatAmount({ value: u.committed || u.delivered, currency: u.currency }, locale)).join(", "),
      })}</p>`,
    );
  }
  return html`${statusLine}${legend}${chart}${table}${notes}`;
}

/**
 * The scorecard's title: the timeline's, linked to its page; marked with the timeline's language
 * when the reader's differs (a German title in an English widget).
 */
export function scorecardHeading(timeline: Pick<Timeline, "title" | "language">, lang: Language, pageLink: string): Html {
  const base = (tag: string) => tag.split("-")[0]!.toLowerCase();
  const content = base(timeline.language) === base(lang.locale) ? "" : html` lang="${timeline.language}" dir="${textDirection(timeline.language)}"`;
  return html`<h1${content}><a href="${pageLink}" target="_blank" title="${lang.words.openPage}">${timeline.title}</a></h1><p class="flt">${lang.words.ledger.scorecard}</p>`;
}
