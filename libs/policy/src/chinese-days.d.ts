// chinese-days declares `"type": "commonjs"` yet its `module` entry (dist/index.es.js) is ESM, which webpack (the
// Temporal workflow bundler) refuses to parse. libs/policy therefore imports the UMD build, typed as the package.
declare module 'chinese-days/dist/index.min.js' {
  export { getLunarDate, getSolarTermDate } from 'chinese-days';
}
