import { matchesAny } from '@aurora/contract';
import { GatewayError } from '../../errors/gateway-error.js';

/**
 * Refuses an auto-mode judge that no alias answers to (by name or glob): every check it was meant
 * to answer would fail closed, and nothing would say why.
 */
export function checkJudgeAlias(judge: string | null | undefined, aliasNames: readonly string[]): void {
  if (!judge || matchesAny(judge, aliasNames)) return;
  throw new GatewayError(
    'invalid_request_error',
    `There is no alias named "${judge}" to judge auto mode's checks: create that alias first, or correct the name`,
    { field: 'auto_mode_judge' },
  );
}
