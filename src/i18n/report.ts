/** Messages of the printable report (Markdown, HTML) and the dependency diagram (Mermaid, DOT). Keys are merged into the catalogs (ja.ts, en.ts). */
export const ja = {
} as const;

export const en: Record<keyof typeof ja, string> = {
};
