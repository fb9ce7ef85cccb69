export async function initCommand(_a: readonly string[], _io: import('../io.js').CliIo): Promise<number> {
  return 1
}
