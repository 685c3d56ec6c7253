/** The part of fs-native-extensions (no types of its own) that data-dir-lock.ts uses. */
declare module 'fs-native-extensions' {
  /** An exclusive lock on the whole file, or false at once when another open file holds one. */
  export function tryLock(fd: number, options?: { shared?: boolean }): boolean;
  export function unlock(fd: number): void;
}
