import type { ModelAlias } from '@aurora/db';

/**
 * An alias marked `supports_tools: false` gets no tool definitions: models that narrate tool calls
 * instead of making them are better told plainly that they have none.
 */
export function offeredTools<R extends { tools?: unknown; tool_choice?: unknown }>(
  alias: ModelAlias | undefined,
  request: R,
  dropped?: string[],
): R {
  if (alias?.supports_tools !== false || request.tools == null) return request;
  dropped?.push('tools (the alias has supports_tools: false)');
  const { tools: _tools, tool_choice: _choice, ...rest } = request;
  return rest as R;
}
