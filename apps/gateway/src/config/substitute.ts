/**
 * `${VAR}` and `${VAR:-default}` substitution over a parsed YAML tree. A string whose variable is
 * unset (and has no default) makes its key absent, so defaults and master-key generation apply
 * instead of an empty string sneaking through.
 */
const placeholder = /\$\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}/g;

const ABSENT = Symbol('absent');

function substituteString(value: string, env: NodeJS.ProcessEnv): string | typeof ABSENT {
  let missing = false;
  const result = value.replace(placeholder, (_, name: string, fallback: string | undefined) => {
    const fromEnv = env[name];
    if (fromEnv !== undefined && fromEnv !== '') return fromEnv;
    if (fallback !== undefined) return fallback;
    missing = true;
    return '';
  });
  return missing ? ABSENT : result;
}

function substituteNode(node: unknown, env: NodeJS.ProcessEnv): unknown {
  if (typeof node === 'string') return substituteString(node, env);
  if (Array.isArray(node)) {
    return node.map((item) => substituteNode(item, env)).filter((item) => item !== ABSENT);
  }
  if (node && typeof node === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(node)) {
      const substituted = substituteNode(value, env);
      if (substituted !== ABSENT) out[key] = substituted;
    }
    return out;
  }
  return node;
}

export function substituteEnv(tree: unknown, env: NodeJS.ProcessEnv): unknown {
  const result = substituteNode(tree, env);
  return result === ABSENT ? undefined : result;
}
