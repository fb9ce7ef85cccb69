// Imported once by the plugin loader to learn whether this process can load TypeScript natively.
export const typescript: boolean = true
