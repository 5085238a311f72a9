import type { ReactNode } from 'react';
import { useLogDetail } from '../../api/logs';
import { CopyButton } from '../../components/CopyButton';
import { Dialog } from '../../components/Dialog';
import { Badge, QueryStates } from '../../components/States';
import { formatDateTime, formatInteger, formatMs, formatUsd, NOT_AVAILABLE } from '../../format';
import { statusTone } from './log-filters';

function Body({ title, value }: { title: string; value: unknown }) {
  const text = JSON.stringify(value, null, 2);
  return (
    <figure className="code-block">
      <figcaption>
        {title}
        <CopyButton text={text} label={`Copy ${title.toLowerCase()}`} />
      </figcaption>
      <pre className="log-body">{text}</pre>
    </figure>
  );
}

/** Everything stored about one request: the row of the Logs page opened up. */
export function LogDetailDialog({
  id,
  onClose,
  onFilter,
}: {
  id: string;
  onClose: () => void;
  /** Narrows the Logs page to this request's session. */
  onFilter: (filter: { session_id: string }) => void;
}) {
  const detail = useLogDetail(id);
  return (
    <Dialog title="Request details" size="large" onClose={onClose}>
      <QueryStates query={detail} loadingLabel="Loading the request…">
        {(log) => {
          const cachedInput = log.cached_tokens;
          const facts: [string, ReactNode][] = [
            ['Time', formatDateTime(log.created_at)],
            ['Request id', <code key="request">{log.request_id ?? NOT_AVAILABLE}</code>],
            [
              'Session id',
              log.session_id ? (
                <span key="session">
                  <code>{log.session_id}</code>{' '}
                  <button
                    type="button"
                    className="button button-ghost button-small"
                    onClick={() => onFilter({ session_id: log.session_id! })}
                  >
                    Show this session
                  </button>
                </span>
              ) : (
                NOT_AVAILABLE
              ),
            ],
            [
              'Key',
              log.key_name ??
                (log.key_prefix
                  ? `${log.key_prefix}… (no such key)`
                  : log.key_id
                    ? log.key_id
                    : 'master key'),
            ],
            ['Alias asked for', <code key="alias">{log.alias ?? NOT_AVAILABLE}</code>],
            [
              'Answered by',
              log.provider
                ? `${log.provider} · ${log.upstream_model ?? NOT_AVAILABLE}`
                : 'no provider (refused)',
            ],
            [
              'Ingress',
              `${log.ingress === 'anthropic' ? 'Anthropic Messages' : 'OpenAI Chat Completions'}${log.streamed ? ', streamed' : ''}`,
            ],
            ['Latency', formatMs(log.latency_ms)],
            ['Time to first byte', formatMs(log.ttfb_ms)],
            [
              'Input tokens',
              `${formatInteger(log.input_tokens)} (${formatInteger(cachedInput)} read from cache, ${formatInteger(log.input_tokens - cachedInput)} not)`,
            ],
            ['Output tokens', formatInteger(log.output_tokens)],
            ['Cost', formatUsd(log.cost_usd)],
          ];
          return (
            <div className="log-detail">
              <p>
                <Badge tone={statusTone(log.status)}>{log.status}</Badge>{' '}
                {log.error_type && <strong>{log.error_type}</strong>}
              </p>
              {log.error_message && (
                <p className="log-error-full" role="note">
                  {log.error_message}
                </p>
              )}
              <dl className="facts">
                {facts.map(([label, value]) => (
                  <div key={label} className="fact">
                    <dt>{label}</dt>
                    <dd>{value}</dd>
                  </div>
                ))}
              </dl>
              <h3 className="section-title">Targets tried</h3>
              {log.attempt_log && log.attempt_log.length > 0 ? (
                <table className="table">
                  <thead>
                    <tr>
                      <th scope="col">#</th>
                      <th scope="col">Provider · model</th>
                      <th scope="col">Outcome</th>
                      <th scope="col" className="numeric">
                        Tries
                      </th>
                      <th scope="col" className="numeric">
                        Time
                      </th>
                    </tr>
                  </thead>
                  <tbody>
                    {log.attempt_log.map((attempt, index) => (
                      // Order is the identity here: the same target may be tried twice.
                      // biome-ignore lint/suspicious/noArrayIndexKey: see above
                      <tr key={index}>
                        <td>{index + 1}</td>
                        <td className="mono">
                          {attempt.provider} · {attempt.model}
                        </td>
                        <td>
                          <Badge tone={attempt.status ? statusTone(attempt.status) : 'danger'}>
                            {attempt.status || 'no answer'}
                          </Badge>
                          {attempt.error && <div className="cell-sub">{attempt.error}</div>}
                        </td>
                        <td className="numeric">{attempt.tries}</td>
                        <td className="numeric">{formatMs(attempt.ms)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              ) : (
                <p className="muted">
                  {log.provider
                    ? `${log.attempts} upstream request(s).`
                    : 'None: the gateway answered by itself.'}
                </p>
              )}
              <h3 className="section-title">Bodies</h3>
              {log.request_body === null && log.response_body === null ? (
                <p className="muted">Not kept: turn on log_bodies to keep prompts and answers.</p>
              ) : (
                <>
                  {log.request_body !== null && <Body title="Request" value={log.request_body} />}
                  {log.response_body !== null && <Body title="Response" value={log.response_body} />}
                </>
              )}
            </div>
          );
        }}
      </QueryStates>
    </Dialog>
  );
}
