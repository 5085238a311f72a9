/** Records the path of something the translation left out (for debug logs); a no-op when nobody asks. */
export type DropField = (path: string) => void;

export function dropRecorder(dropped?: string[]): DropField {
  return dropped ? (path) => dropped.push(path) : () => {};
}
