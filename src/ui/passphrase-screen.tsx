import { Box, Text } from 'ink';
import type { Translate } from '../i18n/index.js';
import { Form } from './form.js';
import { passphraseFields, typedPassphrase } from './form-fields.js';
import type { PassphraseQuestion } from './screen-state.js';
import { wrap } from './text.js';

/**
 * The passphrase, asked over the form whose save needs it (that form stays, with what was typed in it).
 * A new passphrase is typed twice; a mismatch is said here and nothing is saved.
 */
export function PassphraseScreen({ t, columns, question, onAnswer, onMismatch, onCancel }: {
  t: Translate;
  columns: number;
  question: PassphraseQuestion;
  onAnswer: (passphrase: string) => void;
  onMismatch: () => void;
  onCancel: () => void;
}) {
  const error = question.mismatch ? t('err.secret.mismatch') : question.problem;
  return (
    <Box flexDirection="column">
      {wrap(t(question.isNew ? 'ui.passphrase.new' : 'ui.passphrase.enter'), columns - 2).map((line, i) => (
        <Text key={i}>{line}</Text>
      ))}
      <Form
        title={t('ui.passphrase.title')}
        fields={passphraseFields(t, question.isNew)}
        t={t}
        columns={columns}
        busy={false}
        error={error}
        onCancel={onCancel}
        onSubmit={(values) => {
          const passphrase = typedPassphrase(question.isNew, values);
          if (passphrase === null) onMismatch();
          else onAnswer(passphrase);
        }}
      />
    </Box>
  );
}
