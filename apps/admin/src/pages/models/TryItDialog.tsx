import { isGlob } from '@aurora/contract';
import { useMutation } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import type { Alias } from '../../api/aliases';
import { sendTestMessage } from '../../api/messages';
import { Field } from '../../components/Field';
import { FormDialog } from '../../components/FormDialog';
import { Badge } from '../../components/States';
import { formatInteger, formatMs } from '../../format';
import { sampleModelName } from './alias-form';

export function TryItDialog({ alias, onClose }: { alias: Alias; onClose: () => void }) {
  const [model, setModel] = useState(() => (isGlob(alias.name) ? sampleModelName(alias.name) : alias.name));
  const [prompt, setPrompt] = useState('Reply with one short sentence: which model are you?');
  const send = useMutation({ mutationFn: () => sendTestMessage(model.trim(), prompt) });

  function submit(event: FormEvent) {
    event.preventDefault();
    send.mutate();
  }

  return (
    <FormDialog
      title={`Try ${alias.name}`}
      description="Sends one message through this gateway's /v1/messages with the master key, as Claude Code would."
      onClose={onClose}
      onSubmit={submit}
      cancelLabel="Close"
      submitLabel="Send message"
      pendingLabel="Sending…"
      pending={send.isPending}
      after={
        <>
          {send.isError && (
            <div role="alert" className="form-error">
              {send.error.message}
            </div>
          )}
          {send.isSuccess && (
            <section className="result" aria-label="Answer">
              <div className="result-meta">
                <Badge tone="success">{formatMs(send.data.latencyMs)}</Badge>
                {send.data.inputTokens !== undefined && (
                  <Badge>
                    {formatInteger(send.data.inputTokens)} in · {formatInteger(send.data.outputTokens)} out
                  </Badge>
                )}
                {send.data.stopReason && <Badge>{send.data.stopReason}</Badge>}
              </div>
              <p>{send.data.text || <span className="muted">The model answered with no text.</span>}</p>
            </section>
          )}
        </>
      }
    >
      <Field label="Model name sent" hint={isGlob(alias.name) ? 'Any name this glob matches.' : undefined}>
        {(control) => (
          <input
            {...control}
            className="input input-mono"
            value={model}
            onChange={(event) => setModel(event.target.value)}
            spellCheck={false}
          />
        )}
      </Field>
      <Field label="Message">
        {(control) => (
          <input
            {...control}
            className="input"
            value={prompt}
            onChange={(event) => setPrompt(event.target.value)}
          />
        )}
      </Field>
    </FormDialog>
  );
}
