/**
 * Whether this version of nonebot-ts is on the npm registry. While it is not, a project created
 * from an installed copy gets that copy packed into its `vendor/` folder and depends on the
 * tarball, so the project installs without the registry knowing nonebot-ts. Once the package is
 * published this is the one line that changes: new projects then depend on `^<version>`.
 */
export const PUBLISHED_ON_NPM = false
