/**
 * What a widget view can be asked for, once for the server and the loader script: the query
 * parameters a view keeps in its links and the embed snippet's `data-*` attributes, the themes,
 * and the sandbox every iframe of ours gets.
 */

/** Query parameters a view keeps in its links (filters and presentation; never the cursor). */
export const VIEW_KEYS = ["lang", "theme", "kind", "status", "tag", "actor", "from", "to", "q", "order", "limit"] as const;

export type Theme = "light" | "dark" | "auto";
export const THEMES = ["light", "dark", "auto"] as const satisfies readonly Theme[];

/**
 * The sandbox of every iframe we write (loader, oEmbed, landing previews): scripts for sizing and
 * "more", same origin for its fetches, and links that open outside the frame.
 */
export const EMBED_SANDBOX = "allow-scripts allow-same-origin allow-popups allow-popups-to-escape-sandbox";
