/**
 * RFC 4180 CSV records, small enough for the Worker (papaparse would add ~7 KB gzipped for the
 * one thing we need). Quoted fields may hold separators, doubled quotes and line breaks; records
 * end in CRLF, LF or CR; the separator is whichever of `,` `;` or tab the header row uses most
 * (spreadsheets in German locales save with `;`; cells copied from a spreadsheet arrive
 * tab-separated, quoted the same way).
 */

export interface CsvParse {
  records: string[][];
  /** Set when a quoted field never ends: the record (0-based, header = 0) where it began. */
  unclosedQuoteAt: number | null;
}

function detectSeparator(text: string): string {
  let quoted = false;
  const counts = new Map<string, number>([[",", 0], [";", 0], ["\t", 0]]);
  for (const ch of text) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && (ch === "\n" || ch === "\r")) break;
    else if (!quoted && counts.has(ch)) counts.set(ch, counts.get(ch)! + 1);
  }
  let best = ",";
  for (const [sep, n] of counts) if (n > counts.get(best)!) best = sep;
  return best;
}

/**
 * Parses CSV text into records of fields; the separator is detected unless given.
 * @example parseCsv('a,"b ""c""\n"\r\n1,2').records // [["a", 'b "c"\n'], ["1", "2"]]
 */
export function parseCsv(text: string, separator?: "," | ";" | "\t"): CsvParse {
  const sep = separator ?? detectSeparator(text);
  const records: string[][] = [];
  let record: string[] = [];
  let field = "";
  let quoted = false;
  let quoteStart = 0;
  let i = 0;
  const endRecord = () => {
    record.push(field);
    records.push(record);
    record = [];
    field = "";
  };
  while (i < text.length) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i += 2;
          continue;
        }
        quoted = false;
      } else {
        field += ch;
      }
      i += 1;
      continue;
    }
    if (ch === '"' && field === "") {
      quoted = true;
      quoteStart = records.length;
    } else if (ch === sep) {
      record.push(field);
      field = "";
    } else if (ch === "\r" || ch === "\n") {
      endRecord();
      if (ch === "\r" && text[i + 1] === "\n") i += 1;
    } else {
      field += ch;
    }
    i += 1;
  }
  if (quoted) return { records, unclosedQuoteAt: quoteStart };
  if (field !== "" || record.length > 0) endRecord();
  return { records, unclosedQuoteAt: null };
}
