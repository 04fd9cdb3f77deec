/** Messages of the forecast of the milestones (status, next, the screen header). Keys are merged into the catalogs (ja.ts, en.ts). */
export const ja = {
  /** A wait counted in business days (mail): its usual window, beside the calendar-day one `reason.windowDays`. */
  'forecast.windowBusinessDays': '{min}〜{max}営業日',
  'forecast.next.title': '完了の見込み（最も早い日〜待ちが目安いっぱいかかった日）',
  'forecast.next.range': '{what}: {earliest}〜{latest}',
  'forecast.next.day': '{what}: {date}頃',
  'forecast.next.done': '{what}: {date} 完了',
  'forecast.next.unknown': '{what}: まだ見込みを出せません',
  /** The critical path's open part, short names joined by `forecast.next.pathSeparator`. */
  'forecast.next.path': '日程を決めている流れ: {chain}',
  'forecast.next.pathSeparator': ' → ',
  'forecast.next.firstWindow': '見込みで最初に請求できる期間: {from}〜{to}',
  /** The screen's header: one milestone as a range (the latest day without its year within a year of the earliest). */
  'forecast.header.range': '{what} {earliest}〜{latest}',
} as const;

export const en: Record<keyof typeof ja, string> = {
  'forecast.windowBusinessDays': '{min}–{max} business days',
  'forecast.next.title': 'When it will be ready (earliest – if every wait takes its whole window)',
  'forecast.next.range': '{what}: {earliest}–{latest}',
  'forecast.next.day': '{what}: by {date}',
  'forecast.next.done': '{what}: done {date}',
  'forecast.next.unknown': '{what}: cannot be forecast yet',
  'forecast.next.path': 'What sets the pace: {chain}',
  'forecast.next.pathSeparator': ' → ',
  'forecast.next.firstWindow': 'First claim window the forecast allows: {from}–{to}',
  'forecast.header.range': '{what} {earliest}–{latest}',
};
