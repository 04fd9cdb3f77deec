/** Messages of the reader checks (see common.ts for the key scheme). */
export const ja = {
  'check.reader-detected.card-read': 'カードリーダー「{readers}」を確認し、挿さっているカードを読み取りました。',
  'check.reader-detected.no-card': 'カードリーダー「{readers}」を確認しました（カードが挿さっていないため、カードの読み取りは確かめていません）。',
  'check.reader-detected.card-unreadable': 'カードリーダー「{readers}」を確認しましたが、挿さっているカードは読み取れませんでした。',
  'check.reader-detected.card-unknown': 'カードリーダー「{readers}」を確認しました（カードの状態は時間内に分かりませんでした）。',
  'check.reader-detected.listed-without-pcsc': 'カードリーダー「{readers}」がつながっていることを確認しました（PC/SC を使えないため、カードの読み取りは確かめていません）。',

  'check.reader-detected.none': 'このパソコンにつながっているカードリーダーが見つかりません。',
  'check.reader-detected.none.fix':
    'カードリーダーの USB ケーブルをこのパソコンにつなぎ直し、「カードリーダーの導入と設定」で入れたソフト（ドライバー）がインストールされているか確かめてから、もう一度確認してください。',
  'check.reader-detected.troubled': 'カードリーダー（{devices}）はつながっていますが、Windows が問題を報告しているため使えません。',
  'check.reader-detected.troubled.fix':
    'デバイス マネージャーの「スマート カード読み取り装置」で状態を確かめ、カードリーダーのソフト（ドライバー）を入れ直すか、USB ケーブルをつなぎ直してから、もう一度確認してください。',

  'check.reader-detected.no-service': 'PC/SC サービス（pcscd）が動いていないため、カードリーダーを使えません。',
  'check.reader-detected.no-service.fix': 'sudo systemctl start pcscd で起動してから、もう一度確認してください（常に使うときは sudo systemctl enable pcscd.socket も実行します）。',
  'check.reader-detected.no-service-windows':
    'Windows の「Smart Card」サービス（SCardSvr）が動いていないため、カードリーダーを使えません（カードリーダーがつながっていないときも、このサービスは止まります）。',
  'check.reader-detected.no-service-windows.fix':
    'カードリーダーの USB ケーブルをつなぎ直してください（つながると Windows がこのサービスを起動します）。変わらないときは「サービス」（services.msc）で「Smart Card」を開始し、スタートアップの種類を「自動」にしてから、もう一度確認してください。',
  'check.reader-detected.no-service-macos': 'macOS のスマートカードの仕組み（PC/SC）が応答しないため、カードリーダーを使えません。',
  'check.reader-detected.no-service-macos.fix': 'カードリーダーをつなぎ直してください。変わらないときは Mac を再起動してから、もう一度確認してください。',

  'check.reader-detected.unavailable-linux': 'カードリーダーを扱う PC/SC のライブラリを読み込めないため、このパソコンでは確認できません。',
  'check.reader-detected.unavailable-linux.fix':
    'sudo apt install pcscd libpcsclite-dev build-essential python3 を実行してから seikyu を入れ直し、もう一度確認してください（Node.js 24 以降ではこのライブラリを作れないため、Node.js 20 か 22 で動かしてください）。',
  'check.reader-detected.unavailable-macos': 'カードリーダーを扱う PC/SC のライブラリを読み込めないため、このパソコンでは確認できません。',
  'check.reader-detected.unavailable-macos.fix':
    'xcode-select --install でコマンドライン デベロッパ ツールを入れてから seikyu を入れ直し、もう一度確認してください（PC/SC 自体は macOS に含まれています。Node.js 24 以降ではこのライブラリを作れないため、Node.js 20 か 22 で動かしてください）。',
  'check.reader-detected.unavailable-windows': 'PC/SC のライブラリを読み込めず、カードリーダーの一覧も取れないため、このパソコンでは確認できません。',
  'check.reader-detected.unavailable-windows.fix':
    'デバイス マネージャーの「スマート カード読み取り装置」にカードリーダーが表示されることを確かめ、--note にその方法を書いて記録してください。',
  'check.reader-detected.unavailable': 'カードリーダーを扱う PC/SC のライブラリを読み込めないため、このパソコンでは確認できません。',
  'check.reader-detected.unavailable.fix': 'PC/SC のライブラリと開発用ファイル、C++ のビルドツールを入れてから seikyu を入れ直すか、手で確認して --note にその方法を書いて記録してください。',

  'check.reader-detected.error': 'カードリーダーの一覧を読み取れませんでした。',
  'check.reader-detected.error.fix': 'カードリーダーをつなぎ直して、もう一度確認してください。続くときは、パソコンを再起動してから確認してください。',

  'evidence.readers': 'カードリーダー',
  'evidence.atr': 'カードの ATR',
  'evidence.devices': '問題のある装置',
} as const;

export const en: Record<keyof typeof ja, string> = {
  'check.reader-detected.card-read': 'The card reader “{readers}” was found and the inserted card was read.',
  'check.reader-detected.no-card': 'The card reader “{readers}” was found (no card is inserted, so reading a card was not checked).',
  'check.reader-detected.card-unreadable': 'The card reader “{readers}” was found, but the inserted card could not be read.',
  'check.reader-detected.card-unknown': 'The card reader “{readers}” was found (whether a card is inserted was not known in time).',
  'check.reader-detected.listed-without-pcsc': 'The card reader “{readers}” is connected (PC/SC cannot be used here, so reading a card was not checked).',

  'check.reader-detected.none': 'No card reader is connected to this PC.',
  'check.reader-detected.none.fix':
    'Plug the card reader’s USB cable into this PC again, make sure the software (driver) from “Card reader setup” is installed, then check again.',
  'check.reader-detected.troubled': 'A card reader ({devices}) is connected, but Windows reports a problem with it, so it cannot be used.',
  'check.reader-detected.troubled.fix':
    'Look at it under “Smart card readers” in Device Manager, reinstall the card reader’s software (driver) or plug the USB cable in again, then check again.',

  'check.reader-detected.no-service': 'The PC/SC service (pcscd) is not running, so the card reader cannot be used.',
  'check.reader-detected.no-service.fix': 'Start it with sudo systemctl start pcscd, then check again (to keep it available, also run sudo systemctl enable pcscd.socket).',
  'check.reader-detected.no-service-windows':
    'The Windows “Smart Card” service (SCardSvr) is not running, so the card reader cannot be used (Windows also stops it while no card reader is connected).',
  'check.reader-detected.no-service-windows.fix':
    'Plug the card reader’s USB cable in again (Windows starts the service when a reader is connected). If that does not help, start “Smart Card” in Services (services.msc), set its startup type to Automatic, then check again.',
  'check.reader-detected.no-service-macos': 'macOS’s smart card service (PC/SC) does not answer, so the card reader cannot be used.',
  'check.reader-detected.no-service-macos.fix': 'Plug the card reader in again. If that does not help, restart the Mac, then check again.',

  'check.reader-detected.unavailable-linux': 'The PC/SC library for card readers cannot be loaded, so this PC cannot be checked.',
  'check.reader-detected.unavailable-linux.fix': 'Run sudo apt install pcscd libpcsclite-dev build-essential python3, reinstall seikyu, then check again (the library does not build on Node.js 24 and later: run seikyu on Node.js 20 or 22).',
  'check.reader-detected.unavailable-macos': 'The PC/SC library for card readers cannot be loaded, so this PC cannot be checked.',
  'check.reader-detected.unavailable-macos.fix':
    'Install the command line developer tools with xcode-select --install, reinstall seikyu, then check again (PC/SC itself is part of macOS; the library does not build on Node.js 24 and later: run seikyu on Node.js 20 or 22).',
  'check.reader-detected.unavailable-windows': 'The PC/SC library cannot be loaded and the list of card readers cannot be read, so this PC cannot be checked.',
  'check.reader-detected.unavailable-windows.fix': 'Make sure the card reader appears under “Smart card readers” in Device Manager, and record how with --note.',
  'check.reader-detected.unavailable': 'The PC/SC library for card readers cannot be loaded, so this PC cannot be checked.',
  'check.reader-detected.unavailable.fix': 'Install the PC/SC library with its development files and a C++ build toolchain, then reinstall seikyu; or check by hand and record how with --note.',

  'check.reader-detected.error': 'The list of card readers could not be read.',
  'check.reader-detected.error.fix': 'Plug the card reader in again and check again. If it keeps happening, restart the PC and check again.',

  'evidence.readers': 'card readers',
  'evidence.atr': 'card ATR',
  'evidence.devices': 'devices with a problem',
};
