// Copies the files tsc does not emit (the console's page, script and style) into dist/, next to
// the modules that serve them. Part of `npm run build`, so the package ships them.
import { cp } from 'node:fs/promises'

await cp(new URL('../src/console/assets/', import.meta.url), new URL('../dist/console/assets/', import.meta.url), {
  recursive: true,
})
