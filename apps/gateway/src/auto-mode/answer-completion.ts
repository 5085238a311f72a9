import type { ApiKey, ModelAlias } from '@aurora/db';
import type { AnthropicMessagesRequest } from '@aurora/translate';
import type { Caller } from '../caller.js';
import type { AnswerHooks } from '../providers/answer-hooks.js';
import type { GatewayMetrics } from '../usage/metrics.js';
import { type AutoModeMetrics, checkAnswerToolCalls } from './answer-check.js';
import { type JudgeCallDeps, judgeAsker } from './judge-call.js';

export interface AutoModeSettings {
  /** The judge alias; absent: providers that cannot check say `unsupported`. */
  auto_mode_judge?: string | undefined;
  auto_mode_judge_timeout_ms: number;
}

/** The judge of one request: the key's own, else the alias's it resolved to, else the gateway's. */
export function judgeAliasFor(
  gatewayJudge: string | undefined,
  caller: Caller<ApiKey>,
  alias: Pick<ModelAlias, 'auto_mode_judge'> | undefined,
): string | undefined {
  const keyJudge = caller.kind === 'key' ? caller.key.auto_mode_judge : null;
  return keyJudge ?? alias?.auto_mode_judge ?? gatewayJudge;
}

function metricsOf(metrics: GatewayMetrics): AutoModeMetrics {
  return {
    verdict: (outcome) => metrics.autoModeVerdicts.inc({ outcome }),
    judgeSeconds: (seconds) => metrics.autoModeJudgeDuration.observe(seconds),
    judgeFailed: (reason) => metrics.autoModeJudgeFailures.inc({ reason }),
  };
}

/**
 * The engine's answer-completion hook for a request that asked for auto mode's check: it puts
 * `safeguard_results` into the held end of a translated answer. Anthropic-kind providers answer the
 * check themselves, so the engine never calls it for them.
 */
export function autoModeCompletion(options: {
  settings: AutoModeSettings;
  deps: JudgeCallDeps & { usage: { metrics: GatewayMetrics } };
  caller: Caller<ApiKey>;
  /** The alias the request resolved to, whose own judge comes before the gateway's. */
  alias: ModelAlias | undefined;
  sessionId: string | undefined;
  requestId: string;
  /** The client's request, without its `safeguards`. */
  request: AnthropicMessagesRequest;
  classifierContext: unknown;
  signal: AbortSignal;
}): NonNullable<AnswerHooks['completeAnswer']> {
  const { settings, deps } = options;
  const judgeAlias = judgeAliasFor(settings.auto_mode_judge, options.caller, options.alias);
  const judge = judgeAlias
    ? {
        alias: judgeAlias,
        timeoutMs: settings.auto_mode_judge_timeout_ms,
        ask: judgeAsker(deps, options),
      }
    : undefined;
  return async (ending) => {
    ending.delta.safeguard_results = await checkAnswerToolCalls({
      judge,
      messages: options.request.messages,
      classifierContext: options.classifierContext,
      ending,
      signal: options.signal,
      metrics: metricsOf(deps.usage.metrics),
    });
  };
}
