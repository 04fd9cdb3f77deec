/**
 * Messages every check shares. Keys: `check.<code>` is the one sentence of a result, `check.<code>.fix` what to
 * do, `evidence.<name>` the label of an evidence value. Placeholders are filled from the result's evidence.
 */
export const ja = {
  'check.timeout': '{seconds}秒以内に終わらなかったため、確認できませんでした。',
  'check.timeout.fix': 'もう一度実行してください。続くときは、ネットワークや機器の状態を確かめてください。',
  'check.crashed': '確認の途中で予期しないエラーが起きました。',
  'check.crashed.fix': 'もう一度実行してください。続くときは、手で確認して --note にその方法を書いて記録できます。',
  'check.input-missing': '確認に必要な「{input}」がまだ記録されていません。',
  'check.input-missing.fix': 'seikyu done {step} で「{input}」を指定すると、確認して記録します。',
  'check.secret-locked': '記録したパスワードは暗号化されていて、パスフレーズがないと読めないため、確認していません。',
  'check.secret-locked.fix': '端末で実行してパスフレーズを入力するか、SEIKYU_PASSPHRASE を設定して、もう一度実行してください。',
  'check.other-platform': 'この確認は {platforms} でだけ行えます（このパソコンは {platform}）。',
  'check.other-platform.fix': '対象のパソコンで実行するか、手で確認して --note にその方法を書いて記録してください。',

  'evidence.seconds': '制限時間（秒）',
  'evidence.message': 'エラー',
  'evidence.input': '入力',
  'evidence.step': '手順',
  'evidence.platform': 'このパソコン',
  'evidence.platforms': '対象',
} as const;

export const en: Record<keyof typeof ja, string> = {
  'check.timeout': 'It did not finish within {seconds} seconds, so nothing was checked.',
  'check.timeout.fix': 'Run it again. If it keeps happening, look at the network or the device.',
  'check.crashed': 'An unexpected error stopped the check.',
  'check.crashed.fix': 'Run it again. If it keeps happening, check by hand and record how with --note.',
  'check.input-missing': 'The “{input}” this check reads has not been recorded yet.',
  'check.input-missing.fix': 'Give the “{input}” with seikyu done {step}: it is checked and recorded.',
  'check.secret-locked': 'The recorded password is encrypted and cannot be read without the passphrase, so nothing was checked.',
  'check.secret-locked.fix': 'Run it on a terminal and type the passphrase, or set SEIKYU_PASSPHRASE, and run it again.',
  'check.other-platform': 'This check runs only on {platforms} (this PC runs {platform}).',
  'check.other-platform.fix': 'Run it on that PC, or check by hand and record how with --note.',

  'evidence.seconds': 'time limit, seconds',
  'evidence.message': 'error',
  'evidence.input': 'input',
  'evidence.step': 'step',
  'evidence.platform': 'this PC',
  'evidence.platforms': 'runs on',
};
