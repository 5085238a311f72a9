import { z } from 'zod';

/**
 * Claude Code's auto mode asks the server to check each tool call of an answer: the request carries
 * `safeguards: [{type: "dangerous_tool_use", classifier_context}]` and the answer must carry
 * `safeguard_results` (in the final `message_delta.delta` of a stream, at the top level of JSON).
 */
export const DANGEROUS_TOOL_USE = 'dangerous_tool_use';

/** The request field; `classifier_context` is the user's paths, rules and git remotes: never log it. */
export const safeguardsSchema = z.array(
  z.looseObject({ type: z.string(), classifier_context: z.unknown().optional() }),
);
export type Safeguards = z.infer<typeof safeguardsSchema>;

/** Why a call got no verdict; Claude Code then does not run it but keeps checking on the server. */
export const unavailableReasonSchema = z.enum(['timeout', 'error', 'truncated', 'input_too_long', 'refused']);
export type UnavailableReason = z.infer<typeof unavailableReasonSchema>;

export const toolUseVerdictSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('evaluated'),
    outcome: z.enum(['not_flagged', 'flagged']),
    explanation: z.string().optional(),
  }),
  z.object({ type: z.literal('unavailable'), reason: unavailableReasonSchema }),
]);
export type ToolUseVerdict = z.infer<typeof toolUseVerdictSchema>;

export const safeguardResultSchema = z.object({
  type: z.literal(DANGEROUS_TOOL_USE),
  status: z.discriminatedUnion('type', [
    z.object({ type: z.literal('available'), tool_uses: z.record(z.string(), toolUseVerdictSchema) }),
    z.object({ type: z.literal('unsupported') }),
  ]),
});
export type SafeguardResult = z.infer<typeof safeguardResultSchema>;

/**
 * The `classifier_context` of the dangerous-tool-use check, when the request asked for it; `null`
 * when it asked without one. `undefined`: the request asked for no check.
 */
export function dangerousToolUseCheck(safeguards: unknown): { classifierContext: unknown } | undefined {
  const parsed = safeguardsSchema.safeParse(safeguards);
  if (!parsed.success) return undefined;
  const check = parsed.data.find((entry) => entry.type === DANGEROUS_TOOL_USE);
  return check ? { classifierContext: check.classifier_context ?? null } : undefined;
}

export function availableResults(toolUses: Record<string, ToolUseVerdict>): SafeguardResult[] {
  return [{ type: DANGEROUS_TOOL_USE, status: { type: 'available', tool_uses: toolUses } }];
}

/** What the gateway answers when it has no judge: Claude Code then falls back as it would without a server check. */
export function unsupportedResults(): SafeguardResult[] {
  return [{ type: DANGEROUS_TOOL_USE, status: { type: 'unsupported' } }];
}
