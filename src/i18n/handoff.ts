/** Messages of export and import of the bundle, and the screen's export action. Keys are merged into the catalogs (ja.ts, en.ts). */
export const ja = {
  'help.export': '使い方: seikyu export --format json|md|html|mermaid|dot [-o ファイル]',
  'help.import': '使い方: seikyu import ファイル [--dry-run] [--yes]',
} as const;

export const en: Record<keyof typeof ja, string> = {
  'help.export': 'Usage: seikyu export --format json|md|html|mermaid|dot [-o FILE]',
  'help.import': 'Usage: seikyu import FILE [--dry-run] [--yes]',
};
