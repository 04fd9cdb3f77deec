import type { MessageKey } from './ja.js';
import { checkEn } from './checks/index.js';
import * as forecast from './forecast.js';
import * as handoff from './handoff.js';
import * as report from './report.js';

/** The English message catalog, the second language (`--lang en`, SEIKYU_LANG=en). */
export const en: Record<MessageKey, string> = {
  ...checkEn,
  ...forecast.en,
  ...handoff.en,
  ...report.en,
  'status.done': 'done',
  'status.ready': 'ready',
  'status.blocked': 'blocked',
  'status.waiting': 'waiting',
  'status.overdue': 'overdue',
  'status.failed': 'failed',
  'status.skipped': 'skipped',

  'track.common': 'Common',
  'track.oqs': 'Online eligibility (applications)',
  'track.certificate': 'Client certificate',
  'track.claims': 'Online billing (applications)',
  'track.network': 'Terminal network and certificate',
  'track.terminal-claims': 'Online billing (terminal)',
  'track.terminal-oqs': 'Online eligibility (terminal)',

  'step.onTerminal': '{title} [{terminal}]',
  'list.separator': '; ',
  'list.or': ' or ',

  'reason.done': 'done on {date}',
  'reason.doneVerified': 'done on {date} (verified by the program)',
  'reason.doneByHand': 'done on {date} (checked by hand)',
  'reason.ready': 'can be done now',
  'reason.deadline': '(deadline {date}, {days|# day|# days} left)',
  'reason.deadlinePassed': '(deadline {date} passed {days|# day|# days} ago. {what})',
  'reason.waiting': 'day {elapsed} / usually {range} (expected by {by}){estimate}',
  'reason.waitingGiven': '{elapsed|# day|# days} so far / expected by {by} (date given)',
  'reason.windowDays': '{min}–{max} days',
  'reason.windowMonthly': 'filed by day {cutoff} of a month, arrives by day {due} of the next',
  'reason.estimate': '',
  'reason.overdue': 'late by {late|# day|# days} (expected {by}). ',
  'reason.callContact': 'Call {name} ({phone}).',
  'reason.failed': 'the check failed: {detail} ',
  'reason.failedFix': 'To fix: {fix}',
  'reason.more': ' and {count} more',

  'cause.waiting': 'waiting for {label} (requested {since}, expected by {by})',
  'cause.wait.delivery': 'waiting for {label} (ordered {since}, delivery expected by {by})',
  'cause.wait.registration': 'waiting for {label} (applied {since}, expected to complete by {by})',
  'cause.wait.approval': 'waiting for {label} (applied {since}, approval expected by {by})',
  'cause.wait.download': 'waiting for {label} (applied {since}, expected to be available by {by})',
  'cause.overdue': '{label} is late (expected {by})',
  'reason.deadlineEstimate': '(deadline {date}, estimated from the application date as the notice\'s date is not recorded; {days|# day|# days} left)',
  'reason.renewalValid': 'the certificate is valid until {date} ({days|# day|# days} left); it can be renewed from {warn|# day|# days} before',
  'reason.renewalDue': 'the certificate expires on {date}, in {days|# day|# days}: renew it (¥1,500 per certificate)',
  'reason.renewalDaily': 'the certificate expires on {date}, in {days|# day|# days}: renew it now (¥1,500 per certificate)',
  'reason.renewalPassed': 'the certificate expired on {date}, {days|# day|# days} ago. {what}',
  'err.outsideWindow': '"{title}" can only be done from the 5th to the end of each month, 8:00–21:00 Japan time; it opens next on {date} at {time}.',
  'cli.next.optional': 'Optional (when you need them)',
  'cli.next.claimWindow': 'Next claim window: {from}–{to} (8:00–21:00 on the 5th–7th, 8:00–24:00 on the 8th–10th, weekends and holidays included)',
  'cli.next.firstClaimWindow': 'First claim window: {from}–{to} (8:00–21:00 on the 5th–7th, 8:00–24:00 on the 8th–10th, weekends and holidays included)',
  'cli.ready': 'Ready: online billing and online eligibility checks are fully set up.',
  'cli.next.afterOnboarding': 'What follows',
  'cause.failed': 'the check of "{title}" failed',
  'cause.todo': '"{title}" is not done',

  'cli.header': '{name} (medical institution code {code})  progress {done}/{total}',
  'cli.show.record': 'To record it',
  'cli.show.checked': '(the program checks this PC and, if it passes, records it as verified; to check only: seikyu check)',
  'cli.show.byHand': 'Checked by hand (on another PC, say): {command}',
  'cli.show.secrets': 'Secret inputs ({keys}) are asked with hidden input on a terminal; from a script, give them as key=value lines on standard input.',
  'cli.next.showHint': 'Run `seikyu show STEP` for what a step is, what to record and whom to call.',
  'cli.next.chase': 'Put right or chase first',
  'cli.next.ready': 'Can be done now',
  'cli.next.waiting': 'Waiting for',
  'cli.next.nothing': 'Nothing can be done right now.',
  'cli.next.allDone': 'Every step is done.',
  'cli.next.deadlineSoon': 'Deadlines soon',
  'cli.check.fix': 'To fix:',
  'cli.check.recordedPassed': 'Recorded as verified (#{id}).',
  'cli.check.recordedFailed': 'Recorded as a failed check (#{id}).',
  'cli.check.notRecorded': 'Not recorded: {why}',
  'cli.check.blocked': 'not checked yet (blocked: {reason})',
  'cli.check.header': 'Checks for {name}',
  'cli.check.headerTerminal': 'Checks for {name}, {terminal}',
  'cli.check.whichTerminal': 'Name the PC this is with --terminal to run its own checks too ({terminals}).',
  'cli.check.none': 'No check could run.',
  'cli.check.allPassed': 'No issues found ({passed} verified, {cannot} cannot be checked here).',
  'cli.check.summary': '{failed|# check|# checks} found a problem ({passed} verified, {cannot} cannot be checked here).',
  'check.note.typo': 'A typing mistake is not recorded as a failure.',
  'check.note.stillDone': 'The record of it done (#{id}, {date}) stands.',
  'check.note.doneStands': 'The record of it done (#{id}, {date}) stands. If this PC has changed, put it right and check again.',
  'check.note.sameFailure': 'The same failure is already on record (#{id}, {date}).',
  'check.note.unnamed': 'A run over every check records only what passed. To record this failure, run seikyu check {step}.',
  'cli.check.needsInput': 'the “{labels}” it reads is not recorded yet: give it with seikyu done {step} to check and record it',
  'cli.check.byHand': 'checked by hand ({date}); to check it on this PC, run seikyu check {step}',
  'cli.check.nothingChecked': 'Nothing could be checked (cannot be checked here: {cannot}).',
  'cli.check.running': 'Checking: {title}',
  'cli.done.verified': 'Checked "{title}" and recorded it as done (#{id}, {date}, verified by the program).',
  'err.check.failed': '{count|# check|# checks} failed.',
  'err.check.noCheck': '"{title}" ({step}) has no check this program runs.',
  'err.check.noCheckNote': 'This program cannot check "{title}". Check it by hand and record how with --note.',
  'err.check.doneFailed': 'The check of "{title}" found a problem, so it is not recorded as done. Fix it, then run seikyu done {step} again.',
  'err.check.doneCannotRun': '"{title}" cannot be checked on this PC, so nothing was recorded. If you checked it by hand (on another PC, say), record it with seikyu done {step} --note "how it was checked".',
  'cli.done.recorded': 'Recorded "{title}" (#{id}, {date}).',
  'cli.done.unblocked': 'Now ready:',
  'cli.done.milestone': '"{title}" is done too.',
  'cli.expect.recorded': 'Recorded {date} as the expected date of "{title}" (#{id}).',
  'cli.undo.recorded': 'Undid #{target} ({what}) (#{id}).',
  'cli.init.created': 'Started the onboarding of "{name}". Saved in: {path}',
  'cli.init.nextHint': 'Run `seikyu next` to see what you can do now.',
  'cli.profile.changed': 'Changed the facility profile (#{id}: {change}).',
  'cli.history.empty': 'Nothing recorded yet.',
  'cli.history.undoneBy': ' (undone by #{id})',
  'cli.history.recorded': ' (recorded {date})',
  'cli.history.note': '"{note}"',
  'cli.history.ignored': ' (not applicable under the current profile)',
  'cli.secret.masked': '***',
  'cli.terminal.roles': '{name} ({roles})',
  'cli.defaultTerminal': 'PC1',
  'cli.role.claims': 'online billing',
  'cli.role.oqs': 'online eligibility',
  'cli.profile.show':
    'Name: {name}\nMedical institution code: {code}\nCarrier: {carrier}\nNTT area: {area}\nConnection: {connection}\nTerminals: {terminals}',
  'cli.area.east': 'East',
  'cli.area.west': 'West',
  'cli.area.none': '-',
  'cli.blockedBy': 'needs: {needs}',
  'cli.oneOf': 'one of {a}',

  'history.profile-created': 'profile created',
  'history.profile-changed': 'profile changed',
  'history.step-done': 'done',
  'history.check-passed': 'verified by its check',
  'history.check-failed': 'check failed',
  'history.expected': 'expected date',
  'history.undone': 'undo',
  'history.secret-revealed': 'secret shown',
  'change.terminal-added': 'terminal "{terminal}" added',
  'change.terminal-removed': 'terminal "{terminal}" removed',
  'change.terminal-roles': 'roles of terminal "{terminal}" changed',
  'change.fields': '{fields} changed',
  'field.name': 'name',
  'field.connection': 'connection',
  'field.carrier': 'carrier',
  'field.proxy': 'proxy',
  'field.proxyBypass': 'proxy bypass list',
  'field.area': 'area',

  'prompt.passphrase': 'Passphrase (not shown): ',
  'prompt.newPassphrase': 'Secrets (passwords, IDs) are stored encrypted. Choose a passphrase (8 characters or more): ',
  'prompt.repeatPassphrase': 'Repeat it: ',
  'prompt.input': '{label}\n  {hint}\n> ',
  'prompt.inputOptional': '{label} (optional: leave empty to skip)\n  {hint}\n> ',
  'prompt.secretInput': '{label} (not shown): ',
  'prompt.confirm': 'Confirm: {item}\n  Is this done? [y/N]: ',
  'prompt.undo': 'Record to undo: {line}\n  Undo this record? [y/N]: ',
  'prompt.roles': 'Roles of terminal "{name}" (claims, oqs, or claims,oqs): ',

  'err.usage.unknownCommand': 'There is no command "{command}". Run `seikyu --help` for the list.',
  'err.usage.unknownOption': '{command}: there is no option {option}. Run `seikyu {command} --help` for its usage.',
  'err.usage.globalOptionValue': 'The option {option} needs a value.',
  'err.usage.optionValue': '{command}: the option {option} needs a value.',
  'err.usage.optionNoValue': '{command}: the option {option} takes no value.',
  'err.usage.main.unknownOption': 'There is no option {option}. Run `seikyu --help` for the usage.',
  'err.usage.main.optionNoValue': 'The option {option} takes no value.',
  'err.usage.main.unexpectedArgument': 'Unexpected argument "{arg}". Run `seikyu --help` for the usage.',
  'err.usage.unexpectedArgument': '{command}: unexpected argument "{arg}". Run `seikyu {command} --help` for its usage.',
  'err.usage.missingOption': '{command}: give {option}.',
  'err.usage.missingStep': '{command}: give a step id (for example: seikyu {command} cert-letter).',
  'err.usage.badChoice': '{option} must be one of {choices} (not "{value}").',
  'err.usage.badNow': 'The environment variable SEIKYU_NOW must be a date from the year 1000 to 9998, written YYYY-MM-DD (2026-11-24) or YYYY-MM-DDTHH:MM (2026-11-24T09:00+09:00), not "{value}".',
  'err.usage.lang': 'The language must be ja or en (not "{value}").',
  'err.usage.profileSub': 'After profile, give one of show, add-terminal, set-roles, remove-terminal, set.',
  'err.unknownStep': 'There is no step "{step}". {suggestion}Run `seikyu status` to see the step ids.',
  'err.suggestion': 'Did you mean "{id}"? ',
  'err.notInitialized': 'No facility is registered yet (data folder: {path}). Start with `seikyu init`.',
  'err.alreadyInitialized': 'This data folder already holds the onboarding of "{name}" ({path}).',
  'err.terminalRequired': '"{title}" is done per terminal: give --terminal ({terminals}).',
  'err.unknownTerminal': 'There is no terminal "{terminal}" (registered: {terminals}).',
  'err.stepNotForTerminal': '"{title}" is not done on terminal "{terminal}" (its roles: {roles}).',
  'err.facilityStep': '"{title}" is done once for the facility: --terminal does not apply.',
  'err.blocked': '"{title}" cannot be done yet: {reason}',
  'err.alreadyDone': '"{title}" was done on {date} (#{id}). To correct it, run `seikyu undo {id}` and record it again.',
  'err.skipped': '"{title}" does not apply to this facility: {reason}',
  'err.milestone': '"{title}" completes by itself when every step it needs is done.',
  'err.facilityProfileStep': 'The facility profile is entered with `seikyu init` and changed with `seikyu profile`.',
  'err.input.unknown': '"{title}" has no input "{key}" (its inputs: {keys}).',
  'err.input.none': '"{title}" takes no inputs ("{key}" is not one).',
  'err.input.secretArgument': '{label} ({key}) is a secret, so it is not accepted as an argument (arguments stay in shell history and process lists). Give it on standard input as a "{key}=value" line, or run on a terminal to be asked.',
  'err.input.invalid': '{label} ({key}) is not in the expected format. {hint}',
  'err.input.missing': '{label} ({key}) is missing. {hint}',
  'err.input.missingSecret': '{label} ({key}) is missing. Give it on standard input as a "{key}=value" line.',
  'err.input.notApplicable': '{label} ({key}) is not used with this facility\'s connection type.',
  'err.input.twice': 'The input "{key}" is given twice.',
  'err.input.badArgument': '"{arg}" is not of the form key=value.',
  'err.input.badArgumentHidden': 'An argument of "{title}" is not of the form key=value (this step takes a secret, so what was typed is not shown). Its inputs: {keys}',
  'err.input.unknownHidden': 'An input that "{title}" does not have was given (this step takes a secret, so what was typed is not shown). Its inputs: {keys}',
  'err.input.badStdinLine': 'Line {line} of standard input is not of the form key=value.',
  'err.input.futureDate': '{label} ({key}): {value} is in the future.',
  'err.input.dateBeforeNeeds': '{label} ({key}): {value} is before "{title}", which it needs, was done ({date}).',
  'err.input.isFolder': '{label} ({key}): "{path}" is a folder; give a file.',
  'err.input.isFile': '{label} ({key}): "{path}" is a file; give a folder.',
  'err.input.noFile': '{label} ({key}): there is no file "{path}".',
  'err.input.noFolder': '{label} ({key}): there is no folder "{path}".',
  'err.checkNeedsNote': '"{title}" is a step whose result must be checked. It has no automatic check yet: say how you checked it with --note.',
  'err.notCheck': '"{title}" is not a check step: a failed check cannot be recorded for it.',
  'err.machineRefused': '"{title}" cannot be recorded in the current state.',
  'err.input.control': '{field} contains control characters (an escape, a line break…). Remove them and enter it again.',
  'err.input.secretPlain': '{label} ({key}) is a secret: it cannot be saved without encryption.',
  'err.profile.missing': 'The facility profile is missing.',
  'err.confirmNeeded': 'To mark "{title}" done, confirm: {items}. If you have, run again with --confirmed.',
  'err.confirmDeclined': 'Not confirmed, so nothing was recorded.',
  'err.date.format': 'The date "{value}" must be a real date written YYYY-MM-DD.',
  'err.date.future': '{value} is in the future: give the day it really happened.',
  'err.date.beforeNeeds': '{value} is before "{title}", which it needs, was done ({date}). If that date is wrong, take it back with `seikyu undo` and record it again with --at and the real date.',
  'err.expect.notWait': '"{title}" does not wait for an outside party, so it has no expected date.',
  'err.expect.done': '"{title}" is already done.',
  'err.expect.past': 'The expected date {value} is before today.',
  'err.undo.nothing': 'There is nothing to undo.',
  'err.undo.unknown': 'There is no record #{id}.',
  'err.undo.badId': 'Cannot read the record number "{value}" (for example: 12 or #12).',
  'err.undo.already': '#{id} is already undone (#{by}).',
  'err.undo.undo': '#{id} is itself an undo and cannot be undone: record the step again.',
  'err.undo.profileCreated': 'The first registration of the facility (#{id}) cannot be undone. Correct the profile with `seikyu profile set`.',
  'err.undo.laterProfile': 'The profile was changed again after #{id} (#{later}): undo the later change first.',
  'err.undo.dependents': 'Undoing #{id} would take away a need of "{titles}", done later. Undo those first.',
  'err.undo.reveal': 'Record #{id} says a secret was shown: it cannot be undone.',
  'err.undo.declined': 'Nothing was undone.',
  'err.reveal.notSecret': '{label} ({key}) is not a secret: `{command}` shows its value.',
  'err.reveal.noRecord': '"{title}" is not recorded yet, so there is no {label} ({key}).',
  'err.reveal.notRecorded': 'The record of "{title}" holds no {label} ({key}).',
  'err.reveal.missingKey': 'reveal: name the input to show (for example: seikyu reveal cert-letter referenceId).',
  'err.store.locked': 'The data is in use by another seikyu ({command}, PID {pid}, {user}@{host}, since {since}). Try again when it has finished.',
  'err.store.lockedUnknown': 'The data {path} is in use by another seikyu. Try again when it has finished.',
  'err.store.corrupt': 'Cannot read the saved data {path} ({detail}). It was left unchanged. A backup of the previous state is {backup}: copy it over to restore.',
  'err.store.corruptNoBackup': 'Cannot read the saved data {path} ({detail}). It was left unchanged.',
  'err.store.missingWithBackup': 'The saved data {path} is missing, but its backup {backup} is there. So that no records are lost, copy the backup to {path}, then run again.',
  'err.store.tooNew': 'The saved data {path} was written by a newer version of seikyu. Update seikyu.',
  'err.store.unreadable': 'Cannot read or write the saved data {path} ({detail}).',
  'err.store.conflict': 'Another seikyu changed the saved data {path} while this command ran, so nothing was saved. Run the command again.',
  'err.store.symlink': 'The saved data {path} is a symbolic link, which seikyu does not follow. Move the file it points to into its place, then run again.',
  'err.store.directory': '{path} is a folder, but seikyu keeps its data in a file there. Rename or move the folder, then run again.',
  'err.store.special': 'The saved data {path} is not a regular file (a named pipe or another special file). Move or delete it, then run again.',
  'log.duplicate-id': 'record #{id} appears twice',
  'log.out-of-order': 'record #{id} comes after #{after}',
  'log.not-first': 'record #{id}: the first record registers the facility, and only the first',
  'log.no-profile': 'record #{id} has no facility profile',
  'log.unknown-step': 'record #{id} names a step "{step}" that the procedure does not have',
  'log.bad-date': 'the {field} "{value}" of record #{id} is not a real date',
  'log.missing-field': 'record #{id} has no {field}',
  'log.undo-target': 'record #{id} undoes #{target}, which does not exist',
  'err.secret.noPassphrase': 'Secrets need the passphrase: set SEIKYU_PASSPHRASE, or run on a terminal.',
  'err.secret.wrongPassphrase': 'Wrong passphrase.',
  'err.secret.mismatch': 'The two passphrases differ. Nothing was saved.',
  'err.secret.tooShort': 'The passphrase must have 8 characters or more.',
  'err.secret.corrupt': 'An encrypted value is damaged (the saved data may have been altered).',
  'err.procedure': 'The procedure data {file} is broken: {detail}',
  'err.internal': 'Unexpected error ({message}). Run with SEIKYU_DEBUG=1 for details.',
  'err.interrupted': 'Interrupted. Nothing was saved.',
  'err.profile.terminalSpec': 'Cannot read the terminal "{spec}": write NAME or NAME:claims,oqs.',
  'err.profile.terminalName': 'The terminal name "{name}" cannot be used (1–32 characters, none of . # @ : , =).',
  'err.profile.rolesNeeded': 'Give the roles of terminal "{name}" (for example {name}:claims,oqs).',
  'err.profile.removeHasRecords': 'Terminal "{name}" has {count|# step|# steps} done. Removing it takes that progress out of the state (the records stay in the log). To change only its roles, use `seikyu profile set-roles {name}:claims,oqs`. To remove it anyway, add --confirmed.',
  'err.profile.lastTerminal': 'The last terminal cannot be removed.',
  'err.profile.terminalExists': 'There is already a terminal "{name}".',
  'err.profile.noChange': 'Nothing to change.',
  'err.profile.name': 'Give the name of the facility.',
  'profile.codeFormat': 'The medical institution code "{code}" is not 10 digits.',
  'profile.codePrefecture': 'The prefecture number {prefecture} of the medical institution code "{code}" is not 01–47.',
  'profile.codeTable': 'The fee table digit {table} of the medical institution code "{code}" is none of 1 (medical), 3 (dental), 4 (pharmacy), 6 (home nursing).',
  'profile.codeCheckDigit': 'The check digit (last digit) of the medical institution code "{code}" does not match (it should be {expected}). Check for a typo.',
  'profile.areaRequired': 'On an NTT line, give --area (east or west).',
  'profile.ntt-ipv4-oqs': 'NTT\'s IPv4 IP-VPN (PPPoE) serves online billing only. With a terminal doing online eligibility checks, choose ipv6-ipvpn.',
  'profile.ipv4Carrier': 'A {carrier} line connects with ipv4-ipvpn.',
  'profile.duplicateTerminal': 'The terminal "{terminal}" is given twice.',
  'profile.noTerminal': 'Register at least one terminal.',
  'profile.providerNeedsIpsec': 'The carrier "{carrier}" is none of ntt, ctc, qtnet, so it is taken as an IPsec+IKE provider: give --connection ipsec-ike.',
  'profile.homeNursing': 'Home-visit nursing stations (fee table 6) use the internet-based eligibility check (居宅同意取得型), not the closed-network procedure this program guides.',
  'profile.areaMismatchEast': 'The medical institution code is from prefecture {prefecture} ({prefectureEn}), in NTT East\'s area: the area is east, not west.',
  'profile.areaMismatchWest': 'The medical institution code is from prefecture {prefecture} ({prefectureEn}), in NTT West\'s area: the area is west, not east.',
  'profile.proxy': 'The proxy "{value}" is not HOST:PORT (for example proxy.base.oqs-pdl.org:8080).',
  'profile.proxyBypass': 'The proxy bypass list "{value}" cannot be read: give host names (* allowed) or <local>, separated by ";".',
  'cli.profile.netConfigAgain': 'The values to set have changed: do net-config again on {terminals} (`seikyu show net-config` shows the new values).',
  'cli.profile.proxy': 'Proxy (eligibility-check PCs): {server}\nAddresses reached without the proxy: {bypass}',
  'cli.profile.terminalAdded': 'Each PC needs its own client certificate (¥1,500 incl. tax each): apply with this PC\'s cert-application.',
  'cli.profile.terminalRemoved': 'A client certificate belongs to its PC: a PC that replaces it needs its own certificate (¥1,500 incl. tax).',
  'cli.profile.changePc':
    'When the PC used for online billing changes, the user settings letter (オンライン請求ユーザ設定情報) and the certificate are needed again: keep the letters.',
  'cli.net.adapter': '<adapter name>',
  'cli.net.windowsHead':
    '# Windows commands that set the net-config values of {terminal} (seikyu never runs them). In a PowerShell opened as administrator, replace {adapter} with the name of the adapter to the closed network (Get-NetAdapter lists them), then run them.',
  'cli.net.windowsDns': '# IPv6 DNS servers (NTT {area})',
  'cli.net.windowsWininet': '# Proxy: this user\'s Internet Settings (used by browsers and applications)',
  'cli.net.windowsWinhttp': '# Proxy: WinHTTP (used by Windows services)',
  'cli.net.windowsOff': '# To use the general internet, turn the proxy off: ProxyEnable to 0, and netsh winhttp reset proxy',
  'cli.net.windowsNothing': '# net-config sets nothing on {terminal} (for DNS, follow the carrier\'s or provider\'s instructions).',
  'err.usage.windowsNetConfig': '--windows applies to the net-config step only (seikyu show net-config --windows).',
  'ui.detail.values': 'Values to set',
  'ui.values.dnsPreferred': 'Preferred DNS server (IPv6, NTT {area})',
  'ui.values.dnsAlternate': 'Alternate DNS server (IPv6, NTT {area})',
  'ui.values.dnsOther': 'DNS servers',
  'ui.values.dnsOtherValue': 'as the carrier or provider instructs',
  'ui.values.proxy': 'Proxy server',
  'ui.values.bypass': 'Addresses reached without the proxy (";"-separated)',
  'ui.values.proxyDefault':
    'The proxy values are unconfirmed defaults. If your provider gives others, change them with `seikyu profile set --proxy HOST:PORT --proxy-bypass LIST`.',
  'ui.values.proxyOff': 'While the proxy is on, the general internet is not reachable.',
  'ui.values.router':
    'With or without a router (the PC plugged straight into the ONU\'s LAN port, or a router between them), the IPv6 DNS is set by hand on the PC.',
  'ui.values.windowsHint': 'Windows commands: seikyu show net-config --windows',

  'key.up': 'up',
  'key.down': 'down',
  'key.pageUp': 'previous page',
  'key.pageDown': 'next page',
  'key.open': 'open the step',
  'key.back': 'back to the list',
  'key.filter': 'show only what needs action / show all',
  'key.history': 'the records',
  'key.help': 'the keys',
  'key.quit': 'quit (everything is already saved)',
  'key.done': 'mark done / record what arrived',
  'key.expect': 'record the date the outside party gave',
  'key.undo': "undo this step's last record",
  'key.check': 'check this PC for the step and record the result',
  'key.unfold': 'open a done track (Enter on its line too)',
  'key.fold': 'fold a done track to one line (Enter on its heading too)',
  'key.reveal': 'show the recorded secret (hidden at the next key; the reveal is recorded in the history)',

  'ui.progress': '{done}/{total}',
  'ui.next.overdue': 'Late (expected {date}): {what}',
  'ui.next.deadline': 'Deadline {date}: {what}',
  'ui.next.expected': 'Next, by {date}: {what}',
  'ui.filterOn': 'Showing only what needs action (f: show all)',
  'ui.empty': 'No steps.',
  'ui.empty.filtered': 'Nothing needs action now (f: show all).',
  'ui.footer.dashboard': '↑↓ move  Enter open  d done  e date  u undo  f filter  ? help  q quit',
  'ui.footer.detail': 'd done/record  c check  e expected date  u undo  ↑↓ scroll  Esc back  ? help',
  'ui.footer.history': '↑↓ scroll  Esc back  q quit',
  'ui.footer.help': '↑↓ scroll  Esc back  q quit',
  'ui.footer.formBase': 'Enter next/save  ↑↓ field',
  'ui.footer.formChoice': '←→ choose',
  'ui.footer.formConfirm': 'Space confirm',
  'ui.footer.formCancel': 'Esc cancel',
  'ui.footer.form': 'Enter next/save  ↑↓ field  ←→ choose  Space confirm  Esc cancel',

  'ui.detail.expected': 'waiting since {since}, expected by {by}',
  'ui.detail.estimate': 'This window is an estimate from public information. When the other party gives a date, record it with e.',
  'ui.detail.deadline': 'Deadline {date}: {what}',
  'ui.detail.why': 'Why it cannot be done yet',
  'ui.detail.anyOf': 'one of:',
  'ui.detail.unblocks': 'What this opens up',
  'ui.detail.inputs': 'What to record',
  'ui.detail.confirm': 'Confirm before marking it done',
  'ui.detail.check': 'What to check',
  'ui.detail.desk': 'Who to call',
  'ui.detail.links': 'Links',
  'ui.detail.history': 'Records of this step',
  'ui.detail.actions': 'Actions',
  'ui.detail.noHistory': 'Nothing recorded yet.',
  'ui.detail.secretMark': ' (secret, stored encrypted)',
  'ui.detail.optional': ' (optional)',

  'ui.action.done': 'mark done',
  'ui.action.record': 'record what arrived',
  'ui.action.expect': 'record the expected date',
  'ui.action.undo': 'undo the last record',
  'ui.action.check': 'automatic check',
  'ui.disabled.done': 'already done (#{id}); press u to undo it and correct',
  'ui.disabled.blocked': 'not possible yet: {reason}',
  'ui.disabled.skipped': 'does not apply to this facility: {reason}',
  'ui.disabled.milestone': 'completes by itself when everything it needs is done',
  'ui.disabled.profileStep': 'the profile is changed with `seikyu profile`',
  'ui.disabled.notWait': 'this step does not wait for an outside party',
  'ui.disabled.expectDone': 'already done',
  'ui.disabled.noEvent': 'nothing recorded for this step',
  'ui.disabled.noCheck': 'no automatic check yet: check by hand, then press d and say how you checked in the note',

  'ui.input.invalid': '{label}: not in the format described above.',
  'ui.form.at': 'Date done / arrived',
  'ui.form.atHint': 'YYYY-MM-DD (leave as is for today)',
  'ui.form.note': 'Note',
  'ui.form.noteRequired': 'Note (how you checked)',
  'ui.form.confirm': 'Confirm',
  'ui.form.confirmYes': 'confirmed',
  'ui.form.confirmNo': 'not confirmed (Space to confirm)',
  'ui.form.confirmRequired': 'Confirm before saving.',
  'ui.form.required': 'Required.',
  'ui.form.by': 'Expected date',
  'ui.form.byHint': 'the date the outside party gave (YYYY-MM-DD)',
  'ui.form.cancelAgain': 'What you typed is not saved. Press Esc again to cancel (any other key goes back to the form).',
  'ui.form.saving': 'Saving…',
  'ui.form.doneTitle': 'Mark done: {title}',
  'ui.form.recordTitle': 'Record: {title}',
  'ui.form.expectTitle': 'Expected date of {title}',
  'ui.saved.init': 'Saved the facility profile.',
  'ui.saved.done': 'Saved: {title}',
  'ui.saved.expect': 'Saved: expected date of {title}: {date}',
  'ui.undone': 'Saved the undo.',
  'ui.undo.confirm': 'Undo the last record (#{id}) of {title}?',
  'ui.undo.keys': 'y: undo    any other key: keep it',
  'ui.section.attention': 'Needs you',
  'ui.section.now': 'Can be done now',
  'ui.section.waiting': 'Waiting for (soonest first)',
  'ui.row.deadline': 'due {date}: {reason}',
  'ui.row.desk': 'call {phone}, {now}: {name}',
  'ui.track.folded': '{track} ✓ {done}/{total}',
  'ui.next.overdueAll': '{count} overdue: {list}',
  'ui.listSeparator': '; ',
  'ui.outlook.milestones': 'Ready: {list}',
  'ui.outlook.forecast': '{what} by {date}',
  'ui.outlook.done': '{what} ✓ {date}',
  'ui.outlook.firstWindow': 'first claims {from}–{to}',
  'ui.outlook.window': 'next claims {from}–{to}',
  'ui.milestone.claims-ready': 'billing',
  'ui.milestone.oqs-ready': 'eligibility',
  'ui.action.reveal': 'show the secret',
  'ui.disabled.noSecret': 'this step has no secret',
  'ui.detail.revealed': 'shown until the next key',
  'ui.revealed': 'The secret is shown until the next key (the reveal was recorded in the history).',
  'ui.refresh.doneElsewhere': '{title} was recorded by another seikyu meanwhile (Esc leaves this form).',
  'ui.refresh.undoneElsewhere': 'The record of {title} was undone by another seikyu meanwhile.',
  'ui.refresh.gone': 'Another seikyu changed the profile: this step no longer applies, and its form was closed.',

  'ui.passphrase.title': 'Passphrase',
  'ui.passphrase.label': 'Passphrase',
  'ui.passphrase.repeat': 'Repeat',
  'ui.passphrase.new': 'Secrets are stored encrypted. Choose a passphrase (8 characters or more; without it the secrets cannot be read).',
  'ui.passphrase.enter': 'Enter the passphrase of the secrets.',

  'ui.history.title': 'Records ({count})',
  'ui.help.title': 'Keys',
  'ui.help.screen.dashboard': 'List',
  'ui.help.screen.detail': 'Step detail',
  'ui.help.screen.history': 'Records',
  'ui.help.form': 'Forms',

  'ui.desk.open': 'open now (until {until})',
  'ui.desk.closed': 'closed now (opens {date} at {time})',
  'ui.desk.closedUnknown': 'closed now',
  'ui.desk.unknown': 'opening hours not confirmed',
  'ui.desk.noCalendar': 'the holiday calendar does not cover this date: cannot tell whether it is open',
  'ui.desk.unconfirmed': '(hours not confirmed)',

  'ui.wizard.title': 'Facility',
  'ui.wizard.intro': 'First, register the facility. You can change it later with `seikyu profile`.',
  'ui.wizard.name': 'Name',
  'ui.wizard.code': 'Medical institution code',
  'ui.wizard.codeHint': '10 digits (prefecture 2 + fee table 1 + district 2 + number 4 + check digit 1)',
  'ui.wizard.carrier': 'Carrier',
  'ui.wizard.area': 'NTT area',
  'ui.wizard.areaHint': 'Set from the prefecture of the medical institution code (East: 01–15, 19, 20; West: the others).',
  'ui.wizard.connection': 'Connection',
  'ui.wizard.terminals': 'Terminals',
  'ui.wizard.terminalsHint': 'NAME:ROLES separated by spaces; roles claims (billing) and oqs (eligibility). Example: PC1:claims,oqs Reception:oqs',
  'ui.wizard.terminalsBad': 'Write NAME:ROLES with roles claims and/or oqs (for example PC1:claims,oqs).',
  'ui.choice.ntt': 'NTT (FLET\'S or a Hikari Collabo)',
  'ui.choice.ctc': 'Chubu Telecommunications (CTC)',
  'ui.choice.qtnet': 'QTnet',
  'ui.choice.ipv6-ipvpn': 'IPv6 IP-VPN (recommended)',
  'ui.choice.ipv4-ipvpn': 'IPv4 IP-VPN (PPPoE)',
  'ui.choice.ipsec-ike': 'IPsec+IKE (through a provider)',
  'err.notTerminal': 'The interactive screen needs a terminal (TTY). To see the state, run `seikyu status` (or `seikyu status --json` for scripts).',

  'help.main': `seikyu — guides a clinic through the onboarding to online billing and online eligibility checks

Usage: seikyu <command> [options]

Commands:
  (none)     open the interactive screen (on a terminal)
  init       register the facility and start
  status     the state of every step (done, ready, blocked, waiting, overdue…) and why
  next       what can be done now, and what to chase
  show       what a step is, what to record, why it waits, whom to call
  done       record a step as done, or what arrived (a letter, an ID); a step with a check is checked first
  check      check this PC and record the results (files, certificates, network, card reader)
  expect     record the date an outside party gave
  undo       undo a record (the undo is recorded too)
  history    the list of records
  reveal     show a secret that was recorded (a password, an ID); showing it is recorded
  profile    show or change the facility profile (terminals, connection type)
  export     write the handoff bundle (JSON), a report (Markdown, HTML) or the dependency diagram
  import     check a handoff bundle and replace the current state with it (the old records are kept)

Options for every command:
  --data-dir DIR   where the data is kept (default: SEIKYU_HOME, else the per-user data folder)
  --lang ja|en     language (also SEIKYU_LANG)
  --operator NAME  who records (default: SEIKYU_OPERATOR, else the OS user name)
  -h, --help       show usage
  -V, --version    show the version

Exit codes: 0 success / 1 unexpected error / 2 usage / 3 invalid input / 4 not allowed by the procedure or a check found a problem /
  5 not registered or already registered / 6 data unavailable (in use, damaged) / 7 passphrase wrong or missing /
  130 interrupted with Ctrl-C`,
  'help.init': `Usage: seikyu init --name NAME --code CODE [--area east|west]
         [--connection TYPE] [--carrier NAME] [--terminal NAME[:claims,oqs]]…

Registers the facility and starts the onboarding.
  --name NAME          name of the facility
  --code CODE          medical institution code (10 digits; the check digit is verified)
  --area east|west     NTT East / West (by default, from the code's prefecture)
  --connection TYPE    ipv6-ipvpn (recommended default) / ipv4-ipvpn (PPPoE) / ipsec-ike
  --carrier NAME       ntt (default) / ctc / qtnet / the IPsec+IKE provider's name
  --terminal NAME[:ROLES]
                       a terminal (repeatable); ROLES is claims, oqs, comma-separated.
                       Default: one terminal "PC1" with both roles.`,
  'help.status': `Usage: seikyu status [--json] [--terminal NAME]

Shows every step's state and why. A blocked step names its root causes: the letter it waits for, or the step to do first.
  --json            machine-readable JSON (facility, progress, steps[])
  --terminal NAME   only that terminal's steps and the facility's`,
  'help.next': `Usage: seikyu next [--json]

Shows what can be done now, what is late and needs a call, and what is on its way.`,
  'help.show': `Usage: seikyu show STEP [--terminal NAME] [--windows]

Shows what a step is, its state and why (the chain of needs), what to record and how, what it opens up, whom to call and whether they are open now, links, and the step's records.
  --windows   the Windows commands that set net-config's values (printed, never run)`,
  'help.done': `Usage: seikyu done STEP [--terminal NAME] [--at YYYY-MM-DD] [--note TEXT] [--confirmed] [KEY=VALUE…]

Records a step as done, or what arrived (a letter, an ID).
  --terminal NAME   which terminal, for a per-terminal step (optional with one terminal)
  --at YYYY-MM-DD   the day it really happened (default: today)
  --note TEXT       a note. A step with a check (setup-manual, client-cert, net-config…) is checked
                    by the program without --note; with --note it is recorded as checked by hand
                    (on another PC, say: write how it was checked)
  --confirmed       the step's confirmations (passwords changed…) are done
  KEY=VALUE         inputs (for example requestId=R123456). Secrets are never accepted as arguments:
                    they are read as KEY=VALUE lines from standard input (asked hidden on a terminal).`,
  'help.check': `Usage: seikyu check [STEP…] [--terminal NAME] [--json]

Checks this PC (files, root certificate, client certificate, DNS and proxy, the closed network, the card reader).
Results are recorded; a step whose check passes is done, "verified by the program". Nothing on the PC is changed.
Without a step, every check that can run now (done steps are checked again; their records are not changed).
  ✓ verified  ✗ problem (what was seen and what to do)  ! cannot be checked on this PC  - not checked yet
  --terminal NAME   which PC this is (may be left out with one PC)
  --json            machine-readable JSON (results[], summary)
Exit code: 0 when all that ran passed, 4 when one found a problem.`,
  'help.expect': `Usage: seikyu expect STEP --by YYYY-MM-DD [--terminal NAME] [--note TEXT]

Records the date an outside party gave; the wait is judged overdue against it instead of the usual window.`,
  'help.undo': `Usage: seikyu undo [RECORD] [--yes]

Undoes a record (the last one when none is given). History is never rewritten: the undo is a new record.
Without a number, on a terminal, it names the record and asks first (without a terminal it undoes at once).
  --yes   undo without asking`,
  'help.reveal': `Usage: seikyu reveal STEP KEY [--terminal NAME]

Shows a secret that was recorded (★: a password, the reference ID). It asks the passphrase (or reads SEIKYU_PASSPHRASE).
Only the value is written to standard output, on one line, so \`seikyu reveal cert-letter referenceId | clip\` copies it.
Each reveal is recorded in the history (who, when, which input — never the value).
  --terminal NAME   the terminal, for a step done on each terminal (not needed with one terminal)`,
  'help.history': `Usage: seikyu history [--json]

Lists the records. Secret values are never shown.`,
  'help.profile': `Usage:
  seikyu profile show [--json]
  seikyu profile add-terminal NAME[:claims,oqs]
  seikyu profile set-roles NAME:claims,oqs
  seikyu profile remove-terminal NAME [--confirmed]
  seikyu profile set [--name NAME] [--connection TYPE] [--carrier NAME] [--area east|west]
                    [--proxy HOST:PORT] [--proxy-bypass LIST]

Shows or changes the facility profile. Changes are records too; steps that no longer apply show as skipped.`,
};
