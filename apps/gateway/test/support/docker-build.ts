import { cpSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, posix } from 'node:path';

// Enough of Dockerfile and .dockerignore semantics to replay a build without a Docker engine.

export interface Instruction {
  keyword: string;
  args: string;
}

export interface Stage {
  image: string;
  name: string | undefined;
  instructions: Instruction[];
}

/** Stages in order; continuation lines joined, comments and parser directives dropped. */
export function parseDockerfile(text: string): Stage[] {
  const logical: string[] = [];
  let pending = '';
  for (const line of text.split('\n')) {
    if (!pending && /^\s*#/.test(line)) continue;
    if (/\\\s*$/.test(line)) {
      pending += `${line.replace(/\\\s*$/, '')} `;
      continue;
    }
    const joined = (pending + line).trim();
    pending = '';
    if (joined) logical.push(joined);
  }
  const stages: Stage[] = [];
  for (const line of logical) {
    const [, keyword, args] = /^(\S+)\s*([\s\S]*)$/.exec(line)!;
    if (keyword!.toUpperCase() === 'FROM') {
      const [image, as, name] = args!.split(/\s+/);
      stages.push({ image: image!, name: as?.toUpperCase() === 'AS' ? name : undefined, instructions: [] });
    } else {
      stages.at(-1)!.instructions.push({ keyword: keyword!.toUpperCase(), args: args!.trim() });
    }
  }
  return stages;
}

/** `KEY=value KEY2=value2` (the form this repository's Dockerfile uses). */
export function parseEnv(args: string): Record<string, string> {
  return Object.fromEntries([...args.matchAll(/(\w+)=(\S*)/g)].map(([, key, value]) => [key!, value!]));
}

/** A JSON-array (exec form) argument, as ENTRYPOINT, CMD and HEALTHCHECK CMD take. */
export function execForm(args: string): string[] {
  return JSON.parse(args) as string[];
}

/**
 * .dockerignore: a path is left out when it or one of its parent folders matches the last pattern
 * that decides it (`!` patterns bring paths back); `**` spans folders, `*` and `?` do not.
 */
export function dockerIgnoreFilter(text: string): (path: string) => boolean {
  const rules = text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith('#'))
    .map((line) => {
      const negated = line.startsWith('!');
      const pattern = posix.normalize((negated ? line.slice(1) : line).replace(/^\/+/, ''));
      const source = pattern
        .split(/(\*\*\/?|\*|\?)/)
        .map((part) => {
          if (part === '**/' || part === '**') return '(?:.*/)?';
          if (part === '*') return '[^/]*';
          if (part === '?') return '[^/]';
          return part.replace(/[.+^${}()|[\]\\]/g, '\\$&');
        })
        .join('');
      return { negated, regex: new RegExp(`^${source}$`) };
    });
  return (path) => {
    const parts = path.split('/');
    const candidates = parts.map((_, i) => parts.slice(0, i + 1).join('/'));
    let excluded = false;
    for (const rule of rules) {
      if (candidates.some((candidate) => rule.regex.test(candidate))) excluded = !rule.negated;
    }
    return !excluded;
  };
}

/** Every file of the build context (relative, `/`-separated) that the filter lets through. */
export function contextFiles(root: string, included: (path: string) => boolean): string[] {
  const files: string[] = [];
  const walk = (relative: string) => {
    for (const entry of readdirSync(join(root, relative), { withFileTypes: true })) {
      const path = relative ? `${relative}/${entry.name}` : entry.name;
      // An excluded folder is skipped whole (this repository has no `!` patterns inside one).
      if (!included(path)) continue;
      if (entry.isDirectory()) walk(path);
      else if (entry.isFile()) files.push(path);
    }
  };
  walk('');
  return files;
}

/**
 * `COPY <src>... <dest>` from the build context into `target` (the stage's file system root), with
 * Docker's rules: a folder source copies its contents, `.` is the whole context, a destination
 * ending in `/` (or several sources) is a folder. Returns the copied files; throws when a source
 * is missing from the context, as `docker build` fails.
 */
export function copyFromContext(
  args: string,
  files: readonly string[],
  contextRoot: string,
  target: string,
  workdir: string,
): string[] {
  const tokens = args.split(/\s+/);
  const dest = tokens.pop()!;
  const destDir = posix.resolve(workdir, dest);
  const intoFolder = dest.endsWith('/') || dest === '.' || tokens.length > 1;
  const copied: string[] = [];
  for (const source of tokens) {
    const prefix = source === '.' ? '' : posix.normalize(source).replace(/\/$/, '');
    const matches = files.filter((file) => !prefix || file === prefix || file.startsWith(`${prefix}/`));
    if (matches.length === 0) throw new Error(`COPY ${source}: not in the build context`);
    for (const file of matches) {
      const relative = file === prefix ? posix.basename(file) : file.slice(prefix ? prefix.length + 1 : 0);
      const to = file === prefix && !intoFolder ? destDir : posix.join(destDir, relative);
      mkdirSync(dirname(join(target, to)), { recursive: true });
      cpSync(join(contextRoot, file), join(target, to));
      copied.push(to);
    }
  }
  return copied;
}

/** `COPY --from=<stage> <src> <dest>`: from one replayed stage's root into another's. */
export function copyFromStage(
  args: string,
  stageRoots: Record<string, string>,
  target: string,
  workdir: string,
): void {
  const [, stage, from, dest] = /^--from=(\S+)\s+(\S+)\s+(\S+)$/.exec(args) ?? [];
  if (!stage || !from || !dest || !stageRoots[stage]) throw new Error(`cannot replay COPY ${args}`);
  const source = join(stageRoots[stage], from);
  statSync(source);
  cpSync(source, join(target, posix.resolve(workdir, dest)), { recursive: true });
}

/** Absolute paths of a RUN command moved under the replayed stage's root. */
export function rootedCommand(command: string, root: string): string {
  return command.replace(/(^|\s)(\/[\w.-])/g, `$1${root}$2`);
}
