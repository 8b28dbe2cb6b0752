// Preloaded by the start-up test: on exit, prints which packages of interest the process loaded from
// node_modules: heavy ones, and those the CLI's bundle holds (yaml, commander).
const Module = require('node:module');
process.on('exit', () => {
  const loaded = Object.keys(Module._cache);
  const heavy = [
    '/node_modules/cdktf/',
    '/node_modules/@cdktf/provider-aws/',
    '/node_modules/ajv/',
    '/node_modules/handlebars/',
    '/node_modules/handlebars/dist/cjs/handlebars/compiler/',
    '/node_modules/yaml/',
    '/node_modules/commander/',
  ];
  const found = heavy.filter((h) => loaded.some((file) => file.includes(h)));
  process.stderr.write(`\nPAWS_LOADED_MODULES=${JSON.stringify(found)}\n`);
});
