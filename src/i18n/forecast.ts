/** Messages of the forecast of the milestones (status, next, the screen header). Keys are merged into the catalogs (ja.ts, en.ts). */
export const ja = {
} as const;

export const en: Record<keyof typeof ja, string> = {
};
