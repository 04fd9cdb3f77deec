/** Messages of export and import of the bundle, and the screen's export action. Keys are merged into the catalogs (ja.ts, en.ts). */
export const ja = {
  'help.export': `使い方: seikyu export [--format json|md|html|mermaid|dot] [-o ファイル] [--include-secrets]

引き継ぎのために、いまの状態を書き出します。
  --format json      引き継ぎファイル（既定）: 施設情報、すべての記録、各手順の状態、書き出した日時と人、施設ID（書き出すたびに同じ）、改ざんを検出する SHA-256。seikyu import で取り込めます。秘密の値（★）は含めず「記録あり・書き出しなし」と記します。
  --format md|html   人が読む報告書（Markdown / 印刷できる1つの HTML）。秘密の値は含みません。
  --format mermaid|dot
                     手順の依存関係の図（Mermaid / Graphviz DOT）
  -o, --output FILE  ファイルに書き出す（省略すると標準出力）。一時ファイルから置き換えるので途中で切れず、本人だけが読める権限（0600）で作ります。すでにあるファイルは上書きしません。
  --include-secrets  秘密の値も、引き継ぎ用のパスフレーズで暗号化して含める（json のみ）。保存データのパスフレーズを尋ね（SEIKYU_PASSPHRASE でも可）、引き継ぎ用のパスフレーズは SEIKYU_EXPORT_PASSPHRASE、なければ端末で2回尋ねます。保存データのものと同じパスフレーズは使えません。
報告書と図の言語は --lang で選びます。`,
  'help.import': `使い方: seikyu import ファイル [--dry-run] [--yes]

seikyu export --format json で書き出した引き継ぎファイルを取り込み、いまの状態と置き換えます。
変更する前にすべてを確認します（ファイルの形式と版、SHA-256、すべての記録がこの版の手順で再現できること、制御文字がないこと）。次に、取り込んだ後の姿（施設、進捗、いまの記録との違い）を表示します。
置き換える前の記録は、データフォルダに seikyu.json.before-import-日時.bak として残します。
秘密の値を含むファイルは、引き継ぎ用のパスフレーズ（SEIKYU_EXPORT_PASSPHRASE、なければ端末で尋ねます）で開き、このデータフォルダのパスフレーズ（SEIKYU_PASSPHRASE、初めてなら新しく決めます）で暗号化し直します。
  --dry-run   確認と表示だけ行い、何も変更しない
  --yes       確認せずに置き換える（端末以外からはこれが必要です。別の施設のファイルで置き換えるときも必要です）`,

  'handoff.err.gap': '引き継ぎファイルの記録 #{id} があるべきところに #{found} があり、記録が抜けているため、取り込みません。',
  'handoff.err.isFolder': '{file} はフォルダです。書き出すファイルの名前を指定してください。',
  'handoff.err.noFolder': '書き出し先のフォルダ {folder} がありません。',
  'handoff.preview.secretsLeft': '  秘密の値: 記録あり・書き出しなし {left}件',
  'handoff.preview.keptSecrets': '  このデータフォルダで記録した同じ記録の秘密の値 {kept}件は、そのまま残します。',
  'handoff.err.notJson': '取り込むファイルを JSON として読めません（途中で切れているか、壊れています）。何も変更していません。',
  'handoff.err.notBundle': 'seikyu の引き継ぎファイル（seikyu export --format json で書き出したもの）ではありません。何も変更していません。',
  'handoff.err.newerFormat': '新しい版の seikyu が書き出した引き継ぎファイルです（形式 {format}、この版が読めるのは {supported} まで）。プログラムを更新してから取り込んでください。',
  'handoff.err.newerProcedure': '新しい版の手順（{version}、この版は {supported}）で書き出された引き継ぎファイルです。プログラムを更新してから取り込んでください。',
  'handoff.err.digest': '引き継ぎファイルの内容が、書き出したときの SHA-256 と一致しません（書き換えられたか壊れています）。書き出し直したファイルを使ってください。何も変更していません。',
  'handoff.err.invalid': '引き継ぎファイルの内容が正しくありません（{detail}）。何も変更していません。',
  'handoff.err.control': '引き継ぎファイルの {field} に制御文字が含まれているため、取り込みません。',
  'handoff.err.unknownStep': '引き継ぎファイルの記録 #{id} の手順「{step}」はこの版の手順にないため、取り込みません。',
  'handoff.err.log': '引き継ぎファイルの記録のつじつまが合わないため、取り込みません（{detail}）。',
  'handoff.err.replay': '引き継ぎファイルの記録 #{id} はこの版の手順では再現できないため、取り込みません（{reason}）。',
  'handoff.err.wrongPassphrase': '引き継ぎ用のパスフレーズが違います。何も変更していません。',
  'handoff.err.noPassphrase': '秘密の値を扱うには引き継ぎ用のパスフレーズが必要です。環境変数 SEIKYU_EXPORT_PASSPHRASE を設定するか、端末から実行してください。',
  'handoff.err.passphraseMismatch': '2回入力した引き継ぎ用のパスフレーズが一致しません。何も書き出していません。',
  'handoff.err.passphraseShort': '引き継ぎ用のパスフレーズは8文字以上にしてください。',
  'handoff.err.sameAsStore': '引き継ぎ用のパスフレーズには、保存データのものとは別のパスフレーズを使ってください。何も書き出していません。',
  'handoff.err.secretNotExported': 'この秘密の値は引き継ぎのときに書き出されていないため、ここにはありません（記録あり・書き出しなし）。前の担当者に確認してください。',
  'handoff.err.otherFacility': 'このファイルは別の施設「{bundle}」のものです。いまの施設「{current}」の記録を置き換えるには --yes を付けて実行してください。',
  'handoff.err.needsYes': '何も変更していません。この内容で置き換えるには --yes を付けて実行してください。',
  'handoff.err.declined': '取り込みを取りやめました。何も変更していません。',
  'handoff.err.changed': '確認のあいだに別の seikyu が記録を変更したため、取り込んでいません。もう一度実行してください。',
  'handoff.err.missingFile': '取り込むファイルを指定してください（seikyu import ファイル）。',
  'handoff.err.noFile': '{file} がありません。',
  'handoff.err.notAFile': '{file} は通常のファイルではありません。',
  'handoff.err.tooLarge': '{file} は引き継ぎファイルとしては大きすぎます（{max} MB まで）。',
  'handoff.err.read': '{file} を読めません（{detail}）。',
  'handoff.err.exists': '{file} はすでにあります。上書きはしません。別の名前を指定するか、そのファイルを移してください。',
  'handoff.err.write': '{file} に書き込めません（{detail}）。',
  'handoff.err.secretsOnlyJson': '--include-secrets は --format json のときだけ使えます（報告書と図には秘密の値を含めません）。',
  'handoff.err.keptExists': '控えのファイル {file} がすでにあるため、取り込んでいません。少し待ってからもう一度実行してください。',

  'handoff.cli.written': '{file} に書き出しました。記録 {events}件、{secrets}。',
  'handoff.cli.reportWritten': '{file} に書き出しました。',
  'handoff.secrets.none': '秘密の値はありません',
  'handoff.secrets.left': '秘密の値 {count}件は含めていません（記録あり・書き出しなし）',
  'handoff.secrets.carried': '秘密の値 {count}件を引き継ぎ用のパスフレーズで暗号化して含めました',
  'handoff.secrets.carriedAndLeft': '秘密の値 {count}件を引き継ぎ用のパスフレーズで暗号化して含めました（ほかに {left}件は記録あり・書き出しなし）',
  'handoff.prompt.passphrase': '引き継ぎ用のパスフレーズ（入力は表示されません）: ',
  'handoff.prompt.newPassphrase': '秘密の値を引き継ぎ用のパスフレーズで暗号化します。保存データのものとは別のパスフレーズを決めてください（8文字以上）: ',
  'handoff.prompt.repeat': 'もう一度入力してください: ',
  'handoff.prompt.confirm': 'いまの記録をこの内容で置き換えますか？（いまの記録は控えとして残します） [y/N]: ',

  'handoff.preview.title': '取り込む内容: {file}',
  'handoff.preview.facility': '  施設: {name}（医療機関コード {code}）  進捗 {done}/{total}',
  'handoff.preview.exported': '  書き出し: {at}  {by}（seikyu {version}、手順の版 {procedure}）',
  'handoff.preview.events': '  記録: {events}件',
  'handoff.preview.secrets': '  秘密の値: 同梱 {carried}件（引き継ぎ用のパスフレーズで暗号化）、記録あり・書き出しなし {left}件',
  'handoff.preview.noCurrent': '  いまの状態: なし（このデータフォルダにはまだ記録がありません）',
  'handoff.preview.same': '  いまの状態との違い: なし（同じ記録です）',
  'handoff.preview.diff': '  いまの状態との違い: 共通の記録 {same}件、追加 {added}件、なくなる記録 {removed}件（いまの進捗 {done}/{total}）',
  'handoff.preview.otherFacility': '  注意: いまの施設「{current}」とは別の施設のファイルです。置き換えるには --yes が必要です。',
  'handoff.preview.dryRun': '確認だけ行いました（--dry-run）。何も変更していません。',
  'handoff.cli.imported': '取り込みました: {name}（記録 {events}件、進捗 {done}/{total}）。',
  'handoff.cli.kept': '置き換える前の記録は {file} に残しました。',
  'handoff.cli.nothingToImport': 'このデータフォルダーにはすでにまったく同じ記録があるため、何も取り込んでいません。',

  'handoff.key.export': '引き継ぎファイル（JSON、秘密の値なし）と報告書（HTML）をデータフォルダの exports に書き出す',
  'handoff.ui.exporting': '引き継ぎファイルと報告書を書き出しています…',
  'handoff.ui.exported': '{dir} に {json} と {html} を書き出しました。',
  'handoff.ui.busy': '書き出しの途中です',
} as const;

export const en: Record<keyof typeof ja, string> = {
  'help.export': `Usage: seikyu export [--format json|md|html|mermaid|dot] [-o FILE] [--include-secrets]

Writes the state out, for a handoff.
  --format json      the handoff bundle (the default): the profile, every record, the status of every step, when and by whom it was exported, the facility id (the same in every export), and a SHA-256 digest that shows any change. \`seikyu import\` reads it. Secrets (★) are left out, each marked "recorded, not exported".
  --format md|html   a report a person reads (Markdown / one printable HTML file). Never a secret.
  --format mermaid|dot
                     the diagram of the steps' dependencies (Mermaid / Graphviz DOT)
  -o, --output FILE  write to FILE (default: standard output), atomically (never half a file), readable by you only (0600). An existing file is never overwritten.
  --include-secrets  carry the secrets too, encrypted under a handoff passphrase (json only). Asks the data's passphrase (or SEIKYU_PASSPHRASE); the handoff passphrase is SEIKYU_EXPORT_PASSPHRASE, else asked twice on a terminal. It may not be the data's own passphrase.
Reports and diagrams are in the language of --lang.`,
  'help.import': `Usage: seikyu import FILE [--dry-run] [--yes]

Reads a handoff bundle written by \`seikyu export --format json\` and replaces the current state with it.
Everything is checked before anything changes (the file's format and versions, its SHA-256, that every record replays on this version of the procedure, no control characters). Then it shows what the state would become (the facility, the progress, the difference from the current records).
The records replaced are kept in the data folder as seikyu.json.before-import-DATE.bak.
A bundle with secrets is opened with the handoff passphrase (SEIKYU_EXPORT_PASSPHRASE, else asked on a terminal); its secrets are encrypted again under this data folder's passphrase (SEIKYU_PASSPHRASE; the first time, a new one is set).
  --dry-run   check and show only; change nothing
  --yes       replace without asking (needed without a terminal, and to replace another facility's records)`,

  'handoff.err.gap': 'Record #{id} of the handoff bundle is missing (#{found} stands in its place), so it is not imported.',
  'handoff.err.isFolder': '{file} is a folder: give the name of the file to write.',
  'handoff.err.noFolder': 'The folder {folder} to write in does not exist.',
  'handoff.preview.secretsLeft': '  Secrets: {left} recorded, not exported',
  'handoff.preview.keptSecrets': '  The {kept|# secret|# secrets} this data folder recorded for the same records stay as they are.',
  'handoff.err.notJson': 'The file to import cannot be read as JSON (it is truncated or damaged); nothing was changed.',
  'handoff.err.notBundle': 'This is not a seikyu handoff bundle (one written by `seikyu export --format json`); nothing was changed.',
  'handoff.err.newerFormat': 'This handoff bundle was written by a newer seikyu (format {format}; this one reads up to {supported}): update the program, then import it.',
  'handoff.err.newerProcedure': 'This handoff bundle was written with a newer version of the procedure ({version}; this program has {supported}): update the program, then import it.',
  'handoff.err.digest': 'The handoff bundle does not match the SHA-256 it was written with (it was changed or damaged): export it again; nothing was changed.',
  'handoff.err.invalid': 'The handoff bundle is not valid ({detail}); nothing was changed.',
  'handoff.err.control': 'The handoff bundle holds a control character in {field}, so it is not imported.',
  'handoff.err.unknownStep': 'Record #{id} of the handoff bundle names the step "{step}", which this version of the procedure does not have, so it is not imported.',
  'handoff.err.log': 'The records of the handoff bundle do not make sense together, so it is not imported ({detail}).',
  'handoff.err.replay': 'Record #{id} of the handoff bundle does not replay on this version of the procedure, so it is not imported ({reason}).',
  'handoff.err.wrongPassphrase': 'The handoff passphrase is wrong; nothing was changed.',
  'handoff.err.noPassphrase': 'Secrets need the handoff passphrase: set SEIKYU_EXPORT_PASSPHRASE or run this on a terminal.',
  'handoff.err.passphraseMismatch': 'The two handoff passphrases typed differ; nothing was written.',
  'handoff.err.passphraseShort': 'The handoff passphrase must be 8 characters or more.',
  'handoff.err.sameAsStore': 'Use a handoff passphrase other than the data\'s own passphrase; nothing was written.',
  'handoff.err.secretNotExported': 'This secret was left out of the handoff bundle it came with, so it is not here (recorded, not exported): ask the previous person in charge.',
  'handoff.err.otherFacility': 'This file belongs to another facility, "{bundle}": to replace the records of "{current}" with it, run the command with --yes.',
  'handoff.err.needsYes': 'Nothing was changed: to replace the current state with this one, run the command with --yes.',
  'handoff.err.declined': 'Import cancelled; nothing was changed.',
  'handoff.err.changed': 'Another seikyu changed the records while this one asked, so nothing was imported: run it again.',
  'handoff.err.missingFile': 'Name the file to import (seikyu import FILE).',
  'handoff.err.noFile': '{file} does not exist.',
  'handoff.err.notAFile': '{file} is not a regular file.',
  'handoff.err.tooLarge': '{file} is too large for a handoff bundle (at most {max} MB).',
  'handoff.err.read': 'Cannot read {file} ({detail}).',
  'handoff.err.exists': '{file} exists already and is not overwritten: give another name or move that file.',
  'handoff.err.write': 'Cannot write {file} ({detail}).',
  'handoff.err.secretsOnlyJson': '--include-secrets works only with --format json (reports and diagrams never carry secrets).',
  'handoff.err.keptExists': 'The copy {file} exists already, so nothing was imported: wait a second and run it again.',

  'handoff.cli.written': 'Wrote {file} ({events} {events|record|records}; {secrets}).',
  'handoff.cli.reportWritten': 'Wrote {file}.',
  'handoff.secrets.none': 'no secrets',
  'handoff.secrets.left': '{count} {count|secret|secrets} left out (recorded, not exported)',
  'handoff.secrets.carried': '{count} {count|secret|secrets} carried, encrypted under the handoff passphrase',
  'handoff.secrets.carriedAndLeft': '{count} {count|secret|secrets} carried, encrypted under the handoff passphrase ({left} more recorded, not exported)',
  'handoff.prompt.passphrase': 'Handoff passphrase (not shown): ',
  'handoff.prompt.newPassphrase': 'The secrets are encrypted under a handoff passphrase. Choose one other than the data\'s own (8 characters or more): ',
  'handoff.prompt.repeat': 'Type it again: ',
  'handoff.prompt.confirm': 'Replace the current records with these? (the current ones are kept as a copy) [y/N]: ',

  'handoff.preview.title': 'To import: {file}',
  'handoff.preview.facility': '  Facility: {name} (medical institution code {code})  progress {done}/{total}',
  'handoff.preview.exported': '  Exported: {at}  {by} (seikyu {version}, procedure version {procedure})',
  'handoff.preview.events': '  Records: {events}',
  'handoff.preview.secrets': '  Secrets: {carried} carried (encrypted under the handoff passphrase), {left} recorded, not exported',
  'handoff.preview.noCurrent': '  Current state: none (this data folder has no records yet)',
  'handoff.preview.same': '  Difference from the current state: none (the same records)',
  'handoff.preview.diff': '  Difference from the current state: {same} {same|record|records} shared, {added} added, {removed} removed (current progress {done}/{total})',
  'handoff.preview.otherFacility': '  Note: this is another facility than the current one, "{current}": replacing it needs --yes.',
  'handoff.preview.dryRun': 'Checked only (--dry-run); nothing was changed.',
  'handoff.cli.imported': 'Imported: {name} ({events} {events|record|records}, progress {done}/{total}).',
  'handoff.cli.kept': 'The records replaced are kept in {file}.',
  'handoff.cli.nothingToImport': 'Nothing imported: this data folder already holds exactly these records.',

  'handoff.key.export': 'write the handoff bundle (JSON, no secrets) and the report (HTML) to the data folder\'s exports',
  'handoff.ui.exporting': 'Writing the handoff bundle and the report…',
  'handoff.ui.exported': 'Wrote {json} and {html} to {dir}.',
  'handoff.ui.busy': 'an export is under way',
};
