/**
 * The Japanese message catalog: the default language. Every user-facing text of the program is here or
 * in data/procedure.json; `en.ts` must have the same keys (the type checker enforces it).
 */
import { checkJa } from './checks/index.js';
import * as forecast from './forecast.js';
import * as handoff from './handoff.js';
import * as report from './report.js';

export const ja = {
  ...checkJa,
  ...forecast.ja,
  ...handoff.ja,
  ...report.ja,
  'status.done': '完了',
  'status.ready': '実施可能',
  'status.blocked': '前提待ち',
  'status.waiting': '待ち',
  'status.overdue': '遅延',
  'status.failed': '失敗',
  'status.skipped': '対象外',

  'track.common': '共通',
  'track.oqs': 'オンライン資格確認（申請）',
  'track.certificate': '電子証明書',
  'track.claims': 'オンライン請求（申請）',
  'track.network': '端末のネットワークと証明書',
  'track.terminal-claims': 'オンライン請求（端末）',
  'track.terminal-oqs': 'オンライン資格確認（端末）',

  'step.onTerminal': '{title}［{terminal}］',
  'list.separator': '、',
  'list.or': ' または ',

  'reason.done': '{date} 完了',
  'reason.doneVerified': '{date} 完了（プログラムが確認済み）',
  'reason.doneByHand': '{date} 完了（手で確認）',
  'reason.ready': '実施できます',
  'reason.deadline': '（期限 {date}、あと{days}日）',
  'reason.deadlinePassed': '（期限 {date} を{days}日過ぎています。{what}）',
  'reason.waiting': '経過{elapsed}日 / 目安{range}（{by}頃まで）{estimate}',
  'reason.waitingGiven': '経過{elapsed}日 / 先方の予定 {by}',
  'reason.windowDays': '{min}〜{max}日',
  'reason.windowMonthly': '{cutoff}日締めで翌月{due}日頃',
  'reason.estimate': '',
  'reason.overdue': '予定（{by}）を{late}日過ぎています。',
  'reason.callContact': '{name}（{phone}）に問い合わせてください。',
  'reason.failed': '確認に失敗しました: {detail}',
  'reason.failedFix': '対処: {fix}',
  'reason.more': ' ほか{count}件',

  'cause.waiting': '{label}待ち（{since}申請、{by}頃到着見込み）',
  'cause.wait.delivery': '{label}待ち（{since}注文、{by}頃納品見込み）',
  'cause.wait.registration': '{label}待ち（{since}申込、{by}頃完了見込み）',
  'cause.wait.approval': '{label}待ち（{since}申請、{by}頃承認見込み）',
  'cause.wait.download': '{label}待ち（{since}申込、{by}頃公開見込み）',
  'cause.overdue': '{label}が遅れています（{by}予定）',
  'reason.deadlineEstimate': '（期限 {date}（推定：通知書の日付が未記録のため申請日から計算）、あと{days}日）',
  'reason.renewalValid': '証明書の有効期限は {date}（あと{days}日）。更新は期限の{warn}日前からです',
  'reason.renewalDue': '証明書の有効期限 {date} まであと{days}日です。更新してください（1枚1,500円）',
  'reason.renewalDaily': '証明書の有効期限 {date} まであと{days}日です。至急更新してください（1枚1,500円）',
  'reason.renewalPassed': '証明書の有効期限 {date} を{days}日過ぎています。{what}',
  'err.outsideWindow': '「{title}」は毎月5日から月末までの 8:00〜21:00（日本時間）にだけ行えます。次は {date} {time} からです。',
  'cli.next.optional': '任意の手順（必要なときに）',
  'cli.next.claimWindow': '次の請求期間: {from}〜{to}（5〜7日は 8:00〜21:00、8〜10日は 8:00〜24:00、土日祝も可）',
  'cli.next.firstClaimWindow': '最初の請求期間: {from}〜{to}（5〜7日は 8:00〜21:00、8〜10日は 8:00〜24:00、土日祝も可）',
  'cli.ready': '準備完了: オンライン請求・オンライン資格確認の準備はすべて完了しています。',
  'cli.next.afterOnboarding': 'これからの予定',
  'cause.failed': '「{title}」の確認が失敗',
  'cause.todo': '「{title}」が未完了',

  'cli.header': '{name}（医療機関コード {code}）  進捗 {done}/{total}',
  'cli.show.record': '記録するには',
  'cli.show.checked': '（プログラムがこのパソコンを確認し、合格なら「確認済み」として記録します。確認だけなら seikyu check）',
  'cli.show.byHand': '手で確認したとき（別のパソコンで確認したなど）: {command}',
  'cli.show.secrets': '秘密の項目（{keys}）は、端末で実行すると伏せ字で尋ねます。スクリプトからは標準入力に「項目=値」の行で渡します。',
  'cli.next.showHint': '手順の説明、記録する項目、問い合わせ先は `seikyu show 手順ID` で表示できます。',
  'cli.next.chase': '先に対処・問い合わせが必要なもの',
  'cli.next.ready': 'いま実施できること',
  'cli.next.waiting': '届くのを待っているもの',
  'cli.next.nothing': 'いま実施できることはありません。',
  'cli.next.allDone': 'すべての手順が完了しています。',
  'cli.next.deadlineSoon': '期限が近いもの',
  'cli.check.fix': '対処:',
  'cli.check.recordedPassed': '確認済みとして記録しました（#{id}）。',
  'cli.check.recordedFailed': '確認の失敗として記録しました（#{id}）。',
  'cli.check.notRecorded': '記録はしていません: {why}',
  'cli.check.blocked': 'まだ確認しません（前提待ち: {reason}）',
  'cli.check.header': '{name} の確認',
  'cli.check.headerTerminal': '{name}・{terminal} の確認',
  'cli.check.whichTerminal': '端末ごとの確認は、このパソコンがどの端末かを --terminal で指定すると行います（{terminals}）。',
  'cli.check.none': '実行できる確認はありませんでした。',
  'cli.check.allPassed': '問題は見つかりませんでした（確認済み {passed}件、ここでは確認できないもの {cannot}件）。',
  'cli.check.summary': '{failed}件の確認で問題が見つかりました（確認済み {passed}件、ここでは確認できないもの {cannot}件）。',
  'check.note.typo': '入力の誤りなので、失敗としては記録していません。',
  'check.note.stillDone': '完了の記録（#{id}、{date}）はそのままです。',
  'check.note.doneStands': '完了の記録（#{id}、{date}）はそのままです。このパソコンの状態が変わったのなら、対処してからもう一度確認してください。',
  'check.note.sameFailure': '同じ失敗が記録済みです（#{id}、{date}）。',
  'check.note.unnamed': 'まとめての確認では、合格だけを記録します。失敗として記録するには seikyu check {step} を実行してください。',
  'cli.check.needsInput': '確認に使う「{labels}」がまだ記録されていません。seikyu done {step} で指定すると、確認して記録します',
  'cli.check.byHand': '手で確認済み（{date}）。このパソコンで確かめるには seikyu check {step}',
  'cli.check.nothingChecked': '確認できたものはありません（ここでは確認できないもの {cannot}件）。',
  'cli.check.running': '確認中: {title}',
  'cli.done.verified': '「{title}」を確認して完了として記録しました（#{id}、{date}、プログラムが確認済み）。',
  'err.check.failed': '{count}件の確認が失敗しました。',
  'err.check.noCheck': '「{title}」（{step}）には、このプログラムが行う確認がありません。',
  'err.check.noCheckNote': '「{title}」はこのプログラムでは確認できません。手で確認して、その方法を --note に書いて記録してください。',
  'err.check.doneFailed': '「{title}」の確認で問題が見つかったため、完了にはしていません。対処してから、もう一度 seikyu done {step} を実行してください。',
  'err.check.doneCannotRun': '「{title}」をこのパソコンでは確認できなかったため、記録していません。別のパソコンなどで手で確認したときは、seikyu done {step} --note "確認した方法" で記録できます。',
  'cli.done.recorded': '「{title}」を記録しました（#{id}、{date}）。',
  'cli.done.unblocked': 'これで実施できるようになったこと:',
  'cli.done.milestone': '「{title}」も完了しました。',
  'cli.expect.recorded': '「{title}」の予定日を {date} として記録しました（#{id}）。',
  'cli.undo.recorded': '#{target}（{what}）を取り消しました（#{id}）。',
  'cli.init.created': '「{name}」の導入手続きを始めました。保存先: {path}',
  'cli.init.nextHint': '次にできることは `seikyu next` で確認できます。',
  'cli.profile.changed': '施設情報を変更しました（#{id}: {change}）。',
  'cli.history.empty': '記録はまだありません。',
  'cli.history.undoneBy': '（#{id} で取り消し）',
  'cli.history.recorded': '（{date} に記録）',
  'cli.history.note': '「{note}」',
  'cli.history.ignored': '（現在の施設情報では対象外）',
  'cli.secret.masked': '＊＊＊',
  'cli.terminal.roles': '{name}（{roles}）',
  'cli.defaultTerminal': '端末1',
  'cli.role.claims': 'オンライン請求',
  'cli.role.oqs': 'オンライン資格確認',
  'cli.profile.show':
    '医療機関名: {name}\n医療機関コード: {code}\n回線事業者: {carrier}\nNTT エリア: {area}\n接続方式: {connection}\n端末: {terminals}',
  'cli.area.east': '東日本',
  'cli.area.west': '西日本',
  'cli.area.none': '－',
  'cli.blockedBy': '前提: {needs}',
  'cli.oneOf': '{a} のいずれか',

  'history.profile-created': '施設情報を登録',
  'history.profile-changed': '施設情報を変更',
  'history.step-done': '完了',
  'history.check-passed': 'プログラムが確認済み',
  'history.check-failed': '確認失敗',
  'history.expected': '予定日',
  'history.undone': '取り消し',
  'history.secret-revealed': '秘密の値を表示',
  'change.terminal-added': '端末「{terminal}」を追加',
  'change.terminal-removed': '端末「{terminal}」を削除',
  'change.terminal-roles': '端末「{terminal}」の役割を変更',
  'change.fields': '{fields} を変更',
  'field.name': '医療機関名',
  'field.connection': '接続方式',
  'field.carrier': '回線事業者',
  'field.area': 'エリア',
  'field.proxy': 'プロキシ',
  'field.proxyBypass': 'プロキシを使わないアドレス',

  'prompt.passphrase': 'パスフレーズ（入力は表示されません）: ',
  'prompt.newPassphrase': '秘密の値（パスワードや ID）を暗号化して保存します。パスフレーズを決めてください（8文字以上）: ',
  'prompt.repeatPassphrase': 'もう一度入力してください: ',
  'prompt.input': '{label}\n  {hint}\n> ',
  'prompt.inputOptional': '{label}（任意。省略するときは空欄のまま Enter）\n  {hint}\n> ',
  'prompt.secretInput': '{label}（入力は表示されません）: ',
  'prompt.confirm': '確認: {item}\n  済んでいますか？ [y/N]: ',
  'prompt.undo': '取り消す記録: {line}\n  この記録を取り消しますか？ [y/N]: ',
  'prompt.roles': '端末「{name}」の役割を入力してください（claims, oqs, または claims,oqs）: ',

  'err.usage.unknownCommand': '「{command}」というコマンドはありません。`seikyu --help` で一覧を表示します。',
  'err.usage.unknownOption': '{command}: オプション {option} はありません。`seikyu {command} --help` で使い方を表示します。',
  'err.usage.globalOptionValue': 'オプション {option} に値を指定してください。',
  'err.usage.optionValue': '{command}: オプション {option} に値を指定してください。',
  'err.usage.optionNoValue': '{command}: オプション {option} には値を付けられません。',
  'err.usage.main.unknownOption': 'オプション {option} はありません。`seikyu --help` で使い方を表示します。',
  'err.usage.main.optionNoValue': 'オプション {option} には値を付けられません。',
  'err.usage.main.unexpectedArgument': '余分な引数「{arg}」があります。`seikyu --help` で使い方を表示します。',
  'err.usage.unexpectedArgument': '{command}: 余分な引数「{arg}」があります。`seikyu {command} --help` で使い方を表示します。',
  'err.usage.missingOption': '{command}: {option} を指定してください。',
  'err.usage.missingStep': '{command}: 手順の ID を指定してください（例: seikyu {command} cert-letter）。',
  'err.usage.badChoice': '{option} には {choices} のいずれかを指定してください（「{value}」は使えません）。',
  'err.usage.badNow': '環境変数 SEIKYU_NOW には、1000〜9998年の日付を YYYY-MM-DD（例: 2026-11-24）か YYYY-MM-DDTHH:MM（例: 2026-11-24T09:00+09:00）の形で指定してください（「{value}」は使えません）。',
  'err.usage.lang': '言語は ja か en を指定してください（「{value}」は使えません）。',
  'err.usage.profileSub': 'profile のあとに show, add-terminal, set-roles, remove-terminal, set のいずれかを指定してください。',
  'err.unknownStep': '「{step}」という手順はありません。{suggestion}`seikyu status` で手順の ID を確認できます。',
  'err.suggestion': 'もしかして「{id}」ですか？ ',
  'err.notInitialized': '施設情報がまだ登録されていません（保存先: {path}）。`seikyu init` で始めてください。',
  'err.alreadyInitialized': 'この保存先にはすでに「{name}」の導入手続きがあります（{path}）。',
  'err.terminalRequired': '「{title}」は端末ごとの手順です。--terminal で端末を指定してください（{terminals}）。',
  'err.unknownTerminal': '端末「{terminal}」は登録されていません（登録済み: {terminals}）。',
  'err.stepNotForTerminal': '「{title}」は端末「{terminal}」では行いません（この端末の役割: {roles}）。',
  'err.facilityStep': '「{title}」は施設で1回の手順なので、--terminal は指定できません。',
  'err.blocked': '「{title}」はまだ実施できません。{reason}',
  'err.alreadyDone': '「{title}」は {date} に完了済みです（#{id}）。訂正するには `seikyu undo {id}` で取り消してから記録し直してください。',
  'err.skipped': '「{title}」はこの施設では不要です: {reason}',
  'err.milestone': '「{title}」は前提の手順がすべて完了すると自動的に完了します。',
  'err.facilityProfileStep': '施設情報は `seikyu init` で登録し、`seikyu profile` で変更します。',
  'err.input.unknown': '「{title}」に入力項目「{key}」はありません（入力項目: {keys}）。',
  'err.input.none': '「{title}」には入力項目がありません（「{key}」は使えません）。',
  'err.input.secretArgument': '{label}（{key}）は秘密の値なので、コマンドの引数では受け付けません（履歴や画面に残るため）。標準入力から「{key}=値」の行で渡すか、端末で実行して入力してください。',
  'err.input.invalid': '{label}（{key}）の形式が正しくありません。{hint}',
  'err.input.missing': '{label}（{key}）がありません。{hint}',
  'err.input.missingSecret': '{label}（{key}）がありません。標準入力から「{key}=値」の行で渡してください。',
  'err.input.notApplicable': '{label}（{key}）はこの施設の接続方式では使いません。',
  'err.input.twice': '入力項目「{key}」が2回指定されています。',
  'err.input.badArgument': '「{arg}」は「項目=値」の形ではありません。',
  'err.input.badArgumentHidden': '「{title}」の引数に「項目=値」の形でないものがあります（秘密の値を入力する手順なので、打たれた文字は表示しません）。入力項目: {keys}',
  'err.input.unknownHidden': '「{title}」にない入力項目が指定されています（秘密の値を入力する手順なので、打たれた文字は表示しません）。入力項目: {keys}',
  'err.input.badStdinLine': '標準入力の {line} 行目が「項目=値」の形ではありません。',
  'err.input.futureDate': '{label}（{key}）の {value} は未来の日付です。',
  'err.input.dateBeforeNeeds': '{label}（{key}）の {value} は、前提の「{title}」の完了日（{date}）より前です。',
  'err.input.isFolder': '{label}（{key}）: 「{path}」はフォルダです。ファイルを指定してください。',
  'err.input.isFile': '{label}（{key}）: 「{path}」はファイルです。フォルダを指定してください。',
  'err.input.noFile': '{label}（{key}）: ファイル「{path}」が見つかりません。',
  'err.input.noFolder': '{label}（{key}）: フォルダ「{path}」が見つかりません。',
  'err.checkNeedsNote': '「{title}」は結果を確かめる手順です。この手順の自動確認はまだないので、手で確かめた方法を --note に書いて記録してください。',
  'err.notCheck': '「{title}」は確認の手順ではないので、確認の失敗は記録できません。',
  'err.machineRefused': '「{title}」は今の状態では記録できません。',
  'err.input.control': '{field} に制御文字（エスケープ、改行など）が含まれています。取り除いてからもう一度入力してください。',
  'err.input.secretPlain': '{label}（{key}）は秘密の値なので、暗号化せずには保存できません。',
  'err.profile.missing': '施設情報がありません。',
  'err.confirmNeeded': '「{title}」を完了にするには、次を確認してください: {items}。確認済みなら --confirmed を付けて実行してください。',
  'err.confirmDeclined': '確認が済んでいないため、記録しませんでした。',
  'err.date.format': '日付「{value}」は YYYY-MM-DD の形で、実在する日付を指定してください。',
  'err.date.future': '{value} は未来の日付です。実際に行った日を指定してください。',
  'err.date.beforeNeeds': '{value} は前提の「{title}」の完了日（{date}）より前です。その日付が違っていたなら、`seikyu undo` で取り消してから --at に実際の日付を付けて記録し直してください。',
  'err.expect.notWait': '「{title}」は外部からの連絡を待つ手順ではないので、予定日は設定できません。',
  'err.expect.done': '「{title}」はすでに完了しています。',
  'err.expect.past': '予定日 {value} は今日より前です。',
  'err.undo.nothing': '取り消せる記録はありません。',
  'err.undo.unknown': '記録 #{id} はありません。',
  'err.undo.badId': '記録の番号「{value}」が読めません（例: 12 または #12）。',
  'err.undo.already': '#{id} はすでに取り消されています（#{by}）。',
  'err.undo.undo': '#{id} は取り消しの記録なので、取り消せません。記録し直してください。',
  'err.undo.profileCreated': '最初の施設登録（#{id}）は取り消せません。施設情報の訂正は `seikyu profile set` で行います。',
  'err.undo.laterProfile': '#{id} の後に施設情報がまた変更されています（#{later}）。新しい変更から順に取り消してください。',
  'err.undo.dependents': '#{id} を取り消すと、後から完了した「{titles}」の前提がなくなります。先にそちらを取り消してください。',
  'err.undo.reveal': '#{id} は秘密の値を表示した記録なので、取り消せません。',
  'err.undo.declined': '取り消しませんでした。',
  'err.reveal.notSecret': '{label}（{key}）は秘密の項目ではありません。値は `{command}` で表示できます。',
  'err.reveal.noRecord': '「{title}」はまだ記録されていないため、{label}（{key}）はありません。',
  'err.reveal.notRecorded': '「{title}」の記録には {label}（{key}）が含まれていません。',
  'err.reveal.missingKey': 'reveal: 表示する項目を指定してください（例: seikyu reveal cert-letter referenceId）。',
  'err.store.locked': 'データは別の seikyu が使用中です（{command}、PID {pid}、{user}@{host}、{since} から）。終わってからもう一度実行してください。',
  'err.store.lockedUnknown': 'データ {path} は別の seikyu が使用中です。終わってからもう一度実行してください。',
  'err.store.corrupt': '保存データ {path} を読めません（{detail}）。ファイルは変更していません。直前の状態のバックアップ {backup} をコピーして戻せます。',
  'err.store.corruptNoBackup': '保存データ {path} を読めません（{detail}）。ファイルは変更していません。',
  'err.store.missingWithBackup': '保存データ {path} がありませんが、バックアップ {backup} があります。記録を失わないよう、バックアップを {path} にコピーしてから実行してください。',
  'err.store.tooNew': '保存データ {path} は新しいバージョンの seikyu で書かれています。seikyu を更新してください。',
  'err.store.unreadable': '保存データ {path} を読み書きできません（{detail}）。',
  'err.store.conflict': 'このコマンドの実行中に別の seikyu が保存データ {path} を変更したため、今回の内容は保存していません。もう一度実行してください。',
  'err.store.symlink': '保存データ {path} はシンボリックリンクのため使えません。リンク先のファイルを {path} に移してから、もう一度実行してください。',
  'err.store.directory': '{path} はフォルダです。seikyu はこの場所にデータをファイルとして保存するため、フォルダの名前を変えるか別の場所へ移してから、もう一度実行してください。',
  'err.store.special': '保存データ {path} は通常のファイルではありません（名前付きパイプなどの特殊ファイル）。移動または削除してから、もう一度実行してください。',
  'log.duplicate-id': '記録 #{id} が2つあります',
  'log.out-of-order': '記録 #{id} が #{after} の後に並んでいます',
  'log.not-first': '記録 #{id}: 最初の記録は施設登録で、施設登録は最初の記録だけです',
  'log.no-profile': '記録 #{id} に施設情報がありません',
  'log.unknown-step': '記録 #{id} の手順「{step}」はこの手順にありません',
  'log.bad-date': '記録 #{id} の {field}「{value}」は実在する日付ではありません',
  'log.missing-field': '記録 #{id} に {field} がありません',
  'log.undo-target': '記録 #{id} が取り消す #{target} がありません',
  'err.secret.noPassphrase': '秘密の値を扱うにはパスフレーズが必要です。環境変数 SEIKYU_PASSPHRASE を設定するか、端末から実行してください。',
  'err.secret.wrongPassphrase': 'パスフレーズが違います。',
  'err.secret.mismatch': '2回入力したパスフレーズが一致しません。何も保存していません。',
  'err.secret.tooShort': 'パスフレーズは8文字以上にしてください。',
  'err.secret.corrupt': '暗号化された値が壊れています（保存データが書き換えられた可能性があります）。',
  'err.procedure': '手順データ {file} に誤りがあります: {detail}',
  'err.internal': '予期しないエラーが起きました（{message}）。SEIKYU_DEBUG=1 を付けて実行すると詳細が表示されます。',
  'err.interrupted': '中断しました。何も保存していません。',
  'err.profile.terminalSpec': '端末の指定「{spec}」が読めません。「名前」または「名前:claims,oqs」の形で指定してください。',
  'err.profile.terminalName': '端末名「{name}」は使えません（1〜32文字で、. # @ : , = は使えません）。',
  'err.profile.rolesNeeded': '端末「{name}」の役割を指定してください（例: {name}:claims,oqs）。',
  'err.profile.removeHasRecords': '端末「{name}」には完了した手順が{count}件あります。削除するとその進み具合は状態から外れます（記録は残ります）。役割を変えるだけなら `seikyu profile set-roles {name}:claims,oqs` を使ってください。それでも削除するなら --confirmed を付けてください。',
  'err.profile.lastTerminal': '最後の端末は削除できません。',
  'err.profile.terminalExists': '端末「{name}」はすでに登録されています。',
  'err.profile.noChange': '変更する項目がありません。',
  'err.profile.name': '医療機関名を入力してください。',
  'profile.codeFormat': '医療機関コード「{code}」は数字10桁ではありません。',
  'profile.codePrefecture': '医療機関コード「{code}」の都道府県番号 {prefecture} は 01〜47 の範囲外です。',
  'profile.codeTable': '医療機関コード「{code}」の点数表番号 {table} は 1（医科）、3（歯科）、4（調剤）、6（訪問看護）のいずれでもありません。',
  'profile.codeCheckDigit': '医療機関コード「{code}」の検証番号（最後の桁）が合いません（計算上は {expected}）。入力に誤りがないか確認してください。',
  'profile.areaRequired': 'NTT の回線では --area（east または west）を指定してください。',
  'profile.ntt-ipv4-oqs': 'NTT 回線の IPv4 IP-VPN（PPPoE）はオンライン請求だけに使えます。オンライン資格確認を行う端末があるときは ipv6-ipvpn を選んでください。',
  'profile.ipv4Carrier': '{carrier} の回線は ipv4-ipvpn で接続します。',
  'profile.duplicateTerminal': '端末「{terminal}」が2回指定されています。',
  'profile.noTerminal': '端末を1台以上登録してください。',
  'profile.providerNeedsIpsec': '回線事業者「{carrier}」は ntt, ctc, qtnet のいずれでもないため、IPsec+IKE の接続事業者として扱います。その場合は --connection ipsec-ike を指定してください。',
  'profile.homeNursing': '訪問看護ステーション（点数表 6）は、インターネットを使う居宅同意取得型のオンライン資格確認の対象で、この手順（閉域網への接続）とは異なります。',
  'profile.areaMismatchEast': '医療機関コードの都道府県番号 {prefecture}（{prefectureJa}）は NTT 東日本のエリアなので、エリアは east です（west は指定できません）。',
  'profile.areaMismatchWest': '医療機関コードの都道府県番号 {prefecture}（{prefectureJa}）は NTT 西日本のエリアなので、エリアは west です（east は指定できません）。',
  'profile.proxy': 'プロキシ「{value}」は「ホスト名:ポート番号」の形ではありません（例: proxy.base.oqs-pdl.org:8080）。',
  'profile.proxyBypass':
    'プロキシを使わないアドレスの一覧「{value}」が読めません。ホスト名（* を使えます）または <local> を「;」で区切って指定してください。',
  'cli.profile.netConfigAgain': '設定する値が変わったため、{terminals} の net-config をやり直してください（新しい値は `seikyu show net-config` で確認できます）。',
  'cli.profile.proxy': 'プロキシ（オンライン資格確認の端末）: {server}\nプロキシを使わないアドレス: {bypass}',
  'cli.profile.terminalAdded':
    '電子証明書はパソコン1台ごとに1通必要です（1通1,500円（税込））。このパソコンの cert-application から申請してください。',
  'cli.profile.terminalRemoved':
    '電子証明書はパソコンごとのものです。代わりのパソコンを使うときは、そのパソコンの電子証明書（1通1,500円（税込））が必要です。',
  'cli.profile.changePc':
    'オンライン請求に使うパソコンを替えるときは、「オンライン請求ユーザ設定情報」と電子証明書が改めて必要になります。届いた書類は保管しておいてください。',
  'cli.net.adapter': '<アダプター名>',
  'cli.net.windowsHead':
    '# {terminal} の net-config の値を設定する Windows のコマンドです（seikyu は実行しません）。管理者として開いた PowerShell で、{adapter} を閉域網につなぐアダプターの名前（Get-NetAdapter で確認できます）に置き換えてから実行してください。',
  'cli.net.windowsDns': '# IPv6 DNS サーバー（NTT {area}）',
  'cli.net.windowsWininet': '# プロキシ: このユーザーのインターネット設定（ブラウザーやアプリが使います）',
  'cli.net.windowsWinhttp': '# プロキシ: WinHTTP（Windows のサービスが使います）',
  'cli.net.windowsOff': '# 一般のインターネットを使うときはプロキシを無効にします: ProxyEnable を 0 に、WinHTTP は netsh winhttp reset proxy',
  'cli.net.windowsNothing': '# {terminal} に net-config で設定する値はありません（DNS は回線事業者・接続事業者の案内に従ってください）。',
  'err.usage.windowsNetConfig': '--windows は net-config の手順にだけ使えます（seikyu show net-config --windows）。',
  'ui.detail.values': '設定する値',
  'ui.values.dnsPreferred': '優先 DNS サーバー（IPv6、NTT {area}）',
  'ui.values.dnsAlternate': '代替 DNS サーバー（IPv6、NTT {area}）',
  'ui.values.dnsOther': 'DNS サーバー',
  'ui.values.dnsOtherValue': '回線事業者・接続事業者の案内に従ってください',
  'ui.values.proxy': 'プロキシ サーバー',
  'ui.values.bypass': 'プロキシを使わないアドレス（「;」区切り）',
  'ui.values.proxyDefault':
    'プロキシの値は未確認の既定値です。接続事業者の案内と違うときは `seikyu profile set --proxy ホスト:ポート --proxy-bypass 一覧` で変更してください。',
  'ui.values.proxyOff': 'プロキシを有効にしている間は一般のインターネットにつながりません。',
  'ui.values.router':
    'ルーターなし（ONU の LAN ポートにパソコンを直接つなぐ）でも、ルーターあり（ONU とパソコンの間にルーター）でも、IPv6 DNS はパソコンに手で設定します。',
  'ui.values.windowsHint': 'Windows のコマンド: seikyu show net-config --windows',

  'key.up': '上へ',
  'key.down': '下へ',
  'key.pageUp': '前のページ',
  'key.pageDown': '次のページ',
  'key.open': '手順の詳細を開く',
  'key.back': '一覧に戻る',
  'key.filter': '要対応のものだけ表示する／すべて表示する',
  'key.history': '記録の一覧',
  'key.help': 'キー操作の一覧',
  'key.quit': '終了（記録は保存済みです）',
  'key.done': '完了にする・届いたものを記録する',
  'key.expect': '先方から伝えられた予定日を記録する',
  'key.undo': 'この手順の最後の記録を取り消す',
  'key.check': 'このパソコンを確認して結果を記録する（確認のある手順で）',
  'key.unfold': '完了したトラックを開く（その行で Enter も同じ）',
  'key.fold': '完了したトラックを1行にたたむ（見出しの行で Enter も同じ）',
  'key.reveal': '記録した秘密の値を表示する（次のキーで隠れます。表示したことは記録に残ります）',

  'ui.progress': '{done}/{total}',
  'ui.next.overdue': '遅延 {date}予定: {what}',
  'ui.next.deadline': '期限 {date}: {what}',
  'ui.next.expected': '次の予定 {date}頃: {what}',
  'ui.filterOn': '要対応のものだけ表示しています（f ですべて表示）',
  'ui.empty': '手順がありません。',
  'ui.empty.filtered': 'いま対応が必要な手順はありません（f ですべて表示）。',
  'ui.footer.dashboard': '↑↓ 移動  Enter 詳細  d 記録  e 予定日  u 取消  f 要対応  ? ヘルプ  q 終了',
  'ui.footer.detail': 'd 完了・記録  c 確認  e 予定日  u 取り消し  ↑↓ スクロール  Esc 戻る  ? ヘルプ',
  'ui.footer.history': '↑↓ スクロール  Esc 戻る  q 終了',
  'ui.footer.help': '↑↓ スクロール  Esc 戻る  q 終了',
  'ui.footer.formBase': 'Enter 次へ・保存  ↑↓ 項目',
  'ui.footer.formChoice': '←→ 選択',
  'ui.footer.formConfirm': 'Space 確認',
  'ui.footer.formCancel': 'Esc 取消',
  'ui.footer.form': 'Enter 次へ・保存  ↑↓ 項目  ←→ 選択  Space 確認  Esc 取消',

  'ui.detail.expected': '待ち始め {since}、{by}頃まで',
  'ui.detail.estimate': 'この目安は公表されている情報からの推定です。先方から日付を聞いたら e で記録してください。',
  'ui.detail.deadline': '期限 {date}: {what}',
  'ui.detail.why': 'なぜまだできないか',
  'ui.detail.anyOf': '次のいずれか:',
  'ui.detail.unblocks': 'これが済むと進められるもの',
  'ui.detail.inputs': '記録する項目',
  'ui.detail.confirm': '完了にする前に確認すること',
  'ui.detail.check': '確かめること',
  'ui.detail.desk': '問い合わせ先',
  'ui.detail.links': 'リンク',
  'ui.detail.history': 'この手順の記録',
  'ui.detail.actions': '操作',
  'ui.detail.noHistory': 'まだ記録はありません。',
  'ui.detail.secretMark': '（秘密・暗号化して保存）',
  'ui.detail.optional': '（任意）',

  'ui.action.done': '完了にする',
  'ui.action.record': '届いたものを記録する',
  'ui.action.expect': '予定日を記録する',
  'ui.action.undo': '最後の記録を取り消す',
  'ui.action.check': '自動確認',
  'ui.disabled.done': '完了済みです（#{id}）。訂正するには u で取り消します',
  'ui.disabled.blocked': '前提が済んでいません: {reason}',
  'ui.disabled.skipped': 'この施設では不要です: {reason}',
  'ui.disabled.milestone': '前提がすべて済むと自動で完了します',
  'ui.disabled.profileStep': '施設情報は `seikyu profile` で変更します',
  'ui.disabled.notWait': '外部からの連絡を待つ手順ではありません',
  'ui.disabled.expectDone': 'すでに完了しています',
  'ui.disabled.noEvent': 'この手順の記録はありません',
  'ui.disabled.noCheck': '自動確認はまだ使えません。手で確認したら d で、どう確かめたかをメモに書いて記録してください',

  'ui.input.invalid': '{label}の形式が正しくありません。上の説明の形式で入力してください。',
  'ui.form.at': '実施日・届いた日',
  'ui.form.atHint': 'YYYY-MM-DD（今日なら変更不要）',
  'ui.form.note': 'メモ',
  'ui.form.noteRequired': 'メモ（どう確認したか）',
  'ui.form.confirm': '確認',
  'ui.form.confirmYes': '確認しました',
  'ui.form.confirmNo': '未確認（Space で確認）',
  'ui.form.confirmRequired': '確認してから保存してください',
  'ui.form.required': '入力してください',
  'ui.form.by': '予定日',
  'ui.form.byHint': '先方から伝えられた日（YYYY-MM-DD）',
  'ui.form.cancelAgain': '入力した内容は保存されません。もう一度 Esc を押すと取り消します（ほかのキーで入力に戻ります）。',
  'ui.form.saving': '保存しています…',
  'ui.form.doneTitle': '{title} を完了にする',
  'ui.form.recordTitle': '{title} を記録する',
  'ui.form.expectTitle': '{title} の予定日',
  'ui.saved.init': '施設情報を保存しました。',
  'ui.saved.done': '保存しました: {title}',
  'ui.saved.expect': '保存しました: {title} の予定日 {date}',
  'ui.undone': '取り消しを保存しました。',
  'ui.undo.confirm': '{title} の最後の記録（#{id}）を取り消しますか？',
  'ui.undo.keys': 'y: 取り消す　ほかのキー: やめる',
  'ui.section.attention': '対応が必要',
  'ui.section.now': 'いまできること',
  'ui.section.waiting': '待っているもの（見込みの早い順）',
  'ui.row.deadline': '期限 {date}・{reason}',
  'ui.row.desk': '電話 {phone}・{now}・{name}',
  'ui.track.folded': '{track} ✓ {done}/{total}',
  'ui.next.overdueAll': '遅延{count}件: {list}',
  'ui.listSeparator': '、',
  'ui.outlook.milestones': '開始見込み: {list}',
  'ui.outlook.forecast': '{what} {date}頃',
  'ui.outlook.done': '{what} ✓{date}',
  'ui.outlook.firstWindow': '初回の請求 {from}〜{to}',
  'ui.outlook.window': '次の請求 {from}〜{to}',
  'ui.milestone.claims-ready': '請求',
  'ui.milestone.oqs-ready': '資格確認',
  'ui.action.reveal': '秘密の値を表示する',
  'ui.disabled.noSecret': 'この手順には秘密の値がありません',
  'ui.detail.revealed': '表示中（ほかのキーで隠れます）',
  'ui.revealed': '秘密の値を表示しています。ほかのキーを押すと隠れます（表示したことは記録に残りました）。',
  'ui.refresh.doneElsewhere': '{title} はほかの seikyu で記録されました（Esc で入力をやめられます）。',
  'ui.refresh.undoneElsewhere': '{title} の記録はほかの seikyu で取り消されました。',
  'ui.refresh.gone': 'ほかの seikyu での変更で、この手順は不要になりました。入力を閉じました。',

  'ui.passphrase.title': 'パスフレーズ',
  'ui.passphrase.label': 'パスフレーズ',
  'ui.passphrase.repeat': 'もう一度',
  'ui.passphrase.new': '秘密の値を暗号化して保存します。パスフレーズを決めてください（8文字以上。忘れると秘密の値は読めません）。',
  'ui.passphrase.enter': '秘密の値を扱うため、パスフレーズを入力してください。',

  'ui.history.title': '記録（{count}件）',
  'ui.help.title': 'キー操作',
  'ui.help.screen.dashboard': '一覧',
  'ui.help.screen.detail': '手順の詳細',
  'ui.help.screen.history': '記録の一覧',
  'ui.help.form': '入力フォーム',

  'ui.desk.open': '受付中（{until}まで）',
  'ui.desk.closed': '受付時間外（次は {date} {time}から）',
  'ui.desk.closedUnknown': '受付時間外',
  'ui.desk.unknown': '受付時間は確認できていません',
  'ui.desk.noCalendar': 'この日付は祝日の暦の範囲外のため、受付中かどうか判断できません',
  'ui.desk.unconfirmed': '（受付時間は未確認の情報です）',

  'ui.wizard.title': '施設情報',
  'ui.wizard.intro': 'はじめに施設の情報を登録します。あとから `seikyu profile` で変更できます。',
  'ui.wizard.name': '医療機関名',
  'ui.wizard.code': '医療機関コード',
  'ui.wizard.codeHint': '10桁（都道府県2＋点数表1＋郡市区2＋医療機関番号4＋検証番号1）',
  'ui.wizard.carrier': '回線事業者',
  'ui.wizard.area': 'NTT のエリア',
  'ui.wizard.areaHint': '医療機関コードの都道府県から決まります（東日本: 01〜15・19・20、西日本: それ以外）。',
  'ui.wizard.connection': '接続方式',
  'ui.wizard.terminals': '端末',
  'ui.wizard.terminalsHint': '「名前:役割」をスペース区切りで。役割は claims（請求）と oqs（資格確認）。例: 端末1:claims,oqs 受付:oqs',
  'ui.wizard.terminalsBad': '「名前:役割」の形で入力してください（例: 端末1:claims,oqs）。',
  'ui.choice.ntt': 'NTT（フレッツ・光コラボ）',
  'ui.choice.ctc': '中部テレコミュニケーション（CTC）',
  'ui.choice.qtnet': 'QTnet',
  'ui.choice.ipv6-ipvpn': 'IPv6 IP-VPN（推奨）',
  'ui.choice.ipv4-ipvpn': 'IPv4 IP-VPN（PPPoE）',
  'ui.choice.ipsec-ike': 'IPsec+IKE（接続事業者経由）',
  'err.notTerminal': '対話画面は端末（TTY）でだけ開けます。状態は `seikyu status`（機械向けには `seikyu status --json`）で確認できます。',

  'help.main': `seikyu — オンライン請求・オンライン資格確認の導入手続きを案内します

使い方: seikyu <コマンド> [オプション]

コマンド:
  （なし）   対話画面を開く（端末で実行したとき）
  init       施設情報を登録して手続きを始める
  status     すべての手順の状態（完了・実施可能・前提待ち・待ち・遅延…）を表示する
  next       いま実施できること、問い合わせが必要なものを表示する
  show       手順の説明、記録する項目、待っている理由、問い合わせ先を表示する
  done       手順の完了や、届いたもの（書類・ID）を記録する（確認のある手順は確認してから）
  check      このパソコンを確認して結果を記録する（ファイル・証明書・ネットワーク・カードリーダー）
  expect     先方から伝えられた到着予定日を記録する
  undo       記録を取り消す（取り消しも記録として残ります）
  history    記録の一覧を表示する
  reveal     記録した秘密の値（パスワード・ID）を表示する（表示したことは履歴に残ります）
  profile    施設情報を表示・変更する（端末の追加・削除、接続方式）
  export     引き継ぎファイル（JSON）、報告書（Markdown・HTML）、依存関係の図を書き出す
  import     引き継ぎファイルを確認して取り込み、いまの状態と置き換える（前の記録は控えを残します）

共通オプション:
  --data-dir DIR   保存先（既定: 環境変数 SEIKYU_HOME、なければ利用者ごとのデータフォルダ）
  --lang ja|en     表示言語（環境変数 SEIKYU_LANG でも指定できます）
  --operator NAME  記録者の名前（既定: SEIKYU_OPERATOR、なければ OS のユーザー名）
  -h, --help       使い方を表示する
  -V, --version    バージョンを表示する

終了コード: 0 成功 / 1 予期しないエラー / 2 使い方の誤り / 3 入力の誤り / 4 手順上できない操作・確認で問題あり /
  5 未登録または登録済み / 6 保存データを使えない（使用中・破損） / 7 パスフレーズの誤り・未指定 /
  130 Ctrl-C で中断`,
  'help.init': `使い方: seikyu init --name 名前 --code 医療機関コード [--area east|west]
         [--connection 接続方式] [--carrier 事業者] [--terminal 名前[:claims,oqs]]…

施設情報を登録して、導入手続きを始めます。
  --name NAME          医療機関名
  --code CODE          医療機関コード（10桁。検証番号も確認します）
  --area east|west     NTT 東日本 / 西日本（省略すると医療機関コードの都道府県から決めます）
  --connection TYPE    ipv6-ipvpn（既定の推奨）/ ipv4-ipvpn（PPPoE）/ ipsec-ike
  --carrier NAME       回線事業者: ntt（既定）/ ctc / qtnet / IPsec+IKE 事業者の名前
  --terminal NAME[:ROLES]
                       端末（繰り返し指定可）。ROLES は claims, oqs をカンマ区切りで。
                       省略時は「端末1」1台で両方の役割。`,
  'help.status': `使い方: seikyu status [--json] [--terminal NAME]

すべての手順の状態と、その理由を表示します。前提待ちの手順は、根本の原因（待っている書類や、先に行う手順）まで示します。
  --json            機械可読の JSON で出力する（facility, progress, steps[]）
  --terminal NAME   その端末の手順と、施設で1回の手順だけを表示する`,
  'help.next': `使い方: seikyu next [--json]

いま実施できること、遅れていて問い合わせが必要なもの、届くのを待っているものを表示します。`,
  'help.show': `使い方: seikyu show 手順ID [--terminal NAME] [--windows]

手順の説明、状態とその理由（前提の連なり）、記録する項目と記録のしかた、これが済むと進めるもの、問い合わせ先と受付中かどうか、リンク、この手順の記録を表示します。
  --windows   net-config の値を設定する Windows のコマンドを表示する（実行はしません）`,
  'help.done': `使い方: seikyu done 手順ID [--terminal NAME] [--at YYYY-MM-DD] [--note TEXT] [--confirmed] [項目=値…]

手順の完了、または届いたもの（書類・ID）を記録します。
  --terminal NAME   端末ごとの手順で、どの端末かを指定する（端末が1台なら省略可）
  --at YYYY-MM-DD   実際に行った日・届いた日（既定: 今日）
  --note TEXT       メモ。確認のある手順（setup-manual、client-cert、net-config など）は、
                    --note なしではプログラムが確認して記録し、--note ありでは「手で確認した」
                    記録になります（別のパソコンで確認したときなど。確認した方法を書きます）
  --confirmed       手順の確認事項（パスワード変更など）を確認済みとする
  項目=値           入力項目（例: requestId=R123456）。秘密の値（★）は引数では受け付けず、
                    標準入力から「項目=値」の行で読みます（端末では伏せ字で尋ねます）。`,
  'help.check': `使い方: seikyu check [手順ID…] [--terminal NAME] [--json]

このパソコンを確認します（ファイル、ルート証明書、電子証明書、DNS とプロキシ、閉域網、カードリーダー）。
結果は記録され、合格した確認の手順は「プログラムが確認済み」として完了します。パソコンの設定は変更しません。
手順IDを省略すると、いま行える確認をすべて行います（完了済みの手順も確認し直しますが、記録は変えません）。
  ✓ 確認済み  ✗ 問題あり（見たものと対処を表示）  ! このパソコンでは確認できない  - まだ確認しない
  --terminal NAME   このパソコンがどの端末か（端末が1台なら省略可）
  --json            機械可読の JSON で出力する（results[], summary）
終了コード: すべて合格なら 0、問題が1件でもあれば 4。`,
  'help.expect': `使い方: seikyu expect 手順ID --by YYYY-MM-DD [--terminal NAME] [--note TEXT]

先方から伝えられた到着予定日を記録します。待ちの目安の代わりにこの日付で遅延を判断します。`,
  'help.undo': `使い方: seikyu undo [記録番号] [--yes]

記録を取り消します（番号を省略すると最後の記録）。履歴は書き換えず、取り消しの記録を追加します。
番号を省略したときは、端末では取り消す記録を示して確認します（端末以外からはそのまま取り消します）。
  --yes   確認せずに取り消す`,
  'help.reveal': `使い方: seikyu reveal 手順ID 項目 [--terminal NAME]

記録した秘密の値（★: パスワード、リファレンスID）を表示します。パスフレーズを尋ねます（SEIKYU_PASSPHRASE でも指定できます）。
値だけを1行で標準出力に書くので、\`seikyu reveal cert-letter referenceId | clip\` のようにコピーにも使えます。
表示したこと（誰が・いつ・どの項目か。値は含みません）は履歴に記録されます。
  --terminal NAME   端末ごとの手順で、どの端末かを指定する（端末が1台なら省略可）`,
  'help.history': `使い方: seikyu history [--json]

記録の一覧を表示します。秘密の値は表示しません。`,
  'help.profile': `使い方:
  seikyu profile show [--json]
  seikyu profile add-terminal 名前[:claims,oqs]
  seikyu profile set-roles 名前:claims,oqs
  seikyu profile remove-terminal 名前 [--confirmed]
  seikyu profile set [--name 名前] [--connection 接続方式] [--carrier 事業者] [--area east|west]
                    [--proxy ホスト:ポート] [--proxy-bypass 一覧]

施設情報を表示・変更します。変更は記録として残り、対象外になった手順は「対象外」と表示されます。`,
} as const;

export type MessageKey = keyof typeof ja;
